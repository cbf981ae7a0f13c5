// Package items holds the closed views of an entity as the pages that
// list it show it: a chip in a brief (EntityRef), an entry of an index or
// of the home page's most covered (EntityItem), an entity another appears
// with (RelatedView); and of a brief's parts: a neighbour (BriefLink), a
// source, an event, and the two date formats of pages. Like every view
// given to templates, they hold values only, never a pointer into the
// site model (see render's views.go).
package items

import (
	"time"

	"github.com/sitrep-dev/sitrep/generator/internal/content"
	"github.com/sitrep-dev/sitrep/generator/internal/site"
)

// An EntityRef is an entity as a brief names it: the "chip" partial's data.
type EntityRef struct {
	Kind content.Kind
	Slug content.Slug
	Name string
	URL  string
}

// Ref is e as a brief names it.
func Ref(e *site.Entity) EntityRef {
	return EntityRef{Kind: e.Kind, Slug: e.Slug, Name: e.Name, URL: e.URL}
}

// Refs is es as a brief names them.
func Refs(es []*site.Entity) []EntityRef {
	out := make([]EntityRef, len(es))
	for i, e := range es {
		out[i] = Ref(e)
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

// Item is e as an index lists it.
func Item(e *site.Entity) EntityItem {
	it := EntityItem{Kind: e.Kind, Slug: e.Slug, Name: e.Name, URL: e.URL, Count: len(e.Briefs)}
	if e.Profile != nil {
		it.Summary, it.Role = e.Profile.Summary, e.Profile.Role
	}
	return it
}

// Items is es as an index lists them.
func Items(es []*site.Entity) []EntityItem {
	out := make([]EntityItem, len(es))
	for i, e := range es {
		out[i] = Item(e)
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

// A BriefLink is a brief as another brief's page links to it, as its
// older or newer neighbour.
type BriefLink struct {
	Title             string
	URL               string
	Date              time.Time
	DateISO, DateText string
}

// Link is b as a neighbour links to it; nil for nil.
func Link(b *site.Brief) *BriefLink {
	if b == nil {
		return nil
	}
	return &BriefLink{Title: b.Title, URL: b.URL, Date: b.Date, DateISO: ISODate(b.Date), DateText: TextDate(b.Date)}
}

// SourceView is a source with its anchor in the brief page.
type SourceView struct {
	ID, Name, URL, Note string
	Date                time.Time
	DateISO, DateText   string // as a brief's; "" without a date
	Anchor              string
}

// EventView is an event of a brief, with its date formatted as
// a brief's.
type EventView struct {
	Date              time.Time
	Title             string
	DateISO, DateText string
}

// ISODate and TextDate are the date formats of pages, "" for no date; the
// template functions isodate and date give the same.
func ISODate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

func TextDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2 January 2006")
}
