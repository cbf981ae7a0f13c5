package render

import (
	"fmt"
	"sync"

	"github.com/sitrep-dev/sitrep/generator/internal/content"
	"github.com/sitrep-dev/sitrep/generator/internal/diag"
	"github.com/sitrep-dev/sitrep/generator/internal/feed"
	"github.com/sitrep-dev/sitrep/generator/internal/parallel"
	"github.com/sitrep-dev/sitrep/generator/internal/search"
	"github.com/sitrep-dev/sitrep/generator/internal/site"
)

// The files that are not pages: the Atom feeds of the site and of each
// entity, the JSON Feed, the sitemap, robots.txt (package feed), the search
// index and the entity previews (package search). Each feed costs what it
// shows: the Atom entry of a brief is made once and shared by every feed
// that lists it.

// A fileJob makes files that are not pages. Entity is the entity they are
// about (its feed, its preview), nil for files of the whole site; an
// incremental pass remakes a job only when what it depends on changed.
type fileJob struct {
	name   string // for messages: the file, or the first of several
	entity *site.Entity
	make   func() ([]Page, error)
	data   []byte // a part of the search index, keyed on its bytes
}

// briefSummary is the summary a brief shows on pages, which feeds and the
// search index show too.
func (c *Converted) briefSummary(b *site.Brief) string { return c.briefs[b].Summary }

// fileJobs lists the files that are not pages; nothing is made until a
// job's make is called.
func (c *Converted) fileJobs(oneShot bool) []fileJob {
	s := c.site
	fs := feed.Site{Site: s, Summary: c.briefSummary}
	var jobs []fileJob
	one := func(name string, e *site.Entity, f func() ([]byte, error)) {
		jobs = append(jobs, fileJob{name: name, entity: e, make: func() ([]Page, error) {
			data, err := f()
			return []Page{{Path: name, Data: data}}, err
		}})
	}
	// the Atom entry of a brief is made the first time a feed needs it, and
	// kept for the other feeds that list it
	var entries sync.Map // *site.Brief → []byte
	entry := func(b *site.Brief) []byte {
		if e, ok := entries.Load(b); ok {
			return e.([]byte)
		}
		e, _ := entries.LoadOrStore(b, feed.Entry(fs, b))
		return e.([]byte)
	}
	// the files of the whole site first: the search index and the sitemap
	// are the largest jobs, and a worker that took them last would end the
	// build alone
	jobs = append(jobs, c.searchJobs(oneShot, nil)...)
	jobs = append(jobs, fileJob{name: feed.SitemapFile, make: func() ([]Page, error) {
		var pages []Page
		for _, f := range feed.Sitemaps(s) {
			pages = append(pages, Page(f))
		}
		return pages, nil
	}})
	one(feed.FeedFile, nil, func() ([]byte, error) {
		return feed.Atom(s, "", s.Title, s.Description, s.Briefs, entry), nil
	})
	one(feed.JSONFeedFile, nil, func() ([]byte, error) { return feed.JSON(fs) })
	one(feed.RobotsFile, nil, func() ([]byte, error) { return feed.Robots(s), nil })
	for _, k := range content.Kinds {
		for _, e := range s.Entities[k] {
			one(e.Path+feed.FeedFile, e, func() ([]byte, error) {
				title := e.Name + " · " + s.Title
				desc := fmt.Sprintf("Briefs naming %s, the %s, newest first.", e.Name, k)
				return feed.Atom(s, e.Path, title, desc, e.Briefs, entry), nil
			})
			one(e.Path+search.PreviewFile, e, func() ([]byte, error) { return search.Preview(e, c.entities[e].Summary) })
		}
	}
	return jobs
}

// searchShards is how many jobs write the parts of the search index in a
// one-shot build.
const searchShards = 8

// searchJobs makes the parts of the search index: a job each, keyed on its
// bytes, so that a rebuild writes only the parts that changed; a one-shot
// build makes them all in one job, beside the other files. With edited
// given (briefs whose bodies' words changed, and nothing else), it updates
// the index of the last pass instead of making it again.
func (c *Converted) searchJobs(oneShot bool, edited []*site.Brief) []fileJob {
	in := search.Input{Site: c.site, Summary: c.briefSummary, Words: func(b *site.Brief) []string { return c.docs[b.File].res.Words }}
	if oneShot { // made once, written by several jobs: the fragments are thousands of files
		var jobs []fileJob
		all := sync.OnceValue(func() []search.Part { return search.Build(in) })
		for i := range searchShards {
			jobs = append(jobs, fileJob{name: search.MetaFile, make: func() (pages []Page, _ error) {
				for _, part := range all()[i*len(all())/searchShards : (i+1)*len(all())/searchShards] {
					pages = append(pages, Page(part))
				}
				return pages, nil
			}})
		}
		return jobs
	}
	if edited == nil || c.index == nil {
		c.index = search.New(in)
	} else {
		c.index.Update(edited)
	}
	var jobs []fileJob
	for _, part := range c.index.Parts() {
		jobs = append(jobs, fileJob{name: part.Path, data: part.Data, make: func() ([]Page, error) { return []Page{Page(part)}, nil }})
	}
	return jobs
}

// runFiles makes the files of jobs on every core and passes them to emit.
func (c *Converted) runFiles(jobs []fileJob, emit func(Page) error) diag.List {
	errs := make([]error, len(jobs))
	parallel.For(len(jobs), func(i int) {
		pages, err := jobs[i].make()
		for _, p := range pages {
			if err != nil {
				break
			}
			err = emit(p)
		}
		errs[i] = err
	})
	var diags diag.List
	for i, err := range errs {
		if err != nil {
			diags.Errorf(jobs[i].name, diag.Pos{}, "cannot write: %v", err)
			break
		}
	}
	return diags
}

// fileKey is the key of a file job: for the files of an entity (its feed,
// its preview), the key of the entity's page; for the files of the whole
// site (feeds, sitemap, search index, robots.txt), what they show of every
// brief and entity, which is not their bodies.
func (p *Pass) fileKey(f fileJob) uint64 {
	h := p.ca.hasher()
	h.U64(p.site)
	h.Str(f.name)
	if f.data != nil {
		h.Bytes(f.data)
		return h.Sum()
	}
	if e := f.entity; e != nil {
		// its name, URL, profile and count of briefs, the list data of the
		// newest feed.Limit briefs naming it (what the feed shows, and
		// dates itself by), and with none, of the site's newest briefs,
		// which the empty feed is dated by
		p.entityBrief(&h, e)
		h.Str(e.Path)
		h.Str(p.c.entities[e].Summary)
		if e.Country != nil {
			p.entityBrief(&h, e.Country)
		}
		briefs := e.Briefs
		if len(briefs) == 0 {
			briefs = p.c.site.Briefs
		}
		for _, b := range briefs[:min(len(briefs), feed.Limit)] {
			h.U64(p.listKeys[b])
		}
		return h.Sum()
	}
	s := p.c.site
	for _, b := range s.Briefs {
		h.U64(p.listKeys[b])
	}
	for _, k := range content.Kinds {
		for _, e := range s.Entities[k] {
			p.entityBrief(&h, e)
			h.Str(p.c.entities[e].Summary)
		}
	}
	return h.Sum()
}
