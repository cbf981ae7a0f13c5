// Package paging splits the lists that grow with an archive (the briefs of
// an entity, the timeline, the indexes of entities) into pages of a bounded
// size, names the pages' paths, and makes the navigation between them: a
// Pager with numbered pages, rel=prev/next, and jumps to the page holding
// a year, a month or a letter. Package render makes the pages of these
// lists and package feed lists them in the sitemap: both page a list by
// calling the same function, so they cannot disagree.
//
// Paths: the first page of a list is at the list's own path, page n at
// "page/n/" under it (actors/x/, actors/x/page/2/; actors/, actors/page/2/,
// actors/by-count/, actors/by-count/page/2/). The timeline is paged by
// year: timeline/ holds the first page of the newest year, timeline/2023/
// the first of 2023, timeline/2023/2/ its second.
package paging

import (
	"strconv"

	"github.com/sitrep-dev/sitrep/generator/internal/content"
	"github.com/sitrep-dev/sitrep/generator/internal/hashkey"
	"github.com/sitrep-dev/sitrep/generator/internal/site"
)

// BriefsPerPage, EntriesPerPage and EntitiesPerPage are the sizes of the
// pages of an entity's briefs, of the timeline (briefs and events) and of
// the indexes, from site.yaml's paginate (50 by default): about 12, 8 and 6
// HTML elements an entry, well within 1,200 elements a page.
func BriefsPerPage(s *site.Site) int   { return max(s.Paginate, 1) }
func EntriesPerPage(s *site.Site) int  { return 2 * BriefsPerPage(s) }
func EntitiesPerPage(s *site.Site) int { return 3 * BriefsPerPage(s) }

// ByCount is the folder of an index sorted by number of briefs, under the
// kind's index: actors/by-count/. No entity may take its slug
// (site.ReservedSlug).
const ByCount = site.ReservedSlug + "/"

// A Span is the entries [From, To) of a list that a page shows.
type Span struct{ From, To int }

// Split cuts a list of n entries into pages of size; an empty list has one
// empty page.
func Split(n, size int) []Span {
	size = max(size, 1)
	spans := []Span{{0, min(n, size)}}
	for from := size; from < n; from += size {
		spans = append(spans, Span{from, min(n, from+size)})
	}
	return spans
}

// Path is the output path of page i (from 0) of a list whose first page
// is at base: base, then base + "page/2/", …
func Path(base string, i int) string {
	if i == 0 {
		return base
	}
	return base + "page/" + strconv.Itoa(i+1) + "/"
}

// A Link is a link of a pager or of a list of jumps.
type Link struct {
	Label   string
	URL     string // "" for a gap between numbered pages
	Current bool   // the page shown
}

// A Pager is the navigation of one page of a paged list: values only, a
// view templates can read. Years, Months and Letters lead to the page
// holding the year, month or letter, at its anchor ("#y2023", "#m2023-04",
// "#l-A"); each list is empty where it does not apply.
type Pager struct {
	Page, Pages int    // from 1; Pages is 1 for a list of one page
	Prev, Next  string // URLs of the newer and older page, "" at either end
	Links       []Link // numbered pages: the first, the last, and those near Page
	Years       []Link
	Months      []Link
	Letters     []Link
}

// Hash adds everything the pager shows to h: a page's key covers its pager.
func (p *Pager) Hash(h *hashkey.Hash) {
	h.Int(p.Page)
	h.Int(p.Pages)
	h.Str(p.Prev)
	h.Str(p.Next)
	for _, l := range [][]Link{p.Links, p.Years, p.Months, p.Letters} {
		h.Int(len(l))
		for _, x := range l {
			h.Str(x.Label)
			h.Str(x.URL)
			h.Bool(x.Current)
		}
	}
}

// numbered gives a pager of page i of urls its numbered links, prev and
// next: the first and last pages, two on either side of i, gaps between.
func (p *Pager) numbered(urls []string, i int) {
	p.Page, p.Pages = i+1, len(urls)
	if i > 0 {
		p.Prev = urls[i-1]
	}
	if i+1 < len(urls) {
		p.Next = urls[i+1]
	}
	if len(urls) < 2 {
		return
	}
	for j := range urls {
		switch {
		case j == 0 || j == len(urls)-1 || j >= i-2 && j <= i+2:
			p.Links = append(p.Links, Link{Label: strconv.Itoa(j + 1), URL: urls[j], Current: j == i})
		case len(p.Links) > 0 && p.Links[len(p.Links)-1].URL != "":
			p.Links = append(p.Links, Link{Label: "…"})
		}
	}
}

// An EntityPage is one page of the briefs of an entity (newest first).
type EntityPage struct {
	Path  string
	Title string // the entity's name, with the page number after the first
	Span  Span   // of the entity's Briefs
	Years []Year // the page's briefs by year
	Pager Pager
}

// A Year is the entries of a list that a page shows of one year.
type Year struct {
	Year int
	Span Span
}

// Entity pages the briefs of e; url makes the URL of an output path. Its
// pages' years lead to the page holding the newest brief of each year.
func Entity(s *site.Site, e *site.Entity, url func(string) string) []EntityPage {
	size := BriefsPerPage(s)
	spans := Split(len(e.Briefs), size)
	urls := make([]string, len(spans))
	for i := range spans {
		urls[i] = url(Path(e.Path, i))
	}
	var years []Link
	for i, b := range e.Briefs {
		if y := b.Date.Year(); i == 0 || e.Briefs[i-1].Date.Year() != y {
			ys := strconv.Itoa(y)
			years = append(years, Link{Label: ys, URL: urls[i/size] + "#y" + ys})
		}
	}
	if len(years) < 2 {
		years = nil
	}
	pages := make([]EntityPage, len(spans))
	for i, sp := range spans {
		pg := &pages[i]
		*pg = EntityPage{Path: Path(e.Path, i), Title: Title(e.Name, i), Span: sp, Pager: Pager{Years: years}}
		pg.Pager.numbered(urls, i)
		for j := sp.From; j < sp.To; j++ {
			if y := e.Briefs[j].Date.Year(); j == sp.From || pg.Years[len(pg.Years)-1].Year != y {
				pg.Years = append(pg.Years, Year{Year: y, Span: Span{j, j}})
			}
			pg.Years[len(pg.Years)-1].Span.To = j + 1
		}
	}
	return pages
}

// An IndexPage is one page of the index of a kind.
type IndexPage struct {
	Path    string
	Span    Span     // of the ordered entities
	Letters []Letter // the page's entities by letter; one group, Letter "", by count
	Pager   Pager
}

// A Letter is the entities of an index page filed under one letter.
type Letter struct {
	Letter, ID string
	Span       Span
}

// Index orders the entities of an index (es, by name as the site sorts
// them) by name, or by number of briefs, most first, and pages them under
// base ("actors/", or "actors/by-count/"). Pages by name have letters,
// each leading to the page holding its first entity; the entities filed
// under "#" (names starting with a digit, a sign or a letter beyond A–Z)
// come first, as one group.
func Index(s *site.Site, es []*site.Entity, base string, byCount bool, url func(string) string) ([]*site.Entity, []IndexPage) {
	size := EntitiesPerPage(s)
	if byCount {
		es = byBriefs(es)
	} else {
		es = othersFirst(es)
	}
	spans := Split(len(es), size)
	urls := make([]string, len(spans))
	for i := range spans {
		urls[i] = url(Path(base, i))
	}
	var letters []Link
	if !byCount {
		for i, e := range es {
			if l := e.Letter(); i == 0 || es[i-1].Letter() != l {
				letters = append(letters, Link{Label: l, URL: urls[i/size] + "#" + LetterID(l)})
			}
		}
	}
	pages := make([]IndexPage, len(spans))
	for i, sp := range spans {
		pg := &pages[i]
		*pg = IndexPage{Path: Path(base, i), Span: sp, Pager: Pager{Letters: letters}}
		pg.Pager.numbered(urls, i)
		for j := sp.From; j < sp.To; j++ {
			l := ""
			if !byCount {
				l = es[j].Letter()
			}
			if j == sp.From || pg.Letters[len(pg.Letters)-1].Letter != l {
				pg.Letters = append(pg.Letters, Letter{Letter: l, ID: LetterID(l), Span: Span{j, j}})
			}
			pg.Letters[len(pg.Letters)-1].Span.To = j + 1
		}
	}
	return es, pages
}

// Title is the title of page i (from 0) of a list: "Timeline 2023, page
// 2".
func Title(title string, i int) string {
	if i == 0 {
		return title
	}
	return title + ", page " + strconv.Itoa(i+1)
}

// LetterID is the fragment id of a letter's heading in an index: "l-A",
// "l-other" for "#".
func LetterID(letter string) string {
	if letter == "#" {
		return "l-other"
	}
	return "l-" + letter
}

// KindPages calls f with the path of every page of kind k's lists: its
// index by name and by number of briefs (index true), then every page of
// each entity with the briefs it shows. The sitemap and the table of the
// pages that links may name (package build) both list them from here.
func KindPages(s *site.Site, k content.Kind, f func(path string, briefs []*site.Brief, index bool)) {
	for _, base := range []string{k.Plural() + "/", k.Plural() + "/" + ByCount} {
		for i := range Split(len(s.Entities[k]), EntitiesPerPage(s)) {
			f(Path(base, i), nil, true)
		}
	}
	for _, e := range s.Entities[k] {
		for i, sp := range Split(len(e.Briefs), BriefsPerPage(s)) {
			f(Path(e.Path, i), e.Briefs[sp.From:sp.To], false)
		}
	}
}
