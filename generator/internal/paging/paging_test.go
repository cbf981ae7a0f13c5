package paging

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/generator/internal/content"
	"github.com/sitrep-dev/sitrep/generator/internal/site"
)

func TestSplitAndPath(t *testing.T) {
	for _, c := range []struct {
		n, size int
		want    []Span
	}{
		{0, 3, []Span{{0, 0}}},
		{3, 3, []Span{{0, 3}}},
		{7, 3, []Span{{0, 3}, {3, 6}, {6, 7}}},
	} {
		if got := Split(c.n, c.size); !slices.Equal(got, c.want) {
			t.Errorf("Split(%d, %d) = %v, want %v", c.n, c.size, got, c.want)
		}
	}
	if p := Path("actors/x/", 0); p != "actors/x/" {
		t.Error(p)
	}
	if p := Path("actors/x/", 2); p != "actors/x/page/3/" {
		t.Error(p)
	}
}

func url(p string) string { return "/" + p }

func TestNumberedLinks(t *testing.T) {
	urls := make([]string, 10)
	for i := range urls {
		urls[i] = fmt.Sprint("/p", i+1)
	}
	var p Pager
	p.numbered(urls, 4)
	var labels string
	for _, l := range p.Links {
		if l.Current {
			labels += "*"
		}
		labels += l.Label + " "
	}
	if labels != "1 … 3 4 *5 6 7 … 10 " || p.Prev != "/p4" || p.Next != "/p6" || p.Page != 5 || p.Pages != 10 {
		t.Errorf("pager of page 5 of 10: %q prev %s next %s", labels, p.Prev, p.Next)
	}
}

// entity makes an entity named by briefs dated by dates, newest first.
func entity(dates ...string) *site.Entity {
	e := &site.Entity{Kind: content.Actor, Name: "X", Path: "actors/x/"}
	for _, d := range dates {
		t, _ := time.Parse(time.DateOnly, d)
		e.Briefs = append(e.Briefs, &site.Brief{Brief: &content.Brief{Date: t}})
	}
	return e
}

func TestEntityYears(t *testing.T) {
	s := &site.Site{Paginate: 2}
	pages := Entity(s, entity("2024-05-01", "2023-04-01", "2023-03-01", "2023-01-01", "2021-01-01"), url)
	if len(pages) != 3 || pages[2].Path != "actors/x/page/3/" || pages[2].Pager.Next != "" || pages[2].Pager.Prev != "/actors/x/page/2/" {
		t.Fatalf("pages: %+v", pages)
	}
	var years []string
	for _, y := range pages[1].Pager.Years {
		years = append(years, y.Label+"="+y.URL)
	}
	// 2023 starts on the first page; 2021 is on the third
	if want := []string{"2024=/actors/x/#y2024", "2023=/actors/x/#y2023", "2021=/actors/x/page/3/#y2021"}; !slices.Equal(years, want) {
		t.Errorf("years = %q, want %q", years, want)
	}
	if g := pages[1].Years; len(g) != 1 || g[0].Year != 2023 || g[0].Span != (Span{2, 4}) {
		t.Errorf("the second page's years: %+v", g)
	}
}

func TestTimelineMonths(t *testing.T) {
	s := &site.Site{Paginate: 1} // two entries a page
	day := func(d string) site.Entry { t, _ := time.Parse(time.DateOnly, d); return site.Entry{Date: t} }
	s.Timeline = []*site.Year{
		{Year: 2023, Months: []*site.Month{{Month: 4, Entries: []site.Entry{day("2023-04-02"), day("2023-04-01"), day("2023-04-01")}}, {Month: 3, Entries: []site.Entry{day("2023-03-01")}}}},
		{Year: 2021, Months: []*site.Month{{Month: 1, Entries: []site.Entry{day("2021-01-01")}}}},
	}
	pages := Timeline(s, url)
	var paths []string
	for _, p := range pages {
		paths = append(paths, p.Path)
	}
	if want := []string{"timeline/", "timeline/2023/2/", "timeline/2021/"}; !slices.Equal(paths, want) {
		t.Fatalf("paths = %q, want %q", paths, want)
	}
	// April spans both pages of 2023; its link leads to where it starts,
	// March's to the second page
	p := pages[1]
	if len(p.Months) != 2 || p.Months[0].ID != "2023-04" || len(p.Months[0].Entries) != 1 {
		t.Errorf("the second page's months: %+v", p.Months)
	}
	if m := p.Pager.Months; len(m) != 2 || m[0].URL != "/timeline/#m2023-04" || m[1].URL != "/timeline/2023/2/#m2023-03" {
		t.Errorf("month links: %+v", m)
	}
	if p.Pager.Next != "/timeline/2021/" || p.Pager.Pages != 2 || pages[2].Pager.Prev != "/timeline/2023/2/" || pages[2].Pager.Pages != 1 {
		t.Errorf("prev/next across years: %+v / %+v", p.Pager, pages[2].Pager)
	}
}

func TestIndexLetters(t *testing.T) {
	s := &site.Site{Paginate: 1} // three entities a page
	var es []*site.Entity
	for _, n := range []string{"Adams", "Ames", "Brown", "Zola"} {
		es = append(es, &site.Entity{Name: n})
	}
	// Letter reads a key site.Build sets: without it, all file under "#"
	ordered, pages := Index(s, es, "actors/", false, url)
	if len(ordered) != 4 || len(pages) != 2 || pages[1].Path != "actors/page/2/" {
		t.Fatalf("pages: %+v", pages)
	}
	if l := pages[0].Pager.Letters; len(l) != 1 || l[0].Label != "#" || l[0].URL != "/actors/#l-other" {
		t.Errorf("letters: %+v", l)
	}
	ordered, pages = Index(s, es, "actors/by-count/", true, url)
	if len(ordered) != 4 || pages[0].Pager.Letters != nil || pages[1].Path != "actors/by-count/page/2/" || pages[0].Letters[0].Letter != "" {
		t.Errorf("by count: %+v", pages)
	}
}
