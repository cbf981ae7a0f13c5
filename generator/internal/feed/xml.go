package feed

import (
	"bytes"
	"unicode/utf8"
)

// xmlText escapes s for XML text and attribute values as xml.EscapeText
// does: the five markup characters, tab, newline and carriage return become
// references, and what XML cannot hold (control characters, invalid UTF-8,
// U+FFFE, U+FFFF, surrogates) becomes U+FFFD. Unlike it, it takes a string
// (no copy to a []byte) and passes a run of plain ASCII without decoding it.
func xmlText(b *bytes.Buffer, s string) {
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			if xmlEscapes[c] == "" {
				continue
			}
			b.WriteString(s[last : i-1])
			b.WriteString(xmlEscapes[c])
			last = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r == utf8.RuneError && size == 1 || r >= 0xD800 && r <= 0xDFFF || r == 0xFFFE || r == 0xFFFF {
			b.WriteString(s[last : i-size])
			b.WriteString("\uFFFD")
			last = i
		}
	}
	b.WriteString(s[last:])
}

// xmlEscapes maps each ASCII byte to what xmlText writes for it, or "" to
// copy it.
var xmlEscapes = func() (t [utf8.RuneSelf]string) {
	for c := range 0x20 {
		t[c] = "\uFFFD"
	}
	t['"'], t['\''], t['&'], t['<'], t['>'] = "&#34;", "&#39;", "&amp;", "&lt;", "&gt;"
	t['\t'], t['\n'], t['\r'] = "&#x9;", "&#xA;", "&#xD;"
	return t
}()
