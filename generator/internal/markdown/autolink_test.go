package markdown

import (
	"slices"
	"strings"
	"testing"
)

// FuzzAutolinks holds Convert, which parses without GFM's autolinks when
// autolinkCheck finds none could matter, to Convert parsing with them
// always: the HTML, the summary and the diagnostics must be the same.
func FuzzAutolinks(f *testing.F) {
	for _, s := range []string{
		"see https://example.org/a?b=c. and www.example.org, or ftp://x.y/z",
		"mail ana@example.org or (bo@example.org) or *cy@example.org* ~dee@ex.org~ _e@ex.org_ o'neil@example.org",
		"a@b no.dot@x x@y.z. a-@b.c a@b.c- a@b.c_ @x.org [@irna] [[Lloyd Austin]] [@irna; @cnn]",
		"[link www.example.org](https://example.org) <https://x.org> `www.x.org` [x](ftp://y.z)",
		"http:// https: www. ftp: hello \nworld  \nnext\\\nline",
		"x" + strings.Repeat("a", 70) + "@example.org " + strings.Repeat("b", 63) + "@example.org",
		"(https://example.org/a_(b)) www.example.org/a&amp; https://x.org/?q=1;",
		"| a | b |\n|---|---|\n| www.x.org | c@d.org |\n\n- [ ] task ~~gone~~ https://x.org",
		"1. www.example.org\n2. ana@example.org\n\n> www.example.org\n\n    www.code.org",
		"foo](https://x.org) \\[a](www.b.org) **www.x.org** \"quoted\" -- ... 'it's'",
		"Body[^1] with [[the secretary|Lloyd Austin]].\n\n[^1]: A note, see www.example.org [@irna].",
	} {
		f.Add(s)
	}
	auto := New()
	always := New()
	always.plain = nil
	f.Fuzz(func(t *testing.T, src string) {
		want := always.Convert([]byte(src), testEnv())
		got := auto.Convert([]byte(src), testEnv())
		if got.HTML != want.HTML || got.Summary != want.Summary || !slices.Equal(got.Diags, want.Diags) {
			t.Fatalf("%q:\nwith autolinks always: %q, %q, %v\nwith autolinkCheck:    %q, %q, %v",
				src, want.HTML, want.Summary, want.Diags, got.HTML, got.Summary, got.Diags)
		}
	})
}

// TestAutolinkCheck makes sure the check lets through what it must and
// spares the documents it can: a brief whose only URLs are in links.
func TestAutolinkCheck(t *testing.T) {
	for src, again := range map[string]bool{
		"See www.example.org.":                                    true,
		"Write to desk@example.org.":                              true,
		"Read https://example.org/x, or *ftp://x.org*.":           true,
		"Mail o'neil@example.org":                                 true,
		"Read [the report](https://example.org/r) [@irna].":       false,
		"Cite [@irna; @cnn] and [[Lloyd Austin]], at 10:30.":      false,
		"A plain paragraph.\n\n## A heading\n\n- a list\n> quote": false,
	} {
		doc, st := parse(New().plain, []byte(src), testEnv())
		if doc == nil || st.autolinks != again {
			t.Errorf("%q: parsed again %v, want %v", src, st.autolinks, again)
		}
	}
	got := New().Convert([]byte("See www.example.org, write to desk@example.org or read https://example.org/x."), testEnv()).HTML
	for _, want := range []string{
		`<a href="http://www.example.org">www.example.org</a>,`,
		`<a href="mailto:desk@example.org">desk@example.org</a>`,
		`<a href="https://example.org/x">https://example.org/x</a>.`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %s in\n%s", want, got)
		}
	}
}
