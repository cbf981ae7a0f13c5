// Package render turns the site model into pages: it converts every body
// with the markdown package, builds the view of each page and runs the
// theme's html/template files on it. It never writes to disk.
//
// # Templates
//
// templates/ holds base.html, the layout, which must define a template
// "base" that calls {{block "main" .}}, and one file per page kind, each
// defining "main" (and optionally "head"): home.html, brief.html,
// actor.html, country.html, topic.html, list.html (the index of a kind),
// timeline.html and 404.html. Files whose names start with '_' are partials,
// parsed into every page. Each page receives a *PageData.
//
// search.html is optional: with it the site gets the page /search/.
//
// Template functions: date (2 January 2006), isodate (2006-01-02),
// monthname, kindtitle, and asset, which maps a file of static/ to its
// published (fingerprinted) path: {{.Site.URL (asset "style.css")}}.
//
// # Other files
//
// Files (feeds.go, search.go) makes what is not a page: Atom feeds of the
// site and of every entity, the JSON Feed, sitemap.xml, robots.txt, the
// search index and the entity previews. ParseTheme also reads static/,
// minified and fingerprinted (assets.go); meta.go holds what the <head>
// says: OpenGraph values and JSON-LD.
package render

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tdewolff/minify/v2"

	"sitrep/generator/internal/assets"
	"sitrep/generator/internal/content"
	"sitrep/generator/internal/diag"
	"sitrep/generator/internal/markdown"
	"sitrep/generator/internal/parallel"
	"sitrep/generator/internal/site"
	"sitrep/generator/internal/tmplexec"
)

// A Page is one output file: a slash path inside the output folder and its bytes.
type Page struct {
	Path string
	Data []byte
}

// PageKinds are the templates a theme must have, besides base.html.
var PageKinds = []string{"home", "brief", "actor", "country", "topic", "list", "timeline", "404"}

// OptionalKinds are the templates a theme may have: search.html makes the
// page /search/.
var OptionalKinds = []string{"search"}

// TemplateDir is where templates live inside the site folder.
const TemplateDir = "templates"

// Templates is a parsed theme: one template set per page kind.
type Templates struct {
	sets   map[string]*template.Template
	execs  map[string]executor // what executes each set: tmplexec, or the set itself
	static *assets.Assets

	// allBriefs holds the page kinds whose templates (base.html, the
	// partials or KIND.html) name SiteView.AllBriefs: pages that depend on
	// every brief's list entry. A name in the source is the only way to
	// reach a field, so this over-approximates and never misses one.
	allBriefs map[string]bool

	memos    sync.Mutex // guards memoSite and memoized
	memoSite *SiteView
	memoized map[memoKey]template.HTML
}

// Optional partials that render pre-renders once per brief and per timeline
// entry, so that pages listing thousands of briefs only concatenate them.
const (
	ItemTemplate  = "briefitem" // given a *BriefView; becomes BriefView.Item
	EntryTemplate = "entry"     // given an EntryView; becomes BriefView.Entry and .EventEntries
	ChipTemplate  = "chip"      // given a *site.Entity; joined by BriefView.Chips
)

var funcs = template.FuncMap{
	"date":      func(t time.Time) string { return t.Format("2 January 2006") },
	"isodate":   func(t time.Time) string { return t.Format(time.DateOnly) },
	"monthname": func(m time.Month) string { return m.String() },
	"kindtitle": func(k content.Kind) string { return k.Title() },
}

var tmplErrRE = regexp.MustCompile(`template: ([^:]+):(\d+):(?:(\d+):)? ?(.*)$`)

// templateDiag turns an html/template error into a located diagnostic.
func templateDiag(diags *diag.List, fallback string, err error) {
	msg := err.Error()
	if m := tmplErrRE.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[2])
		col, _ := strconv.Atoi(m[3])
		diags.Errorf(path.Join(TemplateDir, m[1]), diag.Pos{Line: line, Col: col}, "template: %s", m[4])
		return
	}
	diags.Errorf(fallback, diag.Pos{}, "template: %s", strings.TrimPrefix(msg, "html/template: "))
}

// ParseTemplates reads templates/ and static/ from fsys, the site folder,
// without minifying them.
func ParseTemplates(fsys fs.FS) (*Templates, diag.List) { return ParseTheme(fsys, ThemeOptions{}) }

// ParseTheme reads templates/ and static/ from fsys, the site folder.
func ParseTheme(fsys fs.FS, opt ThemeOptions) (*Templates, diag.List) {
	var m *minify.M
	if opt.Minify {
		m = assets.NewMinifier()
	}
	theme, diags := assets.Load(fsys, m, opt.PlainAssets)
	t := &Templates{sets: map[string]*template.Template{}, execs: map[string]executor{}, static: theme, allBriefs: map[string]bool{}}
	themeFuncs := template.FuncMap{"asset": theme.URL, "memo": t.memo}
	read := func(name string) (string, bool) {
		b, err := fs.ReadFile(fsys, path.Join(TemplateDir, name))
		if err != nil {
			diags.Errorf(path.Join(TemplateDir, name), diag.Pos{}, "missing template (every theme needs base.html and %s.html)", strings.Join(PageKinds, ".html, "))
			return "", false
		}
		if i := bytes.IndexByte(b, 0); i >= 0 {
			diags.Errorf(path.Join(TemplateDir, name), diag.PosAt(b, i, 1), "binary file (holds a NUL byte): not a template")
			return "", false
		}
		return minifyTemplate(m, name, string(b), themeFuncs), true
	}
	base, ok := read("base.html")
	if !ok {
		return nil, diags
	}
	common := strings.Contains(base, allBriefsField)
	root := template.New("base.html").Funcs(funcs).Funcs(themeFuncs)
	if _, err := root.Parse(base); err != nil {
		templateDiag(&diags, "templates/base.html", err)
		return nil, diags
	}
	entries, _ := fs.ReadDir(fsys, TemplateDir) // a missing folder was reported by read above
	for _, e := range entries {
		if n := e.Name(); strings.HasPrefix(n, "_") && strings.HasSuffix(n, ".html") {
			src, ok := read(n)
			if !ok {
				continue
			}
			common = common || strings.Contains(src, allBriefsField)
			if _, err := root.New(n).Parse(src); err != nil {
				templateDiag(&diags, path.Join(TemplateDir, n), err)
			}
		}
	}
	if diags.HasErrors() {
		return nil, diags
	}
	for _, kind := range slices.Concat(PageKinds, OptionalKinds) {
		if slices.Contains(OptionalKinds, kind) {
			if _, err := fs.Stat(fsys, path.Join(TemplateDir, kind+".html")); err != nil {
				continue
			}
		}
		src, ok := read(kind + ".html")
		if !ok {
			continue
		}
		set, err := root.Clone()
		if err == nil {
			_, err = set.New(kind + ".html").Parse(src)
		}
		if err != nil {
			templateDiag(&diags, path.Join(TemplateDir, kind+".html"), err)
			continue
		}
		if set.Lookup("base") == nil {
			diags.Errorf("templates/base.html", diag.Pos{}, `base.html must define {{define "base"}}…{{end}}`)
			return nil, diags
		}
		t.sets[kind] = set
		t.allBriefs[kind] = common || strings.Contains(src, allBriefsField)
		if opt.Interpreted {
			t.execs[kind] = interpreted{set}
		} else {
			t.execs[kind] = tmplexec.New(set, funcs, themeFuncs)
		}
	}
	if diags.HasErrors() {
		return nil, diags
	}
	return t, diags
}

// readsAllBriefs reports whether any page kind names SiteView.AllBriefs.
func (t *Templates) readsAllBriefs() bool {
	for _, ok := range t.allBriefs {
		if ok {
			return true
		}
	}
	return false
}

// Compilation reports how the templates executed so far ran: how many
// executions tmplexec gave up and left to html/template, and which
// templates it could not compile (by page kind and name, with why).
func (t *Templates) Compilation() (fallbacks int64, uncompiled []string) {
	for kind, e := range t.execs {
		if s, ok := e.(*tmplexec.Set); ok {
			fallbacks += s.Fallbacks()
			for name, why := range s.Uncompiled() {
				uncompiled = append(uncompiled, kind+": "+name+": "+why)
			}
		}
	}
	slices.Sort(uncompiled)
	return fallbacks, uncompiled
}

// An executor runs the templates of a set: a *tmplexec.Set, which runs
// them compiled, or html/template itself (interpreted).
type executor interface {
	Execute(w *bytes.Buffer, name string, data any) error
}

type interpreted struct{ set *template.Template }

func (i interpreted) Execute(w *bytes.Buffer, name string, data any) error {
	return i.set.ExecuteTemplate(w, name, data)
}

// memo is the template function that renders the partial name with nav
// once per build and per distinct nav, and returns the same HTML to every
// later page. The chrome of a page is a third of its template actions, and
// html/template calls each one by reflection; rendered once, it costs two
// calls. A partial given a NavView cannot show anything that differs
// between the pages of a section, so memoizing it cannot change a page.
func (t *Templates) memo(name string, nav NavView) (template.HTML, error) {
	key := memoKey{name, nav}
	t.memos.Lock()
	if t.memoSite != nav.Site {
		t.memoSite, t.memoized = nav.Site, map[memoKey]template.HTML{} // a new build: forget the last one's
	}
	if h, ok := t.memoized[key]; ok {
		t.memos.Unlock()
		return h, nil
	}
	t.memos.Unlock()
	set := t.execs["home"] // every set holds base.html and the partials
	if set == nil {
		return "", fmt.Errorf("memo %q: templates are not parsed", name)
	}
	var buf bytes.Buffer
	if err := set.Execute(&buf, name, nav); err != nil {
		return "", err
	}
	h := template.HTML(buf.String()) // #nosec: the output of html/template
	t.memos.Lock()
	if t.memoSite == nav.Site {
		t.memoized[key] = h
	}
	t.memos.Unlock()
	return h, nil
}

type memoKey struct {
	name string
	nav  NavView
}

// Assets are the static files of the theme, to publish beside the pages.
func (t *Templates) Assets() []assets.File { return t.static.Files }

// AssetNames returns the static files the theme's "asset" function knows,
// with the path it gives for each; see Assets.Names.
func (t *Templates) AssetNames() []string { return t.static.Names() }

// Converted is a site with every body converted and every partial
// pre-rendered: what pages are made of.
type Converted struct {
	site        *site.Site
	sv          *SiteView // what templates see of site
	t           *Templates
	briefs      map[*site.Brief]*BriefView
	entities    map[*site.Entity]*EntityView
	entityViews []*EntityView  // in the order of markers' indexes
	months      [][]site.Entry // the timeline page's months, likewise
	ld          *ldRefs        // JSON-LD references, encoded once
}

// A runner executes page jobs; run may be called from several goroutines.
type runner struct {
	c      *Converted
	emit   func(Page) error
	bufs   sync.Pool
	failed atomic.Bool
}

func newRunner(c *Converted, emit func(Page) error) *runner {
	return &runner{c: c, emit: emit, bufs: sync.Pool{New: func() any { return new(bytes.Buffer) }}}
}

// run renders one page and emits it. Once emit has failed, it does nothing.
func (r *runner) run(j job) error {
	if r.failed.Load() {
		return nil
	}
	set := r.c.t.execs[j.kind]
	if set == nil {
		return fmt.Errorf("template: no template for %s pages", j.kind)
	}
	buf, page := r.bufs.Get().(*bytes.Buffer), r.bufs.Get().(*bytes.Buffer)
	defer r.bufs.Put(buf)
	defer r.bufs.Put(page)
	buf.Reset()
	j.data.fill() // here, not in plan: an incremental pass plans every page and renders few
	if err := set.Execute(buf, "base", j.data); err != nil {
		return err
	}
	out := buf.Bytes()
	if bytes.IndexByte(out, 0) >= 0 {
		// measured first, so that a page of megabytes is copied once,
		// into a buffer of its size, not grown by doubling
		var n byteCount
		r.c.splice(&n, out)
		page.Reset()
		page.Grow(int(n))
		r.c.splice(page, out)
		out = page.Bytes()
	}
	if err := r.emit(Page{Path: j.file, Data: out}); err != nil {
		r.failed.Store(true)
		return &emitError{err}
	}
	return nil
}

// jobDiags turns the errors of jobs into diagnostics: each template error
// once, and the first write error.
func jobDiags(jobs []job, errs []error) diag.List {
	var diags diag.List
	seen := map[string]bool{}
	for i, err := range errs {
		var ee *emitError
		switch {
		case err == nil || seen[err.Error()]:
		case errors.As(err, &ee):
			diags.Errorf(jobs[i].file, diag.Pos{}, "cannot write: %v", ee.err)
			return diags
		default:
			seen[err.Error()] = true
			templateDiag(&diags, "templates/"+jobs[i].kind+".html", err)
		}
	}
	return diags
}

// Splicing
//
// Entity pages and the timeline list thousands of pre-rendered entries; the
// lists of all pages together are as large as all brief pages. Joining them
// into strings for the templates, and copying them through text/template's
// printing, took a third of rendering at 10,000 briefs. Instead the
// template receives a marker, NUL kind index NUL, and Render writes the
// fragments in its place as it assembles the page. html/template never
// writes a NUL byte (it escapes it), content with one is refused as binary
// and so are templates, so a marker cannot come from anywhere else.

// Fragment kinds of markers.
const (
	fragItems    = 'I' // the BriefItems of entityViews[index]
	fragTimeline = 'T' // the Timeline of entityViews[index]
	fragMonth    = 'M' // the entries of months[index]
	fragYear     = 'Y' // briefs [from, to) of entityViews[index]: "Y<index>:<from>:<to>"
)

// yearMarker stands for the Items of briefs [from, to) of an entity view.
func yearMarker(index, from, to int) template.HTML {
	return template.HTML("\x00" + string(rune(fragYear)) + strconv.Itoa(index) + ":" + strconv.Itoa(from) + ":" + strconv.Itoa(to) + "\x00") // #nosec: a marker, replaced by splice
}

func marker(kind byte, index int) template.HTML {
	return template.HTML("\x00" + string(kind) + strconv.Itoa(index) + "\x00") // #nosec: a marker, replaced by splice
}

// splice writes src to dst with every marker replaced by its fragments.
func (c *Converted) splice(dst pieceWriter, src []byte) {
	for len(src) > 0 {
		i := bytes.IndexByte(src, 0)
		if i < 0 {
			dst.Write(src)
			return
		}
		dst.Write(src[:i])
		src = src[i+1:]
		j := bytes.IndexByte(src, 0)
		if j < 1 {
			continue // not a marker: drop the stray NUL
		}
		kind, n := src[0], src[1:j]
		src = src[j+1:]
		if kind == fragYear {
			c.spliceYear(dst, string(n))
			continue
		}
		index, err := strconv.Atoi(string(n))
		if err != nil || index < 0 {
			continue
		}
		switch {
		case kind == fragItems && index < len(c.entityViews):
			for _, b := range c.entityViews[index].Briefs {
				dst.WriteString(string(b.Item))
			}
		case kind == fragTimeline && index < len(c.entityViews):
			c.writeEntries(dst, c.entityViews[index].e.Timeline)
		case kind == fragMonth && index < len(c.months):
			c.writeEntries(dst, c.months[index])
		}
	}
}

// spliceYear writes the items of a year marker's briefs, "index:from:to".
func (c *Converted) spliceYear(dst pieceWriter, n string) {
	parts := strings.Split(n, ":")
	if len(parts) != 3 {
		return
	}
	var v [3]int
	for i, p := range parts {
		x, err := strconv.Atoi(p)
		if err != nil || x < 0 {
			return
		}
		v[i] = x
	}
	if v[0] >= len(c.entityViews) {
		return
	}
	briefs := c.entityViews[v[0]].Briefs
	if v[1] > v[2] || v[2] > len(briefs) {
		return
	}
	for _, b := range briefs[v[1]:v[2]] {
		dst.WriteString(string(b.Item))
	}
}

// A pieceWriter is what splice writes a page into: a bytes.Buffer, or a
// byteCount to measure it first.
type pieceWriter interface {
	io.Writer
	io.StringWriter
}

// byteCount counts the bytes written to it.
type byteCount int

func (n *byteCount) Write(b []byte) (int, error) { *n += byteCount(len(b)); return len(b), nil }

func (n *byteCount) WriteString(s string) (int, error) { *n += byteCount(len(s)); return len(s), nil }

type emitError struct{ err error }

func (e *emitError) Error() string { return e.err.Error() }

type job struct {
	kind string
	file string
	data *PageData
}

func newConverted(s *site.Site, t *Templates) *Converted {
	return &Converted{site: s, sv: newSiteView(s), t: t, briefs: make(map[*site.Brief]*BriefView, len(s.Briefs)), entities: map[*site.Entity]*EntityView{}, ld: newLDRefs(s)}
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
		DateISO: isoDate(b.Date), DateText: textDate(b.Date), UpdatedISO: isoDate(b.Updated), UpdatedText: textDate(b.Updated)}
	for _, ev := range b.Events {
		v.Events = append(v.Events, EventView{Date: ev.Date, Title: ev.Title, DateISO: isoDate(ev.Date), DateText: textDate(ev.Date)})
	}
	for _, src := range b.Sources {
		v.Sources = append(v.Sources, SourceView{ID: src.ID, Name: src.Name, URL: src.URL, Note: src.Note, Date: src.Date,
			DateISO: isoDate(src.Date), DateText: textDate(src.Date), Anchor: markdown.SourceAnchor(src.ID)})
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
			templateDiag(&diags, "templates/_partials.html", err)
			break
		}
	}
	return diags
}

// partialSet is the template set partials are rendered from and what
// executes it, or nils (no templates: Convert runs only for the markdown's
// diagnostics).
func (c *Converted) partialSet() (*template.Template, executor) {
	if c.t == nil {
		return nil, nil
	}
	return c.t.sets["home"], c.t.execs["home"]
}

// chipMap renders the "chip" partial of every entity, when the theme has one.
func (c *Converted) chipMap() (map[*site.Entity]string, error) {
	set, exec := c.partialSet()
	if set == nil || set.Lookup(ChipTemplate) == nil {
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
		errs[i] = exec.Execute(&buf, ChipTemplate, ref(all[i]))
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
	set, ex := c.partialSet()
	if set == nil {
		return nil
	}
	var first error
	var buf bytes.Buffer
	exec := func(name string, data any) template.HTML {
		buf.Reset()
		if err := ex.Execute(&buf, name, data); err != nil && first == nil {
			first = err
		}
		return template.HTML(buf.String()) // #nosec: the output of html/template
	}
	v.chips = chips
	if set.Lookup(ItemTemplate) != nil {
		v.Item = exec(ItemTemplate, v)
	}
	if set.Lookup(EntryTemplate) != nil {
		v.Entry = exec(EntryTemplate, EntryView{Date: v.Date, Title: v.Title, Brief: v})
		v.EventEntries = make([]template.HTML, len(v.Events))
		for j, ev := range v.Events {
			v.EventEntries[j] = exec(EntryTemplate, EntryView{Date: ev.Date, Title: ev.Title, Brief: v, Event: true, Index: j})
		}
	}
	return first
}

// writeEntries writes the pre-rendered HTML of timeline entries.
func (c *Converted) writeEntries(buf pieceWriter, es []site.Entry) {
	for _, e := range es {
		v := c.briefs[e.Brief]
		if e.Event && e.Index < len(v.EventEntries) {
			buf.WriteString(string(v.EventEntries[e.Index]))
		} else if !e.Event {
			buf.WriteString(string(v.Entry))
		}
	}
}

// pageData is the data of a page of a kind at an output path.
func (c *Converted) pageData(kind, p, title, desc string) *PageData {
	s := c.site
	return &PageData{Site: c.sv, Kind: kind, Title: title, Description: cmp.Or(desc, s.Description),
		Path: p, URL: s.URL(p), Canonical: s.AbsURL(p), site: s, ldRefs: c.ld}
}

// outFile is the file of a page path: "briefs/x/" is briefs/x/index.html.
func outFile(p string) string {
	if p == "" || strings.HasSuffix(p, "/") {
		return p + "index.html"
	}
	return p
}

// weight estimates the size of a page other than a brief's: the entries
// it lists.
func (c *Converted) weight(j job) int {
	switch d := j.data; {
	case d.Entity != nil:
		return len(d.Entity.Briefs) + len(d.Entity.e.Timeline)
	case d.Timeline != nil:
		return len(c.site.Briefs) * 2
	case d.List != nil:
		return len(d.List.Entities)
	}
	return 1
}

// briefJob is the page of a brief.
func (c *Converted) briefJob(v *BriefView) job {
	d := c.pageData("brief", v.b.Path, v.Title, v.Summary)
	d.Brief = v
	d.Older, d.Newer = briefLink(v.b.Older), briefLink(v.b.Newer)
	return job{kind: d.Kind, file: outFile(d.Path), data: d}
}

// plan lists every page with its data, the briefs' pages only if briefs.
func (c *Converted) plan(briefs bool) []job {
	s := c.site
	page := c.pageData
	var jobs []job
	add := func(d *PageData) { jobs = append(jobs, job{kind: d.Kind, file: outFile(d.Path), data: d}) }

	home := page("home", "", s.Title, s.Description)
	home.Home = &HomeView{}
	for _, b := range s.Briefs[:min(len(s.Briefs), HomeBriefs)] {
		home.Home.Briefs = append(home.Home.Briefs, c.briefs[b])
	}
	for _, k := range content.Kinds {
		top := slices.Clone(s.Entities[k])
		slices.SortStableFunc(top, func(a, b *site.Entity) int { return cmp.Compare(len(b.Briefs), len(a.Briefs)) })
		top = slices.DeleteFunc(top, func(e *site.Entity) bool { return len(e.Briefs) == 0 })
		home.Home.Top = append(home.Home.Top, KindTop{Kind: k, URL: s.URL(k.Plural() + "/"), Entities: entityItems(top[:min(len(top), HomeTop)]), es: top[:min(len(top), HomeTop)]})
	}
	add(home)

	if briefs {
		for _, b := range s.Briefs {
			jobs = append(jobs, c.briefJob(c.briefs[b]))
		}
	}
	for _, k := range content.Kinds {
		l := page("list", k.Plural()+"/", k.Title(), "")
		l.List = &ListView{Kind: k, Entities: entityItems(s.Entities[k]), es: s.Entities[k]}
		add(l)
		for _, e := range s.Entities[k] {
			v := c.entities[e]
			d := page(k.String(), e.Path, e.Name, v.Summary)
			d.Entity = v
			add(d)
		}
	}
	tl := page("timeline", "timeline/", "Timeline", "")
	c.months = c.months[:0] // planned again: the same months, in the same order
	for _, y := range s.Timeline {
		ty := TimelineYear{Year: y.Year}
		for _, m := range y.Months {
			ty.Months = append(ty.Months, TimelineMonth{Month: m.Month, ID: m.ID(y.Year), Entries: marker(fragMonth, len(c.months))})
			c.months = append(c.months, m.Entries)
		}
		tl.Timeline = append(tl.Timeline, ty)
	}
	add(tl)
	add(page("404", "404.html", "Page not found", ""))
	if c.t.sets["search"] != nil {
		add(page("search", "search/", "Search", "Search the briefs, actors, countries and topics."))
	}
	return jobs
}
