package search_test

import (
	"cmp"
	"compress/gzip"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	sitrep "github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/generator/internal/browsertest"
	"github.com/sitrep-dev/sitrep/generator/internal/build"
	"github.com/sitrep-dev/sitrep/generator/internal/content"
	"github.com/sitrep-dev/sitrep/generator/internal/corpus"
	"github.com/sitrep-dev/sitrep/generator/internal/overlay"
	"github.com/sitrep-dev/sitrep/generator/internal/site"
	"github.com/sitrep-dev/sitrep/generator/internal/words"
)

// browserBriefs is the size of the archive the browser test searches.
const browserBriefs = 2000

// gzipped serves h's responses gzipped, as a static host does.
func gzipped(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			h.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Content-Encoding", "gzip")
		gz := gzip.NewWriter(w)
		defer gz.Close()
		h.ServeHTTP(gzipWriter{w, gz}, r)
	})
}

type gzipWriter struct {
	http.ResponseWriter
	gz *gzip.Writer
}

func (g gzipWriter) Write(b []byte) (int, error) { return g.gz.Write(b) }
func (g gzipWriter) WriteHeader(code int) {
	g.ResponseWriter.Header().Del("Content-Length")
	g.ResponseWriter.WriteHeader(code)
}

// model is the reference the browser's answers are checked against: which
// briefs match a word (in a title, summary, body, or entity name or alias)
// and which name an entity, by slug.
type model struct {
	s     *site.Site
	words map[*site.Brief]map[string]bool
}

func newModel(t *testing.T, fsys fstest.MapFS) *model {
	c, diags := content.Load(fsys)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	s, _ := site.Build(c, site.Options{})
	m := &model{s: s, words: map[*site.Brief]map[string]bool{}}
	for _, b := range s.Briefs {
		set := map[string]bool{}
		text := b.Title + " " + b.Summary
		for _, es := range b.Entities {
			for _, e := range es {
				text += " " + e.Name
				if e.Profile != nil {
					for _, a := range e.Profile.Aliases {
						text += " " + a.Name
					}
				}
			}
		}
		for _, w := range append(words.Text(text), words.Markdown(b.Body)...) {
			set[w] = true
		}
		m.words[b] = set
	}
	return m
}

// count is the number of briefs holding every word, naming one of the
// entities of each kind given (slugs), in one of the years given.
func (m *model) count(ws []string, ents [3][]string, years []int) int {
	n := 0
	for _, b := range m.s.Briefs {
		ok := !slices.ContainsFunc(ws, func(w string) bool { return !m.words[b][w] })
		for k, slugs := range ents {
			if len(slugs) > 0 && !slices.ContainsFunc(b.Entities[k], func(e *site.Entity) bool { return slices.Contains(slugs, string(e.Slug)) }) {
				ok = false
			}
		}
		if len(years) > 0 && !slices.Contains(years, b.Date.Year()) {
			ok = false
		}
		if ok {
			n++
		}
	}
	return n
}

// TestBrowserSearch builds a generated archive and searches it in
// Chromium, served gzipped under /briefing/: a word found only in a
// body, each facet kind, OR within a key and AND across keys (data-total
// against the model), paging to the last match, the URL round trip, and
// the bytes a first query fetches.
func TestBrowserSearch(t *testing.T) {
	if testing.Short() {
		t.Skip("SKIPPING TestBrowserSearch in -short mode: it builds a 2,000-brief archive")
	}
	files := corpus.New(1).Files(browserBriefs)
	fsys := fstest.MapFS{}
	for p, data := range files {
		fsys[p] = &fstest.MapFile{Data: data}
	}
	m := newModel(t, fsys)
	out := filepath.Join(t.TempDir(), "public")
	if _, err := build.Run(context.Background(), build.Config{Site: overlay.New(fsys, sitrep.Theme()), Out: out, BaseURL: "https://example.org/briefing/", Minify: true}); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/briefing/", http.StripPrefix("/briefing/", http.FileServer(http.Dir(out))))
	srv := httptest.NewServer(gzipped(mux))
	defer srv.Close()
	ctx, problems := browsertest.Start(t, 300*time.Second)

	var mu sync.Mutex
	var bytes float64
	var requests int
	chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*network.EventLoadingFinished); ok {
			mu.Lock()
			bytes += e.EncodedDataLength
			requests++
			mu.Unlock()
		}
	})
	str := func(expr string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr))
		if err != nil {
			t.Fatalf("%s: %v", expr, err)
		}
		return v
	}
	// open loads a search URL and returns data-total once shown
	open := func(query string) int {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/briefing/search/?"+query)); err != nil {
			t.Fatal(err)
		}
		return total(t, ctx)
	}
	top := m.s.Entities[content.Actor][0]
	for _, e := range m.s.Entities[content.Actor] {
		if len(e.Briefs) > len(top.Briefs) {
			top = e
		}
	}

	// the first query, in a fresh browser: the bytes fetched
	mu.Lock()
	bytes, requests = 0, 0
	mu.Unlock()
	if got, want := open("q=sanctions"), m.count([]string{"sanctions"}, [3][]string{}, nil); got != want {
		t.Errorf("q=sanctions: data-total %d, want %d", got, want)
	}
	mu.Lock()
	first, nreq := bytes, requests
	mu.Unlock()
	t.Logf("first query q=sanctions at %d briefs: %.1f KB in %d requests", browserBriefs, first/1024, nreq)
	// 150 KB at 10,000 briefs: what grows with the archive is the postings
	if limit := 100 * 1024.0; first > limit {
		t.Errorf("the first query fetched %.0f bytes, more than %.0f", first, limit)
	}

	// a word found only in bodies finds its briefs
	bodyWord := ""
	for _, b := range m.s.Briefs {
		for _, w := range words.Markdown(b.Body) {
			if n := m.count([]string{w}, [3][]string{}, nil); n >= 2 && n <= 30 && !strings.Contains(strings.ToLower(b.Title), w) {
				bodyWord = w
				break
			}
		}
		if bodyWord != "" {
			break
		}
	}
	if bodyWord == "" {
		t.Fatal("no word of a body matches between 2 and 30 briefs")
	}
	if got, want := open("q="+url.QueryEscape(bodyWord)), m.count([]string{bodyWord}, [3][]string{}, nil); got != want {
		t.Errorf("q=%s (a body word): data-total %d, want %d", bodyWord, got, want)
	}

	// each kind of facet; OR within a key, AND across keys
	country, topic := m.s.Entities[content.Country][0], m.s.Entities[content.Topic][0]
	other := m.s.Entities[content.Actor][1]
	year := top.Briefs[0].Date.Year()
	cases := []struct {
		query string
		words []string
		ents  [3][]string
		years []int
	}{
		{"actor=" + string(top.Slug), nil, [3][]string{{string(top.Slug)}}, nil},
		{"country=" + string(country.Slug), nil, [3][]string{1: {string(country.Slug)}}, nil},
		{"topic=" + string(topic.Slug), nil, [3][]string{2: {string(topic.Slug)}}, nil},
		{"year=" + strconv.Itoa(year), nil, [3][]string{}, []int{year}},
		{"actor=" + string(top.Slug) + "&actor=" + string(other.Slug), nil, [3][]string{{string(top.Slug), string(other.Slug)}}, nil},
		{"q=sanctions+talks&actor=" + string(top.Slug) + "&actor=" + string(other.Slug) + "&year=" + strconv.Itoa(year), []string{"sanctions", "talks"},
			[3][]string{{string(top.Slug), string(other.Slug)}}, []int{year}},
		{"q=sanctions&country=" + string(country.Slug) + "&topic=" + string(topic.Slug), []string{"sanctions"},
			[3][]string{1: {string(country.Slug)}, 2: {string(topic.Slug)}}, nil},
	}
	for _, c := range cases {
		if got, want := open(c.query), m.count(c.words, c.ents, c.years); got != want {
			t.Errorf("%s: data-total %d, want %d", c.query, got, want)
		}
		// every facet count is that of the results with the value added
		checkFacets(t, ctx, m, c.words, c.ents, c.years)
	}

	// paging reaches the last match
	n := open("actor=" + string(top.Slug))
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#search-pager a[data-page]:last-child`))); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`location.search.includes('page=')&&document.getElementById('search-results').dataset.total!==undefined`, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatal(err)
	}
	last := str(`[...document.querySelectorAll('#search-results .brief-result h2 a')].map(a => a.pathname).pop()`)
	oldest := top.Briefs[len(top.Briefs)-1]
	if want := "/briefing/" + oldest.Path; last != want || n != len(top.Briefs) {
		t.Errorf("the last result of the last page is %s, want %s (data-total %d, want %d)", last, want, n, len(top.Briefs))
	}

	// the URL round trip: a search typed and ticked is the URL's search
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/briefing/search/"), chromedp.SendKeys(chromedp.CSS(`#search-q`), "sanctions talks")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`location.search.includes('talks')&&document.getElementById('search-results').dataset.total!==undefined`, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatal(err)
	}
	typed := total(t, ctx)
	box := fmt.Sprintf(`#search-facets input[name=actor][value=%q]`, string(top.Slug))
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#search-count-facets`)), chromedp.Click(chromedp.CSS(box))); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`location.search.includes('actor=')&&document.getElementById('search-results').dataset.total!==undefined`, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatal(err)
	}
	ticked, address := total(t, ctx), str(`location.href`)
	titles := str(`[...document.querySelectorAll('#search-results h2 a')].map(a => a.pathname).join(' ')`)
	if err := chromedp.Do(ctx, chromedp.Navigate(address)); err != nil {
		t.Fatal(err)
	}
	if again := total(t, ctx); again != ticked || str(`[...document.querySelectorAll('#search-results h2 a')].map(a => a.pathname).join(' ')`) != titles {
		t.Errorf("%s: %d results, want %d as before the reload", address, again, ticked)
	}
	if want := m.count([]string{"sanctions", "talks"}, [3][]string{}, nil); typed != want {
		t.Errorf("typed: %d results, want %d", typed, want)
	}
	if !strings.Contains(address, "q=sanctions+talks") || !strings.Contains(address, "actor="+string(top.Slug)) {
		t.Errorf("the address %s does not hold the search", address)
	}
	if p := problems(); len(p) > 0 {
		t.Errorf("browser problems:\n%s", strings.Join(p, "\n"))
	}
}

// total waits for the results and returns data-total.
func total(t *testing.T, ctx context.Context) int {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Poll[string](`document.getElementById('search-results').dataset.total`, chromedp.WithPollingTimeout(20*time.Second)))
	if err != nil {
		t.Fatalf("waiting for data-total: %v", err)
	}
	n, _ := strconv.Atoi(v)
	return n
}

// checkFacets checks every count the facets show against the model: the
// number of results naming that value.
func checkFacets(t *testing.T, ctx context.Context, m *model, ws []string, ents [3][]string, years []int) {
	t.Helper()
	// counts that need every facet chunk wait for a click
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(b => b ? (b.click(), true) : false)(document.getElementById('search-count-facets'))`)); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`!document.getElementById('search-count-facets') && [...document.querySelectorAll('#search-facets input')].every(i => i.parentNode.querySelector('.count'))`, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		t.Fatalf("waiting for the facet counts: %v", err)
	}
	shown, err := chromedp.Run(ctx, chromedp.Evaluate[[][3]string](`[...document.querySelectorAll('#search-facets input')].map(i => [i.name, i.value, i.parentNode.querySelector('.count').textContent.replace(/\D/g, '')])`))
	if err != nil {
		t.Fatal(err)
	}
	if len(shown) == 0 {
		t.Errorf("no facets shown")
	}
	keys := []string{"actor", "country", "topic"}
	for _, f := range shown {
		want := 0
		for _, b := range m.s.Briefs {
			if m.count1(b, ws, ents, years) && m.names(b, keys, f[0], f[1]) {
				want++
			}
		}
		if got, _ := strconv.Atoi(f[2]); got != want {
			t.Errorf("facet %s=%s: %d, want %d", f[0], f[1], got, want)
		}
	}
}

// count1 reports whether b is a result.
func (m *model) count1(b *site.Brief, ws []string, ents [3][]string, years []int) bool {
	if slices.ContainsFunc(ws, func(w string) bool { return !m.words[b][w] }) {
		return false
	}
	for k, slugs := range ents {
		if len(slugs) > 0 && !slices.ContainsFunc(b.Entities[k], func(e *site.Entity) bool { return slices.Contains(slugs, string(e.Slug)) }) {
			return false
		}
	}
	return len(years) == 0 || slices.Contains(years, b.Date.Year())
}

// names reports whether b has the facet value key=value.
func (m *model) names(b *site.Brief, keys []string, key, value string) bool {
	if key == "year" {
		return strconv.Itoa(b.Date.Year()) == value
	}
	k := slices.Index(keys, key)
	return k >= 0 && slices.ContainsFunc(b.Entities[k], func(e *site.Entity) bool { return string(e.Slug) == value })
}

// TestFirstQueryBytes measures, in a fresh Chromium each, the bytes a first
// query fetches from a site already built into $SITREP_SEARCH_OUT with the
// base URL /briefing/ (sitrep build -base-url https://example.org/briefing/),
// served gzipped: the figures of docs/performance.md. It is a measurement,
// not a check, and runs only when asked.
func TestFirstQueryBytes(t *testing.T) {
	out := os.Getenv("SITREP_SEARCH_OUT")
	if out == "" {
		t.Skip("SKIPPING TestFirstQueryBytes: set SITREP_SEARCH_OUT to a built site to measure it")
	}
	mux := http.NewServeMux()
	mux.Handle("/briefing/", http.StripPrefix("/briefing/", http.FileServer(http.Dir(out))))
	srv := httptest.NewServer(gzipped(mux))
	defer srv.Close()
	queries := strings.Fields(cmp.Or(os.Getenv("SITREP_SEARCH_QUERIES"), "q=sanctions q=ceasefire q=sanctions+talks q=oil+prices+troops q=chloé q=minis"))
	for _, q := range queries {
		ctx, _ := browsertest.Start(t, 120*time.Second)
		var mu sync.Mutex
		var bytes float64
		var requests int
		chromedp.Listen(ctx, func(ev any) {
			if e, ok := ev.(*network.EventLoadingFinished); ok {
				mu.Lock()
				bytes += e.EncodedDataLength
				requests++
				mu.Unlock()
			}
		})
		start := time.Now()
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/briefing/search/?"+q)); err != nil {
			t.Fatal(err)
		}
		n := total(t, ctx)
		mu.Lock()
		t.Logf("%-40s %6d results  %7.1f KB  %3d requests  %v", q, n, bytes/1024, requests, time.Since(start).Round(time.Millisecond))
		mu.Unlock()
	}
}
