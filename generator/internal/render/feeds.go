package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"sitrep/generator/internal/content"
	"sitrep/generator/internal/diag"
	"sitrep/generator/internal/parallel"
	"sitrep/generator/internal/site"
)

// Files the build writes besides the pages.
const (
	FeedFile     = "feed.xml"     // Atom 1.0, at the root and in every entity's folder
	JSONFeedFile = "feed.json"    // JSON Feed 1.1 of the site
	SitemapFile  = "sitemap.xml"  // sitemaps.org 0.9
	RobotsFile   = "robots.txt"   // with a Sitemap: line when base_url is absolute
	PreviewFile  = "preview.json" // in every entity's folder, for entity link previews
)

// FeedLimit is how many of the newest briefs a feed holds.
const FeedLimit = 20

// SitemapLimit is how many URLs one sitemap file may hold (sitemaps.org);
// a bigger site gets sitemap-1.xml, sitemap-2.xml… and an index in sitemap.xml.
const SitemapLimit = 50000

// Files makes every file that is not a page: the Atom feeds of the site and
// of each entity, the JSON Feed, the sitemap, robots.txt, the search index
// and the entity previews, and passes each to emit, as Render does. Each
// feed costs what it shows: the Atom entry of a brief is made once and
// shared by every feed that lists it.
func (c *Converted) Files(emit func(Page) error) diag.List {
	return c.runFiles(c.fileJobs(), emit)
}

// A fileJob makes files that are not pages. Entity is the entity they are
// about (its feed, its preview), nil for files of the whole site; an
// incremental pass remakes a job only when what it depends on changed.
type fileJob struct {
	name   string // for messages: the file, or the first of several
	entity *site.Entity
	make   func() ([]Page, error)
}

// fileJobs lists the files that are not pages; nothing is made until a
// job's make is called.
func (c *Converted) fileJobs() []fileJob {
	s := c.site
	var jobs []fileJob
	one := func(name string, e *site.Entity, f func() (Page, error)) {
		jobs = append(jobs, fileJob{name: name, entity: e, make: func() ([]Page, error) {
			p, err := f()
			return []Page{p}, err
		}})
	}
	// the Atom entry of a brief is made the first time a feed needs it, and
	// kept for the other feeds that list it
	var entries sync.Map // *site.Brief → []byte
	entry := func(b *site.Brief) []byte {
		if e, ok := entries.Load(b); ok {
			return e.([]byte)
		}
		e, _ := entries.LoadOrStore(b, c.atomEntry(b))
		return e.([]byte)
	}
	// the files of the whole site first: the search index and the sitemap
	// are the largest jobs, and a worker that took them last would end the
	// build alone
	one(SearchIndexFile, nil, c.searchIndex)
	jobs = append(jobs, fileJob{name: SitemapFile, make: func() ([]Page, error) { return c.sitemaps(), nil }})
	one(FeedFile, nil, func() (Page, error) {
		return Page{Path: FeedFile, Data: c.atom("", s.Title, s.Description, s.Briefs, entry)}, nil
	})
	one(JSONFeedFile, nil, c.jsonFeed)
	one(RobotsFile, nil, func() (Page, error) { return Page{Path: RobotsFile, Data: c.robots()}, nil })
	for _, k := range content.Kinds {
		for _, e := range s.Entities[k] {
			one(e.Path+FeedFile, e, func() (Page, error) {
				title := e.Name + " · " + s.Title
				desc := fmt.Sprintf("Briefs naming %s, the %s, newest first.", e.Name, k)
				return Page{Path: e.Path + FeedFile, Data: c.atom(e.Path, title, desc, e.Briefs, entry)}, nil
			})
			one(e.Path+PreviewFile, e, func() (Page, error) { return c.preview(e) })
		}
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

// xmlText escapes s for XML text and attribute values as xml.EscapeText
// does: the five markup characters, tab, newline and carriage return become
// references, and what XML cannot hold (control characters, invalid UTF-8,
// U+FFFE, U+FFFF, surrogates) becomes U+FFFD. Unlike it, it takes a string
// (no copy to a []byte) and passes a run of plain ASCII without decoding it.
func xmlText(b *bytes.Buffer, s string) {
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			if xmlEscapes[c] == "" {
				continue
			}
			b.WriteString(s[last : i-1])
			b.WriteString(xmlEscapes[c])
			last = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r == utf8.RuneError && size == 1 || r >= 0xD800 && r <= 0xDFFF || r == 0xFFFE || r == 0xFFFF {
			b.WriteString(s[last : i-size])
			b.WriteString("\uFFFD")
			last = i
		}
	}
	b.WriteString(s[last:])
}

// xmlEscapes maps each ASCII byte to what xmlText writes for it, or "" to
// copy it.
var xmlEscapes = func() (t [utf8.RuneSelf]string) {
	for c := range 0x20 {
		t[c] = "\uFFFD"
	}
	t['"'], t['\''], t['&'], t['<'], t['>'] = "&#34;", "&#39;", "&amp;", "&lt;", "&gt;"
	t['\t'], t['\n'], t['\r'] = "&#x9;", "&#xA;", "&#xD;"
	return t
}()

// atomEntry is the <entry> of a brief.
func (c *Converted) atomEntry(b *site.Brief) []byte {
	s := c.site
	v := c.briefs[b]
	var buf bytes.Buffer
	u := s.AbsURL(b.Path)
	buf.WriteString("<entry>\n<title>")
	xmlText(&buf, b.Title)
	buf.WriteString("</title>\n<link rel=\"alternate\" type=\"text/html\" href=\"")
	xmlText(&buf, u)
	buf.WriteString("\"/>\n<id>")
	xmlText(&buf, u)
	buf.WriteString("</id>\n<published>" + stamp(b.Date) + "</published>\n<updated>" + stamp(modified(b)) + "</updated>\n")
	if v.Summary != "" {
		buf.WriteString("<summary>")
		xmlText(&buf, v.Summary)
		buf.WriteString("</summary>\n")
	}
	for _, k := range content.Kinds {
		for _, e := range b.Entities[k] {
			buf.WriteString("<category term=\"")
			xmlText(&buf, e.Name)
			buf.WriteString("\"/>\n")
		}
	}
	buf.WriteString("</entry>\n")
	return buf.Bytes()
}

// atom is the Atom feed of the page at dir ("" for the home page) listing
// the newest FeedLimit of briefs (newest first).
func (c *Converted) atom(dir, title, subtitle string, briefs []*site.Brief, entry func(*site.Brief) []byte) []byte {
	s := c.site
	briefs = briefs[:min(len(briefs), FeedLimit)]
	var buf bytes.Buffer
	size := 1024
	for _, b := range briefs {
		size += len(entry(b))
	}
	buf.Grow(size)
	buf.WriteString(`<?xml version="1.0" encoding="utf-8"?>` + "\n" + `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="`)
	xmlText(&buf, s.Language)
	buf.WriteString("\">\n<title>")
	xmlText(&buf, title)
	buf.WriteString("</title>\n")
	if subtitle != "" {
		buf.WriteString("<subtitle>")
		xmlText(&buf, subtitle)
		buf.WriteString("</subtitle>\n")
	}
	buf.WriteString("<id>")
	xmlText(&buf, s.AbsURL(dir))
	buf.WriteString("</id>\n<link rel=\"self\" type=\"application/atom+xml\" href=\"")
	xmlText(&buf, s.AbsURL(dir+FeedFile))
	buf.WriteString("\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"")
	xmlText(&buf, s.AbsURL(dir))
	buf.WriteString("\"/>\n<updated>" + stamp(c.newest(briefs)) + "</updated>\n<author><name>")
	xmlText(&buf, s.Title)
	buf.WriteString("</name><uri>")
	xmlText(&buf, s.AbsURL(""))
	buf.WriteString("</uri></author>\n<generator>Sitrep</generator>\n")
	for _, b := range briefs {
		buf.Write(entry(b))
	}
	buf.WriteString("</feed>\n")
	return buf.Bytes()
}

// newest is the latest revision among briefs, else among all briefs of the
// site (a feed with no entry still needs an updated date), else 1970.
func (c *Converted) newest(briefs []*site.Brief) time.Time {
	if len(briefs) == 0 {
		briefs = c.site.Briefs[:min(len(c.site.Briefs), FeedLimit)]
	}
	var t time.Time
	for _, b := range briefs {
		if m := modified(b); m.After(t) {
			t = m
		}
	}
	if t.IsZero() {
		return time.Unix(0, 0)
	}
	return t
}

// jsonFeed is the JSON Feed 1.1 of the site.
func (c *Converted) jsonFeed() (Page, error) {
	s := c.site
	type author struct {
		Name string `json:"name"`
		URL  string `json:"url,omitempty"`
	}
	type item struct {
		ID            string   `json:"id"`
		URL           string   `json:"url"`
		Title         string   `json:"title"`
		ContentText   string   `json:"content_text"`
		Summary       string   `json:"summary,omitempty"`
		DatePublished string   `json:"date_published"`
		DateModified  string   `json:"date_modified"`
		Tags          []string `json:"tags,omitempty"`
	}
	feed := struct {
		Version     string   `json:"version"`
		Title       string   `json:"title"`
		HomePageURL string   `json:"home_page_url"`
		FeedURL     string   `json:"feed_url"`
		Description string   `json:"description,omitempty"`
		Language    string   `json:"language,omitempty"`
		Authors     []author `json:"authors"`
		Items       []item   `json:"items"`
	}{
		Version: "https://jsonfeed.org/version/1.1", Title: s.Title, HomePageURL: s.AbsURL(""),
		FeedURL: s.AbsURL(JSONFeedFile), Description: s.Description, Language: s.Language,
		Authors: []author{{Name: s.Title, URL: s.AbsURL("")}}, Items: []item{},
	}
	for _, b := range s.Briefs[:min(len(s.Briefs), FeedLimit)] {
		v := c.briefs[b]
		it := item{ID: s.AbsURL(b.Path), URL: s.AbsURL(b.Path), Title: b.Title, ContentText: v.Summary, Summary: v.Summary,
			DatePublished: stamp(b.Date), DateModified: stamp(modified(b))}
		if it.ContentText == "" {
			it.ContentText = b.Title // content_text or content_html is required
		}
		for _, k := range content.Kinds {
			for _, e := range b.Entities[k] {
				it.Tags = append(it.Tags, e.Name)
			}
		}
		feed.Items = append(feed.Items, it)
	}
	data, err := json.MarshalIndent(feed, "", " ")
	return Page{Path: JSONFeedFile, Data: append(data, '\n')}, err
}

// sitemaps lists every page with its last modification: one sitemap.xml,
// or an index and numbered files past SitemapLimit URLs.
func (c *Converted) sitemaps() []Page {
	s := c.site
	type url struct {
		path    string
		lastmod time.Time
	}
	latest := c.newest(nil)
	urls := []url{{"", latest}, {"timeline/", latest}}
	for _, b := range s.Briefs {
		urls = append(urls, url{b.Path, modified(b)})
	}
	for _, k := range content.Kinds {
		urls = append(urls, url{k.Plural() + "/", latest})
		for _, e := range s.Entities[k] {
			var t time.Time
			if len(e.Briefs) > 0 {
				t = modified(e.Briefs[0])
			}
			urls = append(urls, url{e.Path, t})
		}
	}
	write := func(urls []url) []byte {
		var buf bytes.Buffer
		buf.Grow(len(urls) * 120)
		buf.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
		for _, u := range urls {
			buf.WriteString("<url><loc>")
			xmlText(&buf, s.AbsURL(u.path))
			buf.WriteString("</loc>")
			if !u.lastmod.IsZero() {
				buf.WriteString("<lastmod>" + stamp(u.lastmod) + "</lastmod>")
			}
			buf.WriteString("</url>\n")
		}
		buf.WriteString("</urlset>\n")
		return buf.Bytes()
	}
	if len(urls) <= SitemapLimit {
		return []Page{{Path: SitemapFile, Data: write(urls)}}
	}
	var pages []Page
	var index bytes.Buffer
	index.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for i := 0; i < len(urls); i += SitemapLimit {
		name := fmt.Sprintf("sitemap-%d.xml", i/SitemapLimit+1)
		pages = append(pages, Page{Path: name, Data: write(urls[i:min(len(urls), i+SitemapLimit)])})
		index.WriteString("<sitemap><loc>")
		xmlText(&index, s.AbsURL(name))
		index.WriteString("</loc><lastmod>" + stamp(latest) + "</lastmod></sitemap>\n")
	}
	index.WriteString("</sitemapindex>\n")
	return append(pages, Page{Path: SitemapFile, Data: index.Bytes()})
}

// robots allows everything and names the sitemap, which must be an
// absolute URL: with a path-only base_url the line is left out.
func (c *Converted) robots() []byte {
	var b strings.Builder
	b.WriteString("User-agent: *\nDisallow:\n")
	if sm := c.site.AbsURL(SitemapFile); strings.HasPrefix(sm, "http") {
		b.WriteString("\nSitemap: " + sm + "\n")
	}
	return []byte(b.String())
}

// preview is the small JSON an entity link's preview shows.
func (c *Converted) preview(e *site.Entity) (Page, error) {
	p := struct {
		Name    string `json:"name"`
		Kind    string `json:"kind"`
		Role    string `json:"role,omitempty"`
		Country string `json:"country,omitempty"`
		Summary string `json:"summary,omitempty"`
		Briefs  int    `json:"briefs"`
	}{Name: e.Name, Kind: e.Kind.String(), Summary: c.entities[e].Summary, Briefs: len(e.Briefs)}
	if e.Profile != nil {
		p.Role = e.Profile.Role
	}
	if e.Country != nil {
		p.Country = e.Country.Name
	}
	data, err := json.Marshal(p)
	return Page{Path: e.Path + PreviewFile, Data: data}, err
}
