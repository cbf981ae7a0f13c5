package paging

import (
	"cmp"
	"slices"
	"strconv"
	"time"

	"github.com/sitrep-dev/sitrep/generator/internal/site"
)

// TimelinePath is the output path of page i (from 0) of a year of the
// timeline: timeline/ for the first page of the newest year, else
// timeline/2023/, timeline/2023/2/, …
func TimelinePath(newest bool, year, i int) string {
	switch {
	case i == 0 && newest:
		return "timeline/"
	case i == 0:
		return "timeline/" + strconv.Itoa(year) + "/"
	}
	return "timeline/" + strconv.Itoa(year) + "/" + strconv.Itoa(i+1) + "/"
}

// A TimelinePage is one page of the timeline: entries of one year, newest
// first, grouped by month. Its Pager's numbered links are the pages of its
// year; Prev and Next run through the whole timeline, across years.
type TimelinePage struct {
	Path   string
	Title  string // "Timeline 2023", "Timeline 2023, page 2"
	Year   int    // 0 for the one page of an empty site
	Months []MonthPart
	Pager  Pager
}

// A MonthPart is the entries of a month on a page; a month split across
// pages has a part on each.
type MonthPart struct {
	Month   time.Month
	ID      string // its fragment id without the "m": "2023-04"
	Entries []site.Entry
}

// Timeline pages the site's timeline, a year at a time and at most
// EntriesPerPage entries a page; url makes the URL of an output path (nil:
// paths only, no pagers). The years lead to the first page of each, the
// months of a year to the page holding the newest entry of each.
func Timeline(s *site.Site, url func(string) string) []TimelinePage {
	size := EntriesPerPage(s)
	var pages []TimelinePage
	type monthAt struct {
		year  int
		month time.Month
		id    string
		page  int // in pages
	}
	var months []monthAt
	for yi, y := range s.Timeline {
		var entries []site.Entry
		var starts []int // where each month starts in entries
		for _, m := range y.Months {
			starts = append(starts, len(entries))
			entries = append(entries, m.Entries...)
		}
		for i, sp := range Split(len(entries), size) {
			p := TimelinePage{Path: TimelinePath(yi == 0, y.Year, i), Title: Title("Timeline "+strconv.Itoa(y.Year), i), Year: y.Year}
			for mi, m := range y.Months {
				from, to := max(starts[mi], sp.From), min(starts[mi]+len(m.Entries), sp.To)
				if from >= to {
					continue
				}
				id := m.ID(y.Year)
				p.Months = append(p.Months, MonthPart{Month: m.Month, ID: id, Entries: entries[from:to]})
				if from == starts[mi] {
					months = append(months, monthAt{y.Year, m.Month, id, len(pages)})
				}
			}
			pages = append(pages, p)
		}
	}
	if len(pages) == 0 { // an empty site still has its timeline page
		pages = append(pages, TimelinePage{Path: "timeline/", Title: "Timeline"})
	}
	if url == nil {
		return pages
	}
	urls := make([]string, len(pages))
	for i, p := range pages {
		urls[i] = url(p.Path)
	}
	var years []Link
	for i, p := range pages {
		if i == 0 || pages[i-1].Year != p.Year {
			years = append(years, Link{Label: strconv.Itoa(p.Year), URL: urls[i]})
		}
	}
	// the pages of each year, for the numbered links and the months
	for from := 0; from < len(pages); {
		to := from
		for to < len(pages) && pages[to].Year == pages[from].Year {
			to++
		}
		var ms []Link
		for _, m := range months {
			if m.year == pages[from].Year {
				ms = append(ms, Link{Label: m.month.String()[:3], URL: urls[m.page] + "#m" + m.id})
			}
		}
		for i := from; i < to; i++ {
			p := &pages[i].Pager
			p.Years, p.Months = years, ms
			p.numbered(urls[from:to], i-from)
			p.Prev, p.Next = "", ""
			if i > 0 {
				p.Prev = urls[i-1]
			}
			if i+1 < len(pages) {
				p.Next = urls[i+1]
			}
		}
		from = to
	}
	return pages
}

// byBriefs orders entities by number of briefs, most first, then as given.
func byBriefs(es []*site.Entity) []*site.Entity {
	out := slices.Clone(es)
	slices.SortStableFunc(out, func(a, b *site.Entity) int { return cmp.Compare(len(b.Briefs), len(a.Briefs)) })
	return out
}

// othersFirst moves the entities filed under "#" before the letters,
// keeping the order of each.
func othersFirst(es []*site.Entity) []*site.Entity {
	out := slices.Clone(es)
	slices.SortStableFunc(out, func(a, b *site.Entity) int {
		return cmp.Compare(boolInt(a.Letter() != "#"), boolInt(b.Letter() != "#"))
	})
	return out
}

func boolInt(v bool) int {
	if v {
		return 1
	}
	return 0
}
