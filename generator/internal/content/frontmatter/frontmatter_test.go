package frontmatter

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep/generator/internal/diag"
)

// TestSplit checks the tree, the body and the body's line that Split gives
// for each syntax.
func TestSplit(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		title     diag.Pos // of the title key
		value     diag.Pos // of its value
		bodyLine  int
	}{
		{"yaml", "---\ntitle: A\n---\nBody\n", diag.Pos{Line: 2, Col: 1}, diag.Pos{Line: 2, Col: 8}, 4},
		{"toml", "\n+++\ntitle = \"A\"\n+++\nBody\n", diag.Pos{Line: 3, Col: 1}, diag.Pos{Line: 3, Col: 9}, 5},
		{"json", ";;;\n{\"title\": \"A\"}\n;;;\nBody\n", diag.Pos{Line: 2, Col: 2}, diag.Pos{Line: 2, Col: 11}, 4},
		{"json object", "{\n\"title\": \"A\"\n}\n\nBody\n", diag.Pos{Line: 2, Col: 1}, diag.Pos{Line: 2, Col: 10}, 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var diags diag.List
			tree, body, bodyLine := Split("x.md", []byte(tc.src), &diags)
			if len(diags) > 0 || tree == nil {
				t.Fatalf("Split: %v", diags)
			}
			if tree.Kind != Mapping || len(tree.Keys) != 1 {
				t.Fatalf("tree = %+v, want a mapping of one key", tree)
			}
			e := tree.Keys[0]
			if e.Key != "title" || e.KeyPos != tc.title || e.Val.Kind != Scalar || e.Val.Value != "A" || e.Val.Pos != tc.value {
				t.Errorf("entry = %q at %v: %v %q at %v, want \"title\" at %v: \"A\" at %v", e.Key, e.KeyPos, e.Val.Kind, e.Val.Value, e.Val.Pos, tc.title, tc.value)
			}
			if string(body) != "Body\n" || bodyLine != tc.bodyLine {
				t.Errorf("body = %q on line %d, want \"Body\\n\" on line %d", body, bodyLine, tc.bodyLine)
			}
		})
	}
}

// FuzzSplit checks that Split does not panic, whatever the file, and that
// a body it returns is a suffix of the file.
func FuzzSplit(f *testing.F) {
	for _, s := range []string{"---\ntitle: A\n---\nBody\n", "+++\ntitle = \"A\"\n+++\n", ";;;\n{\"title\": \"A\"}\n;;;\n", "---\n---\n", "---\na: b\n  ---  \r\nbody", "---\nx\n---", "---\n\n---\n\n---\n", "+++\n", ";;;\n[1]\n;;;\n", "{\n\"title\": 1\n}\n\nbody", "---\na: &a [*a]\n---\n"} {
		f.Add(s)
	}
	seeds, _ := filepath.Glob("../../build/testdata/site/content/briefs/*.md")
	for _, p := range seeds {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(string(b))
		}
	}
	f.Fuzz(func(t *testing.T, src string) {
		var diags diag.List
		_, body, _ := Split("f.md", []byte(src), &diags)
		if !strings.HasSuffix(src, string(body)) {
			t.Fatalf("body %q is not the end of the file %q", body, src)
		}
	})
}

func TestOpenQuote(t *testing.T) {
	for _, tc := range []struct {
		lines     []string
		line, col int
	}{
		{[]string{`title: "closed"`, `date: 2023-01-01`}, 0, 0},
		{[]string{`title: ok`, `  - name: "it says \"hi`, `date: x`}, 2, 11},
		{[]string{`title: 'it''s fine'`, `note: 'it''s open`}, 2, 7},
		{[]string{`- "a", "b`}, 0, 0}, // the first quote closes: not ours to judge
		{[]string{`title: Zoë "quoted"`}, 0, 0},
		{[]string{`titel: "Zoë`}, 1, 8},
	} {
		l, c, ok := openQuote(tc.lines)
		if l != tc.line || c != tc.col || ok != (tc.line > 0) {
			t.Errorf("openQuote(%q) = %d, %d, %v, want %d, %d", tc.lines, l, c, ok, tc.line, tc.col)
		}
	}
}
