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
