package feed

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/generator/internal/content"
	"github.com/sitrep-dev/sitrep/generator/internal/diag"
	"github.com/sitrep-dev/sitrep/generator/internal/site"
)

// model is a site of n briefs, one a day from 1 January 2020, the first
// half naming actor Often, every fifth also Rarely.
func model(t *testing.T, n int) *site.Site {
	t.Helper()
	c := &content.Corpus{Site: &content.Site{Title: "T", BaseURL: "https://example.org/"}}
	var diags diag.List
	for i := range n {
		actors := "[Other]"
		switch {
		case i%5 == 0 && i < n/2:
			actors = "[Often, Rarely]"
		case i < n/2:
			actors = "[Often]"
		}
		src := fmt.Sprintf("---\ntitle: B%d\ndate: %s\nactors: %s\n---\nBody %d.\n", i,
			time.Date(2020, 1, 1+i, 0, 0, 0, 0, time.UTC).Format(time.DateOnly), actors, i)
		c.Briefs = append(c.Briefs, content.ParseBrief(fmt.Sprintf("content/briefs/b%d.md", i), []byte(src), &diags))
	}
	s, more := site.Build(c, site.Options{})
	diags.Add(more)
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	return s
}

func atom(s *site.Site, dir string, briefs []*site.Brief) []byte {
	fs := Site{Site: s, Summary: func(b *site.Brief) string { return "summary of " + b.Title }}
	return Atom(s, dir, "title", "", briefs, func(b *site.Brief) []byte { return Entry(fs, b) })
}

func TestFeedsHoldTheNewestOnly(t *testing.T) {
	s := model(t, 3*Limit)
	often := s.Lookup(content.Actor, "Often")
	rarely := s.Lookup(content.Actor, "Rarely")
	for _, c := range []struct {
		name   string
		dir    string
		briefs []*site.Brief
		want   int
	}{
		{"site", "", s.Briefs, Limit},
		{"entity with more than Limit briefs", often.Path, often.Briefs, Limit},
		{"entity with fewer", rarely.Path, rarely.Briefs, len(rarely.Briefs)},
	} {
		data := atom(s, c.dir, c.briefs)
		if n := bytes.Count(data, []byte("<entry>")); n != c.want {
			t.Errorf("%s: %d entries, want %d", c.name, n, c.want)
		}
		// the newest first: the first entry is the entity's newest brief
		first := c.briefs[0].Title
		if i := bytes.Index(data, []byte("<entry>\n<title>")); i < 0 || !bytes.HasPrefix(data[i+15:], []byte(first+"<")) {
			t.Errorf("%s: the first entry is not %s", c.name, first)
		}
		// dated by its newest entry
		if want := "<updated>" + Stamp(c.briefs[0].Modified()) + "</updated>\n<author>"; !bytes.Contains(data, []byte(want)) {
			t.Errorf("%s: the feed is not dated by its newest brief", c.name)
		}
	}
	if rarely.Briefs[0].Title == s.Briefs[0].Title || len(rarely.Briefs) >= Limit {
		t.Fatal("the model does not test what it should")
	}
	// JSON Feed: the same bound
	data, err := JSON(Site{Site: s, Summary: func(*site.Brief) string { return "" }})
	if err != nil {
		t.Fatal(err)
	}
	var jf struct{ Items []struct{ Title string } }
	if err := json.Unmarshal(data, &jf); err != nil {
		t.Fatal(err)
	}
	if len(jf.Items) != Limit || jf.Items[0].Title != s.Briefs[0].Title {
		t.Errorf("JSON Feed: %d items, the first %+v; want %d, %s first", len(jf.Items), jf.Items[0], Limit, s.Briefs[0].Title)
	}
}

// TestEmptyFeedDated: an entity named by no brief still has a valid feed,
// dated by the site's newest briefs.
func TestEmptyFeedDated(t *testing.T) {
	s := model(t, 3)
	data := atom(s, "actors/nobody/", nil)
	if bytes.Contains(data, []byte("<entry>")) || !bytes.Contains(data, []byte("<updated>"+Stamp(s.Briefs[0].Date)+"</updated>")) {
		t.Errorf("empty feed:\n%s", data)
	}
}
