package site

import (
	"strings"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/generator/internal/content"
	"github.com/sitrep-dev/sitrep/generator/internal/diag"
)

// corpus parses files given as path → source into a corpus.
func corpus(tb testing.TB, files map[string]string) *content.Corpus {
	tb.Helper()
	c := &content.Corpus{Site: &content.Site{Title: "T", BaseURL: "https://example.org/sub/"}}
	var diags diag.List
	for p, src := range files {
		switch class, kind := content.Classify(p); class {
		case content.BriefFile:
			c.Briefs = append(c.Briefs, content.ParseBrief(p, []byte(src), &diags))
		case content.ProfileFile:
			c.Profiles = append(c.Profiles, content.ParseProfile(p, kind, []byte(src), &diags))
		default:
			tb.Fatalf("%s: not a brief or a profile", p)
		}
	}
	if len(diags) > 0 {
		tb.Fatalf("parse: %v", diags)
	}
	return c
}

func diagStrings(l diag.List) string {
	var out []string
	for _, d := range l.Sort() {
		out = append(out, d.String())
	}
	return strings.Join(out, "\n")
}

func brief(title, date, extra string) string {
	return "---\ntitle: " + title + "\ndate: " + date + "\n" + extra + "---\nBody.\n"
}

func TestAliasesAndCanonicalNames(t *testing.T) {
	c := corpus(t, map[string]string{
		"content/actors/lloyd-austin.md": "---\nname: Lloyd Austin\naliases: [Austin, SecDef]\ncountry: United States\n---\n",
		"content/briefs/a.md":            brief("A", "2023-03-07", "actors: [AUSTIN, secdef]\n"),
		"content/briefs/b.md":            brief("B", "2023-03-08", "actors: [lloyd austin, ISIS]\ncountries: [Iraq]\n"),
		"content/briefs/c.md":            brief("C", "2023-03-09", "actors: [isis]\n"),
	})
	s, diags := Build(c, Options{})
	if got := diagStrings(diags); got != `content/briefs/a.md:4:18: warning: actor "Lloyd Austin" is listed twice` {
		t.Errorf("diagnostics = %s", got)
	}
	austin := s.Lookup(content.Actor, "secDEF")
	if austin == nil || austin.Name != "Lloyd Austin" || austin.URL != "/sub/actors/lloyd-austin/" || len(austin.Briefs) != 2 {
		t.Fatalf("Lookup(secDEF) = %+v", austin)
	}
	if austin.Country == nil || austin.Country.Name != "United States" {
		t.Errorf("Austin's country = %v", austin.Country)
	}
	isis := s.Lookup(content.Actor, "Isis")
	if isis == nil || isis.Name != "ISIS" || isis.Profile != nil || len(isis.Briefs) != 2 {
		t.Errorf("ISIS (no profile, first spelling kept) = %+v", isis)
	}
	if url, canonical, ok := s.Resolve("austin"); !ok || url != austin.URL || canonical != "Lloyd Austin" {
		t.Errorf("Resolve(austin) = %q, %q, %v", url, canonical, ok)
	}
	if got := s.Suggest("Loyd Austin"); got != "Lloyd Austin" {
		t.Errorf("Suggest = %q", got)
	}
}

func TestOrderAndNeighbours(t *testing.T) {
	c := corpus(t, map[string]string{
		"content/briefs/old.md":   brief("Old", "2021-12-09", "topics: [T]\nevents:\n  - {date: 2003-03-20, title: Invasion}\n"),
		"content/briefs/mid.md":   brief("Mid", "2023-03-07T10:00:00Z", "topics: [T]\n"),
		"content/briefs/new.md":   brief("New", "2023-04-30", "topics: [T]\n"),
		"content/briefs/draft.md": brief("Draft", "2024-01-01", "topics: [T, Secret]\ndraft: true\n"),
	})
	s, diags := Build(c, Options{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	var titles []string
	for _, b := range s.Briefs {
		titles = append(titles, b.Title)
	}
	if strings.Join(titles, ",") != "New,Mid,Old" {
		t.Errorf("briefs newest first = %v", titles)
	}
	if s.Briefs[1].Newer != s.Briefs[0] || s.Briefs[1].Older != s.Briefs[2] || s.Briefs[0].Newer != nil || s.Briefs[2].Older != nil {
		t.Error("neighbours wrong")
	}
	topic := s.Lookup(content.Topic, "T")
	if len(topic.Briefs) != 3 || topic.Briefs[0].Title != "New" {
		t.Errorf("topic briefs = %v", topic.Briefs)
	}
	if s.Lookup(content.Topic, "Secret") != nil {
		t.Error("an entity named only in a draft exists")
	}
	if tl := topic.Timeline; len(tl) != 4 || tl[0].Title != "Invasion" || !tl[0].Event || tl[3].Title != "New" {
		t.Errorf("entity timeline (oldest first) = %+v", tl)
	}
	if len(s.Timeline) != 3 || s.Timeline[0].Year != 2023 || s.Timeline[0].Months[0].Month != time.April || s.Timeline[2].Year != 2003 {
		t.Errorf("site timeline = %+v", s.Timeline)
	}
	withDrafts, _ := Build(c, Options{Drafts: true})
	if len(withDrafts.Briefs) != 4 || withDrafts.Lookup(content.Topic, "Secret") == nil {
		t.Error("-drafts does not include the draft")
	}
}

func TestRelated(t *testing.T) {
	c := corpus(t, map[string]string{
		"content/briefs/a.md": brief("A", "2023-01-01", "actors: [X, Y]\ncountries: [Iraq]\n"),
		"content/briefs/b.md": brief("B", "2023-01-02", "actors: [X, Y]\n"),
		"content/briefs/c.md": brief("C", "2023-01-03", "actors: [X, Z]\n"),
	})
	s, _ := Build(c, Options{})
	rel := s.Lookup(content.Actor, "X").Related
	var got []string
	for _, r := range rel {
		got = append(got, r.Name+"="+string(rune('0'+r.Count)))
	}
	if strings.Join(got, " ") != "Y=2 Z=1 Iraq=1" {
		t.Errorf("related = %v", got)
	}
}

func TestCollisions(t *testing.T) {
	c := corpus(t, map[string]string{
		"content/actors/lloyd-austin.md":  "---\nname: Lloyd Austin\naliases: [Austin]\n---\n",
		"content/actors/austin-powers.md": "---\nname: Austin Powers\naliases: [austin]\n---\n",
		"content/briefs/a.md":             brief("A", "2023-01-01", "actors: [José Pérez, Lloyd Austin, Austin Powers]\nslug: same\n"),
		"content/briefs/b.md":             brief("B", "2023-01-02", "actors: [Jose Perez]\nslug: same\n"),
		"content/briefs/c.md":             brief("C", "2023-01-03", "actors: [Jose Perez]\n"),
	})
	_, diags := Build(c, Options{Now: time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)})
	want := strings.Join([]string{
		`content/actors/lloyd-austin.md:3:11: "Austin" is already a name or alias of actor "Austin Powers" in content/actors/austin-powers.md`,
		`content/briefs/a.md:3:7: warning: dated 2023-01-01, in the future`,
		`content/briefs/b.md:3:7: warning: dated 2023-01-02, in the future`,
		`content/briefs/b.md:5:7: briefs content/briefs/a.md and content/briefs/b.md both give the URL /briefs/same/ (set slug: in one of them)`,
		`content/briefs/c.md:3:7: warning: dated 2023-01-03, in the future`,
		`content/briefs/c.md:4:10: actor "Jose Perez" and "José Pérez" (content/briefs/a.md:4:10) both give the URL /actors/jose-perez/: use one spelling, or make one an alias in a profile`,
	}, "\n")
	if got := diagStrings(diags); got != want {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", got, want)
	}
}

// TestURLsEscaped: a slug in another script gives one spelling of its
// address everywhere, percent-encoded in upper-case hex; the file path
// stays in the script.
func TestURLsEscaped(t *testing.T) {
	c := corpus(t, map[string]string{
		"content/briefs/a.md": brief("A", "2023-03-07", "actors: [محمد, Zoë]\n"),
	})
	s, diags := Build(c, Options{})
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	e := s.Lookup(content.Actor, "محمد")
	if e == nil {
		t.Fatal("no entity محمد")
	}
	const want = "/sub/actors/%D9%85%D8%AD%D9%85%D8%AF/"
	if e.URL != want || e.Path != "actors/محمد/" {
		t.Errorf("URL, Path = %q, %q, want %q, %q", e.URL, e.Path, want, "actors/محمد/")
	}
	if got := s.AbsURL(e.Path); got != "https://example.org"+want {
		t.Errorf("AbsURL = %q", got)
	}
	for _, tc := range []struct{ in, want string }{
		{"actors/zoe/", "/sub/actors/zoe/"},
		{"timeline/#2023-04", "/sub/timeline/#2023-04"},
		{"a b/", "/sub/a%20b/"},
	} {
		if got := s.URL(tc.in); got != tc.want {
			t.Errorf("URL(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestEntitiesSortFolded checks that entities sort by their name without
// case or diacritics, and the letter an index files them under.
func TestEntitiesSortFolded(t *testing.T) {
	c := corpus(t, map[string]string{
		"content/briefs/a.md": brief("A", "2023-03-07", "actors: [Zoe Adams, Émile Zola, emma Stone, Øster, 9 Lives]\n"),
	})
	s, _ := Build(c, Options{})
	var got []string
	for _, e := range s.Entities[content.Actor] {
		got = append(got, e.Letter()+":"+e.Name)
	}
	if want := "#:9 Lives E:Émile Zola E:emma Stone Z:Zoe Adams #:Øster"; strings.Join(got, " ") != want {
		t.Errorf("order = %q, want %q", strings.Join(got, " "), want)
	}
}

// TestReservedSlug checks that no entity takes the URL of an index.
func TestReservedSlug(t *testing.T) {
	c := corpus(t, map[string]string{"content/briefs/a.md": brief("A", "2023-03-07", "topics: [By Count]\n")})
	_, diags := Build(c, Options{})
	if got := diagStrings(diags); !strings.Contains(got, `topic "By Count" gives the URL /topics/by-count/`) {
		t.Errorf("diagnostics = %s", got)
	}
}
