// Package sitefiles says what a link or image destination in markdown, or
// an image: in front matter, names: a file of the site, by a path relative
// to the markdown file or to the site folder (a leading /), and what it is
// published as: a brief's or profile's page for its .md file, a file beside
// a brief or profile (a bundle), a static file. A Table, made by the build
// for each pass, maps every such file to its output path, URL and, for an
// image, its size; Size reads an image's width and height from its header.
package sitefiles

import (
	"errors"
	"fmt"
	"net/url"
	"path"
	"strings"
)

// A Target is what a file of the site is published as.
type Target struct {
	Path          string // output path: "briefs/x/map.png", "briefs/x/" for a page
	URL           string // root-relative, with the base path
	Width, Height int    // of an image, read from its header; 0 when unknown
	Page          bool   // a brief's or profile's page, named by its .md file
}

// A Lookup is one question asked of a Table and its answer, kept so that
// an incremental build can tell whether a converted body still holds.
type Lookup struct {
	File   string
	Target Target
	Err    string
}

// A Table maps the files of a site that links may name, by slash path from
// the site folder (content/briefs/x/map.png, static/logo.png), to their
// targets. A nil Table knows no file.
type Table struct {
	files   map[string]Target
	refused map[string]string // files that exist but are not published, with why
}

// NewTable returns an empty table.
func NewTable() *Table {
	return &Table{files: map[string]Target{}, refused: map[string]string{}}
}

// Add records that file is published as t.
func (t *Table) Add(file string, tg Target) { t.files[file] = tg }

// AddPage records a page or file the site makes at the output path out
// ("timeline/", "feed.xml", "" for the home page), for links to it by a
// site-root path (/timeline/); a file of the site at that path wins.
func (t *Table) AddPage(out, url string) {
	key := strings.TrimSuffix(out, "/")
	if _, ok := t.files[key]; !ok {
		t.files[key] = Target{Path: out, URL: url, Page: true}
	}
}

// Refuse records that file exists but may not be linked to, and why (a
// draft brief in a build without drafts).
func (t *Table) Refuse(file, why string) { t.refused[file] = why }

// Lookup returns the target of file, a slash path from the site folder.
func (t *Table) Lookup(file string) (Target, error) {
	if t != nil {
		if tg, ok := t.files[file]; ok {
			return tg, nil
		}
		if why, ok := t.refused[file]; ok {
			return Target{}, errors.New(why)
		}
	}
	if path.Ext(file) == ".md" {
		return Target{}, fmt.Errorf("no brief or profile at /%s", file)
	}
	return Target{}, fmt.Errorf("no such file: /%s (a link may name a brief's or profile's .md file, a file beside one in its folder, a file of static/, or a page by its path from the site's root)", file)
}

// Ask is Lookup, with the question and answer for Same.
func (t *Table) Ask(file string) (Target, Lookup, error) {
	tg, err := t.Lookup(file)
	l := Lookup{File: file, Target: tg}
	if err != nil {
		l.Err = err.Error()
	}
	return tg, l, err
}

// Same reports whether every lookup gives the same answer in t.
func (t *Table) Same(lookups []Lookup) bool {
	for _, l := range lookups {
		if _, now, _ := t.Ask(l.File); now != l {
			return false
		}
	}
	return true
}

// A Dest is a link or image destination that names a file of the site.
type Dest struct {
	File   string // slash path from the site folder
	Suffix string // ?query#fragment as written, to keep on the URL
}

// ErrOutside is the error of a destination leading out of the site folder.
var ErrOutside = errors.New("leads out of the site folder")

// Parse tells whether dest, written in the file from (a slash path from the
// site folder), names a file of the site, and which. It returns ok false
// for what is not a path: a URL with a scheme (https:, mailto:), one
// starting with // (another host), a bare #fragment or ?query, or nothing.
// A relative path is relative to from's folder; a leading / is the site
// folder, never the host's root.
func Parse(from, dest string) (d Dest, ok bool, err error) {
	if dest == "" || dest[0] == '#' || dest[0] == '?' || strings.HasPrefix(dest, "//") || hasScheme(dest) {
		return Dest{}, false, nil
	}
	p := dest
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p, d.Suffix = p[:i], p[i:]
	}
	if u, err := url.PathUnescape(p); err == nil {
		p = u
	}
	if strings.Contains(p, "\\") {
		return Dest{}, true, fmt.Errorf("%q: write paths with /, not \\", dest)
	}
	root := strings.HasPrefix(p, "/")
	if root {
		p = path.Clean(p)[1:] // "/" gives "", the home page
	} else {
		p = path.Join(path.Dir(from), p)
	}
	if p == ".." || strings.HasPrefix(p, "../") || !root && (p == "." || p == "") {
		return Dest{}, true, fmt.Errorf("%q %w", dest, ErrOutside)
	}
	d.File = p
	return d, true, nil
}

// hasScheme reports whether s starts with a URL scheme and a colon.
func hasScheme(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'):
		case c == ':' && i > 0:
			return true
		default:
			return false
		}
	}
	return false
}

// URL returns the URL a link to d gives: the target's, with d's query and
// fragment.
func (d Dest) URL(t Target) string { return t.URL + d.Suffix }
