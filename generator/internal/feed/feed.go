// Package feed writes what readers and crawlers subscribe to or index
// besides the pages: the Atom feeds of the site and of every entity, the
// JSON Feed of the site, the sitemap (an index past SitemapLimit URLs) and
// robots.txt. It reads the site model and never writes to disk.
package feed

import (
	"bytes"
	"encoding/json"
	"time"

	"github.com/sitrep-dev/sitrep/generator/internal/content"
	"github.com/sitrep-dev/sitrep/generator/internal/site"
)

// Files the build writes besides the pages.
const (
	FeedFile     = "feed.xml"    // Atom 1.0, at the root and in every entity's folder
	JSONFeedFile = "feed.json"   // JSON Feed 1.1 of the site
	SitemapFile  = "sitemap.xml" // sitemaps.org 0.9
	RobotsFile   = "robots.txt"  // with a Sitemap: line when base_url is absolute
)

// Limit is how many of the newest briefs a feed holds.
const Limit = 20

// A Site is what feeds describe: the model, and the summary each brief
// shows (its summary key, else the first paragraph of its body).
type Site struct {
	*site.Site
	Summary func(*site.Brief) string
}

// A File is one file made here: a slash path inside the output folder and its bytes.
type File struct {
	Path string
	Data []byte
}

// Stamp is the form of every date in feeds and sitemaps: RFC 3339, UTC.
func Stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// Entry is the Atom <entry> of a brief. Feeds listing one brief share its
// entry: make it once (see Atom).
func Entry(s Site, b *site.Brief) []byte {
	summary := s.Summary(b)
	var buf bytes.Buffer
	u := s.AbsURL(b.Path)
	buf.WriteString("<entry>\n<title>")
	xmlText(&buf, b.Title)
	buf.WriteString("</title>\n<link rel=\"alternate\" type=\"text/html\" href=\"")
	xmlText(&buf, u)
	buf.WriteString("\"/>\n<id>")
	xmlText(&buf, u)
	buf.WriteString("</id>\n<published>" + Stamp(b.Date) + "</published>\n<updated>" + Stamp(b.Modified()) + "</updated>\n")
	if summary != "" {
		buf.WriteString("<summary>")
		xmlText(&buf, summary)
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

// Atom is the Atom feed of the page at dir ("" for the home page) listing
// the newest Limit of briefs (newest first), each given by entry.
func Atom(s *site.Site, dir, title, subtitle string, briefs []*site.Brief, entry func(*site.Brief) []byte) []byte {
	briefs = briefs[:min(len(briefs), Limit)]
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
	buf.WriteString("\"/>\n<updated>" + Stamp(Newest(s, briefs)) + "</updated>\n<author><name>")
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

// Newest is the latest revision among briefs, else among the newest Limit
// briefs of the site (a feed with no entry still needs an updated date),
// else 1970.
func Newest(s *site.Site, briefs []*site.Brief) time.Time {
	if len(briefs) == 0 {
		briefs = s.Briefs[:min(len(s.Briefs), Limit)]
	}
	var t time.Time
	for _, b := range briefs {
		if m := b.Modified(); m.After(t) {
			t = m
		}
	}
	if t.IsZero() {
		return time.Unix(0, 0)
	}
	return t
}

// JSON is the JSON Feed 1.1 of the site.
func JSON(s Site) ([]byte, error) {
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
	for _, b := range s.Briefs[:min(len(s.Briefs), Limit)] {
		summary := s.Summary(b)
		it := item{ID: s.AbsURL(b.Path), URL: s.AbsURL(b.Path), Title: b.Title, ContentText: summary, Summary: summary,
			DatePublished: Stamp(b.Date), DateModified: Stamp(b.Modified())}
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
	return append(data, '\n'), err
}
