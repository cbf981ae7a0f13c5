// Package items holds the closed views of an entity as the pages that
// list it show it: a chip in a brief (EntityRef), an entry of an index or
// of the home page's most covered (EntityItem), an entity another appears
// with (RelatedView). Like every view given to templates, they hold values
// only, never a pointer into the site model (see render's views.go).
package items

import (
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
