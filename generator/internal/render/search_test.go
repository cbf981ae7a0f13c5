package render

import (
	"encoding/json"
	"strings"
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
		got := cut(c.in, c.n)
		if got != c.want || !utf8.ValidString(got) {
			t.Errorf("cut(%q, %d) = %q, want %q", c.in, c.n, got, c.want)
		}
	}
}

func TestAppendJSON(t *testing.T) {
	for _, s := range []string{"", "plain", `q"uote\back`, "line\nbreak\ttab\x00\x1f\r\b\f", "</script>&<>", "é ß 中 علی‌", "\u2028\u2029", "bad \xff utf8"} {
		var got string
		if err := json.Unmarshal(appendJSON(nil, s), &got); err != nil {
			t.Errorf("appendJSON(%q) = %s: %v", s, appendJSON(nil, s), err)
			continue
		}
		if want := strings.ToValidUTF8(s, "\uFFFD"); got != want {
			t.Errorf("appendJSON(%q) reads back as %q", s, got)
		}
		if want, _ := json.Marshal(s); string(appendJSON(nil, s)) != string(want) {
			t.Errorf("appendJSON(%q) = %s, encoding/json writes %s", s, appendJSON(nil, s), want)
		}
	}
}

func FuzzAppendJSON(f *testing.F) {
	f.Add("a\"b\\c\n\u2028\xff")
	f.Fuzz(func(t *testing.T, s string) {
		if want, _ := json.Marshal(s); string(appendJSON(nil, s)) != string(want) {
			t.Fatalf("appendJSON(%q) = %s, encoding/json writes %s", s, appendJSON(nil, s), want)
		}
		var got string
		if err := json.Unmarshal(appendJSON(nil, s), &got); err != nil {
			t.Fatalf("appendJSON(%q): %v", s, err)
		}
		if want := strings.ToValidUTF8(s, "\uFFFD"); got != want && utf8.ValidString(s) {
			t.Fatalf("appendJSON(%q) reads back as %q", s, got)
		}
	})
}
