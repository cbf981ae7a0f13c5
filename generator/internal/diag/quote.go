package diag

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Names of files, and text from content, reach the terminal in
// diagnostics. A file named "\x1b]0;owned\x07.md", or one holding U+202E,
// could otherwise drive the terminal or reorder the line it is printed on.

// unsafe reports whether a terminal could act on r, or show it in a way
// that misleads: C0 and C1 control characters, DEL, the bidirectional
// formatting characters and the line and paragraph separators.
func unsafe(r rune) bool {
	switch {
	case r < 0x20, r >= 0x7f && r <= 0x9f:
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	case r == 0x2028, r == 0x2029:
		return true
	}
	return false
}

// firstUnsafe returns the offset of the first unsafe character of s, or of
// its first byte that is not UTF-8; -1 when there is none.
func firstUnsafe(s string) int {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if unsafe(r) || r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return -1
}

// QuotePath returns a path as it is, or, when it holds a character that
// Escape escapes, quoted as a Go string: "content/briefs/\x1b[2J.md".
func QuotePath(p string) string {
	if firstUnsafe(p) < 0 {
		return p
	}
	return strconv.Quote(p)
}

// Escape returns s with every character a terminal could act on, or that
// reorders the text around it, written as a Go escape (\x1b, \u202e), and
// every byte that is not UTF-8 as \xNN. Other characters, quotes and
// backslashes included, are left as they are.
func Escape(s string) string {
	i := firstUnsafe(s)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.WriteString(s[:i])
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case unsafe(r):
			q := strconv.QuoteRune(r) // '\x1b'
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}
