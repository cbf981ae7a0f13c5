package render

import (
	"html/template"
	"strings"
	"time"

	"sitrep/generator/internal/content"
	"sitrep/generator/internal/site"
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
	Timeline []TimelineYear

	// Older and Newer are the neighbours in time of the page's brief (nil
	// at either end, and on other pages); see also Body. A brief's body and
	// neighbours are on its own page only, never in the views of the pages
	// that list it.
	Older, Newer *BriefLink

	// What the <head> says, computed once in Go just before the page is
	// rendered (see fill): a field costs the template less than a method
	// call.

	// MetaDescription is the description for the description meta tag,
	// OpenGraph and JSON-LD: the summary, cut to MetaDescriptionLimit
	MetaDescription string
	OGType          string // OpenGraph type: article for a brief, website for the others
	Locale          string // the site language in OpenGraph's form: en, en_GB
	// FeedPath is the output path of the page's Atom feed: feed.xml for
	// the home page, actors/<slug>/feed.xml for an entity, "" for pages
	// without one; FeedURL is its root-relative URL, FeedTitle its title
	FeedPath, FeedURL, FeedTitle string
	// Published and Modified are a brief's dates for
	// article:published_time and article:modified_time, RFC 3339; "" on
	// other pages
	Published, Modified string

	Nav NavView // what memo'd partials may see

	site   *site.Site
	ldRefs *ldRefs // the build's encoded JSON-LD references, or nil
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
// belongs to, for marking the current navigation link. Pages pass it to
// memo, which renders a partial once per distinct NavView.
type NavView struct {
	Site *SiteView
	// Section is "home", "timeline", "search", the plural of a kind on its
	// index ("actors", "countries", "topics"), or "" on every other page
	Section string
}

// BriefView is a brief as its page and every list show it: no body, no
// neighbours (see PageData).
type BriefView struct {
	Title   string
	Date    time.Time
	Updated time.Time
	Draft   bool
	URL     string
	Events  []EventView

	// Dates as pages print them, formatted once: a field costs a template
	// less than {{date .Date}}. DateISO is 2006-01-02 (for datetime=),
	// DateText 2 January 2006; the Updated pair is "" when never updated.
	DateISO, DateText, UpdatedISO, UpdatedText string

	Summary string // the summary key, else the first paragraph
	Sources []SourceView

	Item         template.HTML   // the "briefitem" partial for this brief
	Entry        template.HTML   // the "entry" partial for this brief on a timeline
	EventEntries []template.HTML // the "entry" partial for each of its events

	b     *site.Brief
	body  template.HTML           // until its page is rendered
	chips map[*site.Entity]string // the "chip" partial of every entity
}

// Actors returns the brief's actors; likewise Countries and Topics.
func (v *BriefView) Actors() []EntityRef    { return refs(v.b.Entities[content.Actor]) }
func (v *BriefView) Countries() []EntityRef { return refs(v.b.Entities[content.Country]) }
func (v *BriefView) Topics() []EntityRef    { return refs(v.b.Entities[content.Topic]) }

// Chips is the "chip" partial of each of the brief's entities, actors
// first, joined. It is joined when a page shows it rather than kept for
// every brief (60 MB at 50,000 briefs).
func (v *BriefView) Chips() template.HTML {
	if len(v.chips) == 0 {
		return ""
	}
	var b strings.Builder
	for _, k := range content.Kinds {
		for _, e := range v.b.Entities[k] {
			b.WriteString(v.chips[e])
		}
	}
	return template.HTML(b.String()) // #nosec: joined html/template output
}

// A BriefLink is a brief as another brief's page links to it, as its
// older or newer neighbour.
type BriefLink struct {
	Title             string
	URL               string
	Date              time.Time
	DateISO, DateText string
}

func briefLink(b *site.Brief) *BriefLink {
	if b == nil {
		return nil
	}
	return &BriefLink{Title: b.Title, URL: b.URL, Date: b.Date, DateISO: isoDate(b.Date), DateText: textDate(b.Date)}
}

// SourceView is a source with its anchor in the brief page.
type SourceView struct {
	ID, Name, URL, Note string
	Date                time.Time
	DateISO, DateText   string // as BriefView's; "" without a date
	Anchor              string
}

// EventView is an event of a brief, with its date formatted as
// BriefView's.
type EventView struct {
	Date              time.Time
	Title             string
	DateISO, DateText string
}

// isoDate and textDate are the date formats of pages, "" for no date; the
// template functions isodate and date give the same.
func isoDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

func textDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2 January 2006")
}

// An EntityRef is an entity as a brief names it: the "chip" partial's data.
type EntityRef struct {
	Kind content.Kind
	Slug content.Slug
	Name string
	URL  string
}

func ref(e *site.Entity) EntityRef {
	return EntityRef{Kind: e.Kind, Slug: e.Slug, Name: e.Name, URL: e.URL}
}

func refs(es []*site.Entity) []EntityRef {
	out := make([]EntityRef, len(es))
	for i, e := range es {
		out[i] = ref(e)
	}
	return out
}

// An EntityItem is an entity as an index or a list of the most covered
// shows it.
type EntityItem struct {
	Kind    content.Kind
	Slug    content.Slug
	Name    string
	URL     string
	Count   int    // the briefs naming it
	Summary string // its profile's summary key, "" without one
	Role    string // an actor's role, "" without one
}

func entityItem(e *site.Entity) EntityItem {
	it := EntityItem{Kind: e.Kind, Slug: e.Slug, Name: e.Name, URL: e.URL, Count: len(e.Briefs)}
	if e.Profile != nil {
		it.Summary, it.Role = e.Profile.Summary, e.Profile.Role
	}
	return it
}

func entityItems(es []*site.Entity) []EntityItem {
	out := make([]EntityItem, len(es))
	for i, e := range es {
		out[i] = entityItem(e)
	}
	return out
}

// A RelatedView is an entity another appears with, in Count briefs.
type RelatedView struct {
	Kind  content.Kind
	Slug  content.Slug
	Name  string
	URL   string
	Count int
}

// EntryView is what the "entry" partial receives: one line of a timeline.
type EntryView struct {
	Date  time.Time
	Title string
	Brief *BriefView
	Event bool // an event the brief mentions, not the brief itself
	Index int  // for events, the index in Brief.Events
}

// EntityView is an entity with its rendered profile, on its own page.
type EntityView struct {
	Kind    content.Kind
	Slug    content.Slug
	Name    string
	URL     string
	Role    string     // an actor's role, from its profile
	Code    string     // a country's ISO code, from its profile
	Country *EntityRef // an actor's country, nil without one
	Body    template.HTML
	Summary string
	Briefs  []*BriefView // newest first; see also BriefItems and Years
	Related []RelatedView

	e       *site.Entity
	aliases []string
	index   int // in Converted.entityViews
}

func newEntityView(e *site.Entity, body template.HTML, index int) *EntityView {
	v := &EntityView{Kind: e.Kind, Slug: e.Slug, Name: e.Name, URL: e.URL, Body: body, e: e, index: index}
	if p := e.Profile; p != nil {
		v.Role, v.Code = p.Role, p.Code
		for _, a := range p.Aliases {
			v.aliases = append(v.aliases, a.Name)
		}
	}
	if e.Country != nil {
		c := ref(e.Country)
		v.Country = &c
	}
	for _, r := range e.Related {
		v.Related = append(v.Related, RelatedView{Kind: r.Kind, Slug: r.Slug, Name: r.Name, URL: r.URL, Count: r.Count})
	}
	return v
}

// Aliases returns the other names of the entity.
func (v *EntityView) Aliases() []string { return v.aliases }

// BriefItems stands for the Item of every brief naming the entity, newest
// first; see Splicing.
func (v *EntityView) BriefItems() template.HTML { return marker(fragItems, v.index) }

// Timeline stands for the rendered entries of the entity's timeline, oldest
// first; see Splicing.
func (v *EntityView) Timeline() template.HTML {
	if len(v.e.Timeline) == 0 {
		return ""
	}
	return marker(fragTimeline, v.index)
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
	Entities []EntityItem

	es []*site.Entity
}

// ListView is the index of one kind.
type ListView struct {
	Kind     content.Kind
	Entities []EntityItem

	es []*site.Entity
}

// TimelineYear and TimelineMonth group the rendered entries of the timeline page.
type TimelineYear struct {
	Year   int
	Months []TimelineMonth
}

type TimelineMonth struct {
	Month   time.Month
	ID      string        // fragment id: "2023-04"
	Entries template.HTML // the rendered entries, newest first, joined
}

// HomeBriefs and HomeTop are how many briefs and entities per kind the home page lists.
const (
	HomeBriefs = 10
	HomeTop    = 8
)
