package render

import (
	"html/template"
	"slices"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep/generator/internal/content"
	"github.com/sitrep-dev/sitrep/generator/internal/items"
	"github.com/sitrep-dev/sitrep/generator/internal/site"
)

// partKey is the key of a brief's partials: its front matter, URL, summary
// and entities, and the partial templates. Partials do not see the body.
func (p *Pass) partKey(v *BriefView) uint64 {
	h := p.ca.hasher()
	h.U64(p.in.Templates["home"])
	h.Str(v.b.File)
	h.U64(p.in.Heads[v.b.File])
	h.Str(v.b.Path)
	h.Str(v.URL)
	h.Str(v.Summary)
	for _, k := range content.Kinds {
		h.Int(len(v.b.Entities[k]))
		for _, e := range v.b.Entities[k] {
			h.Str(e.Name)
			h.Str(e.URL)
		}
	}
	return h.Sum()
}

// listKey is the key of what a brief shows where it is listed: its partial
// key and the partials themselves.
func (p *Pass) listKey(b *site.Brief) uint64 {
	h := p.ca.hasher()
	h.U64(p.partKeys[b])
	if e := p.ca.parts[b.File]; e != nil {
		h.U64(e.out)
	}
	return h.Sum()
}

// BriefView is a brief as its page and every list show it: no body, no
// neighbours (see PageData).
type BriefView struct {
	Title   string
	Date    time.Time
	Updated time.Time
	Draft   bool
	URL     string
	Events  []items.EventView

	// Dates as pages print them, formatted once: a field costs a template
	// less than {{date .Date}}. DateISO is 2006-01-02 (for datetime=),
	// DateText 2 January 2006; the Updated pair is "" when never updated.
	DateISO, DateText, UpdatedISO, UpdatedText string

	Summary string // the summary key, else the first paragraph
	Sources []items.SourceView

	Item         template.HTML   // the "briefitem" partial for this brief
	Entry        template.HTML   // the "entry" partial for this brief on a timeline
	EventEntries []template.HTML // the "entry" partial for each of its events

	b     *site.Brief
	body  template.HTML           // until its page is rendered
	chips map[*site.Entity]string // the "chip" partial of every entity
}

// Actors returns the brief's actors; likewise Countries and Topics.
func (v *BriefView) Actors() []items.EntityRef    { return items.Refs(v.b.Entities[content.Actor]) }
func (v *BriefView) Countries() []items.EntityRef { return items.Refs(v.b.Entities[content.Country]) }
func (v *BriefView) Topics() []items.EntityRef    { return items.Refs(v.b.Entities[content.Topic]) }

// Named is the first NamedLimit entities the brief names, actors first,
// for compact lists (the timeline); NamedMore is how many more it names.
func (v *BriefView) Named() []items.EntityRef {
	all := slices.Concat(v.b.Entities[:]...)
	return items.Refs(all[:min(len(all), NamedLimit)])
}

func (v *BriefView) NamedMore() int { return max(len(slices.Concat(v.b.Entities[:]...))-NamedLimit, 0) }

// NamedLimit is how many entities an entry of the timeline names.
const NamedLimit = 4

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

// EntryView is what the "entry" partial receives: one line of a timeline.
type EntryView struct {
	Date  time.Time
	Title string
	Brief *BriefView
	Event bool // an event the brief mentions, not the brief itself
	Index int  // for events, the index in Brief.Events
}
