package render

import (
	"html/template"

	"github.com/sitrep-dev/sitrep/generator/internal/content"
	"github.com/sitrep-dev/sitrep/generator/internal/coverage"
	"github.com/sitrep-dev/sitrep/generator/internal/hashkey"
	"github.com/sitrep-dev/sitrep/generator/internal/items"
	"github.com/sitrep-dev/sitrep/generator/internal/paging"
	"github.com/sitrep-dev/sitrep/generator/internal/site"
	"github.com/sitrep-dev/sitrep/generator/internal/splice"
)

// entityBrief hashes how an entity shows in lists. It only reads the pass
// (Convert keys every entity first), so pages are keyed on every core.
func (p *Pass) entityBrief(h *hashkey.Hash, e *site.Entity) {
	k, ok := p.entKeys[e]
	if !ok {
		k = p.entityListKey(e)
	}
	h.U64(k)
}

func (p *Pass) entityListKey(e *site.Entity) uint64 {
	h := p.ca.hasher()
	h.Int(int(e.Kind))
	h.Str(string(e.Slug))
	h.Str(e.Name)
	h.Str(e.URL)
	h.Int(len(e.Briefs))
	if e.Profile != nil {
		h.Str(e.Profile.File)
		h.U64(p.in.Heads[e.Profile.File])
	}
	return h.Sum()
}

func (p *Pass) entityKey(v *EntityView) uint64 {
	e := v.e
	h := p.ca.hasher()
	p.entityBrief(&h, e)
	h.Str(e.Path)
	h.Str(v.Summary)
	if e.Profile != nil && v.from == 0 { // the body is on the first page only
		h.U64(p.bodyKey(e.Profile.File))
	}
	if e.Country != nil {
		p.entityBrief(&h, e.Country)
	}
	h.Int(v.from)
	for _, b := range v.Briefs { // the page's, not all
		h.U64(p.listKeys[b.b])
	}
	h.Int(len(e.Related))
	for _, r := range e.Related {
		p.entityBrief(&h, r.Entity)
		h.Int(r.Count)
	}
	v.Coverage.Hash(&h) // its briefs' dates say as much, unless a page lists only some
	return h.Sum()
}

// EntityView is an entity with its rendered profile, on one page of its
// list of briefs: Briefs are the page's, Total counts them all, and Body
// is on the first page only.
type EntityView struct {
	Kind    content.Kind
	Slug    content.Slug
	Name    string
	URL     string
	Role    string           // an actor's role, from its profile
	Code    string           // a country's ISO code, from its profile
	Country *items.EntityRef // an actor's country, nil without one
	Body    template.HTML
	Summary string
	Briefs  []*BriefView // the page's, newest first; see also BriefItems and Years
	Total   int          // the briefs naming the entity, on every page
	Related []items.RelatedView
	// Coverage is its briefs per year, for a chart; nil without briefs
	Coverage *coverage.Chart

	e       *site.Entity
	aliases []string
	index   int          // in Converted.entityViews
	all     []*BriefView // every brief naming the entity, newest first
	from    int          // Briefs is all[from:from+len(Briefs)]
	years   []BriefYear
}

// page returns the view of the page showing the briefs of sp: v itself,
// for the first page, where its body is.
func (v *EntityView) page(pg paging.EntityPage) *EntityView {
	pv := v
	if pg.Span.From > 0 {
		c := *v
		pv = &c
		pv.Body = ""
	}
	pv.Briefs, pv.from = v.all[pg.Span.From:pg.Span.To], pg.Span.From
	pv.years = make([]BriefYear, len(pg.Years))
	for i, y := range pg.Years {
		pv.years[i] = BriefYear{Year: y.Year, Count: y.Span.To - y.Span.From, Items: splice.Marker(fragYear, v.index, y.Span.From, y.Span.To)}
	}
	return pv
}

// Years groups the page's briefs by year, newest first, for a list with a
// heading per year. Items stands for the joined items, as BriefItems does
// (see Splicing): a page costs what it lists, and nothing is copied twice.
func (v *EntityView) Years() []BriefYear { return v.years }

func newEntityView(e *site.Entity, body template.HTML, index int) *EntityView {
	v := &EntityView{Kind: e.Kind, Slug: e.Slug, Name: e.Name, URL: e.URL, Body: body, Total: len(e.Briefs), e: e, index: index}
	if p := e.Profile; p != nil {
		v.Role, v.Code = p.Role, p.Code
		for _, a := range p.Aliases {
			v.aliases = append(v.aliases, a.Name)
		}
	}
	if e.Country != nil {
		c := items.Ref(e.Country)
		v.Country = &c
	}
	v.Coverage = coverage.New(e.Briefs)
	for _, r := range e.Related {
		v.Related = append(v.Related, items.RelatedView{Kind: r.Kind, Slug: r.Slug, Name: r.Name, URL: r.URL, Count: r.Count})
	}
	return v
}

// Aliases returns the other names of the entity.
func (v *EntityView) Aliases() []string { return v.aliases }

// BriefItems stands for the Item of every brief of the page, newest
// first; see Splicing.
func (v *EntityView) BriefItems() template.HTML {
	return splice.Marker(fragYear, v.index, v.from, v.from+len(v.Briefs))
}
