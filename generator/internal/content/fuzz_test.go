package content

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep/generator/internal/diag"
)

// frontMatterSyntaxes are the delimiters FuzzFrontMatter wraps its input in.
var frontMatterSyntaxes = [...]struct{ open, close string }{
	{"---\n", "---\n"},     // YAML
	{"+++\n", "+++\n"},     // TOML
	{";;;\n", ";;;\n"},     // JSON
	{"", "\n"},             // a bare JSON object
	{"---toml\n", "---\n"}, // TOML, Hugo style
}

// FuzzFrontMatter decodes front matter of each syntax as a brief, as a
// profile of each kind and (for YAML) as site.yaml. It checks that nothing
// panics, that every diagnostic lies inside the file (a real line, a column
// at most one past the end of that line), and that a brief accepted without
// errors has a title, a date and a slug.
func FuzzFrontMatter(f *testing.F) {
	add := func(syntax uint8, fm string) { f.Add(syntax, fm, "Body [[Lloyd Austin]] [@dod].\n") }
	for i, src := range []string{yamlBrief, tomlBrief, jsonBrief} {
		fm := strings.SplitN(src, "\n", 2)[1]
		fm = fm[:strings.LastIndex(fm, frontMatterSyntaxes[i].close)]
		add(uint8(i), fm)
	}
	add(3, "{\n\"title\": \"A\", \"date\": \"2023-01-01\"\n}\n")
	for _, fm := range []string{
		"title: [A\n", "title: \"x\n", "\ttitle: x\n", "a: &a [*a]\n", "title: A\ntitle: B\n", "date: 2023-02-30\n",
		"actors: {name: X}\n", "sources:\n  - {id: a, url: 'javascript:x'}\n  - {id: a}\n", "events: [1, {date: x}]\n",
		"name: X\naliases: [Y, y]\ncountry: [A, B]\n", "title: caf\xe9\n", "title: \x00\n",
	} {
		add(0, fm)
	}
	for _, fm := range []string{"title = \"A\"\ntitle = \"B\"\n", "date = 2023-02-29\n", "[actors]\nname = \"x\"\n", "[[sources]]\nid = 1\n", "a = [\n"} {
		add(1, fm)
	}
	for _, fm := range []string{"{\"title\": 42, \"actors\": {}}\n", "[1,2]\n", "{\"a\": \n", "{\"events\": [{\"date\": \"2023-13-01\"}]}\n"} {
		add(2, fm)
	}
	f.Fuzz(func(t *testing.T, syntax uint8, fm, body string) {
		s := frontMatterSyntaxes[int(syntax)%len(frontMatterSyntaxes)]
		src := s.open + fm + s.close + body
		var diags diag.List
		b := ParseBrief("f.md", []byte(src), &diags)
		if b != nil && !diags.HasErrors() && (b.Title == "" || b.Date.IsZero() || b.Slug == "") {
			t.Fatalf("brief accepted without title, date or slug: %+v", b)
		}
		for _, k := range Kinds {
			ParseProfile("f.md", k, []byte(src), &diags)
		}
		checkInside(t, src, diags)
		if syntax%uint8(len(frontMatterSyntaxes)) == 0 {
			var sdiags diag.List
			ParseSite("f.md", []byte(fm), &sdiags)
			checkInside(t, fm, sdiags)
		}
	})
}

// checkInside fails when a diagnostic points outside src. Columns count
// characters; a file that is not UTF-8 is only checked for its lines.
func checkInside(t *testing.T, src string, diags diag.List) {
	t.Helper()
	src = strings.TrimPrefix(src, "\xef\xbb\xbf")
	lines := strings.Split(src, "\n")
	for _, d := range diags {
		if d.File != "f.md" || d.Pos.Line < 0 || d.Pos.Line > len(lines) || d.Pos.Col < 0 || (d.Pos.Line == 0 && d.Pos.Col != 0) {
			t.Fatalf("diagnostic outside the file (%d lines): %v", len(lines), d)
		}
		if d.Pos.Line > 0 && d.Pos.Col > 0 && utf8.ValidString(src) {
			if n := utf8.RuneCountInString(lines[d.Pos.Line-1]); d.Pos.Col > n+1 {
				t.Fatalf("diagnostic past the end of line %d (%d characters): %v", d.Pos.Line, n, d)
			}
		}
	}
}
