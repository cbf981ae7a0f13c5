package render

import (
	"html/template"
	"time"

	"github.com/sitrep-dev/sitrep/generator/internal/content"
	"github.com/sitrep-dev/sitrep/generator/internal/items"
	"github.com/sitrep-dev/sitrep/generator/internal/jsonld"
	"github.com/sitrep-dev/sitrep/generator/internal/paging"
	"github.com/sitrep-dev/sitrep/generator/internal/site"
)

// # Views: what a template can reach
//
// A template reaches only the view it is given, and every view is closed:
// it holds values and other views, never a pointer into the site model,
// so no chain of fields leads from a page to something its key (keys.go)
// does not cover. The model is kept in unexported fields, for Go code.
// That is the theme contract, held by construction: whatever a theme
// shows, `serve` re-renders a page whenever what it could show changed, and
// shows what `build` writes. A template that names a field no view has
// (.Site.Briefs, .Brief.Actors.Briefs) fails with a located template error.
//
// The fields every page and list item reads are copied into fields of the
// view itself rather than promoted from an embedded struct: text/template
// looks a field up by name on every use, and reflect finds a promoted field
// only by a slow search through the embedded structs.

// PageData is what every template receives.
type PageData struct {
	Site        *SiteView
	Kind        string // the page kind: home, brief, actor, …
	Title       string // the page's own title, without the site title
	Description string
	Path        string // output path of the page: "", "briefs/x/", "404.html"
	URL         string // root-relative URL
	Canonical   string // absolute when base_url is absolute

	Home     *HomeView
	Brief    *BriefView
	Entity   *EntityView
	List     *ListView
	Timeline []TimelineYear // one year: the page's

	// Pager is the navigation of a page of a paged list (an entity's
	// briefs, the timeline, an index), nil on other pages
	Pager *paging.Pager

	// Older and Newer are the neighbours in time of the page's brief (nil
	// at either end, and on other pages); see also Body. A brief's body,
	// neighbours and related briefs are on its own page only, never in the
	// views of the pages that list it.
	Older, Newer *items.BriefLink
	Related      []*items.BriefLink // the briefs most like it, most alike first (site.RelatedBriefs)

	// What the <head> says, computed once in Go just before the page is
	// rendered (see fill): a field costs the template less than a method
	// call.

	// MetaDescription is the description for the description meta tag,
	// OpenGraph and JSON-LD: the summary, cut to MetaDescriptionLimit
	MetaDescription string
	OGType          string // OpenGraph type: article for a brief, website for the others
	Locale          string // the site language in OpenGraph's form: en_US, en_GB
	Image           string // for og:image: the brief's or profile's image:, else site.yaml's; absolute when base_url is
	// FeedPath is the output path of the page's Atom feed: feed.xml for
	// the home page, actors/<slug>/feed.xml for an entity, "" for pages
	// without one; FeedURL is its root-relative URL, FeedTitle its title
	FeedPath, FeedURL, FeedTitle string
	// Published and Modified are a brief's dates for
	// article:published_time and article:modified_time, RFC 3339; "" on
	// other pages
	Published, Modified string

	Nav NavView // what the chrome's partials see

	site    *site.Site
	ldRefs  *jsonld.Refs // the build's encoded JSON-LD references, or nil
	entries int          // on a timeline page, how many it shows
}

// Body is the converted body of the page's brief, "" on other pages.
func (d *PageData) Body() template.HTML {
	if d.Brief == nil {
		return ""
	}
	return d.Brief.body
}

// A SiteView is what templates see of the site as a whole: its settings,
// and AllBriefs. A page whose templates name AllBriefs anywhere is
// rendered again whenever any brief's list entry changes (TemplateKeys
// finds the name); other pages do not depend on it.
type SiteView struct {
	Title       string
	Description string
	Language    string
	BaseURL     string // as configured, ends in '/'
	BasePath    string // the path part of BaseURL: "/" or "/briefing/"

	// AllBriefs is every published brief, newest first, as lists show it
	AllBriefs []*BriefView

	site *site.Site
}

// URL returns the root-relative URL of an output path: "briefs/x/" →
// "/briefing/briefs/x/".
func (s *SiteView) URL(p string) string { return s.site.URL(p) }

// AbsURL returns the absolute URL of an output path when base_url is
// absolute, else URL.
func (s *SiteView) AbsURL(p string) string { return s.site.AbsURL(p) }

// allBriefsField is the field of SiteView whose use TemplateKeys looks for.
const allBriefsField = "AllBriefs"

func newSiteView(s *site.Site) *SiteView {
	return &SiteView{Title: s.Title, Description: s.Description, Language: s.Language,
		BaseURL: s.BaseURL, BasePath: s.BasePath, site: s}
}

// A NavView is what the chrome every page shares (asset links, header,
// footer) may depend on: the site, and the section of the site the page
// belongs to, for marking the current navigation link.
type NavView struct {
	Site *SiteView
	// Section is "home", "timeline", "search", the plural of a kind on its
	// index ("actors", "countries", "topics"), or "" on every other page
	Section string
}

// HomeView lists the newest briefs and the most covered entities.
type HomeView struct {
	Briefs []*BriefView
	Top    []KindTop
}

// KindTop is the most covered entities of one kind.
type KindTop struct {
	Kind     content.Kind
	URL      string // the kind's index
	Entities []items.EntityItem

	es []*site.Entity
}

// ListView is a page of the index of one kind, by name or by number of
// briefs. Letters groups the page's entities by letter (by name; one group
// with Letter "" by number of briefs).
type ListView struct {
	Kind     content.Kind
	Entities []items.EntityItem // the page's
	Letters  []IndexLetter
	Total    int    // entities of the kind
	ByCount  bool   // ordered by number of briefs, most first
	ByName   string // URLs of the first page of each order
	ByBriefs string

	es []*site.Entity
}

// An IndexLetter is the entities of a page of an index filed under one
// letter ("A" to "Z", "#"); ID is its heading's fragment id.
type IndexLetter struct {
	Letter, ID string
	Entities   []items.EntityItem
}

// TimelineYear and TimelineMonth group the rendered entries of a timeline page.
type TimelineYear struct {
	Year   int
	Months []TimelineMonth
}

type TimelineMonth struct {
	Month   time.Month
	ID      string        // fragment id: "2023-04"
	Entries template.HTML // the rendered entries, newest first, joined

	index int // in Converted.months
}

// HomeBriefs and HomeTop are how many briefs and entities per kind the home page lists.
const (
	HomeBriefs = 10
	HomeTop    = 8
)

func (p *Pass) siteKey() uint64 {
	s := p.c.site
	h := p.ca.hasher()
	for _, f := range []string{s.Title, s.Description, s.Language, s.BaseURL, s.BasePath, s.Image} {
		h.Str(f)
	}
	h.Bool(s.UnsafeHTML)
	h.Int(s.Paginate)
	return h.Sum()
}

func (p *Pass) pageKey(j job) uint64 {
	d := j.data
	h := p.ca.hasher()
	tk, ok := p.in.Templates[j.kind]
	if !ok {
		tk = p.in.Templates["*"]
	}
	h.U64(tk)
	h.U64(p.site)
	for _, f := range []string{j.kind, j.file, d.Kind, d.Title, d.Description, d.Path, d.URL, d.Canonical} {
		h.Str(f)
	}
	if d.Brief != nil {
		b := d.Brief.b
		h.U64(p.listKeys[b])
		h.U64(p.bodyKey(b.File))
		for _, n := range []*site.Brief{b.Older, b.Newer} {
			if n != nil {
				h.U64(p.listKeys[n])
			} else {
				h.U64(0)
			}
		}
		h.Int(len(b.Related)) // which they are changes with the entities of other briefs
		for _, r := range b.Related {
			h.U64(p.listKeys[r])
		}
	}
	if d.Entity != nil {
		h.U64(p.entityKey(d.Entity))
	}
	if l := d.List; l != nil {
		h.Int(int(l.Kind))
		h.Int(l.Total)
		h.Bool(l.ByCount)
		h.Str(l.ByName)
		h.Str(l.ByBriefs)
		for _, e := range l.es {
			p.entityBrief(&h, e)
		}
	}
	if d.Pager != nil {
		d.Pager.Hash(&h)
	}
	if d.Home != nil {
		for _, b := range d.Home.Briefs {
			h.U64(p.listKeys[b.b])
		}
		for _, t := range d.Home.Top {
			h.Int(int(t.Kind))
			h.Str(t.URL)
			for _, e := range t.es {
				p.entityBrief(&h, e)
			}
		}
	}
	for _, y := range d.Timeline {
		h.Int(y.Year)
		for _, m := range y.Months {
			h.Str(m.ID)
			for _, e := range p.c.months[m.index] {
				h.U64(p.listKeys[e.Brief])
				h.Bool(e.Event)
				h.Int(e.Index)
			}
		}
	}
	if p.c.t.Names(j.kind, allBriefsField) {
		for _, b := range p.c.site.Briefs {
			h.U64(p.listKeys[b])
		}
	}
	return h.Sum()
}
