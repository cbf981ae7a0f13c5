package content

import (
	"testing"
	"unicode/utf8"
)

func TestCut(t *testing.T) {
	for _, c := range []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"exactly ten", 11, "exactly ten"},
		{"one two three four", 10, "one two…"},
		{"averyveryverylongword and more", 10, "averyveryv…"},
		{"ééééééééé", 5, "éé…"},           // never inside a UTF-8 sequence
		{"خامنه‌ای خامنه‌ای", 9, "خامن…"}, // no space early enough: cut at a rune
	} {
		got := Cut(c.in, c.n)
		if got != c.want || !utf8.ValidString(got) {
			t.Errorf("Cut(%q, %d) = %q, want %q", c.in, c.n, got, c.want)
		}
	}
}
