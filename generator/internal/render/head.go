package render

import (
	"html/template"

	"github.com/sitrep-dev/sitrep/generator/internal/content"
	"github.com/sitrep-dev/sitrep/generator/internal/feed"
	"github.com/sitrep-dev/sitrep/generator/internal/jsonld"
)

// This file holds what the <head> of a page says about it: OpenGraph type
// and locale, the feeds it offers, and its JSON-LD (package jsonld).

// MetaDescriptionLimit is how many bytes of a summary the description
// tags and JSON-LD keep (cut at a word): search engines show about 160
// characters, and the tags repeat it.
const MetaDescriptionLimit = 200

// fill computes the <head> fields and Nav of a page whose view is set.
func (d *PageData) fill() {
	s := d.site
	h := d
	h.MetaDescription = content.Cut(d.Description, MetaDescriptionLimit)
	h.OGType = "website"
	if d.Kind == "brief" {
		h.OGType = "article"
	}
	h.Locale, h.Image = content.OGLocale(s.Language), s.Image
	if d.Brief != nil {
		h.Image = d.Brief.b.Image.URL // the site's image unless the brief has one (see build)
	} else if d.Entity != nil && d.Entity.e.Profile != nil {
		h.Image = d.Entity.e.Profile.Image.URL
	}
	h.FeedTitle = s.Title
	switch {
	case d.Kind == "home":
		h.FeedPath = feed.FeedFile
	case d.Entity != nil:
		h.FeedPath = d.Entity.e.Path + feed.FeedFile
		h.FeedTitle = d.Entity.Name + " · " + s.Title
	}
	if h.FeedPath != "" {
		h.FeedURL = s.URL(h.FeedPath)
	}
	if d.Brief != nil {
		h.Published, h.Modified = feed.Stamp(d.Brief.Date), feed.Stamp(d.Brief.b.Modified())
	}
	d.Nav = NavView{Site: d.Site}
	switch d.Kind {
	case "home", "timeline", "search":
		d.Nav.Section = d.Kind
	case "list":
		d.Nav.Section = d.List.Kind.Plural()
	}
}

// JSONLD is the page's structured data, encoded (package jsonld): a
// NewsArticle on briefs, a Person, Organization, Country or DefinedTerm on
// entity pages, a WebSite on the home page, "" elsewhere. The template
// writes it with <script type="application/ld+json">{{.}}</script>.
func (d *PageData) JSONLD() template.JS {
	switch {
	case d.Brief != nil:
		return jsonld.Brief(d.ldRefs, d.site, d.Brief.b, d.MetaDescription, d.Canonical)
	case d.Entity != nil:
		v := d.Entity
		return jsonld.Entity(d.ldRefs, d.site, v.e, v.Aliases(), content.Cut(v.Summary, MetaDescriptionLimit), d.site.AbsURL(v.e.Path)) // the entity is at its first page
	case d.Kind == "home":
		return jsonld.Home(d.ldRefs, d.site, d.Canonical)
	}
	return ""
}

// BriefYear is the briefs of one year on an entity page.
type BriefYear struct {
	Year  int
	Count int
	Items template.HTML // the Item of each brief, newest first, joined
}
