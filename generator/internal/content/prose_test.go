package content

import (
	"testing"

	"github.com/sitrep-dev/sitrep/generator/internal/diag"
)

func TestCleanText(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"Ceasefire talks", "Ceasefire talks"},
		{"علی خامنه‌ای", "علی خامنه‌ای"},
		{"Red \x1b[31malert\x1b[0m", "Red [31malert[0m"},
		{"bell\a and\x00 nul\x7f\u0085\u009b", "bell and nul"},
		{"two\nlines\tand tab", "two\nlines\tand tab"},
		{"\x1b ", ""},
		{"evil\u202egpj.exe", "evil\u202egpj.exe\u202c"},
		{"\u202bRTL\u202c closed", "\u202bRTL\u202c closed"},
		{"\u2067isolate", "\u2067isolate\u2069"},
		{"\u2068a\u202eb\u2069 c", "\u2068a\u202eb\u2069 c"}, // PDI closes the override inside its isolate
		{"\u202ea\u2067b", "\u202ea\u2067b\u2069\u202c"},
		{"stray \u202c\u2069 closers", "stray \u202c\u2069 closers"},
		{"\u200fمرحبا\u200e", "\u200fمرحبا\u200e"}, // marks are not embeddings
	} {
		if got := cleanText(tt.in); got != tt.want {
			t.Errorf("cleanText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestControlCharacters decodes titles, names and summaries that escapes
// fill with control characters and bidirectional overrides, in each syntax.
func TestControlCharacters(t *testing.T) {
	for _, src := range []string{
		"---\ntitle: \"A\\e[2J\\u202eB\"\ndate: 2023-01-01\nsummary: \"S\\x07\"\nactors: [\"Jane\\x1b]0;x\\x07 Doe\"]\nsources: [{id: s, name: \"N\\x1b\", note: \"\\u0085Note\"}]\nevents: [{date: 2023-01-01, title: \"E\\x1b\"}]\n---\n",
		"+++\ntitle = \"A\\u001b[2J\\u202eB\"\ndate = 2023-01-01\nsummary = \"S\\u0007\"\nactors = [\"Jane\\u001b]0;x\\u0007 Doe\"]\n[[sources]]\nid = \"s\"\nname = \"N\\u001b\"\nnote = \"\\u0085Note\"\n[[events]]\ndate = 2023-01-01\ntitle = \"E\\u001b\"\n+++\n",
		";;;\n{\"title\": \"A\\u001b[2J\\u202eB\", \"date\": \"2023-01-01\", \"summary\": \"S\\u0007\", \"actors\": [\"Jane\\u001b]0;x\\u0007 Doe\"], \"sources\": [{\"id\": \"s\", \"name\": \"N\\u001b\", \"note\": \"\\u0085Note\"}], \"events\": [{\"date\": \"2023-01-01\", \"title\": \"E\\u001b\"}]}\n;;;\n",
	} {
		b := mustParseBrief(t, "x.md", src)
		if b.Title != "A[2J\u202eB\u202c" || b.Summary != "S" || b.Refs[Actor][0].Name != "Jane]0;x Doe" ||
			b.Sources[0].Name != "N" || b.Sources[0].Note != "Note" || b.Events[0].Title != "E" {
			t.Errorf("%.3s: title %q, summary %q, actor %q, source %q %q, event %q", src, b.Title, b.Summary, b.Refs[Actor][0].Name, b.Sources[0].Name, b.Sources[0].Note, b.Events[0].Title)
		}
	}
	var diags diag.List
	p := ParseProfile("x.md", Actor, []byte("---\nname: \"Jane\\e Doe\"\naliases: [\"J\\u202eD\"]\nrole: \"R\\x1b\"\nsummary: \"\\x1b\"\n---\n"), &diags)
	if p == nil || p.Name != "Jane Doe" || p.Aliases[0].Name != "J\u202eD\u202c" || p.Role != "R" || p.Summary != "" {
		t.Errorf("profile %+v %v", p, diags)
	}
}
