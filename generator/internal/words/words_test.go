package words

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestMarkdown(t *testing.T) {
	md := "## Héads up\n\n[[the minister|Lloyd Austin]] met *İlham* in **Bakı** [@irna] ([report](https://example.org/reports/69)).[^1]\n" +
		"See https://www.example.com/x?y=z and <a href=\"x\">Tagged</a> &amp; <https://auto.link/path>, 'Khamenei's' ΟΔΟΣ 2023.\n\n[^1]: A note.\n"
	want := []string{"2023", "a", "and", "austin", "bakı", "heads", "ilham", "in", "khamenei", "lloyd", "met", "minister", "note", "report", "s", "see", "tagged", "the", "up", "οδοσ"}
	if got := Markdown([]byte(md)); !slices.Equal(got, want) {
		t.Errorf("Markdown:\n got %q\nwant %q", got, want)
	}
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Chloé Yılmaz": "chloe yılmaz", "İstanbul": "istanbul", "ΟΔΟΣ ς": "οδοσ σ", "Ångström": "angstrom",
		"علی خامنه‌ای": "علی خامنه‌ای", "plain": "plain", "MiXeD": "mixed",
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestUnclosedSyntax(t *testing.T) {
	// brackets that close nowhere on their line are text, not syntax
	if got := Markdown([]byte("a [@ b\n](c <d e\n&f g")); !slices.Equal(got, []string{"a", "b", "c", "d", "e", "f", "g"}) {
		t.Errorf("got %q", got)
	}
	long := strings.Repeat("x", MaxWord+1)
	if got := Markdown([]byte(long + " ok")); !slices.Equal(got, []string{"ok"}) {
		t.Errorf("a word over MaxWord: got %q", got)
	}
}

// FuzzMarkdown checks that any input gives words that are folded, made of
// word characters, at most MaxWord runes, sorted and each once.
func FuzzMarkdown(f *testing.F) {
	for _, s := range []string{"[[a|B]] [@c] ](d) <e> &f; https://g.h/i", "Chloé ΟΔΟΣ İ ß", "\xff\xfe[^", "](", "<"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, md []byte) {
		ws := Markdown(md)
		if !slices.IsSorted(ws) || len(slices.Compact(slices.Clone(ws))) != len(ws) {
			t.Fatalf("not sorted and unique: %q", ws)
		}
		for _, w := range ws {
			if w == "" || utf8.RuneCountInString(w) > MaxWord*4 || Fold(w) != w && utf8.ValidString(w) {
				t.Errorf("word %q", w)
			}
			for _, r := range w {
				if !isWord(r) && r != utf8.RuneError {
					t.Errorf("word %q holds %q", w, r)
				}
			}
		}
	})
}

func TestSpellingsFoldAlike(t *testing.T) {
	if got := Markdown([]byte("Chloé chloe CHLOE chloé")); !slices.Equal(got, []string{"chloe"}) {
		t.Errorf("got %q", got)
	}
}
