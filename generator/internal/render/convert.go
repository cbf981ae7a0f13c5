package render

import (
	"bytes"
	"cmp"
	"html/template"
	"sync"

	"github.com/sitrep-dev/sitrep/generator/internal/content"
	"github.com/sitrep-dev/sitrep/generator/internal/diag"
	"github.com/sitrep-dev/sitrep/generator/internal/items"
	"github.com/sitrep-dev/sitrep/generator/internal/jsonld"
	"github.com/sitrep-dev/sitrep/generator/internal/markdown"
	"github.com/sitrep-dev/sitrep/generator/internal/parallel"
	"github.com/sitrep-dev/sitrep/generator/internal/search"
	"github.com/sitrep-dev/sitrep/generator/internal/site"
	"github.com/sitrep-dev/sitrep/generator/internal/theme"
)

// Converted is a site with every body converted and every partial
// pre-rendered: what pages are made of.
type Converted struct {
	site        *site.Site
	sv          *SiteView // what templates see of site
	t           *theme.Templates
	briefs      map[*site.Brief]*BriefView
	entities    map[*site.Entity]*EntityView
	entityViews []*EntityView        // in the order of markers' indexes
	months      [][]site.Entry       // the timeline page's months, likewise
	ld          *jsonld.Refs         // JSON-LD references, encoded once
	docs        map[string]*docEntry // converted bodies, by file (with the words of each)
	index       *search.Index        // the search index, which a body edit updates
}

func newConverted(s *site.Site, t *theme.Templates) *Converted {
	return &Converted{site: s, sv: newSiteView(s), t: t, briefs: make(map[*site.Brief]*BriefView, len(s.Briefs)), entities: map[*site.Entity]*EntityView{}, ld: jsonld.NewRefs(s)}
}

// listAllBriefs sets SiteView.AllBriefs, once every brief has its view.
func (c *Converted) listAllBriefs() {
	all := make([]*BriefView, len(c.site.Briefs))
	for i, b := range c.site.Briefs {
		all[i] = c.briefs[b]
	}
	c.sv.AllBriefs = all
}

// converters is a pool of markdown converters, one per worker.
func (c *Converted) converters() *sync.Pool {
	return &sync.Pool{New: func() any { return markdown.New(markdown.WithUnsafeHTML(c.site.UnsafeHTML)) }}
}

// newBriefView makes the view of a brief whose body converted to body, with
// summary the first paragraph of the body.
func newBriefView(b *site.Brief, body template.HTML, summary string) *BriefView {
	v := &BriefView{b: b, Title: b.Title, Date: b.Date, Updated: b.Updated, Draft: b.Draft, URL: b.URL,
		body: body, Summary: cmp.Or(b.Summary, summary),
		DateISO: items.ISODate(b.Date), DateText: items.TextDate(b.Date), UpdatedISO: items.ISODate(b.Updated), UpdatedText: items.TextDate(b.Updated)}
	for _, ev := range b.Events {
		v.Events = append(v.Events, items.EventView{Date: ev.Date, Title: ev.Title, DateISO: items.ISODate(ev.Date), DateText: items.TextDate(ev.Date)})
	}
	for _, src := range b.Sources {
		v.Sources = append(v.Sources, items.SourceView{ID: src.ID, Name: src.Name, URL: src.URL, Note: src.Note, Date: src.Date,
			DateISO: items.ISODate(src.Date), DateText: items.TextDate(src.Date), Anchor: markdown.SourceAnchor(src.ID)})
	}
	return v
}

// partialsWith is partials given the chip of every entity (chipMap).
func (c *Converted) partialsWith(views []*BriefView, chips map[*site.Entity]string) diag.List {
	var diags diag.List
	errs := make([]error, len(views))
	parallel.For(len(views), func(i int) { errs[i] = c.briefPartials(views[i], chips) })
	for _, err := range errs {
		if err != nil {
			theme.Diag(&diags, "templates/_partials.html", err)
			break
		}
	}
	return diags
}

// chipMap renders the "chip" partial of every entity, when the theme has one.
func (c *Converted) chipMap() (map[*site.Entity]string, error) {
	if c.t == nil || !c.t.Defines(ChipTemplate) {
		return nil, nil
	}
	var all []*site.Entity
	for _, k := range content.Kinds {
		all = append(all, c.site.Entities[k]...)
	}
	html := make([]string, len(all))
	errs := make([]error, len(all))
	parallel.For(len(all), func(i int) {
		var buf bytes.Buffer
		errs[i] = c.t.Execute(&buf, "home", ChipTemplate, items.Ref(all[i]))
		html[i] = buf.String()
	})
	chips := make(map[*site.Entity]string, len(all))
	for i, e := range all {
		if errs[i] != nil {
			return nil, errs[i]
		}
		chips[e] = html[i]
	}
	return chips, nil
}

// briefPartials renders the chips, list item and timeline entries of one
// brief into its view, and returns the first error.
func (c *Converted) briefPartials(v *BriefView, chips map[*site.Entity]string) error {
	t := c.t
	if t == nil { // templates that did not parse: nothing to render
		return nil
	}
	var first error
	var buf bytes.Buffer
	exec := func(name string, data any) template.HTML {
		buf.Reset()
		if err := t.Execute(&buf, "home", name, data); err != nil && first == nil {
			first = err
		}
		return template.HTML(buf.String()) // #nosec: the output of html/template
	}
	v.chips = chips
	if t.Defines(ItemTemplate) {
		v.Item = exec(ItemTemplate, v)
	}
	if t.Defines(EntryTemplate) {
		v.Entry = exec(EntryTemplate, EntryView{Date: v.Date, Title: v.Title, Brief: v})
		v.EventEntries = make([]template.HTML, len(v.Events))
		for j, ev := range v.Events {
			v.EventEntries[j] = exec(EntryTemplate, EntryView{Date: ev.Date, Title: ev.Title, Brief: v, Event: true, Index: j})
		}
	}
	return first
}
