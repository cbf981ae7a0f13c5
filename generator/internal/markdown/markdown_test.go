package markdown

import (
	"math/rand/v2"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep/generator/internal/diag"
)

// names is a Resolver over a fixed table, as the site model would answer.
type names map[string][2]string // folded name → URL, canonical name

func (n names) Resolve(name string) (string, string, bool) {
	v, ok := n[strings.ToLower(name)]
	return v[0], v[1], ok
}

func (n names) Suggest(name string) string {
	var all []string
	for _, v := range n {
		all = append(all, v[1])
	}
	return diag.Suggest(name, all)
}

var testNames = names{
	"lloyd austin": {"/b/actors/lloyd-austin/", "Lloyd Austin"},
	"austin":       {"/b/actors/lloyd-austin/", "Lloyd Austin"},
	"iraq":         {"/b/countries/iraq/", "Iraq"},
	"علی خامنه‌ای": {"/b/actors/علی-خامنه-ای/", "Ali Khamenei"},
}

func testEnv() *Env {
	return &Env{File: "content/briefs/a.md", Line: 5, Entities: testNames, Brief: true,
		Sources: []Source{{ID: "irna", Name: "IRNA"}, {ID: "cnn", Name: "CNN & Co"}}}
}

// TestCases runs testdata/cases.txt: numbered cases of markdown and the HTML
// it must give, in the style of goldmark's extension/_test files.
func TestCases(t *testing.T) {
	data, err := os.ReadFile("testdata/cases.txt")
	if err != nil {
		t.Fatal(err)
	}
	const sep, end = "//- - - - - - - - -//\n", "//= = = = = = = = = = = = = = = = = = = = = = = =//\n"
	md := New()
	cases := strings.Split(string(data), end)
	for _, c := range cases {
		if strings.TrimSpace(c) == "" {
			continue
		}
		parts := strings.Split(strings.TrimLeft(c, "\n"), sep)
		if len(parts) != 3 {
			t.Fatalf("malformed case: %q", c)
		}
		name, input, want := strings.TrimSpace(parts[0]), parts[1], parts[2]
		t.Run(name, func(t *testing.T) {
			got := md.Convert([]byte(input), testEnv())
			if string(got.HTML) != want {
				t.Errorf("input:\n%s\ngot:\n%s\nwant:\n%s", input, got.HTML, want)
			}
		})
	}
}

func TestDiagnostics(t *testing.T) {
	src := "Intro line.\n\nMet [[Loyd Austin]] and [[Nobody At All]], per [@irna; @afp].\n"
	got := New().Convert([]byte(src), testEnv()).Diags
	want := []string{
		`content/briefs/a.md:7:5: unknown name "Loyd Austin" in [[…]] (did you mean "Lloyd Austin"?)`,
		`content/briefs/a.md:7:25: unknown name "Nobody At All" in [[…]]: name it in a brief's actors, countries or topics, or give it a profile`,
		`content/briefs/a.md:7:56: citation [@afp]: no source with that id (this brief's sources: irna, cnn)`,
	}
	var lines []string
	for _, d := range got.Sort() {
		lines = append(lines, d.String())
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	prof := New().Convert([]byte("See [@x]."), &Env{File: "content/actors/a.md", Line: 4, Entities: testNames})
	if len(prof.Diags) != 1 || !strings.Contains(prof.Diags[0].String(), "content/actors/a.md:4:5: citation [@x] outside a brief") {
		t.Errorf("profile citation diagnostics = %v", prof.Diags)
	}
}

func TestSummary(t *testing.T) {
	src := "# Title\n\nIn Tehran, [[Austin]] said \"no\" [@irna].[^1] A *second* sentence\nwraps.\n\n[^1]: Note.\n\nLater paragraph.\n"
	got := New().Convert([]byte(src), testEnv()).Summary
	want := "In Tehran, Austin said “no”. A second sentence wraps."
	if got != want {
		t.Errorf("Summary = %q, want %q", got, want)
	}
}

func TestUnsafeHTML(t *testing.T) {
	got := New(WithUnsafeHTML(true)).Convert([]byte("<b>bold</b>\n"), testEnv())
	if string(got.HTML) != "<p><b>bold</b></p>\n" {
		t.Errorf("unsafe HTML = %q", got.HTML)
	}
}

// FuzzConvert checks that no input panics, that diagnostics stay inside the
// source, that no id is given twice, and that conversion is deterministic.
var idAttr = regexp.MustCompile(`<[a-z0-9]+ [^>]*\bid="([^"]*)"`)

func FuzzConvert(f *testing.F) {
	for _, s := range []string{"[[Lloyd Austin]]", "[[a|b]] [@irna; @cnn]", "x[^1]\n\n[^1]: [[Iraq]] [@irna]", "[[[[", "[@@]", "[[|]]", "<div>\n[[x]]\n</div>", "> [^a]\n\n[^a]: - list\n  - [[Austin]]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		md := New()
		a := md.Convert([]byte(src), testEnv())
		b := md.Convert([]byte(src), testEnv())
		if string(a.HTML) != string(b.HTML) || a.Summary != b.Summary {
			t.Fatal("Convert is not deterministic")
		}
		lines := 5 + strings.Count(src, "\n")
		for _, d := range a.Diags {
			if d.Pos.Line < 5 || d.Pos.Line > lines || d.Pos.Col < 1 {
				t.Fatalf("diagnostic outside the source: %v", d)
			}
		}
		seen := map[string]bool{}
		for _, m := range idAttr.FindAllStringSubmatch(a.HTML, -1) {
			if id := m[1]; seen[id] {
				t.Fatalf("id %q given twice in\n%s", id, a.HTML)
			} else {
				seen[id] = true
			}
		}
	})
}

// TestTidyAndCollapse holds the one-pass tidy and collapse to their
// definitions with strings.Fields.
func TestTidyAndCollapse(t *testing.T) {
	tidyFields := func(s string) string {
		out := make([]byte, 0, len(s))
		space := false
		for _, f := range strings.Fields(s) {
			if space && !strings.ContainsRune(".,;:!?", rune(f[0])) {
				out = append(out, ' ')
			}
			out = append(out, f...)
			space = true
		}
		return string(out)
	}
	inputs := []string{"", " ", "a", " a ", "a  b", "a\tb\nc", "word , next . end", "Çağla  Öz", "a\u00a0b", "a\u2028b",
		"x\xffy  z", " \u0085lead", "end .", "a ,b", "тест  слово", "a\r\n\r\nb", "ab cd ef"}
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"a", "b", " ", "  ", "\t", "\n", ",", ".", "é", "\u00a0", "\u3000", "\xff", "!", "z"}
	for range 2000 {
		var b strings.Builder
		for range r.IntN(12) {
			b.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		inputs = append(inputs, b.String())
	}
	for _, s := range inputs {
		if got, want := tidy(s), tidyFields(s); got != want {
			t.Errorf("tidy(%q) = %q, want %q", s, got, want)
		}
		if got, want := collapse([]byte(s)), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("collapse(%q) = %q, want %q", s, got, want)
		}
	}
}
