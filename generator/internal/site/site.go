// Package site builds the in-memory model of a briefing site from the
// content corpus: one Brief per published brief, one Entity per actor,
// country and topic, and the indexes between them (the briefs that name an
// entity, who appears with whom, timelines, neighbours in time). It does no
// I/O; every derived list that a page shows is computed here once.
package site

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/cases"

	"github.com/sitrep-dev/sitrep/generator/internal/content"
	"github.com/sitrep-dev/sitrep/generator/internal/diag"
	"github.com/sitrep-dev/sitrep/generator/internal/parallel"
)

// Options are the build settings that shape the model.
type Options struct {
	BaseURL string    // overrides site.yaml's base_url when set
	Drafts  bool      // include briefs marked draft
	Now     time.Time // the build time; briefs dated after it get a warning (zero: no check)
}

// DefaultPaginate is how many briefs a page of an entity's list holds
// when site.yaml does not say (paginate:).
const DefaultPaginate = 50

// ReservedSlug is the slug no entity may have: the index of a kind by
// number of briefs is at /actors/by-count/ (package paging).
const ReservedSlug = "by-count"

// RelatedLimit is how many co-appearing entities an entity page lists.
const RelatedLimit = 12

// Site is the model of the whole site.
type Site struct {
	Title       string
	Description string
	Language    string
	BaseURL     string // as configured, ends in '/'
	BasePath    string // the path part of BaseURL: "/" or "/briefing/"
	UnsafeHTML  bool
	Image       string // the default og:image, resolved by the build (site.yaml's image:)
	Paginate    int    // briefs per page of an entity's list (site.yaml paginate, else DefaultPaginate)

	Briefs   []*Brief                      // newest first
	Entities [len(content.Kinds)][]*Entity // per kind, by name
	Timeline []*Year                       // newest first
	Profiles []*content.Profile

	byName   [len(content.Kinds)]map[string]*Entity // folded name or alias → entity
	resolved map[string]*Entity                     // what Resolve gives for each name as written in the content
	names    []string                               // every name and alias, for suggestions
}

// A Brief is a published brief with its links resolved.
type Brief struct {
	*content.Brief
	Path     string // output path of its page: briefs/<slug>/
	URL      string // root-relative URL with the base path
	Entities [len(content.Kinds)][]*Entity
	Older    *Brief   // the previous brief in time, nil for the oldest
	Newer    *Brief   // the next brief in time, nil for the newest
	Related  []*Brief // the briefs most like it, most alike first (see RelatedBriefs)

	members []int32 // the index of each of its entities (link)
	index   int32   // in the site's briefs (link)
}

// Actors returns the brief's actors; likewise Countries and Topics.
func (b *Brief) Actors() []*Entity    { return b.Entities[content.Actor] }
func (b *Brief) Countries() []*Entity { return b.Entities[content.Country] }
func (b *Brief) Topics() []*Entity    { return b.Entities[content.Topic] }

// An Entity is an actor, country or topic: named in briefs, profiled, or both.
type Entity struct {
	Kind     content.Kind
	Slug     content.Slug
	Name     string // canonical: the profile's name, else the first spelling met
	Path     string // actors/<slug>/
	URL      string
	Profile  *content.Profile // nil when the entity has no profile
	Country  *Entity          // an actor's country, from its profile
	Briefs   []*Brief         // every brief naming it, newest first
	Related  []Related        // the entities it most often appears with
	Timeline []Entry          // its briefs and their events, oldest first

	first ref    // where the entity was first named, for messages
	key   string // folded name, for matching
	sort  string // folded name without diacritics, for sorting: "Émile" among the E
	index int32  // in the site's list of all entities, actors first (link)
}

type ref struct {
	file string
	pos  diag.Pos
}

func (r ref) String() string {
	if r.pos.Line == 0 {
		return r.file
	}
	return fmt.Sprintf("%s:%d:%d", r.file, r.pos.Line, r.pos.Col)
}

// Related is an entity that appears in Count briefs together with another.
type Related struct {
	*Entity
	Count int
}

// An Entry is one line of a timeline: a brief, or an event a brief mentions.
type Entry struct {
	Date  time.Time
	Title string
	Brief *Brief
	Event bool
	Index int // for events, the index in Brief.Events
}

// Year and Month group the site timeline.
type Year struct {
	Year   int
	Months []*Month
}

type Month struct {
	Month   time.Month
	Entries []Entry
}

// ID returns the fragment id of the month on the timeline page: "2023-04".
func (m *Month) ID(year int) string { return fmt.Sprintf("%04d-%02d", year, int(m.Month)) }

// builder holds the state of one Build.
type builder struct {
	s      *Site
	diags  diag.List
	fold   cases.Caser
	keys   map[string]string // foldKey by name: a name is mentioned by many briefs
	bySlug [len(content.Kinds)]map[content.Slug]*Entity
	// byRaw finds the entity of a name as written, once found: one lookup
	// per mention instead of two (names are all given by then)
	byRaw [len(content.Kinds)]map[string]*Entity
}

// Build makes the model of a corpus. Problems that span files (duplicate
// URLs, names claimed twice) are reported here.
func Build(c *content.Corpus, opt Options) (*Site, diag.List) {
	base := cmp.Or(opt.BaseURL, c.Site.BaseURL)
	s := &Site{
		Title:       c.Site.Title,
		Description: c.Site.Description,
		Language:    cmp.Or(c.Site.Language, "en"),
		BaseURL:     content.NormalizeBaseURL(base),
		BasePath:    basePath(base),
		UnsafeHTML:  c.Site.UnsafeHTML,
		Paginate:    cmp.Or(c.Site.Paginate, DefaultPaginate),
		Profiles:    c.Profiles,
	}
	b := &builder{s: s, fold: cases.Fold(), keys: map[string]string{}}
	for _, k := range content.Kinds {
		s.byName[k] = map[string]*Entity{}
		b.bySlug[k] = map[content.Slug]*Entity{}
		b.byRaw[k] = map[string]*Entity{}
	}
	// sort the inputs, so that which of two clashing names is "first" never
	// depends on the order files were read in
	byFile := func(a, b string) int { return strings.Compare(a, b) }
	profiles := slices.SortedFunc(slices.Values(c.Profiles), func(a, b *content.Profile) int { return byFile(a.File, b.File) })
	briefs := slices.SortedFunc(slices.Values(c.Briefs), func(a, b *content.Brief) int { return byFile(a.File, b.File) })
	for _, p := range profiles {
		b.addProfile(p)
	}
	b.addBriefs(briefs, opt)
	for _, p := range c.Profiles {
		if p.Kind == content.Actor && p.Country.Name != "" {
			if e := s.byName[p.Kind][b.key(p.Name)]; e != nil && e.Profile == p {
				e.Country = b.entity(content.Country, p.Country.Name, ref{p.File, p.Country.Pos})
			}
		}
	}
	b.link()
	// the names of the front matter are those the bodies mostly link to:
	// resolved once here, they are not folded again for every link
	s.resolved = make(map[string]*Entity, len(b.keys))
	for name, key := range b.keys {
		if e := s.resolve(key); e != nil {
			s.resolved[name] = e
		}
	}
	countryOf := map[*Entity]bool{} // countries that a named actor belongs to
	for _, a := range s.Entities[content.Actor] {
		if a.Country != nil && len(a.Briefs) > 0 {
			countryOf[a.Country] = true
		}
	}
	for _, k := range content.Kinds {
		for _, e := range s.Entities[k] {
			if e.Profile != nil && len(e.Briefs) == 0 && !countryOf[e] {
				b.diags.Warnf(e.Profile.File, e.Profile.NamePos, "%s %q is named in no brief", k, e.Name)
			}
		}
	}
	return s, b.diags
}

func (b *builder) key(name string) string {
	k, ok := b.keys[name]
	if !ok {
		k = foldKey(b.fold, name)
		b.keys[name] = k
	}
	return k
}

func (b *builder) addProfile(p *content.Profile) {
	k := p.Kind
	if other := b.bySlug[k][p.Slug]; other != nil {
		b.diags.Errorf(p.File, diag.Pos{}, "%s profiles %s and %s both give the URL /%s/%s/", k, other.first.file, p.File, k.Plural(), p.Slug)
		return
	}
	e := &Entity{Kind: k, Slug: p.Slug, Name: p.Name, Profile: p, first: ref{p.File, p.NamePos}, key: b.key(p.Name)}
	b.bySlug[k][p.Slug] = e
	b.s.Entities[k] = append(b.s.Entities[k], e)
	names := append([]content.Ref{{Name: p.Name, Pos: p.NamePos}}, p.Aliases...)
	for _, n := range names {
		key := b.key(n.Name)
		if other := b.s.byName[k][key]; other != nil && other != e {
			b.diags.Errorf(p.File, n.Pos, "%q is already a name or alias of %s %q in %s", n.Name, k, other.Name, other.first.file)
			continue
		}
		if b.s.byName[k][key] == nil {
			b.s.names = append(b.s.names, n.Name)
		}
		b.s.byName[k][key] = e
	}
}

// entity returns the entity of kind k named name, creating one when no
// profile or earlier brief knows it.
func (b *builder) entity(k content.Kind, name string, at ref) *Entity {
	if e := b.byRaw[k][name]; e != nil {
		return e
	}
	key := b.key(name)
	if e := b.s.byName[k][key]; e != nil {
		b.byRaw[k][name] = e
		return e
	}
	slug, err := content.ParseSlug(name)
	if err != nil {
		b.diags.Errorf(at.file, at.pos, "%s name %q %v", k, name, err)
		return nil
	}
	if other := b.bySlug[k][slug]; other != nil {
		b.diags.Errorf(at.file, at.pos, "%s %q and %q (%s) both give the URL /%s/%s/: use one spelling, or make one an alias in a profile",
			k, name, other.Name, other.first, k.Plural(), slug)
		return nil
	}
	e := &Entity{Kind: k, Slug: slug, Name: name, first: at, key: key}
	b.bySlug[k][slug] = e
	b.s.byName[k][key] = e
	b.byRaw[k][name] = e
	b.s.names = append(b.s.names, name)
	b.s.Entities[k] = append(b.s.Entities[k], e)
	return e
}

func (b *builder) addBriefs(briefs []*content.Brief, opt Options) {
	bySlug := map[content.Slug]*Brief{}
	for _, cb := range briefs {
		if cb.Draft && !opt.Drafts {
			continue
		}
		if cb.Slug == "" {
			continue // already reported by content
		}
		// a brief with front-matter errors (a bad date, say) stays in the
		// model, so that the problems of its body are reported too; a corpus
		// with errors is never published
		if !opt.Now.IsZero() && cb.Date.After(opt.Now) {
			b.diags.Warnf(cb.File, cb.DatePos, "dated %s, in the future", cb.Date.Format(time.DateOnly))
		}
		if other := bySlug[cb.Slug]; other != nil {
			b.diags.Errorf(cb.File, cb.SlugPos, "briefs %s and %s both give the URL /briefs/%s/ (set slug: in one of them)", other.File, cb.File, cb.Slug)
			continue
		}
		br := &Brief{Brief: cb, Path: "briefs/" + string(cb.Slug) + "/"}
		br.URL = b.s.URL(br.Path)
		bySlug[cb.Slug] = br
		for _, k := range content.Kinds {
			for _, r := range cb.Refs[k] {
				e := b.entity(k, r.Name, ref{cb.File, r.Pos})
				if e == nil {
					continue
				}
				if slices.Contains(br.Entities[k], e) {
					b.diags.Warnf(cb.File, r.Pos, "%s %q is listed twice", k, e.Name)
					continue
				}
				br.Entities[k] = append(br.Entities[k], e) // e.Briefs is filled in by link, in order
			}
		}
		b.s.Briefs = append(b.s.Briefs, br)
	}
}

// newestFirst orders briefs by date, newest first, then by title and slug so
// that the order never depends on input order.
func newestFirst(a, b *Brief) int {
	// not cmp.Or, which compares every pair of strings even when the
	// dates differ: a tenth of the model's time
	if c := b.Date.Compare(a.Date); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Title, b.Title); c != 0 {
		return c
	}
	return cmp.Compare(a.Slug, b.Slug)
}

// link computes every derived list: order, neighbours, related entities
// and briefs, and timelines.
func (b *builder) link() {
	s := b.s
	slices.SortFunc(s.Briefs, newestFirst)
	for i, br := range s.Briefs {
		br.index = int32(i)
		if i > 0 {
			br.Newer = s.Briefs[i-1]
		}
		if i+1 < len(s.Briefs) {
			br.Older = s.Briefs[i+1]
		}
	}
	for _, k := range content.Kinds {
		for _, e := range s.Entities[k] {
			e.sort = sortKey(e.key)
		}
		slices.SortFunc(s.Entities[k], func(x, y *Entity) int {
			return cmp.Or(cmp.Compare(x.sort, y.sort), cmp.Compare(x.key, y.key), cmp.Compare(x.Slug, y.Slug))
		})
		for _, e := range s.Entities[k] {
			if e.Slug == ReservedSlug {
				b.diags.Errorf(e.first.file, e.first.pos, "%s %q gives the URL /%s/%s/, which the index by number of briefs takes: name it otherwise",
					k, e.Name, k.Plural(), e.Slug)
			}
			e.Path = k.Plural() + "/" + string(e.Slug) + "/"
			e.URL = s.URL(e.Path)
		}
	}
	var all []*Entity
	for _, k := range content.Kinds {
		all = append(all, s.Entities[k]...)
	}
	for i, e := range all {
		e.index = int32(i)
	}
	// each entity's briefs, newest first, and its timeline, oldest first,
	// by walking the site's sorted lists once: no sort per entity
	n := make([]int, len(all))
	for _, br := range s.Briefs {
		for _, k := range content.Kinds {
			for _, e := range br.Entities[k] {
				n[e.index]++
			}
		}
	}
	for i, e := range all {
		e.Briefs = make([]*Brief, 0, n[i])
	}
	// per brief, the indexes of its entities, so that counting who appears
	// with whom is a walk over small slices into a dense array
	for _, br := range s.Briefs {
		br.members = br.members[:0]
		for _, k := range content.Kinds {
			for _, e := range br.Entities[k] {
				br.members = append(br.members, e.index)
				e.Briefs = append(e.Briefs, br)
			}
		}
	}
	entries := timeline(s.Briefs)
	for i, e := range all {
		e.Timeline = make([]Entry, 0, n[i]+n[i]/2)
	}
	for _, en := range entries {
		for _, o := range en.Brief.members {
			all[o].Timeline = append(all[o].Timeline, en)
		}
	}
	type scratch struct {
		counts  []int32
		touched []int32
	}
	pool := sync.Pool{New: func() any { return &scratch{counts: make([]int32, len(all))} }}
	parallel.For(len(all), func(i int) {
		e := all[i]
		sc := pool.Get().(*scratch)
		defer pool.Put(sc)
		sc.touched = sc.touched[:0]
		for _, br := range e.Briefs {
			for _, o := range br.members {
				if o == int32(i) {
					continue
				}
				if sc.counts[o] == 0 {
					sc.touched = append(sc.touched, o)
				}
				sc.counts[o]++
			}
		}
		e.Related = related(all, sc.touched, sc.counts)
		for _, o := range sc.touched {
			sc.counts[o] = 0
		}
	})
	s.relateBriefs(all)
	s.Timeline = groupTimeline(entries)
}

// Modified is the date of the brief's last revision: updated, else date.
func (b *Brief) Modified() time.Time {
	if b.Updated.After(b.Date) {
		return b.Updated
	}
	return b.Date
}
