package diag

import "testing"

func TestSuggest(t *testing.T) {
	keys := []string{"title", "date", "summary", "actors", "countries", "topics", "sources"}
	tests := []struct{ in, want string }{
		{"titel", "title"},
		{"actor", "actors"},
		{"contry", "countries"},
		{"Sumary", "summary"},
		{"dates", "date"},
		{"colour", ""},
		{"x", ""},
	}
	for _, tt := range tests {
		if got := Suggest(tt.in, keys); got != tt.want {
			t.Errorf("Suggest(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := distance("abc", "acb"); got != 1 {
		t.Errorf("distance(abc, acb) = %d, want 1", got)
	}
	if got := distance("kitten", "sitting"); got != 3 {
		t.Errorf("distance(kitten, sitting) = %d, want 3", got)
	}
}

func TestPosAt(t *testing.T) {
	src := []byte("ab\nçd\n")
	for _, tt := range []struct {
		off  int
		want Pos
	}{{0, Pos{10, 1}}, {2, Pos{10, 3}}, {3, Pos{11, 1}}, {5, Pos{11, 2}}, {99, Pos{12, 1}}} {
		if got := PosAt(src, tt.off, 10); got != tt.want {
			t.Errorf("PosAt(%d) = %v, want %v", tt.off, got, tt.want)
		}
	}
}

// TestStringEscapes prints diagnostics about files whose names, or whose
// text, hold characters a terminal acts on: an escape sequence that clears
// the screen or sets the window title, a bidirectional override, a byte
// that is not UTF-8. None may reach the terminal as it is.
func TestStringEscapes(t *testing.T) {
	tests := []struct {
		d    Diagnostic
		want string
	}{
		{Diagnostic{File: "content/briefs/a.md", Pos: Pos{3, 7}, Msg: `unknown actor "X"`}, `content/briefs/a.md:3:7: unknown actor "X"`},
		{Diagnostic{File: "content/briefs/\x1b[2J\x1b]0;owned\x07.md", Pos: Pos{1, 1}, Msg: "empty file"}, `"content/briefs/\x1b[2J\x1b]0;owned\a.md":1:1: empty file`},
		{Diagnostic{File: "content/briefs/evil\u202egpj.md", Msg: "unexpected file"}, `"content/briefs/evil\u202egpj.md": unexpected file`},
		{Diagnostic{File: "content/briefs/caf\xe9.md", Severity: Warning, Msg: "x"}, `"content/briefs/caf\xe9.md": warning: x`},
		{Diagnostic{File: "content/actors/علی-خامنه‌ای.md", Msg: "x"}, "content/actors/علی-خامنه‌ای.md: x"},
		{Diagnostic{File: "content/briefs/a.md", Msg: "briefs content/briefs/\x1b[31m.md and \"a\\b\" \u2066x\u2069 caf\xe9"}, `content/briefs/a.md: briefs content/briefs/\x1b[31m.md and "a\b" \u2066x\u2069 caf\xe9`},
	}
	for _, tt := range tests {
		if got := tt.d.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
}
