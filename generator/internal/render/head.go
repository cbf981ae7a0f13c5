package render

import (
	"cmp"
	"html/template"
	"strings"
	"sync"
	"time"

	"sitrep/generator/internal/content"
	"sitrep/generator/internal/feed"
	"sitrep/generator/internal/search"
	"sitrep/generator/internal/site"
)

// This file holds what the <head> of a page says about it: OpenGraph type
// and locale, the feeds it offers, and its JSON-LD. JSON-LD is encoded here
// with '<', '>' and '&' escaped, as encoding/json writes it, and given to the
// template as template.JS, so no string from content can end the script
// element.

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
	h.Locale = strings.ReplaceAll(s.Language, "-", "_")
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
		d.Nav.Section = strings.TrimSuffix(d.Path, "/")
	}
}

// ldThing is a schema.org item as JSON-LD. Context is set on the top item only.
type ldThing struct {
	Context       string     `json:"@context,omitempty"`
	Type          string     `json:"@type"`
	Name          string     `json:"name,omitempty"`
	AlternateName []string   `json:"alternateName,omitempty"`
	Headline      string     `json:"headline,omitempty"`
	Description   string     `json:"description,omitempty"`
	URL           string     `json:"url,omitempty"`
	MainEntity    string     `json:"mainEntityOfPage,omitempty"`
	Identifier    string     `json:"identifier,omitempty"`
	JobTitle      string     `json:"jobTitle,omitempty"`
	Nationality   *ldThing   `json:"nationality,omitempty"`
	InLanguage    string     `json:"inLanguage,omitempty"`
	DatePublished string     `json:"datePublished,omitempty"`
	DateModified  string     `json:"dateModified,omitempty"`
	Author        *ldThing   `json:"author,omitempty"`
	Publisher     *ldThing   `json:"publisher,omitempty"`
	About         []*ldThing `json:"about,omitempty"`
	Mentions      []*ldThing `json:"mentions,omitempty"`
	Citation      []*ldThing `json:"citation,omitempty"`

	// raw, when set, is the item already encoded, written as it is: the
	// reference to an entity, the same on every brief naming it, is
	// encoded once per build (see ldRefs)
	raw []byte
}

// ldRefs holds the encoded JSON-LD references of a build, made once: the
// site's Organization and every entity.
type ldRefs struct {
	org      *ldThing
	entities map[*site.Entity]*ldThing // read-only once made
}

func newLDRefs(s *site.Site) *ldRefs {
	r := &ldRefs{entities: map[*site.Entity]*ldThing{}}
	r.org = &ldThing{raw: ldRef(s, nil).appendJSON(nil)}
	for _, k := range content.Kinds {
		for _, e := range s.Entities[k] {
			r.entities[e] = &ldThing{raw: ldRef(s, e).appendJSON(nil)}
		}
	}
	return r
}

// ldRef is the reference to e (nil: the site's Organization).
func ldRef(s *site.Site, e *site.Entity) *ldThing {
	if e == nil {
		return &ldThing{Type: "Organization", Name: s.Title, URL: s.AbsURL("")}
	}
	return &ldThing{Type: ldType(e), Name: e.Name, URL: s.AbsURL(e.Path)}
}

// ref returns the reference to e (nil: the site's Organization), encoded
// when r has it.
func (r *ldRefs) ref(s *site.Site, e *site.Entity) *ldThing {
	if r != nil {
		if e == nil {
			return r.org
		}
		if t, ok := r.entities[e]; ok {
			return t
		}
	}
	return ldRef(s, e)
}

const schemaOrg = "https://schema.org"

// appendJSON appends t as JSON, byte for byte as encoding/json writes it
// from the struct tags above (TestJSONLDEncoding holds it to that), without
// reflection: JSON-LD is written for every page.
func (t *ldThing) appendJSON(b []byte) []byte {
	n := 0
	key := func(k string) {
		if n > 0 {
			b = append(b, ',')
		}
		n++
		b = append(b, '"')
		b = append(b, k...)
		b = append(b, '"', ':')
	}
	str := func(k, v string) {
		if v != "" {
			key(k)
			b = search.AppendJSON(b, v)
		}
	}
	obj := func(k string, v *ldThing) {
		if v != nil {
			key(k)
			b = v.appendJSON(b)
		}
	}
	list := func(k string, vs []*ldThing) {
		if len(vs) > 0 {
			key(k)
			for i := range vs {
				b = append(b, "[,"[min(i, 1)])
				b = vs[i].appendJSON(b)
			}
			b = append(b, ']')
		}
	}
	if t.raw != nil {
		return append(b, t.raw...)
	}
	b = append(b, '{')
	str("@context", t.Context)
	key("@type")
	b = search.AppendJSON(b, t.Type)
	str("name", t.Name)
	if len(t.AlternateName) > 0 {
		key("alternateName")
		for i, a := range t.AlternateName {
			b = append(b, "[,"[min(i, 1)])
			b = search.AppendJSON(b, a)
		}
		b = append(b, ']')
	}
	str("headline", t.Headline)
	str("description", t.Description)
	str("url", t.URL)
	str("mainEntityOfPage", t.MainEntity)
	str("identifier", t.Identifier)
	str("jobTitle", t.JobTitle)
	obj("nationality", t.Nationality)
	str("inLanguage", t.InLanguage)
	str("datePublished", t.DatePublished)
	str("dateModified", t.DateModified)
	obj("author", t.Author)
	obj("publisher", t.Publisher)
	list("about", t.About)
	list("mentions", t.Mentions)
	list("citation", t.Citation)
	return append(b, '}')
}

// ldType is the schema.org type of an entity: Person for actors unless
// their profile says type: organization, Country, DefinedTerm for topics.
func ldType(e *site.Entity) string {
	switch e.Kind {
	case content.Actor:
		if e.Profile != nil && e.Profile.Type == content.Organization {
			return "Organization"
		}
		return "Person"
	case content.Country:
		return "Country"
	}
	return "DefinedTerm"
}

// JSONLD is the page's structured data, encoded: a NewsArticle on
// briefs, a Person, Organization, Country or DefinedTerm on entity pages, a
// WebSite on the home page, "" elsewhere. The template writes it with
// <script type="application/ld+json">{{.}}</script>. It is JSON with '<',
// '>', '&', U+2028 and U+2029 escaped, so no text from content can end the
// script element: the very bytes html/template would write for the Go value,
// which it would encode a second time.
func (d *PageData) JSONLD() template.JS {
	ld := d.jsonLD()
	if ld == nil {
		return ""
	}
	buf := jsonBufs.Get().(*[]byte)
	*buf = ld.appendJSON((*buf)[:0])
	js := template.JS(*buf)
	jsonBufs.Put(buf)
	return js
}

// jsonBufs are the buffers JSON-LD is encoded into before it is copied
// into a string of its size.
var jsonBufs = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

func (d *PageData) jsonLD() *ldThing {
	s := d.site
	org := d.ldRefs.ref(s, nil)
	switch {
	case d.Brief != nil:
		v := d.Brief
		b := v.b
		ld := &ldThing{Context: schemaOrg, Type: "NewsArticle", Headline: b.Title, Description: d.MetaDescription,
			URL: d.Canonical, MainEntity: d.Canonical, InLanguage: s.Language,
			DatePublished: feed.Stamp(b.Date), DateModified: feed.Stamp(b.Modified()), Author: org, Publisher: org}
		n := 0
		for _, k := range content.Kinds {
			n += len(b.Entities[k])
		}
		refs := make([]*ldThing, 0, n) // About and Mentions share it
		for _, k := range content.Kinds {
			start := len(refs)
			for _, e := range b.Entities[k] {
				refs = append(refs, d.ldRefs.ref(s, e))
			}
			if k == content.Topic {
				ld.About = refs[start:len(refs):len(refs)]
			} else if len(refs) > start {
				ld.Mentions = refs[:len(refs):len(refs)]
			}
		}
		for _, src := range b.Sources {
			ld.Citation = append(ld.Citation, &ldThing{Type: "CreativeWork", Name: cmp.Or(src.Name, src.URL), URL: src.URL,
				DatePublished: dateOnly(src.Date)})
		}
		return ld
	case d.Entity != nil:
		v := d.Entity
		e := v.e
		ld := &ldThing{Context: schemaOrg, Type: ldType(e), Name: e.Name, AlternateName: v.Aliases(),
			Description: content.Cut(v.Summary, MetaDescriptionLimit), URL: d.Canonical, MainEntity: d.Canonical}
		if p := e.Profile; p != nil {
			ld.Identifier = p.Code
			if ld.Type == "Person" {
				ld.JobTitle = p.Role
			}
		}
		if c := e.Country; c != nil && ld.Type == "Person" {
			ld.Nationality = &ldThing{Type: "Country", Name: c.Name, URL: s.AbsURL(c.Path)}
		}
		return ld
	case d.Kind == "home":
		return &ldThing{Context: schemaOrg, Type: "WebSite", Name: s.Title, Description: s.Description,
			URL: d.Canonical, InLanguage: s.Language, Publisher: org}
	}
	return nil
}

func dateOnly(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// BriefYear is the briefs of one year on an entity page.
type BriefYear struct {
	Year  int
	Count int
	Items template.HTML // the Item of each brief, newest first, joined
}

// Years groups the entity's briefs by year, newest first, for a list with
// a heading per year. Items stands for the joined items, as BriefItems
// does (see Splicing): a page costs what it lists, and nothing is copied
// twice.
func (e *EntityView) Years() []BriefYear {
	var years []BriefYear
	start := 0
	for i, v := range e.Briefs {
		if y := v.Date.Year(); len(years) == 0 || years[len(years)-1].Year != y {
			if len(years) > 0 {
				years[len(years)-1].Items = yearMarker(e.index, start, i)
			}
			years = append(years, BriefYear{Year: y})
			start = i
		}
		years[len(years)-1].Count++
	}
	if len(years) > 0 {
		years[len(years)-1].Items = yearMarker(e.index, start, len(e.Briefs))
	}
	return years
}
