package content

// Cut shortens s to at most n bytes, at a space when there is one, with an
// ellipsis.
func Cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := n
	for i > 0 && s[i] != ' ' {
		i--
	}
	if i < n/2 {
		i = n
		for i > 0 && s[i]&0xC0 == 0x80 { // not inside a UTF-8 sequence
			i--
		}
	}
	return s[:i] + "…"
}
