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
// Template functions: date (2 January 2006), isodate (2006-01-02),
// monthname, and kindtitle.
package render

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"sitrep/generator/internal/content"
	"sitrep/generator/internal/diag"
	"sitrep/generator/internal/markdown"
	"sitrep/generator/internal/parallel"
	"sitrep/generator/internal/site"
)

// A Page is one output file: a slash path inside the output folder and its bytes.
type Page struct {
	Path string
	Data []byte
}

// PageKinds are the templates a theme must have, besides base.html.
var PageKinds = []string{"home", "brief", "actor", "country", "topic", "list", "timeline", "404"}

// TemplateDir is where templates live inside the site folder.
const TemplateDir = "templates"

// Templates is a parsed theme: one template set per page kind.
type Templates struct {
	sets map[string]*template.Template
}

// Optional partials that render pre-renders once per brief and per timeline
// entry, so that pages listing thousands of briefs only concatenate them.
const (
	ItemTemplate  = "briefitem" // given a *BriefView; becomes BriefView.Item
	EntryTemplate = "entry"     // given an EntryView; becomes BriefView.Entry and .EventEntries
	ChipTemplate  = "chip"      // given a *site.Entity; joined into BriefView.Chips
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

// ParseTemplates reads templates/ from fsys, the site folder.
func ParseTemplates(fsys fs.FS) (*Templates, diag.List) {
	var diags diag.List
	read := func(name string) (string, bool) {
		b, err := fs.ReadFile(fsys, path.Join(TemplateDir, name))
		if err != nil {
			diags.Errorf(path.Join(TemplateDir, name), diag.Pos{}, "missing template (every theme needs base.html and %s.html)", strings.Join(PageKinds, ".html, "))
			return "", false
		}
		return string(b), true
	}
	base, ok := read("base.html")
	if !ok {
		return nil, diags
	}
	root := template.New("base.html").Funcs(funcs)
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
			if _, err := root.New(n).Parse(src); err != nil {
				templateDiag(&diags, path.Join(TemplateDir, n), err)
			}
		}
	}
	if diags.HasErrors() {
		return nil, diags
	}
	t := &Templates{sets: map[string]*template.Template{}}
	for _, kind := range PageKinds {
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
	}
	if diags.HasErrors() {
		return nil, diags
	}
	return t, diags
}

// PageData is what every template receives.
type PageData struct {
	Site        *site.Site
	Kind        string // the page kind: home, brief, actor, …
	Title       string // the page's own title, without the site title
	Description string
	Path        string // output path of the page: "", "briefs/x/", "404.html"
	URL         string // root-relative URL
	Canonical   string // absolute when base_url is absolute

	Home     *HomeView
	Brief    *BriefView
	Entity   *EntityView
	List     *ListView
	Timeline []TimelineYear
}

// BriefView is a brief with its rendered body.
type BriefView struct {
	*site.Brief
	Body    template.HTML
	Summary string // the summary key, else the first paragraph
	Sources []SourceView

	Chips        template.HTML   // the "chip" partial of each of its entities, actors first
	Item         template.HTML   // the "briefitem" partial for this brief
	Entry        template.HTML   // the "entry" partial for this brief on a timeline
	EventEntries []template.HTML // the "entry" partial for each of its events
}

// SourceView is a source with its anchor in the brief page.
type SourceView struct {
	content.Source
	Anchor string
}

// EntryView is what the "entry" partial receives.
type EntryView struct {
	site.Entry
}

// EntityView is an entity with its rendered profile.
type EntityView struct {
	*site.Entity
	Body       template.HTML
	Summary    string
	Briefs     []*BriefView  // newest first
	BriefItems template.HTML // the Item of every brief, newest first, joined
	Timeline   template.HTML // the rendered timeline entries, oldest first, joined
}

// Aliases returns the other names of the entity.
func (e *EntityView) Aliases() []string {
	if e.Profile == nil {
		return nil
	}
	out := make([]string, len(e.Profile.Aliases))
	for i, a := range e.Profile.Aliases {
		out[i] = a.Name
	}
	return out
}

// HomeView lists the newest briefs and the most covered entities.
type HomeView struct {
	Briefs []*BriefView
	Top    []KindTop
}

// KindTop is the most covered entities of one kind.
type KindTop struct {
	Kind     content.Kind
	URL      string // the kind's index
	Entities []*site.Entity
}

// ListView is the index of one kind.
type ListView struct {
	Kind     content.Kind
	Entities []*site.Entity
}

// TimelineYear and TimelineMonth group the rendered entries of the timeline page.
type TimelineYear struct {
	Year   int
	Months []TimelineMonth
}

type TimelineMonth struct {
	Month   time.Month
	ID      string        // fragment id: "2023-04"
	Entries template.HTML // the rendered entries, newest first, joined
}

// HomeBriefs and HomeTop are how many briefs and entities per kind the home page lists.
const (
	HomeBriefs = 10
	HomeTop    = 8
)

// Converted is a site with every body converted and every partial
// pre-rendered: what pages are made of.
type Converted struct {
	site     *site.Site
	t        *Templates
	briefs   map[*site.Brief]*BriefView
	entities map[*site.Entity]*EntityView
}

// Pages renders every page of s and returns them; see Convert and Render
// to stream them instead.
func Pages(s *site.Site, t *Templates) ([]Page, diag.List) {
	c, diags := Convert(s, t)
	var mu sync.Mutex
	var pages []Page
	diags.Add(c.Render(func(p Page) error {
		p.Data = bytes.Clone(p.Data)
		mu.Lock()
		defer mu.Unlock()
		pages = append(pages, p)
		return nil
	}))
	slices.SortFunc(pages, func(a, b Page) int { return strings.Compare(a.Path, b.Path) })
	return pages, diags
}

// Render executes the template of every page, on every core, and passes
// each page to emit as soon as it is made, so that pages need not all be
// held at once; emit may be called from several goroutines and must not
// keep Page.Data after it returns (the buffer is reused). Render stops at
// the first error of emit.
func (c *Converted) Render(emit func(Page) error) diag.List {
	return c.renderJobs(c.plan(), emit)
}

// renderJobs is Render for a list of jobs from plan, kept in plan order.
func (c *Converted) renderJobs(jobs []job, emit func(Page) error) diag.List {
	bufs := sync.Pool{New: func() any { return new(bytes.Buffer) }}
	errs := make([]error, len(jobs))
	var failed atomic.Bool
	parallel.For(len(jobs), func(i int) {
		if failed.Load() {
			return
		}
		set := c.t.sets[jobs[i].kind]
		if set == nil {
			errs[i] = fmt.Errorf("template: no template for %s pages", jobs[i].kind)
			return
		}
		buf := bufs.Get().(*bytes.Buffer)
		defer bufs.Put(buf)
		buf.Reset()
		if errs[i] = set.ExecuteTemplate(buf, "base", jobs[i].data); errs[i] != nil {
			return
		}
		if err := emit(Page{Path: jobs[i].file, Data: buf.Bytes()}); err != nil {
			errs[i] = &emitError{err}
			failed.Store(true)
		}
	})
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

type emitError struct{ err error }

func (e *emitError) Error() string { return e.err.Error() }

type job struct {
	kind string
	file string
	data *PageData
}

// Convert renders the markdown of every brief and profile in parallel, with
// one converter per worker, then pre-renders the list items and timeline
// entries of every brief. The diagnostics hold markdown problems (unknown
// names, missing sources) and errors of the partials.
func Convert(s *site.Site, t *Templates) (*Converted, diag.List) {
	type item struct {
		brief  *site.Brief
		entity *site.Entity
	}
	var items []item
	for _, b := range s.Briefs {
		items = append(items, item{brief: b})
	}
	for _, k := range content.Kinds {
		for _, e := range s.Entities[k] {
			items = append(items, item{entity: e})
		}
	}
	results := make([]markdown.Result, len(items))
	pool := sync.Pool{New: func() any { return markdown.New(markdown.WithUnsafeHTML(s.UnsafeHTML)) }}
	parallel.For(len(items), func(i int) {
		md := pool.Get().(*markdown.Markdown)
		defer pool.Put(md)
		it := items[i]
		switch {
		case it.brief != nil:
			env := &markdown.Env{File: it.brief.File, Line: it.brief.BodyLine, Entities: s, Brief: true}
			for _, src := range it.brief.Sources {
				env.Sources = append(env.Sources, markdown.Source{ID: src.ID, Name: src.Name})
			}
			results[i] = md.Convert(it.brief.Body, env)
		case it.entity.Profile != nil:
			p := it.entity.Profile
			results[i] = md.Convert(p.Body, &markdown.Env{File: p.File, Line: p.BodyLine, Entities: s})
		}
	})
	c := &Converted{site: s, t: t, briefs: make(map[*site.Brief]*BriefView, len(s.Briefs)), entities: map[*site.Entity]*EntityView{}}
	var diags diag.List
	views := make([]*BriefView, len(s.Briefs))
	for i, it := range items {
		r := results[i]
		diags.Add(r.Diags)
		if b := it.brief; b != nil {
			v := &BriefView{Brief: b, Body: template.HTML(r.HTML), Summary: cmp.Or(b.Summary, r.Summary)} // #nosec: goldmark output, raw HTML escaped unless the site opts in
			for _, src := range b.Sources {
				v.Sources = append(v.Sources, SourceView{Source: src, Anchor: markdown.SourceAnchor(src.ID)})
			}
			c.briefs[b] = v
			views[i] = v
		}
	}
	diags.Add(c.partials(views))
	for i, it := range items {
		e := it.entity
		if e == nil {
			continue
		}
		v := &EntityView{Entity: e, Body: template.HTML(results[i].HTML)}
		if e.Profile != nil {
			v.Summary = cmp.Or(e.Profile.Summary, results[i].Summary)
		}
		v.Briefs = make([]*BriefView, len(e.Briefs))
		size := 0
		for j, b := range e.Briefs {
			v.Briefs[j] = c.briefs[b]
			size += len(v.Briefs[j].Item)
		}
		var items strings.Builder
		items.Grow(size)
		for _, b := range v.Briefs {
			items.WriteString(string(b.Item))
		}
		v.BriefItems = template.HTML(items.String()) // #nosec: joined html/template output
		v.Timeline = c.entries(e.Timeline)
		c.entities[e] = v
	}
	return c, diags
}

// partials pre-renders the list item and timeline entries of every brief.
func (c *Converted) partials(views []*BriefView) diag.List {
	set := c.t.sets["home"]
	if set == nil {
		return nil
	}
	hasItem, hasEntry := set.Lookup(ItemTemplate) != nil, set.Lookup(EntryTemplate) != nil
	var all []*site.Entity
	for _, k := range content.Kinds {
		all = append(all, c.site.Entities[k]...)
	}
	chips := make(map[*site.Entity]string, len(all))
	if set.Lookup(ChipTemplate) != nil {
		html := make([]string, len(all))
		errs := make([]error, len(all))
		parallel.For(len(all), func(i int) {
			var buf strings.Builder
			errs[i] = set.ExecuteTemplate(&buf, ChipTemplate, all[i])
			html[i] = buf.String()
		})
		for i, e := range all {
			if errs[i] != nil {
				var diags diag.List
				templateDiag(&diags, "templates/_partials.html", errs[i])
				return diags
			}
			chips[e] = html[i]
		}
	}
	errs := make([]error, len(views))
	parallel.For(len(views), func(i int) {
		v := views[i]
		var buf bytes.Buffer
		exec := func(name string, data any) template.HTML {
			buf.Reset()
			if err := set.ExecuteTemplate(&buf, name, data); err != nil && errs[i] == nil {
				errs[i] = err
			}
			return template.HTML(buf.String()) // #nosec: the output of html/template
		}
		if len(chips) > 0 {
			var b strings.Builder
			for _, k := range content.Kinds {
				for _, e := range v.Entities[k] {
					b.WriteString(chips[e])
				}
			}
			v.Chips = template.HTML(b.String()) // #nosec: joined html/template output
		}
		if hasItem {
			v.Item = exec(ItemTemplate, v)
		}
		if hasEntry {
			v.Entry = exec(EntryTemplate, EntryView{site.Entry{Date: v.Date, Title: v.Title, Brief: v.Brief}})
			v.EventEntries = make([]template.HTML, len(v.Brief.Events))
			for j, ev := range v.Brief.Events {
				v.EventEntries[j] = exec(EntryTemplate, EntryView{site.Entry{Date: ev.Date, Title: ev.Title, Brief: v.Brief, Event: true, Index: j}})
			}
		}
	})
	var diags diag.List
	for _, err := range errs {
		if err != nil {
			templateDiag(&diags, "templates/_partials.html", err)
			break
		}
	}
	return diags
}

// entries joins the pre-rendered HTML of timeline entries.
func (c *Converted) entries(es []site.Entry) template.HTML {
	size := 0
	for _, e := range es {
		size += len(c.briefs[e.Brief].Entry) + 64 // events are a little longer
	}
	var b strings.Builder
	b.Grow(size)
	for _, e := range es {
		v := c.briefs[e.Brief]
		if e.Event && e.Index < len(v.EventEntries) {
			b.WriteString(string(v.EventEntries[e.Index]))
		} else if !e.Event {
			b.WriteString(string(v.Entry))
		}
	}
	return template.HTML(b.String()) // #nosec: joined html/template output
}

// plan lists every page with its data.
func (c *Converted) plan() []job {
	s := c.site
	page := func(kind, p, title, desc string) *PageData {
		return &PageData{Site: s, Kind: kind, Title: title, Description: cmp.Or(desc, s.Description),
			Path: p, URL: s.URL(p), Canonical: s.AbsURL(p)}
	}
	file := func(p string) string {
		if p == "" || strings.HasSuffix(p, "/") {
			return p + "index.html"
		}
		return p
	}
	var jobs []job
	add := func(d *PageData) { jobs = append(jobs, job{kind: d.Kind, file: file(d.Path), data: d}) }

	home := page("home", "", s.Title, s.Description)
	home.Home = &HomeView{}
	for _, b := range s.Briefs[:min(len(s.Briefs), HomeBriefs)] {
		home.Home.Briefs = append(home.Home.Briefs, c.briefs[b])
	}
	for _, k := range content.Kinds {
		top := slices.Clone(s.Entities[k])
		slices.SortStableFunc(top, func(a, b *site.Entity) int { return cmp.Compare(len(b.Briefs), len(a.Briefs)) })
		top = slices.DeleteFunc(top, func(e *site.Entity) bool { return len(e.Briefs) == 0 })
		home.Home.Top = append(home.Home.Top, KindTop{Kind: k, URL: s.URL(k.Plural() + "/"), Entities: top[:min(len(top), HomeTop)]})
	}
	add(home)

	for _, b := range s.Briefs {
		v := c.briefs[b]
		d := page("brief", b.Path, b.Title, v.Summary)
		d.Brief = v
		add(d)
	}
	for _, k := range content.Kinds {
		l := page("list", k.Plural()+"/", k.Title(), "")
		l.List = &ListView{Kind: k, Entities: s.Entities[k]}
		add(l)
		for _, e := range s.Entities[k] {
			v := c.entities[e]
			d := page(k.String(), e.Path, e.Name, v.Summary)
			d.Entity = v
			add(d)
		}
	}
	tl := page("timeline", "timeline/", "Timeline", "")
	for _, y := range s.Timeline {
		ty := TimelineYear{Year: y.Year}
		for _, m := range y.Months {
			ty.Months = append(ty.Months, TimelineMonth{Month: m.Month, ID: m.ID(y.Year), Entries: c.entries(m.Entries)})
		}
		tl.Timeline = append(tl.Timeline, ty)
	}
	add(tl)
	add(page("404", "404.html", "Page not found", ""))
	return jobs
}
