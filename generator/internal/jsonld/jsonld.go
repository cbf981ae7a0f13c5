// Package jsonld writes the structured data of pages (schema.org items as
// JSON-LD): a NewsArticle for a brief, a Person, Organization, Country or
// DefinedTerm for an entity, a WebSite for the home page. It is JSON with
// '<', '>', '&', U+2028 and U+2029 escaped, given to templates as
// template.JS, so no text from content can end the script element: the
// very bytes html/template would write for the Go value, which it would
// encode a second time.
package jsonld

import (
	"cmp"
	"encoding/json"
	"html/template"
	"time"

	"github.com/sitrep-dev/sitrep/generator/internal/content"
	"github.com/sitrep-dev/sitrep/generator/internal/feed"
	"github.com/sitrep-dev/sitrep/generator/internal/site"
)

// thing is a schema.org item as JSON-LD. Context is set on the top item only.
type thing struct {
	Context       string   `json:"@context,omitempty"`
	Type          string   `json:"@type"`
	Name          string   `json:"name,omitempty"`
	AlternateName []string `json:"alternateName,omitempty"`
	Headline      string   `json:"headline,omitempty"`
	Description   string   `json:"description,omitempty"`
	URL           string   `json:"url,omitempty"`
	MainEntity    string   `json:"mainEntityOfPage,omitempty"`
	Identifier    string   `json:"identifier,omitempty"`
	JobTitle      string   `json:"jobTitle,omitempty"`
	Nationality   *thing   `json:"nationality,omitempty"`
	InLanguage    string   `json:"inLanguage,omitempty"`
	DatePublished string   `json:"datePublished,omitempty"`
	DateModified  string   `json:"dateModified,omitempty"`
	Author        *thing   `json:"author,omitempty"`
	Publisher     *thing   `json:"publisher,omitempty"`
	About         []*thing `json:"about,omitempty"`
	Mentions      []*thing `json:"mentions,omitempty"`
	Citation      []*thing `json:"citation,omitempty"`
}

// Refs holds the JSON-LD references of a build, made once: the site's
// Organization and every entity. Pages given the same Refs share them.
//
// thing has no MarshalJSON method on purpose: encoding/json re-reads
// (compacts) whatever a Marshaler returns, which made a brief's item three
// times slower to encode than plain reflection over the struct
// (BenchmarkEncode).
type Refs struct {
	org      *thing
	entities map[*site.Entity]*thing // read-only once made
}

// NewRefs makes the references of the site's Organization and entities.
func NewRefs(s *site.Site) *Refs {
	r := &Refs{entities: map[*site.Entity]*thing{}}
	r.org = refTo(s, nil)
	for _, k := range content.Kinds {
		for _, e := range s.Entities[k] {
			r.entities[e] = refTo(s, e)
		}
	}
	return r
}

// ldRef is the reference to e (nil: the site's Organization).
func refTo(s *site.Site, e *site.Entity) *thing {
	if e == nil {
		return &thing{Type: "Organization", Name: s.Title, URL: s.AbsURL("")}
	}
	return &thing{Type: typeOf(e), Name: e.Name, URL: s.AbsURL(e.Path)}
}

// ref returns the reference to e (nil: the site's Organization), shared
// when r has it.
func (r *Refs) ref(s *site.Site, e *site.Entity) *thing {
	if r != nil {
		if e == nil {
			return r.org
		}
		if t, ok := r.entities[e]; ok {
			return t
		}
	}
	return refTo(s, e)
}

const schemaOrg = "https://schema.org"

// ldType is the schema.org type of an entity: Person for actors unless
// their profile says type: organization, Country, DefinedTerm for topics.
func typeOf(e *site.Entity) string {
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

// Brief is the structured data of a brief's page: a NewsArticle.
func Brief(r *Refs, s *site.Site, b *site.Brief, description, canonical string) template.JS {
	org := r.ref(s, nil)
	ld := &thing{Context: schemaOrg, Type: "NewsArticle", Headline: b.Title, Description: description,
		URL: canonical, MainEntity: canonical, InLanguage: s.Language,
		DatePublished: feed.Stamp(b.Date), DateModified: feed.Stamp(b.Modified()), Author: org, Publisher: org}
	n := 0
	for _, k := range content.Kinds {
		n += len(b.Entities[k])
	}
	refs := make([]*thing, 0, n) // About and Mentions share it
	for _, k := range content.Kinds {
		start := len(refs)
		for _, e := range b.Entities[k] {
			refs = append(refs, r.ref(s, e))
		}
		if k == content.Topic {
			ld.About = refs[start:len(refs):len(refs)]
		} else if len(refs) > start {
			ld.Mentions = refs[:len(refs):len(refs)]
		}
	}
	for _, src := range b.Sources {
		ld.Citation = append(ld.Citation, &thing{Type: "CreativeWork", Name: cmp.Or(src.Name, src.URL), URL: src.URL,
			DatePublished: dateOnly(src.Date)})
	}
	return ld.encode()
}

// Entity is the structured data of an entity's page: a Person,
// Organization, Country or DefinedTerm.
func Entity(r *Refs, s *site.Site, e *site.Entity, aliases []string, description, canonical string) template.JS {
	ld := &thing{Context: schemaOrg, Type: typeOf(e), Name: e.Name, AlternateName: aliases,
		Description: description, URL: canonical, MainEntity: canonical}
	if p := e.Profile; p != nil {
		ld.Identifier = p.Code
		if ld.Type == "Person" {
			ld.JobTitle = p.Role
		}
	}
	if c := e.Country; c != nil && ld.Type == "Person" {
		ld.Nationality = &thing{Type: "Country", Name: c.Name, URL: s.AbsURL(c.Path)}
	}
	return ld.encode()
}

// Home is the structured data of the home page: a WebSite.
func Home(r *Refs, s *site.Site, canonical string) template.JS {
	return (&thing{Context: schemaOrg, Type: "WebSite", Name: s.Title, Description: s.Description,
		URL: canonical, InLanguage: s.Language, Publisher: r.ref(s, nil)}).encode()
}

// encode encodes t: JSON with '<', '>', '&', U+2028 and U+2029 escaped.
func (t *thing) encode() template.JS {
	return template.JS(mustJSON(t)) // #nosec: JSON with '<', '>' and '&' escaped
}

// mustJSON encodes t, which always encodes: strings and things.
func mustJSON(t *thing) []byte {
	b, err := json.Marshal(t)
	if err != nil {
		panic(err) // a thing holds strings and things only
	}
	return b
}

func dateOnly(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}
