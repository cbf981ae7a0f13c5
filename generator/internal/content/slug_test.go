package content

import (
	"strings"
	"testing"
)

func TestParseSlug(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Lloyd Austin", "lloyd-austin"},
		{"  Abdul  Latif   Rashid ", "abdul-latif-rashid"},
		{"Gérard Œuvray", "gerard-oeuvray"},
		{"Straße", "strasse"},
		{"Łódź", "lodz"},
		{"Ærø & Søren", "aero-soren"},
		{"São Tomé and Príncipe", "sao-tome-and-principe"},
		{"Côte d’Ivoire", "cote-d-ivoire"},
		{"US-Iraq strategic partnership", "us-iraq-strategic-partnership"},
		{"2003 invasion of Iraq", "2003-invasion-of-iraq"},
		{"ISIS (Daesh)", "isis-daesh"},
		{"../../etc/passwd", "etc-passwd"},
		{"a/b\\c\x00d", "a-b-c-d"},
		{"علی خامنه‌ای", "علی-خامنه-ای"},       // Persian: letters kept, ZWNJ is a separator
		{"عبد اللطيف رشيد", "عبد-اللطيف-رشيد"}, // Arabic
		{"Владимир Путин", "владимир-путин"},   // Cyrillic lower-cased, not transliterated
		{"مُحَمَّد", "مُحَمَّد"},               // Arabic marks stay with their letters
		{"Ünïcödé Ⅻ", "unicode"},               // Ⅻ is a number, not a letter or digit
	}
	for _, tt := range tests {
		got, err := ParseSlug(tt.in)
		if err != nil || string(got) != tt.want {
			t.Errorf("ParseSlug(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, in := range []string{"", "   ", "..", ".", "/", "—", "!!!"} {
		if got, err := ParseSlug(in); err == nil {
			t.Errorf("ParseSlug(%q) = %q, want an error", in, got)
		}
	}
}

func FuzzParseSlug(f *testing.F) {
	for _, s := range []string{"Lloyd Austin", "علی خامنه‌ای", "../x", "Œ", "a\u0301", "..", "x\x00y", "İstanbul", "ǅ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseSlug(s)
		if err != nil {
			return
		}
		g := string(got)
		if g == "" || g == "." || g == ".." || strings.ContainsAny(g, "/\\.\x00 ") || strings.HasPrefix(g, "-") || strings.HasSuffix(g, "-") {
			t.Fatalf("ParseSlug(%q) = %q: not a safe path element", s, g)
		}
		again, err := ParseSlug(g)
		if err != nil || again != got {
			t.Fatalf("ParseSlug not idempotent: %q -> %q -> %q (%v)", s, g, again, err)
		}
	})
}
