package markdown

import (
	"strings"
	"testing"
)

// FuzzInline drives the two inline parsers directly, on a line that starts
// with '[' and is at least 3 bytes long, as refParser.Parse gives it to
// them. It checks that a recognised [[…]] or [@…] spans a prefix of the
// line, that an entity link has a name without '|' or brackets, and that
// every citation id sits where the node says it does (that offset is what
// diagnostics point at).
func FuzzInline(f *testing.F) {
	for _, s := range []string{"[[Lloyd Austin]] said", "[[the secretary|Lloyd Austin]]", "[@irna]", "[@irna; @cnn]", "[@a,@b ; @c]",
		"[[a|b|c]]", "[[]]", "[[|x]]", "[@]", "[@@x]", "[@ x]", "[@x;;]", "[@x; y]", "[[x\n]]", "[[ Lloyd   Austin ]]", "[@é]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		if !strings.HasPrefix(line, "[") {
			line = "[" + line
		}
		if len(line) < 3 { // refParser.Parse hands shorter lines to neither
			return
		}
		if n, size := parseEntityRef([]byte(line)); n != nil {
			if size < 4 || size > len(line) || !strings.HasSuffix(line[:size], "]]") {
				t.Fatalf("parseEntityRef(%q) spans %d bytes", line, size)
			}
			if n.Name == "" || n.Shown == "" || strings.ContainsAny(n.Name, "|[]\n") || strings.ContainsAny(n.Shown, "[]\n") {
				t.Fatalf("parseEntityRef(%q) = name %q, shown %q", line, n.Name, n.Shown)
			}
		}
		if n, size := parseCitation([]byte(line)); n != nil {
			if size < 3 || size > len(line) || line[size-1] != ']' {
				t.Fatalf("parseCitation(%q) spans %d bytes", line, size)
			}
			if len(n.IDs) == 0 || len(n.IDs) != len(n.IDOffsets) {
				t.Fatalf("parseCitation(%q): ids %q at %v", line, n.IDs, n.IDOffsets)
			}
			for i, id := range n.IDs {
				off := n.IDOffsets[i]
				if id == "" || !validID(id) || off >= size || line[off] != '@' || !strings.HasPrefix(line[off+1:], id) {
					t.Fatalf("parseCitation(%q): id %q at offset %d", line, id, off)
				}
			}
		}
	})
}
