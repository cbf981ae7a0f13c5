package pagestat

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"

	"golang.org/x/net/html"
)

// Page is one built HTML page and its figures.
type Page struct {
	Rel      string // slash path relative to the output folder
	Kind     string // see Kind
	Entity   string // the entity's or brief's folder name, for their pages
	Elements int    // element nodes of the parsed document
	Bytes    int64  // as written
	Gzip     int64  // gzipped at the default level, as the audit's host serves it
}

// Elements returns the number of element nodes of the document a browser's
// HTML parser builds from src, with the elements it implies (html, head,
// body, tbody) counted as a browser counts them.
func Elements(src []byte) (int, error) {
	doc, err := html.Parse(bytes.NewReader(src))
	if err != nil {
		return 0, err
	}
	n := 0
	var walk func(*html.Node)
	walk = func(x *html.Node) {
		if x.Type == html.ElementNode {
			n++
		}
		for c := x.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return n, nil
}

// Heading returns the text of the first h1 of an HTML page, its spaces
// collapsed, or "" when it has none.
func Heading(src []byte) string {
	doc, err := html.Parse(bytes.NewReader(src))
	if err != nil {
		return ""
	}
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode || n.Data != "h1" {
			continue
		}
		var b strings.Builder
		for t := range n.Descendants() {
			if t.Type == html.TextNode {
				b.WriteString(t.Data)
			}
		}
		return strings.Join(strings.Fields(b.String()), " ")
	}
	return ""
}

// counter counts the bytes written to it.
type counter int64

func (c *counter) Write(p []byte) (int, error) { *c += counter(len(p)); return len(p), nil }

// Gzipper returns the gzipped size of data, reusing one compressor; it is
// not safe for concurrent use.
type Gzipper struct{ zw *gzip.Writer }

// Size returns the size of data gzipped at the default level (6), as
// compress/gzip and most static hosts compress.
func (g *Gzipper) Size(data []byte) int64 {
	var n counter
	if g.zw == nil {
		g.zw = gzip.NewWriter(&n)
	} else {
		g.zw.Reset(&n)
	}
	// writes to a counter cannot fail
	_, _ = g.zw.Write(data)
	_ = g.zw.Close()
	return int64(n)
}

// GzipSize returns the size of data gzipped at the default level.
func GzipSize(data []byte) int64 {
	var g Gzipper
	return g.Size(data)
}

// Walk measures every .html file of the output folder fsys, on every core,
// and returns the pages sorted by path.
func Walk(fsys fs.FS) ([]Page, error) {
	var rels []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".html") {
			rels = append(rels, p)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	slices.Sort(rels)
	isPage := func(rel string) bool { _, ok := slices.BinarySearch(rels, rel); return ok }
	pages := make([]Page, len(rels))
	errs := make([]error, len(rels))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			var gz Gzipper
			for i := range next {
				pages[i], errs[i] = measure(fsys, rels[i], isPage, &gz)
			}
		})
	}
	for i := range rels {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return pages, nil
}

func measure(fsys fs.FS, rel string, isPage func(string) bool, gz *Gzipper) (Page, error) {
	data, err := fs.ReadFile(fsys, rel)
	if err != nil {
		return Page{}, err
	}
	p := Page{Rel: rel, Bytes: int64(len(data)), Gzip: gz.Size(data)}
	p.Kind, p.Entity = Kind(rel, isPage)
	if p.Elements, err = Elements(data); err != nil {
		return Page{}, &fs.PathError{Op: "parse", Path: rel, Err: err}
	}
	return p, nil
}

// KindStats sums up the pages of one kind.
type KindStats struct {
	Kind           string
	Pages          int
	MostElements   Page // the page with the most elements
	LargestGzip    Page // the page largest gzipped
	MedianElements int
	MedianGzip     int64
	OverElements   int // pages over the elements budget given to Summarize
	OverGzip       int // pages over the gzip budget
}

// Summarize groups pages by kind, in the order of the first page of each
// kind in kinds order (home, brief, entity kinds, …, then the rest sorted),
// and counts the pages over the budgets (elements, gzipped bytes).
func Summarize(pages []Page, maxElements int, maxGzip int64) []KindStats {
	byKind := map[string][]Page{}
	for _, p := range pages {
		byKind[p.Kind] = append(byKind[p.Kind], p)
	}
	var out []KindStats
	for _, k := range sortedKinds(byKind) {
		ps := byKind[k]
		s := KindStats{Kind: k, Pages: len(ps), MostElements: ps[0], LargestGzip: ps[0]}
		els := make([]int, len(ps))
		gzs := make([]int64, len(ps))
		for i, p := range ps {
			els[i], gzs[i] = p.Elements, p.Gzip
			if p.Elements > s.MostElements.Elements {
				s.MostElements = p
			}
			if p.Gzip > s.LargestGzip.Gzip {
				s.LargestGzip = p
			}
			if p.Elements > maxElements {
				s.OverElements++
			}
			if p.Gzip > maxGzip {
				s.OverGzip++
			}
		}
		slices.Sort(els)
		slices.Sort(gzs)
		s.MedianElements, s.MedianGzip = els[len(els)/2], gzs[len(gzs)/2]
		out = append(out, s)
	}
	return out
}

// kindOrder is the order in which known kinds are listed.
var kindOrder = []string{"home", "brief", "actor", "actor sub-page", "country", "country sub-page",
	"topic", "topic sub-page", "timeline", "timeline sub-page", "brief index", "actor index",
	"country index", "topic index", "search", "404"}

func sortedKinds[T any](m map[string]T) []string {
	var known, rest []string
	for _, k := range kindOrder {
		if _, ok := m[k]; ok {
			known = append(known, k)
		}
	}
	for k := range m {
		if !slices.Contains(kindOrder, k) {
			rest = append(rest, k)
		}
	}
	slices.Sort(rest)
	return append(known, rest...)
}

// Largest returns, among pages whose kind satisfies keep, the one with the
// most elements (ties: the larger gzipped), and false when none does.
func Largest(pages []Page, keep func(kind string) bool) (Page, bool) {
	var best Page
	found := false
	for _, p := range pages {
		if !keep(p.Kind) {
			continue
		}
		if !found || p.Elements > best.Elements || (p.Elements == best.Elements && p.Gzip > best.Gzip) {
			best, found = p, true
		}
	}
	return best, found
}

// IndexStats is the search index: the files under search/ other than its
// pages.
type IndexStats struct {
	Parts       int
	Bytes, Gzip int64
}

// SearchIndex measures the files under search/ of fsys that are not HTML
// pages (the index, in however many parts).
func SearchIndex(fsys fs.FS) (IndexStats, error) {
	var s IndexStats
	var gz Gzipper
	err := fs.WalkDir(fsys, "search", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) == ".html" {
			return err
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		s.Parts++
		s.Bytes += int64(len(data))
		s.Gzip += gz.Size(data)
		return nil
	})
	if errors.Is(err, fs.ErrNotExist) {
		return IndexStats{}, nil // no search/ folder: no index
	}
	return s, err
}
