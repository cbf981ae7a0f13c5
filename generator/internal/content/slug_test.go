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
	for _, in := range []string{"", "   ", "..", ".", "/", "—", "!!!",
		"CON", "con", "Aux", "nul", "PRN", "COM1", "lpt9", " Lpt1 ", // Windows device names
		strings.Repeat("a", MaxSlug+1), strings.Repeat("ب", MaxSlug/2+1), strings.Repeat("Lloyd ", 50)} {
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

func TestParseSlugLimits(t *testing.T) {
	for _, in := range []string{strings.Repeat("a", MaxSlug), strings.Repeat("ب", MaxSlug/2), "console", "auxiliary", "com10", "lpt", "nul-points", "con-air"} {
		if got, err := ParseSlug(in); err != nil || string(got) != strings.ToLower(in) {
			t.Errorf("ParseSlug(%q) = %q, %v; want it unchanged", in, got, err)
		}
	}
	if _, err := ParseSlug(strings.Repeat("x", 300)); err == nil || err.Error() != "gives a URL part of 300 bytes, more than the 255 a file name may have" {
		t.Errorf("long slug: %v", err)
	}
}

func TestWindowsDevice(t *testing.T) {
	for _, name := range []string{"CON", "con.md", "Aux.tar.gz", "NUL ", "nul .txt", "COM1", "com9.md", "LPT3", "lpt¹", "COM0", "prn"} {
		if !WindowsDevice(name) {
			t.Errorf("WindowsDevice(%q) = false", name)
		}
	}
	for _, name := range []string{"console.md", "com10", "lpt", "a.con", "x-aux.md", "conn", "com", "2023-con.md", ".con"} {
		if WindowsDevice(name) {
			t.Errorf("WindowsDevice(%q) = true", name)
		}
	}
}
