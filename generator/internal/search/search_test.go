package search

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestAppendJSON(t *testing.T) {
	for _, s := range []string{"", "plain", `q"uote\back`, "line\nbreak\ttab\x00\x1f\r\b\f", "</script>&<>", "é ß 中 علی‌", "\u2028\u2029", "bad \xff utf8"} {
		var got string
		if err := json.Unmarshal(AppendJSON(nil, s), &got); err != nil {
			t.Errorf("AppendJSON(%q) = %s: %v", s, AppendJSON(nil, s), err)
			continue
		}
		if want := strings.ToValidUTF8(s, "\uFFFD"); got != want {
			t.Errorf("AppendJSON(%q) reads back as %q", s, got)
		}
		if want, _ := json.Marshal(s); string(AppendJSON(nil, s)) != string(want) {
			t.Errorf("AppendJSON(%q) = %s, encoding/json writes %s", s, AppendJSON(nil, s), want)
		}
	}
}

func FuzzAppendJSON(f *testing.F) {
	f.Add("a\"b\\c\n\u2028\xff")
	f.Fuzz(func(t *testing.T, s string) {
		if want, _ := json.Marshal(s); string(AppendJSON(nil, s)) != string(want) {
			t.Fatalf("AppendJSON(%q) = %s, encoding/json writes %s", s, AppendJSON(nil, s), want)
		}
		var got string
		if err := json.Unmarshal(AppendJSON(nil, s), &got); err != nil {
			t.Fatalf("AppendJSON(%q): %v", s, err)
		}
		if want := strings.ToValidUTF8(s, "\uFFFD"); got != want && utf8.ValidString(s) {
			t.Fatalf("AppendJSON(%q) reads back as %q", s, got)
		}
	})
}
