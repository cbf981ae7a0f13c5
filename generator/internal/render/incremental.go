package render

import (
	"cmp"
	"encoding/binary"
	"hash/maphash"
	"html/template"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"
	"sync"

	"sitrep/generator/internal/content"
	"sitrep/generator/internal/diag"
	"sitrep/generator/internal/feed"
	"sitrep/generator/internal/markdown"
	"sitrep/generator/internal/parallel"
	"sitrep/generator/internal/site"
)

// # Incremental rendering
//
// A Cache keeps, between passes over successive versions of a site, what a
// pass can reuse: the converted markdown of every body, the pre-rendered
// partials of every brief, and a key for every page of the last published
// tree. A pass (Cache.Convert, then Pass.Render) redoes only this:
//
//   - a body is converted again when its bytes, file, first line, sources
//     or the site's raw-HTML setting changed, or when one of the names it
//     looked up ([[Name]] links, did-you-mean suggestions) now resolves
//     differently;
//   - a brief's partials (list item, timeline entries, chips) are rendered
//     again when its file, URL, summary, entities or the partial templates
//     changed;
//   - a page is rendered again when the key of its view data changed. The
//     key covers the page's own fields, the file and rendered partials of
//     every brief it shows, the entities it shows, the site settings and the
//     template files of its kind (base.html, the partials and KIND.html).
//     Pages of kinds this file does not know are keyed on the whole site.
//
// When the model and templates are those of the last committed pass and
// only bodies changed, leaving their summaries as they were (the common
// edit), the pass reuses that pass's views and page keys and keys again only
// the pages showing the changed bodies.
//
// The contract this puts on themes: a template reaches briefs and entities
// only through the view it is given (.Brief, .Entity, .List, .Home,
// .Timeline and what they point to), and reaches .Site only for its
// settings (Title, Description, Language, URL). The default theme and the
// test fixture keep to it, and a test compares every incremental pass with a
// full build.

// Inputs tell a pass what its inputs are, as content hashes. A parsed brief
// or profile that did not change must be passed as the same pointer as in
// the previous pass: bodies are reused by pointer.
type Inputs struct {
	Heads     map[string]uint64 // hash of every content file without its body, by slash path (content/briefs/a.md)
	Templates map[string]uint64 // from TemplateKeys
}

// TemplateKeys hashes the theme files each page kind is made of: base.html,
// the partials and KIND.html for each of PageKinds, and under "*" every file
// of templates/, for page kinds it does not know. assets are the static
// names the theme's "asset" function knows (Templates.AssetNames): every
// page depends on them.
func TemplateKeys(fsys fs.FS, assets []string, seed maphash.Seed) map[string]uint64 {
	read := func(name string) []byte {
		b, err := fs.ReadFile(fsys, path.Join(TemplateDir, name))
		if err != nil {
			return []byte("\x00missing") // ParseTemplates reports it
		}
		return b
	}
	var common, all hasher
	common.h.SetSeed(seed)
	all.h.SetSeed(seed)
	common.bytes(read("base.html"))
	for _, a := range assets {
		common.str(a)
		all.str(a)
	}
	entries, _ := fs.ReadDir(fsys, TemplateDir) // a missing folder is reported by ParseTemplates
	for _, e := range entries {
		n := e.Name()
		all.str(n)
		all.bytes(read(n))
		if strings.HasPrefix(n, "_") && strings.HasSuffix(n, ".html") {
			common.str(n)
			common.bytes(read(n))
		}
	}
	keys := map[string]uint64{"*": all.sum()}
	base := common.sum()
	for _, k := range PageKinds {
		var h hasher
		h.h.SetSeed(seed)
		h.u64(base)
		h.bytes(read(k + ".html"))
		keys[k] = h.sum()
	}
	return keys
}

// A Cache holds what incremental passes reuse. It is not safe for
// concurrent use: one pass at a time.
type Cache struct {
	oneShot bool // a full build's: keeps nothing, keys nothing, streams brief pages (see Build)

	seed  maphash.Seed
	docs  map[string]*docEntry  // converted bodies, by file
	parts map[string]*partEntry // pre-rendered partials, by brief file
	pages map[string]uint64     // key of every page of the last committed pass, by output file
	files map[string]fileState  // key and outputs of every file job of that pass, by job name

	site     *site.Site                   // the model of the last pass
	last     *Pass                        // the last pass, if it was committed
	partKeys map[*site.Brief]partKeyEntry // its briefs' partial keys
}

// fileState is what a committed pass made of one file job (see fileJob).
type fileState struct {
	key   uint64
	paths []string
}

// partKeyEntry is a partial key with the inputs that can change while the
// model stays the same.
type partKeyEntry struct {
	key, head, tmpl uint64
	summary         string
}

// NewCache returns an empty cache: its first pass renders everything.
func NewCache() *Cache {
	return &Cache{seed: maphash.MakeSeed(), docs: map[string]*docEntry{}, parts: map[string]*partEntry{}, pages: map[string]uint64{}}
}

// NewOneShotCache returns a cache for one pass that keeps nothing: a full
// build's. Its pass takes the model: it lets go of the markdown of each
// body once converted, so the model cannot be built again.
func NewOneShotCache() *Cache {
	ca := NewCache()
	ca.oneShot = true
	return ca
}

// Seed is the hash seed the cache's keys use; Inputs must be hashed with it.
func (ca *Cache) Seed() maphash.Seed { return ca.seed }

// HashFile returns the key of a file's bytes, for Inputs.Files.
func (ca *Cache) HashFile(data []byte) uint64 { return maphash.Bytes(ca.seed, data) }

type docEntry struct {
	src     any      // the *content.Brief or *content.Profile converted
	unsafe  bool     // the site's raw-HTML setting
	lookups []lookup // the names it looked up, and what they gave
	res     markdown.Result
	body    template.HTML // res.HTML
	html    uint64        // hash of res.HTML and res.Summary
}

type lookup struct {
	name, url, canonical string
	ok, suggest          bool
}

// valid reports whether every name e looked up still gives the same
// answer; m remembers the answers of the pass.
func (e *docEntry) valid(m *recorder) bool {
	for _, l := range e.lookups {
		if m.ask(l) != l {
			return false
		}
	}
	return true
}

// recorder is a markdown.Resolver that notes every question and answer; with
// memo set, it remembers answers instead (for one pass, one goroutine).
type recorder struct {
	s         *site.Site
	off       bool // record nothing: a one-shot build keeps no state
	calls     []lookup
	resolved  map[string]lookup // answers remembered, by name
	suggested map[string]string
}

// ask answers the question in q (its name and suggest fields).
func (r *recorder) ask(q lookup) lookup {
	if q.suggest {
		s, ok := r.suggested[q.name]
		if !ok {
			s = r.s.Suggest(q.name)
			r.suggested[q.name] = s
		}
		return lookup{name: q.name, url: s, suggest: true}
	}
	a, ok := r.resolved[q.name]
	if !ok {
		a = lookup{name: q.name}
		a.url, a.canonical, a.ok = r.s.Resolve(q.name)
		r.resolved[q.name] = a
	}
	return a
}

func (r *recorder) Resolve(name string) (string, string, bool) {
	url, canonical, ok := r.s.Resolve(name)
	if r.off {
		return url, canonical, ok
	}
	r.calls = append(r.calls, lookup{name: name, url: url, canonical: canonical, ok: ok})
	return url, canonical, ok
}

func (r *recorder) Suggest(name string) string {
	s := r.s.Suggest(name)
	if r.off {
		return s
	}
	r.calls = append(r.calls, lookup{name: name, url: s, suggest: true})
	return s
}

type partEntry struct {
	key          uint64
	out          uint64 // hash of the rendered partials
	item, entry  template.HTML
	eventEntries []template.HTML
}

// A Pass is one incremental render: Convert made it, Render renders the
// pages whose keys changed, Commit records them as published.
type Pass struct {
	ca         *Cache
	c          *Converted
	in         Inputs
	jobs       []job
	keys       []uint64
	listKeys   map[*site.Brief]uint64
	partKeys   map[*site.Brief]uint64
	entKeys    map[*site.Entity]uint64 // entityListKey, once per pass
	global     uint64                  // globalKey, once computed
	globalOnce sync.Once
	site       uint64

	files    []fileJob           // the files that are not pages
	fileKeys []uint64            // their keys
	made     map[string][]string // outputs of the file jobs Render ran, by job name
	madeJobs int
	madeMu   sync.Mutex
}

// Build renders every page and file of s and passes each to emit, as they
// are made: it is the pass of a cache with no previous state, which keeps
// none (see Cache). With t nil (templates that did not parse) it converts
// the markdown only, for its diagnostics. emit may be called from several
// goroutines and must not keep Page.Data after it returns.
//
// Build takes s: it lets go of the markdown of each body once converted
// (a one-shot build never reads it again), so s cannot be built again.
func Build(s *site.Site, t *Templates, emit func(Page) error) diag.List {
	p, diags := NewOneShotCache().Convert(s, t, Inputs{}, emit)
	if t == nil {
		return diags
	}
	_, rdiags := p.Lazily(emit).Finish()
	return append(diags, rdiags...)
}

// Convert plans a pass over s given what the cache holds of the earlier
// passes: it converts only the bodies, and renders only the partials,
// whose inputs changed, and keys every page; Render (or Lazily) then
// renders the pages whose keys changed.
//
// A one-shot cache (NewOneShotCache) holds nothing, so everything is
// converted and nothing keyed; with emit given, it renders each brief's
// page as soon as its body is converted, passes it to emit and lets the
// body's HTML go, so that the HTML of all bodies (the largest thing a
// build makes) is never in memory at once. Other caches ignore emit.
func (ca *Cache) Convert(s *site.Site, t *Templates, in Inputs, emit func(Page) error) (*Pass, diag.List) {
	p := &Pass{ca: ca, in: in, listKeys: make(map[*site.Brief]uint64, len(s.Briefs)), partKeys: make(map[*site.Brief]uint64, len(s.Briefs)), entKeys: map[*site.Entity]uint64{}}
	// with the same model, the same files hold bodies: the maps are updated in place
	same := s == ca.site
	last := ca.last
	ca.last = nil
	items := listItems(s)
	docs := ca.docs
	if !same {
		docs = make(map[string]*docEntry, len(items))
	}
	todo := ca.stale(s, items, same, docs)
	c := newConverted(s, t)
	p.c = c
	var diags diag.List
	chips, err := c.chipMap()
	if err != nil {
		templateDiag(&diags, "templates/_partials.html", err)
	}
	var st *streamer
	if ca.oneShot && emit != nil && t != nil && err == nil && !t.readsAllBriefs() {
		st = &streamer{r: newRunner(c, emit), views: make([]*BriefView, len(s.Briefs)), jobs: make([]job, len(s.Briefs)),
			errs: make([]error, len(s.Briefs)), partErrs: make([]error, len(s.Briefs))}
	}
	fresh := make([]*docEntry, len(todo))
	pool := c.converters()
	parallel.For(len(todo), func(j int) {
		md := pool.Get().(*markdown.Markdown)
		it := items[todo[j]]
		fresh[j] = ca.convertItem(md, s, it)
		pool.Put(md)
		if st != nil && it.brief != nil {
			st.brief(c, todo[j], fresh[j], chips)
		}
	})
	for j, i := range todo {
		docs[items[i].file] = fresh[j]
	}
	if !ca.oneShot {
		ca.docs = docs
	}
	if same && last != nil && maps.Equal(last.in.Templates, in.Templates) {
		var changed []item
		for _, i := range todo {
			changed = append(changed, items[i])
		}
		if diags, ok := p.bodiesOnly(last, changed, items, docs); ok {
			return p, diags
		}
	}
	for _, b := range s.Briefs {
		diags.Add(docs[b.File].res.Diags)
	}
	if st != nil {
		diags.Add(st.finish(c))
	} else {
		diags.Add(p.briefViews(docs, chips, err != nil, same))
	}
	diags.Add(p.entityViews(items, docs, st != nil))
	// a pass with errors renders nothing, except a one-shot build's, which
	// renders every page (and writes none) to report the templates' errors
	// with the content's, all at once
	if t == nil || diags.HasErrors() && !ca.oneShot {
		return p, diags
	}
	c.listAllBriefs()
	p.jobs = c.plan(st == nil) // the briefs' pages are rendered already when streamed
	p.files = c.fileJobs()
	if !ca.oneShot {
		p.keyAll()
	}
	return p, diags
}

// listItems lists the bodies of a site: every brief's, then every
// entity's, profiled or not.
func listItems(s *site.Site) []item {
	var items []item
	for _, b := range s.Briefs {
		items = append(items, item{brief: b, file: b.File, src: b.Brief})
	}
	for _, k := range content.Kinds {
		for _, e := range s.Entities[k] {
			it := item{entity: e}
			if pr := e.Profile; pr != nil {
				it.file, it.src = pr.File, pr
			}
			items = append(items, it)
		}
	}
	return items
}

// stale returns the indexes of the items whose bodies must be converted;
// those whose earlier conversions still hold go into docs.
func (ca *Cache) stale(s *site.Site, items []item, same bool, docs map[string]*docEntry) []int {
	// on every core, each worker with a memo of its own (the model is only read)
	memos := sync.Pool{New: func() any {
		return &recorder{s: s, resolved: map[string]lookup{}, suggested: map[string]string{}}
	}}
	keep := make([]bool, len(items))
	if len(ca.docs) > 0 {
		parallel.For(len(items), func(i int) {
			it := items[i]
			prev := ca.docs[it.file]
			if it.file == "" || prev == nil || prev.src != it.src || prev.unsafe != s.UnsafeHTML {
				return
			}
			if !same {
				memo := memos.Get().(*recorder)
				defer memos.Put(memo)
				if !prev.valid(memo) {
					return
				}
			}
			keep[i] = true
		})
	}
	var todo []int
	for i, it := range items {
		switch {
		case it.file == "":
		case keep[i]:
			docs[it.file] = ca.docs[it.file]
		default:
			todo = append(todo, i)
		}
	}
	return todo
}

// convertItem converts the body of a brief or profile.
func (ca *Cache) convertItem(md *markdown.Markdown, s *site.Site, it item) *docEntry {
	rec := &recorder{s: s, off: ca.oneShot}
	var r markdown.Result
	if b := it.brief; b != nil {
		env := &markdown.Env{File: b.File, Line: b.BodyLine, Entities: rec, Brief: true}
		for _, src := range b.Sources {
			env.Sources = append(env.Sources, markdown.Source{ID: src.ID, Name: src.Name})
		}
		r = md.Convert(b.Body, env)
	} else {
		pr := it.entity.Profile
		r = md.Convert(pr.Body, &markdown.Env{File: pr.File, Line: pr.BodyLine, Entities: rec})
	}
	d := &docEntry{src: it.src, unsafe: s.UnsafeHTML, lookups: rec.calls, res: r, body: template.HTML(r.HTML)} // #nosec: goldmark output, raw HTML escaped unless the site opts in
	d.res.HTML = ""
	if !ca.oneShot {
		h := ca.hasher()
		h.str(r.HTML)
		h.str(r.Summary)
		d.html = h.sum()
	}
	return d
}

// A streamer renders each brief's partials and page as soon as its body is
// converted, for a one-shot build.
type streamer struct {
	r        *runner
	views    []*BriefView // by index in the site's briefs
	jobs     []job
	errs     []error
	partErrs []error
}

// brief makes the view, partials and page of brief i, then lets its body go.
func (st *streamer) brief(c *Converted, i int, d *docEntry, chips map[*site.Entity]string) {
	b := c.site.Briefs[i]
	b.Body = nil // a one-shot build never reads the markdown again
	v := newBriefView(b, d.body, d.res.Summary)
	d.body = ""
	st.views[i] = v
	st.partErrs[i] = c.briefPartials(v, chips)
	st.jobs[i] = c.briefJob(v)
	st.errs[i] = st.r.run(st.jobs[i])
	st.jobs[i].data = nil // jobDiags needs the file only
	v.body = ""           // no other page shows it
}

// finish files the streamed views in c and returns the errors of their
// pages and the first error of a partial.
func (st *streamer) finish(c *Converted) diag.List {
	diags := jobDiags(st.jobs, st.errs)
	for i, v := range st.views {
		c.briefs[c.site.Briefs[i]] = v
	}
	for _, err := range st.partErrs {
		if err != nil {
			templateDiag(&diags, "templates/_partials.html", err)
			break
		}
	}
	return diags
}

// briefViews makes the view of every brief and renders the partials of
// those whose partial keys changed; the others keep theirs.
func (p *Pass) briefViews(docs map[string]*docEntry, chips map[*site.Entity]string, chipsFailed, same bool) diag.List {
	ca, c, s, in := p.ca, p.c, p.c.site, p.in
	var diags diag.List
	parts, partKeys := ca.parts, ca.partKeys
	if !same {
		parts = make(map[string]*partEntry, len(s.Briefs))
		partKeys = make(map[*site.Brief]partKeyEntry, len(s.Briefs))
	}
	// the view and partial key of every brief, on every core
	views := make([]*BriefView, len(s.Briefs))
	pks := make([]partKeyEntry, len(s.Briefs))
	parallel.For(len(s.Briefs), func(i int) {
		b, d := s.Briefs[i], docs[s.Briefs[i].File]
		v := newBriefView(b, d.body, d.res.Summary)
		pk := partKeyEntry{head: in.Heads[b.File], tmpl: in.Templates["home"], summary: v.Summary}
		if prev, ok := ca.partKeys[b]; ok && same && prev.head == pk.head && prev.tmpl == pk.tmpl && prev.summary == pk.summary {
			pk.key = prev.key // same model: same URL and entities
		} else if !ca.oneShot {
			pk.key = p.partKey(v)
		}
		views[i], pks[i] = v, pk
	})
	// every view joins its chips from the chip of each entity, made anew
	// each pass (a few milliseconds): a view whose partials are reused
	// needs them as much as a stale one
	var stale []*BriefView
	var staleKeys []uint64
	for i, b := range s.Briefs {
		v, pk := views[i], pks[i]
		c.briefs[b] = v
		partKeys[b] = pk
		p.partKeys[b] = pk.key
		if prev := ca.parts[b.File]; prev != nil && prev.key == pk.key {
			v.chips = chips
			v.Item, v.Entry, v.EventEntries = prev.item, prev.entry, prev.eventEntries
			parts[b.File] = prev
			continue
		}
		stale = append(stale, v)
		staleKeys = append(staleKeys, pk.key)
	}
	if len(stale) > 0 && !chipsFailed {
		pdiags := c.partialsWith(stale, chips)
		diags.Add(pdiags)
		if !pdiags.HasErrors() && !ca.oneShot {
			for i, v := range stale {
				h := ca.hasher()
				h.str(string(v.Chips()))
				h.str(string(v.Item))
				h.str(string(v.Entry))
				for _, e := range v.EventEntries {
					h.str(string(e))
				}
				parts[v.b.File] = &partEntry{key: staleKeys[i], out: h.sum(), item: v.Item, entry: v.Entry, eventEntries: v.EventEntries}
			}
		}
	}
	if !ca.oneShot {
		ca.parts = parts
		ca.site, ca.partKeys = s, partKeys
	}
	return diags
}

// entityViews makes the view of every entity, with its converted profile;
// the views of briefs must be made. With consume, it lets go of the
// profiles' markdown, as a streaming build does of the briefs'.
func (p *Pass) entityViews(items []item, docs map[string]*docEntry, consume bool) diag.List {
	c := p.c
	var diags diag.List
	for _, it := range items {
		e := it.entity
		if e == nil {
			continue
		}
		v := newEntityView(e, "", len(c.entityViews))
		c.entityViews = append(c.entityViews, v)
		if it.file != "" {
			d := docs[it.file]
			diags.Add(d.res.Diags)
			v.Body = d.body
			v.Summary = cmp.Or(e.Profile.Summary, d.res.Summary)
			if consume {
				e.Profile.Body = nil
			}
		}
		v.Briefs = make([]*BriefView, len(e.Briefs))
		for j, b := range e.Briefs {
			v.Briefs[j] = c.briefs[b]
		}
		c.entities[e] = v
	}
	return diags
}

// keyAll keys every page and file of the pass.
func (p *Pass) keyAll() {
	s := p.c.site
	p.site = p.siteKey()
	for _, b := range s.Briefs {
		p.listKeys[b] = p.listKey(b)
	}
	// the list key of every entity first, so that the page and file keys,
	// computed on every core, only read the pass
	var all []*site.Entity
	for _, k := range content.Kinds {
		all = append(all, s.Entities[k]...)
	}
	entKeys := make([]uint64, len(all))
	parallel.For(len(all), func(i int) { entKeys[i] = p.entityListKey(all[i]) })
	for i, e := range all {
		p.entKeys[e] = entKeys[i]
	}
	p.keys = make([]uint64, len(p.jobs))
	parallel.For(len(p.jobs), func(i int) { p.keys[i] = p.pageKey(p.jobs[i]) })
	p.fileKeys = make([]uint64, len(p.files))
	parallel.For(len(p.files), func(i int) { p.fileKeys[i] = p.fileKey(p.files[i]) })
}

// fileKey is the key of a file job: for the files of an entity (its feed,
// its preview), the key of the entity's page; for the files of the whole
// site (feeds, sitemap, search index, robots.txt), what they show of every
// brief and entity, which is not their bodies.
func (p *Pass) fileKey(f fileJob) uint64 {
	h := p.ca.hasher()
	h.u64(p.site)
	h.str(f.name)
	if e := f.entity; e != nil {
		// its name, URL and profile, the list data of every brief naming it
		// (the feed's <updated> is the newest of them all), and with none,
		// of the site's newest briefs, which the empty feed is dated by
		p.entityBrief(&h, e)
		h.str(e.Path)
		h.str(p.c.entities[e].Summary)
		if e.Country != nil {
			p.entityBrief(&h, e.Country)
		}
		briefs := e.Briefs
		if len(briefs) == 0 {
			briefs = p.c.site.Briefs[:min(len(p.c.site.Briefs), feed.Limit)]
		}
		for _, b := range briefs {
			h.u64(p.listKeys[b])
		}
		return h.sum()
	}
	s := p.c.site
	for _, b := range s.Briefs {
		h.u64(p.listKeys[b])
	}
	for _, k := range content.Kinds {
		for _, e := range s.Entities[k] {
			p.entityBrief(&h, e)
			h.str(p.c.entities[e].Summary)
		}
	}
	return h.sum()
}

// bodyKey is the hash of the converted body of a file.
func (p *Pass) bodyKey(file string) uint64 {
	if d := p.ca.docs[file]; d != nil {
		return d.html
	}
	return 0
}

// An item is a body to convert: a brief's or a profile's.
type item struct {
	brief  *site.Brief
	entity *site.Entity // for profiles
	file   string       // "" for an entity without a profile
	src    any          // the *content.Brief or *content.Profile
}

// bodiesOnly is the pass when, since the committed pass last, the model and
// templates stayed the same and only the bodies of changed changed, without
// changing their summaries: it reuses last's views and page keys, puts the
// new bodies in, and keys again only the pages that show them. ok is false
// when a summary changed; nothing was modified then.
func (p *Pass) bodiesOnly(last *Pass, changed, items []item, docs map[string]*docEntry) (diags diag.List, ok bool) {
	c := last.c
	briefs := map[*site.Brief]bool{}
	entities := map[*site.Entity]bool{}
	for _, it := range changed {
		d := docs[it.file]
		if it.brief != nil {
			if v := c.briefs[it.brief]; v == nil || cmp.Or(it.brief.Summary, d.res.Summary) != v.Summary {
				return nil, false
			}
			briefs[it.brief] = true
		} else {
			if v := c.entities[it.entity]; v == nil || cmp.Or(it.entity.Profile.Summary, d.res.Summary) != v.Summary {
				return nil, false
			}
			entities[it.entity] = true
		}
	}
	for _, it := range changed {
		if it.brief != nil {
			c.briefs[it.brief].body = docs[it.file].body
		} else {
			c.entities[it.entity].Body = docs[it.file].body
		}
	}
	for _, it := range items {
		if it.file != "" {
			diags.Add(docs[it.file].res.Diags)
		}
	}
	p.c, p.site = c, last.site
	p.listKeys, p.partKeys, p.entKeys = last.listKeys, last.partKeys, last.entKeys
	p.jobs, p.keys = last.jobs, slices.Clone(last.keys)
	for i, j := range p.jobs {
		d := j.data
		if !knownKinds[j.kind] || d.Brief != nil && briefs[d.Brief.b] || d.Entity != nil && entities[d.Entity.e] {
			p.keys[i] = p.pageKey(j)
		}
	}
	// summaries are unchanged, so are the files of the whole site; those of
	// an entity whose profile changed are keyed again
	p.files, p.fileKeys = last.files, slices.Clone(last.fileKeys)
	for i, f := range p.files {
		if f.entity != nil && entities[f.entity] {
			p.fileKeys[i] = p.fileKey(f)
		}
	}
	return diags, true
}

// partKey is the key of a brief's partials: its front matter, URL, summary
// and entities, and the partial templates. Partials do not see the body.
func (p *Pass) partKey(v *BriefView) uint64 {
	h := p.ca.hasher()
	h.u64(p.in.Templates["home"])
	h.str(v.b.File)
	h.u64(p.in.Heads[v.b.File])
	h.str(v.b.Path)
	h.str(v.URL)
	h.str(v.Summary)
	for _, k := range content.Kinds {
		h.int(len(v.b.Entities[k]))
		for _, e := range v.b.Entities[k] {
			h.str(e.Name)
			h.str(e.URL)
		}
	}
	return h.sum()
}

// listKey is the key of what a brief shows where it is listed: its partial
// key and the partials themselves.
func (p *Pass) listKey(b *site.Brief) uint64 {
	h := p.ca.hasher()
	h.u64(p.partKeys[b])
	if e := p.ca.parts[b.File]; e != nil {
		h.u64(e.out)
	}
	return h.sum()
}

func (p *Pass) siteKey() uint64 {
	s := p.c.site
	h := p.ca.hasher()
	for _, f := range []string{s.Title, s.Description, s.Language, s.BaseURL, s.BasePath} {
		h.str(f)
	}
	h.bool(s.UnsafeHTML)
	return h.sum()
}

// knownKinds are the page kinds whose view data pageKey knows.
var knownKinds = map[string]bool{"home": true, "brief": true, "actor": true, "country": true, "topic": true, "list": true, "timeline": true, "404": true, "search": true}

func (p *Pass) pageKey(j job) uint64 {
	d := j.data
	h := p.ca.hasher()
	tk, ok := p.in.Templates[j.kind]
	if !ok {
		tk = p.in.Templates["*"]
	}
	h.u64(tk)
	h.u64(p.site)
	for _, f := range []string{j.kind, j.file, d.Kind, d.Title, d.Description, d.Path, d.URL, d.Canonical} {
		h.str(f)
	}
	if !knownKinds[j.kind] {
		h.u64(p.globalKey())
		return h.sum()
	}
	if d.Brief != nil {
		b := d.Brief.b
		h.u64(p.listKeys[b])
		h.u64(p.bodyKey(b.File))
		for _, n := range []*site.Brief{b.Older, b.Newer} {
			if n != nil {
				h.u64(p.listKeys[n])
			} else {
				h.u64(0)
			}
		}
	}
	if d.Entity != nil {
		h.u64(p.entityKey(d.Entity))
	}
	if d.List != nil {
		h.int(int(d.List.Kind))
		for _, e := range d.List.es {
			p.entityBrief(&h, e)
		}
	}
	if d.Home != nil {
		for _, b := range d.Home.Briefs {
			h.u64(p.listKeys[b.b])
		}
		for _, t := range d.Home.Top {
			h.int(int(t.Kind))
			h.str(t.URL)
			for _, e := range t.es {
				p.entityBrief(&h, e)
			}
		}
	}
	if d.Timeline != nil || j.kind == "timeline" || p.c.t.allBriefs[j.kind] {
		for _, b := range p.c.site.Briefs {
			h.u64(p.listKeys[b])
		}
	}
	return h.sum()
}

// entityBrief hashes how an entity shows in lists. It only reads the pass
// (Convert keys every entity first), so pages are keyed on every core.
func (p *Pass) entityBrief(h *hasher, e *site.Entity) {
	k, ok := p.entKeys[e]
	if !ok {
		k = p.entityListKey(e)
	}
	h.u64(k)
}

func (p *Pass) entityListKey(e *site.Entity) uint64 {
	h := p.ca.hasher()
	h.int(int(e.Kind))
	h.str(string(e.Slug))
	h.str(e.Name)
	h.str(e.URL)
	h.int(len(e.Briefs))
	if e.Profile != nil {
		h.str(e.Profile.File)
		h.u64(p.in.Heads[e.Profile.File])
	}
	return h.sum()
}

func (p *Pass) entityKey(v *EntityView) uint64 {
	e := v.e
	h := p.ca.hasher()
	p.entityBrief(&h, e)
	h.str(e.Path)
	h.str(v.Summary)
	if e.Profile != nil {
		h.u64(p.bodyKey(e.Profile.File))
	}
	if e.Country != nil {
		p.entityBrief(&h, e.Country)
	}
	for _, b := range e.Briefs {
		h.u64(p.listKeys[b])
	}
	h.int(len(e.Related))
	for _, r := range e.Related {
		p.entityBrief(&h, r.Entity)
		h.int(r.Count)
	}
	return h.sum()
}

// globalKey covers the whole site, for pages of unknown kinds; it is
// computed once per pass, by whichever page asks first.
func (p *Pass) globalKey() uint64 {
	p.globalOnce.Do(func() { p.global = p.computeGlobalKey() })
	return p.global
}

func (p *Pass) computeGlobalKey() uint64 {
	h := p.ca.hasher()
	s := p.c.site
	for _, b := range s.Briefs {
		h.u64(p.listKeys[b])
		h.u64(p.bodyKey(b.File))
	}
	for _, k := range content.Kinds {
		for _, e := range s.Entities[k] {
			h.u64(p.entityKey(p.c.entities[e]))
		}
	}
	return h.sum()
}

// Files returns the output file of every page of the pass, in plan order,
// then those of its other files; call it after Render.
func (p *Pass) Files() []string {
	out := make([]string, len(p.jobs))
	for i, j := range p.jobs {
		out[i] = j.file
	}
	for _, f := range p.files {
		paths, ok := p.made[f.name]
		if !ok {
			paths = p.ca.files[f.name].paths
		}
		out = append(out, paths...)
	}
	return out
}

// Render renders the pages whose keys changed since the last Commit, like
// Converted.Render, and makes the files that are not pages whose keys
// changed; it is Lazily(emit).Finish().
func (p *Pass) Render(emit func(Page) error) (int, diag.List) { return p.Lazily(emit).Finish() }

// A Lazy renders the pages of a pass that Render would render, in any
// order: Page renders one now, Finish all the others, then the files that
// are not pages. Its methods may be called from several goroutines; each
// page is rendered, and passed to emit, once.
type Lazy struct {
	p     *Pass
	r     *runner
	jobs  []job
	once  []sync.Once
	errs  []error
	index map[string]int // jobs by output file
}

// Lazily prepares the rendering of the pass; nothing is rendered yet.
func (p *Pass) Lazily(emit func(Page) error) *Lazy {
	l := &Lazy{p: p, r: newRunner(p.c, emit), index: map[string]int{}}
	for i, j := range p.jobs {
		if k, ok := p.ca.pages[j.file]; ok && k == p.keys[i] {
			continue
		}
		l.index[j.file] = len(l.jobs)
		l.jobs = append(l.jobs, j)
	}
	l.once = make([]sync.Once, len(l.jobs))
	l.errs = make([]error, len(l.jobs))
	return l
}

func (l *Lazy) run(i int) { l.once[i].Do(func() { l.errs[i] = l.r.run(l.jobs[i]) }) }

// Page renders the page written to file, unless it was rendered already,
// and reports whether the pass renders such a page.
func (l *Lazy) Page(file string) bool {
	i, ok := l.index[file]
	if ok {
		l.run(i)
	}
	return ok
}

// Finish renders every page not rendered yet, on every core, then makes the
// files that are not pages whose keys changed; it returns the number of
// pages rendered and their problems, as Render does.
func (l *Lazy) Finish() (int, diag.List) {
	// the largest pages first, so that no worker is left with one at the
	// end while the others wait
	order := make([]int, len(l.jobs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(l.p.c.weight(l.jobs[b]), l.p.c.weight(l.jobs[a])) })
	parallel.For(len(order), func(i int) { l.run(order[i]) })
	p := l.p
	diags := jobDiags(l.jobs, l.errs)
	if diags.HasErrors() {
		return len(l.jobs), diags
	}
	var files []fileJob
	p.made = map[string][]string{}
	for i, f := range p.files {
		if st, ok := p.ca.files[f.name]; ok && st.key == p.fileKeys[i] {
			continue
		}
		makeFiles := f.make
		f.make = func() ([]Page, error) {
			pages, err := makeFiles()
			paths := outputPaths(pages)
			p.madeMu.Lock()
			defer p.madeMu.Unlock()
			p.made[f.name] = paths
			return pages, err
		}
		files = append(files, f)
	}
	p.madeJobs = len(files)
	return len(l.jobs), append(diags, p.c.runFiles(files, l.r.emit)...)
}

// MadeFiles returns how many file jobs (feeds, sitemap, search index,
// previews) the last Render ran.
func (p *Pass) MadeFiles() int { return p.madeJobs }

func outputPaths(pages []Page) []string {
	out := make([]string, len(pages))
	for i, pg := range pages {
		out[i] = pg.Path
	}
	return out
}

// Commit records the pages and files of the pass as the published ones;
// a one-shot cache records nothing.
func (p *Pass) Commit() {
	if p.ca.oneShot {
		return
	}
	pages := make(map[string]uint64, len(p.jobs))
	for i, j := range p.jobs {
		pages[j.file] = p.keys[i]
	}
	files := make(map[string]fileState, len(p.files))
	for i, f := range p.files {
		paths, ok := p.made[f.name]
		if !ok {
			paths = p.ca.files[f.name].paths
		}
		files[f.name] = fileState{key: p.fileKeys[i], paths: paths}
	}
	p.ca.pages, p.ca.files = pages, files
	p.ca.last = p
}

// hasher builds keys.
type hasher struct{ h maphash.Hash }

func (ca *Cache) hasher() hasher {
	var h hasher
	h.h.SetSeed(ca.seed)
	return h
}

func (h *hasher) str(s string) {
	h.int(len(s))
	h.h.WriteString(s)
}

func (h *hasher) bytes(b []byte) {
	h.int(len(b))
	h.h.Write(b)
}

func (h *hasher) u64(v uint64) {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], v)
	h.h.Write(b[:])
}

func (h *hasher) int(v int) { h.u64(uint64(v)) }

func (h *hasher) bool(v bool) {
	if v {
		h.h.WriteByte(1)
	} else {
		h.h.WriteByte(0)
	}
}

func (h *hasher) sum() uint64 { return h.h.Sum64() }
