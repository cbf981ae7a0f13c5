package render

import (
	"cmp"
	"html/template"
	"maps"
	"slices"
	"sync"

	"github.com/sitrep-dev/sitrep/generator/internal/content"
	"github.com/sitrep-dev/sitrep/generator/internal/diag"
	"github.com/sitrep-dev/sitrep/generator/internal/lookups"
	"github.com/sitrep-dev/sitrep/generator/internal/markdown"
	"github.com/sitrep-dev/sitrep/generator/internal/parallel"
	"github.com/sitrep-dev/sitrep/generator/internal/site"
	"github.com/sitrep-dev/sitrep/generator/internal/theme"
)

// A Pass is one incremental render: Convert made it, Render renders the
// pages whose keys changed, Commit records them as published.
type Pass struct {
	ca       *Cache
	c        *Converted
	in       Inputs
	jobs     []job
	keys     []uint64
	listKeys map[*site.Brief]uint64
	partKeys map[*site.Brief]uint64
	entKeys  map[*site.Entity]uint64 // entityListKey, once per pass
	site     uint64

	files    []fileJob           // the files that are not pages
	fileKeys []uint64            // their keys
	made     map[string][]string // outputs of the file jobs Render ran, by job name
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
func Build(s *site.Site, t *theme.Templates, emit func(Page) error) diag.List {
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
func (ca *Cache) Convert(s *site.Site, t *theme.Templates, in Inputs, emit func(Page) error) (*Pass, diag.List) {
	p := &Pass{ca: ca, in: in, listKeys: make(map[*site.Brief]uint64, len(s.Briefs)), partKeys: make(map[*site.Brief]uint64, len(s.Briefs)), entKeys: map[*site.Entity]uint64{}}
	// with the same model, the same files hold bodies: the maps are updated in place
	same := s == ca.site
	ca.links = in.Files
	last := ca.last
	ca.last = nil
	items := listItems(s)
	docs := ca.docs
	if !same {
		docs = make(map[string]*docEntry, len(items))
	}
	todo := ca.stale(s, items, same, docs)
	c := newConverted(s, t)
	p.c, c.docs = c, docs
	var diags diag.List
	chips, err := c.chipMap()
	if err != nil {
		theme.Diag(&diags, "templates/_partials.html", err)
	}
	var st *streamer
	if ca.oneShot && emit != nil && t != nil && err == nil && !t.Names("", allBriefsField) {
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
	sameWords := true // the search index stays as it was
	for j, i := range todo {
		if prev := docs[items[i].file]; prev == nil || !slices.Equal(prev.res.Words, fresh[j].res.Words) {
			sameWords = false
		}
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
		if diags, ok := p.bodiesOnly(last, changed, items, docs, sameWords); ok {
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
	p.files = c.fileJobs(ca.oneShot)
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
		return lookups.NewMemo(s)
	}}
	keep := make([]bool, len(items))
	if len(ca.docs) > 0 {
		parallel.For(len(items), func(i int) {
			it := items[i]
			prev := ca.docs[it.file]
			if it.file == "" || prev == nil || prev.src != it.src || prev.unsafe != s.UnsafeHTML || !ca.links.Same(prev.res.Files) {
				return
			}
			if !same {
				memo := memos.Get().(*lookups.Recorder)
				defer memos.Put(memo)
				if !lookups.Valid(prev.lookups, memo) {
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
	rec := lookups.New(s, ca.oneShot)
	var r markdown.Result
	if b := it.brief; b != nil {
		env := &markdown.Env{File: b.File, Line: b.BodyLine, Entities: rec, Brief: true, Files: ca.links}
		for _, src := range b.Sources {
			env.Sources = append(env.Sources, markdown.Source{ID: src.ID, Name: src.Name})
		}
		r = md.Convert(b.Body, env)
	} else {
		pr := it.entity.Profile
		r = md.Convert(pr.Body, &markdown.Env{File: pr.File, Line: pr.BodyLine, Entities: rec, Files: ca.links})
	}
	d := &docEntry{src: it.src, unsafe: s.UnsafeHTML, lookups: rec.Calls(), res: r, body: template.HTML(r.HTML)} // #nosec: goldmark output, raw HTML escaped unless the site opts in
	d.res.HTML = ""
	if !ca.oneShot {
		h := ca.hasher()
		h.Str(r.HTML)
		h.Str(r.Summary)
		d.html = h.Sum()
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
			theme.Diag(&diags, "templates/_partials.html", err)
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
				h.Str(string(v.Chips()))
				h.Str(string(v.Item))
				h.Str(string(v.Entry))
				for _, e := range v.EventEntries {
					h.Str(string(e))
				}
				parts[v.b.File] = &partEntry{key: staleKeys[i], out: h.Sum(), item: v.Item, entry: v.Entry, eventEntries: v.EventEntries}
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
		v.all = make([]*BriefView, len(e.Briefs))
		for j, b := range e.Briefs {
			v.all[j] = c.briefs[b]
		}
		v.Briefs = v.all
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
func (p *Pass) bodiesOnly(last *Pass, changed, items []item, docs map[string]*docEntry, sameWords bool) (diags diag.List, ok bool) {
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
		if d.Brief != nil && briefs[d.Brief.b] || d.Entity != nil && entities[d.Entity.e] {
			p.keys[i] = p.pageKey(j)
		}
	}
	// summaries are unchanged, so are the files of the whole site but the
	// search index when the words of a body changed: made again (a job per
	// part, keyed on its bytes); those of an entity whose profile changed
	// are keyed again
	p.files, p.fileKeys = last.files, slices.Clone(last.fileKeys)
	if !sameWords {
		n := slices.IndexFunc(last.files, func(f fileJob) bool { return f.data == nil }) // they come first
		p.files = append(c.searchJobs(false, slices.Collect(maps.Keys(briefs))), last.files[n:]...)
		p.fileKeys = append(make([]uint64, len(p.files)-len(last.files)+n), last.fileKeys[n:]...)
	}
	for i, f := range p.files {
		if f.data != nil && !sameWords || f.entity != nil && entities[f.entity] {
			p.fileKeys[i] = p.fileKey(f)
		}
	}
	return diags, true
}
