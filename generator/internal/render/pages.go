package render

import (
	"bytes"
	"cmp"
	"errors"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/sitrep-dev/sitrep/generator/internal/content"
	"github.com/sitrep-dev/sitrep/generator/internal/diag"
	"github.com/sitrep-dev/sitrep/generator/internal/items"
	"github.com/sitrep-dev/sitrep/generator/internal/paging"
	"github.com/sitrep-dev/sitrep/generator/internal/site"
	"github.com/sitrep-dev/sitrep/generator/internal/splice"
	"github.com/sitrep-dev/sitrep/generator/internal/theme"
)

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
	buf, page := r.bufs.Get().(*bytes.Buffer), r.bufs.Get().(*bytes.Buffer)
	defer r.bufs.Put(buf)
	defer r.bufs.Put(page)
	buf.Reset()
	j.data.fill() // here, not in plan: an incremental pass plans every page and renders few
	if err := r.c.t.Execute(buf, j.kind, "base", j.data); err != nil {
		return err
	}
	out := buf.Bytes()
	if bytes.IndexByte(out, 0) >= 0 {
		// measured first, so that a page of megabytes is copied once,
		// into a buffer of its size, not grown by doubling
		var n splice.Count
		splice.Expand(&n, out, r.c.fill)
		page.Reset()
		page.Grow(int(n))
		splice.Expand(page, out, r.c.fill)
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
			theme.Diag(&diags, "templates/"+jobs[i].kind+".html", err)
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
		return len(d.Entity.Briefs)
	case d.Timeline != nil:
		return d.entries
	case d.List != nil:
		return len(d.List.Entities)
	}
	return 1
}

// planIndex adds the pages of the index of kind k, by name or by count.
func (c *Converted) planIndex(k content.Kind, byCount bool, add func(*PageData)) {
	s := c.site
	base := k.Plural() + "/"
	if byCount {
		base += paging.ByCount
	}
	es, pages := paging.Index(s, s.Entities[k], base, byCount, s.URL)
	for i, pg := range pages {
		title := k.Title()
		if byCount {
			title += " by number of briefs"
		}
		d := c.pageData("list", pg.Path, paging.Title(title, i), "")
		l := &ListView{Kind: k, Total: len(es), ByCount: byCount, ByName: s.URL(k.Plural() + "/"),
			ByBriefs: s.URL(k.Plural() + "/" + paging.ByCount), es: es[pg.Span.From:pg.Span.To]}
		l.Entities = items.Items(l.es)
		for _, g := range pg.Letters {
			l.Letters = append(l.Letters, IndexLetter{Letter: g.Letter, ID: g.ID, Entities: l.Entities[g.Span.From-pg.Span.From : g.Span.To-pg.Span.From]})
		}
		d.List, d.Pager = l, &pg.Pager
		add(d)
	}
}

// briefJob is the page of a brief.
func (c *Converted) briefJob(v *BriefView) job {
	d := c.pageData("brief", v.b.Path, v.Title, v.Summary)
	d.Brief = v
	d.Older, d.Newer = items.Link(v.b.Older), items.Link(v.b.Newer)
	for _, r := range v.b.Related {
		d.Related = append(d.Related, items.Link(r))
	}
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
		home.Home.Top = append(home.Home.Top, KindTop{Kind: k, URL: s.URL(k.Plural() + "/"), Entities: items.Items(top[:min(len(top), HomeTop)]), es: top[:min(len(top), HomeTop)]})
	}
	add(home)

	if briefs {
		for _, b := range s.Briefs {
			jobs = append(jobs, c.briefJob(c.briefs[b]))
		}
	}
	for _, k := range content.Kinds {
		c.planIndex(k, false, add)
		c.planIndex(k, true, add)
		for _, e := range s.Entities[k] {
			v := c.entities[e]
			for _, pg := range paging.Entity(s, e, s.URL) {
				d := page(k.String(), pg.Path, pg.Title, v.Summary)
				d.Entity, d.Pager = v.page(pg), &pg.Pager
				add(d)
			}
		}
	}
	c.months = c.months[:0] // planned again: the same months, in the same order
	for _, pg := range paging.Timeline(s, s.URL) {
		d := page("timeline", pg.Path, pg.Title, "")
		ty := TimelineYear{Year: pg.Year}
		for _, m := range pg.Months {
			ty.Months = append(ty.Months, TimelineMonth{Month: m.Month, ID: m.ID, Entries: splice.Marker(fragMonth, len(c.months)), index: len(c.months)})
			c.months = append(c.months, m.Entries)
			d.entries += len(m.Entries)
		}
		if d.Pager = &pg.Pager; pg.Year != 0 {
			d.Timeline = []TimelineYear{ty}
		}
		add(d)
	}
	add(page("404", "404.html", "Page not found", ""))
	if c.t.Has("search") {
		add(page("search", "search/", "Search", "Search the briefs, actors, countries and topics."))
	}
	return jobs
}
