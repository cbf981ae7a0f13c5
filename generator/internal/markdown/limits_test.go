package markdown

import (
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep/generator/internal/diag"
)

// TestLimits checks that bodies that would take goldmark seconds to
// minutes are refused with a located error, and that what prose needs is
// not.
func TestLimits(t *testing.T) {
	r := strings.Repeat
	list := deepList(0, 1000)
	refused := []struct{ name, src, want string }{
		{"unclosed links", r("[a](", 50000), "content/briefs/a.md:5:"},
		{"indented list 1,000 deep", list, "content/briefs/a.md:105:201: lists and block quotes nest about 101 deep here: at most 100"},
		{"indented list 3,000 deep", list + deepList(1000, 3000), "content/briefs/a.md:105:201: lists and block quotes nest about 101 deep here"},
		{"quotes", "text\n\n" + r("> ", 200) + "a\n", "content/briefs/a.md:7:201: lists and block quotes nest about 200 deep here"},
		{"ordered lists", r("1. ", 150) + "a", "content/briefs/a.md:5:302: lists and block quotes nest about 150 deep here"},
		{"nested brackets", r("[", 20000) + "a" + r("]", 20000), "content/briefs/a.md:5:"},
		{"brackets on many lines", r("[a]\n", 10000), "content/briefs/a.md:5:1: too many brackets"},
		{"mismatched emphasis", r("*a_ ", 10000), "content/briefs/a.md:5:1: too many '*', '_' or '~' in one paragraph (10000 may open emphasis and 10000 close it"},
		{"size", r("word ", 3500000), "content/briefs/a.md:5:1: the markdown is 16.7 MiB: at most 16 MiB"},
	}
	md := New()
	for _, c := range refused {
		got := md.Convert([]byte(c.src), testEnv())
		if len(got.Diags) != 1 || !strings.HasPrefix(got.Diags[0].String(), c.want) || got.HTML != "" {
			t.Errorf("%s: diagnostics %v, want one starting %q", c.name, got.Diags, c.want)
		}
	}
	accepted := []string{
		r("- a\n  - b\n", 50), r("> quote\n", 1000), r("- - - - ", 150) + "-\n",
		r("See [the report](https://example.org/r) on [[Iraq]] [@irna], *now* and _then_.\n", 2000),
		"```\n" + r("x[i] = y[j] * z_k; ", 5000) + "\n```\n",
	}
	if data, err := os.ReadFile("testdata/cases.txt"); err == nil {
		accepted = append(accepted, string(data))
	}
	for _, src := range accepted {
		if e := checkLimits([]byte(src)); e != nil {
			t.Errorf("%.60q…: refused at %d: %s", src, e.off, e.msg)
		}
	}
}

// TestSidenoteLimit checks that a long note referred to many times is an
// error, not a page of 100 MB, and that many references to a short note
// are fine.
func TestSidenoteLimit(t *testing.T) {
	long := New().Convert([]byte(strings.Repeat("x[^a] ", 500)+"\n\n[^a]: "+strings.Repeat("long note ", 1000)+"\n"), testEnv())
	if len(long.Diags) != 1 || !strings.Contains(long.Diags[0].String(), "sidenotes come to more than 4 MiB") || len(long.HTML) > 6<<20 {
		t.Errorf("long note: %d bytes, diagnostics %v", len(long.HTML), long.Diags)
	}
	short := New().Convert([]byte(strings.Repeat("x[^a] ", 20000)+"\n\n[^a]: Note.\n"), testEnv())
	if len(short.Diags) != 0 || strings.Count(short.HTML, `class="sidenote"`) != 20000 {
		t.Errorf("short note: %d sidenotes, diagnostics %v", strings.Count(short.HTML, `class="sidenote"`), short.Diags)
	}
}

// TestPos holds state.pos to diag.PosAt.
func TestPos(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	alphabet := []string{"a", "é", "\n", " ", "\xff", "漢"}
	for range 200 {
		var b strings.Builder
		for range r.IntN(40) {
			b.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		src := []byte(b.String())
		st := &state{env: &Env{Line: 3}, src: src}
		for range 20 {
			off := r.IntN(len(src) + 2)
			if got, want := st.pos(off), diag.PosAt(src, off, 3); got != want {
				t.Fatalf("pos(%q, %d) = %v, want %v", src, off, got, want)
			}
		}
	}
}

// deepList returns the lines of a list nested by indentation, from level
// from up to level to.
func deepList(from, to int) string {
	var b strings.Builder
	for i := from; i < to; i++ {
		b.WriteString(strings.Repeat("  ", i) + "- a\n")
	}
	return b.String()
}
