package content

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep/generator/internal/diag"
)

// bomb is a YAML alias bomb ("billion laughs") of nine levels: 440 bytes
// that stand for 9^9 strings. Every key is unknown, so only the check for
// unknown keys reads it.
const bomb = `---
title: Bomb
date: 2023-01-01
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
---
`

// TestHostileFrontMatter gives front matter written to exhaust memory or
// time, in every syntax, and wants a located error from each, found with
// little memory.
func TestHostileFrontMatter(t *testing.T) {
	long := strings.Repeat("x", 10_000)
	tests := []struct {
		name, src, want string
	}{
		{"alias bomb", bomb, `x.md:9:8: alias *e expands the front matter to more than 100000 values (an alias bomb?)`},
		{"alias bomb of text", "---\ns: &s " + long + "\nl: [" + strings.Repeat("*s, ", 200) + "*s]\n---\n",
			`x.md:3:417: alias *s expands the front matter to more than 1048576 bytes of text (an alias bomb?)`},
		{"alias bomb in a block list", "---\na: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b\n" + strings.Repeat("  - *a\n", 10) + "c: &c\n" + strings.Repeat("  - *b\n", 10) + "d: &d\n" + strings.Repeat("  - *c\n", 10) + "e:\n" + strings.Repeat("  - *d\n", 100) + "---\n",
			`x.md:44:5: alias *d expands the front matter to more than 100000 values (an alias bomb?)`},
		{"alias bomb as mapping values", "---\na: &a {k: v, l: v, m: v, n: v, o: v, p: v, q: v, r: v, s: v}\nb: &b {k: *a, l: *a, m: *a, n: *a, o: *a, p: *a, q: *a, r: *a, s: *a}\nc: &c {k: *b, l: *b, m: *b, n: *b, o: *b, p: *b, q: *b, r: *b, s: *b}\nd: &d {k: *c, l: *c, m: *c, n: *c, o: *c, p: *c, q: *c, r: *c, s: *c}\ne: &e {k: *d, l: *d, m: *d, n: *d, o: *d, p: *d, q: *d, r: *d, s: *d}\nf: &f {k: *e, l: *e, m: *e, n: *e, o: *e, p: *e, q: *e, r: *e, s: *e}\n---\n",
			`x.md:7:11: alias *e expands the front matter to more than 100000 values (an alias bomb?)`},
		{"alias inside its anchor", "---\ntitle: A\na: &a [x, *a]\n---\n", `x.md:3:11: alias *a is used inside its own anchor`},
		{"alias deep inside its anchor", "---\ntitle: A\na: &a\n  b: [x, {c: *a}]\n---\n", `x.md:4:14: alias *a is used inside its own anchor`},
		{"deep alias", "---\na: &a " + strings.Repeat("[", 60) + strings.Repeat("]", 60) + "\nb: [[[[[*a]]]]]\n---\n",
			`x.md:3:9: alias *a nests values more than 64 deep`},
		{"deep YAML", "---\ntitle: " + strings.Repeat("[", 100) + strings.Repeat("]", 100) + "\n---\n", `x.md:2:71: value nested more than 64 deep`},
		{"deep YAML blocks", "---\n" + deepBlocks(80) + "---\n", `x.md:66:129: value nested more than 64 deep`},
		{"many YAML values", "---\na: [" + strings.Repeat("1,", 200_000) + "1]\n---\n", `x.md:2:200001: front matter of more than 100000 values`},
		{"many plain YAML values", "---\na: [" + strings.Repeat("a,", 200_000) + "a]\n---\n", `x.md:2:200001: front matter of more than 100000 values`},
		{"huge YAML", "---\ntitle: " + strings.Repeat("x", 2<<20) + "\n---\n", `x.md:2:1: front matter of 2097160 bytes: at most 1048576 (1 MiB) are read`},
		{"huge TOML", "+++\ntitle = '" + strings.Repeat("x", 2<<20) + "'\n+++\n", `x.md:2:1: front matter of 2097163 bytes: at most 1048576 (1 MiB) are read`},
		{"deep TOML arrays", "+++\na = " + strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000) + "\n+++\n", `x.md:2:68: value nested more than 64 deep`},
		{"deep TOML inline tables", "+++\na = " + strings.Repeat("{b=", 8000) + "1" + strings.Repeat("}", 8000) + "\n+++\n", `x.md:2:194: value nested more than 64 deep`},
		{"deep TOML dotted key", "+++\n" + strings.Repeat("a.", 8000) + "b = 1\n+++\n", `x.md:2:128: value nested more than 64 deep`},
		{"deep TOML header", "+++\n[" + strings.Repeat("a.", 8000) + "b]\nc = 1\n+++\n", `x.md:2:129: value nested more than 64 deep`},
		{"many TOML values", "+++\ntitle = 'A'\n[t]\nlist = [" + strings.Repeat("1,", 200_000) + "1]\n+++\n", `x.md:3:1: front matter of more than 100000 values, or of keys too long for them`},
		{"long TOML keys over many values", "+++\n[" + strings.Repeat("k", 500_000) + "]\nv = [" + strings.Repeat("1,", 90_000) + "1]\n+++\n", `x.md:2:1: front matter of more than 100000 values, or of keys too long for them`},
		{"deep JSON", ";;;\n{\"title\": " + strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000) + "}\n;;;\n", `x.md:2:74: value nested more than 64 deep`},
		{"many JSON values", ";;;\n{\"title\": \"A\",\n\"a\": [" + strings.Repeat("1,", 200_000) + "1]}\n;;;\n", `x.md:3:200001: front matter of more than 100000 values`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			var diags diag.List
			ParseBrief("x.md", []byte(tt.src), &diags)
			runtime.ReadMemStats(&after)
			var got []string
			for _, d := range diags.Sort() {
				got = append(got, d.String())
			}
			if strings.Join(got, "\n") != tt.want {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), tt.want)
			}
			if mb := (after.TotalAlloc - before.TotalAlloc) >> 20; mb > 200+uint64(len(tt.src)>>20)*200 {
				t.Errorf("parsing %d bytes allocated %d MB", len(tt.src), mb)
			}
		})
	}
}

// deepBlocks is a YAML mapping nested n deep, in block style.
func deepBlocks(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(strings.Repeat("  ", i) + "k:\n")
	}
	b.WriteString(strings.Repeat("  ", n) + "v: x\n")
	return b.String()
}

// TestHostileSiteYAML gives site.yaml an alias bomb.
func TestHostileSiteYAML(t *testing.T) {
	var diags diag.List
	ParseSite("content/site.yaml", []byte(strings.TrimPrefix(strings.TrimSuffix(bomb, "---\n"), "---\n")), &diags)
	want := `content/site.yaml:8:8: alias *e expands the front matter to more than 100000 values (an alias bomb?)`
	if len(diags) != 1 || diags[0].String() != want {
		t.Errorf("diagnostics: %v, want %s", diags, want)
	}
}

// TestAnchorsWithinLimits reads front matter that uses anchors as intended.
func TestAnchorsWithinLimits(t *testing.T) {
	b := mustParseBrief(t, "x.md", "---\ntitle: &t Anchored\ndate: 2023-01-01\nsummary: *t\nactors: &who [A, B]\ncountries: [Iraq]\ntopics: *who\n---\n")
	if b.Summary != "Anchored" || len(b.Refs[Topic]) != 2 || b.Refs[Topic][1].Name != "B" {
		t.Errorf("brief = %+v", b)
	}
}

// TestManyDiagnosticsOnOneLine gives 50,000 unknown keys on one line of
// JSON: a warning each, at its place (positions were counted from the
// start of the line for each, a minute and a half of work: now linear, which
// a test cannot time on a shared machine; it runs in well under a second).
func TestManyDiagnosticsOnOneLine(t *testing.T) {
	var b strings.Builder
	b.WriteString(";;;\n{\"title\": \"A\", \"date\": \"2023-01-01\"")
	for i := range 50_000 {
		fmt.Fprintf(&b, ", \"k%d\": 1", i)
	}
	b.WriteString("}\n;;;\n")
	var diags diag.List
	ParseBrief("x.md", []byte(b.String()), &diags)
	if len(diags) != 50_000 || diags[49_999].Pos != (diag.Pos{Line: 2, Col: 638_915}) {
		t.Errorf("%d diagnostics, the last at %v", len(diags), diags[len(diags)-1].Pos)
	}
}
