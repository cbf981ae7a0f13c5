package feed

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep/generator/internal/content"
	"github.com/sitrep-dev/sitrep/generator/internal/paging"
	"github.com/sitrep-dev/sitrep/generator/internal/site"
)

// SitemapLimit is how many URLs one sitemap file may hold (sitemaps.org);
// a bigger site gets sitemap-1.xml, sitemap-2.xml… and an index in sitemap.xml.
const SitemapLimit = 50000

// Sitemaps lists every page with its last modification: one sitemap.xml,
// or an index and numbered files past SitemapLimit URLs.
func Sitemaps(s *site.Site) []File {
	type url struct {
		path    string
		lastmod time.Time
	}
	latest := Newest(s, nil)
	urls := []url{{"", latest}}
	// every page of the paged lists (package paging), each dated by the
	// newest revision it shows
	for _, p := range paging.Timeline(s, nil) {
		var t time.Time
		for _, m := range p.Months {
			for _, e := range m.Entries {
				if d := e.Brief.Modified(); d.After(t) {
					t = d
				}
			}
		}
		urls = append(urls, url{p.Path, t})
	}
	for _, b := range s.Briefs {
		urls = append(urls, url{b.Path, b.Modified()})
	}
	for _, k := range content.Kinds {
		paging.KindPages(s, k, func(p string, briefs []*site.Brief, index bool) {
			t := latest // an index page: the newest of all
			if !index {
				t = time.Time{}
				for _, b := range briefs {
					if d := b.Modified(); d.After(t) {
						t = d
					}
				}
			}
			urls = append(urls, url{p, t})
		})
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
				buf.WriteString("<lastmod>" + Stamp(u.lastmod) + "</lastmod>")
			}
			buf.WriteString("</url>\n")
		}
		buf.WriteString("</urlset>\n")
		return buf.Bytes()
	}
	if len(urls) <= SitemapLimit {
		return []File{{Path: SitemapFile, Data: write(urls)}}
	}
	var pages []File
	var index bytes.Buffer
	index.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for i := 0; i < len(urls); i += SitemapLimit {
		name := fmt.Sprintf("sitemap-%d.xml", i/SitemapLimit+1)
		pages = append(pages, File{Path: name, Data: write(urls[i:min(len(urls), i+SitemapLimit)])})
		index.WriteString("<sitemap><loc>")
		xmlText(&index, s.AbsURL(name))
		index.WriteString("</loc><lastmod>" + Stamp(latest) + "</lastmod></sitemap>\n")
	}
	index.WriteString("</sitemapindex>\n")
	return append(pages, File{Path: SitemapFile, Data: index.Bytes()})
}

// Robots is robots.txt: it allows everything and names the sitemap, which
// must be an absolute URL: with a path-only base_url the line is left out.
func Robots(s *site.Site) []byte {
	var b strings.Builder
	b.WriteString("User-agent: *\nDisallow:\n")
	if sm := s.AbsURL(SitemapFile); strings.HasPrefix(sm, "http") {
		b.WriteString("\nSitemap: " + sm + "\n")
	}
	return []byte(b.String())
}
