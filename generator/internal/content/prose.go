package content

import (
	"strings"

	"github.com/sitrep-dev/sitrep/generator/internal/content/frontmatter"
)

// prose reads a text value that readers are shown (a title, a name, a
// summary, a note), cleaned by cleanText.
func (d *decoder) prose(e frontmatter.Entry) string { return cleanText(d.text(e)) }

// cleanText makes text from front matter safe to show on a page, in a feed
// or in a terminal: it drops the control characters (C0 but tab and
// newline, DEL, C1), which YAML, TOML and JSON escapes such as "\e" can
// put in a value, and closes the bidirectional embeddings, overrides and
// isolates that s leaves open, so that a title holding U+202E (right-to-left
// override) cannot reverse the text after it, in a <title> or a feed where
// no markup can isolate it. Text with none of these is returned as it is.
func cleanText(s string) string {
	if !needsCleaning(s) {
		return s
	}
	var b strings.Builder
	var open []rune // closers owed, innermost last: PDF for embeddings, PDI for isolates
	for _, r := range s {
		switch {
		case r < 0x20 && r != '\t' && r != '\n', r >= 0x7f && r <= 0x9f:
			continue
		case r >= 0x202a && r <= 0x202e && r != 0x202c: // LRE, RLE, LRO, RLO
			open = append(open, 0x202c)
		case r >= 0x2066 && r <= 0x2068: // LRI, RLI, FSI
			open = append(open, 0x2069)
		case r == 0x202c: // PDF closes the innermost embedding, not an isolate
			if len(open) > 0 && open[len(open)-1] == 0x202c {
				open = open[:len(open)-1]
			}
		case r == 0x2069: // PDI closes the innermost isolate, and what is open inside it
			for i := len(open) - 1; i >= 0; i-- {
				if open[i] == 0x2069 {
					open = open[:i]
					break
				}
			}
		}
		b.WriteRune(r)
	}
	for i := len(open) - 1; i >= 0; i-- {
		b.WriteRune(open[i])
	}
	return strings.TrimSpace(b.String())
}

// needsCleaning reports whether s holds a character cleanText drops or
// must balance.
func needsCleaning(s string) bool {
	for _, r := range s {
		if r < 0x20 && r != '\t' && r != '\n' || r >= 0x7f && r <= 0x9f || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 {
			return true
		}
	}
	return false
}
