package build

import (
	"bytes"
	"compress/gzip"
	"context"
	"math/rand/v2"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/chromedp/chromedp"
	"golang.org/x/net/html"

	"github.com/sitrep-dev/sitrep/generator/internal/corpus"
)

// The budgets every page of a large archive keeps (issue 14): lists that
// grow with the archive are paged so that no page does.
const (
	maxElements = 1200
	maxGzipped  = 80 << 10
)

var (
	archiveOnce sync.Once
	archiveTree map[string][]byte
)

// archive builds a generated archive of 3,000 briefs with the default
// theme, once for the tests that read it.
func archive(t *testing.T) map[string][]byte {
	t.Helper()
	if testing.Short() {
		t.Skip("SKIPPED in -short mode: builds a 3,000-brief archive")
	}
	archiveOnce.Do(func() {
		m := fixtureSite(t)
		for p := range m {
			if strings.HasPrefix(p, "content/") {
				delete(m, p)
			}
		}
		for p, data := range corpus.New(14).Files(3000) {
			m[p] = &fstest.MapFile{Data: data}
		}
		_, out := mustBuild(t, Config{Site: m})
		archiveTree = readTree(t, out)
	})
	if archiveTree == nil {
		t.Fatal("the archive did not build")
	}
	return archiveTree
}

// pageLinks parses a page: its number of elements, the href of every <a>
// and the href of <link rel="next">.
func pageLinks(data []byte) (elements int, hrefs []string, next string) {
	z := html.NewTokenizer(bytes.NewReader(data))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return elements, hrefs, next
		case html.StartTagToken, html.SelfClosingTagToken:
			elements++
			tok := z.Token()
			var href, rel string
			for _, a := range tok.Attr {
				switch a.Key {
				case "href":
					href = a.Val
				case "rel":
					rel = a.Val
				}
			}
			switch {
			case tok.Data == "a" && href != "":
				hrefs = append(hrefs, href)
			case tok.Data == "link" && rel == "next":
				next = href
			}
		}
	}
}

// treePath is the file of a root-relative URL of the archive
// (base_url https://example.org/archive/), "" for another URL.
func treePath(link string) string {
	u, _, _ := strings.Cut(link, "#")
	p, ok := strings.CutPrefix(u, "/archive/")
	if !ok {
		return ""
	}
	if p == "" || strings.HasSuffix(p, "/") {
		p += "index.html"
	}
	if q, err := url.PathUnescape(p); err == nil {
		return q
	}
	return p
}

// TestPagesWithinBudget checks every page of a 3,000-brief archive against
// the budgets: at most 1,200 HTML elements and 80 KB gzipped.
func TestPagesWithinBudget(t *testing.T) {
	tree := archive(t)
	pages := 0
	for p, data := range tree {
		if !strings.HasSuffix(p, ".html") {
			continue
		}
		pages++
		n, _, _ := pageLinks(data)
		var gz bytes.Buffer
		w, _ := gzip.NewWriterLevel(&gz, gzip.DefaultCompression)
		w.Write(data)
		w.Close()
		if n > maxElements || gz.Len() > maxGzipped {
			t.Errorf("%s: %d elements, %d bytes gzipped; the budget is %d and %d", p, n, gz.Len(), maxElements, maxGzipped)
		}
	}
	if pages < 5000 {
		t.Errorf("only %d pages", pages)
	}
}

// TestEveryBriefReachable checks that every brief is listed on the pages of
// each of its entities, following the pager from the entity's page, and
// on the timeline, following the years and pager from /timeline/ within a
// few clicks.
func TestEveryBriefReachable(t *testing.T) {
	tree := archive(t)
	// the entities of each brief, from the chips of its page
	named := map[string][]string{} // brief URL → entity URLs
	for p, data := range tree {
		if !strings.HasPrefix(p, "briefs/") || !strings.HasSuffix(p, "/index.html") {
			continue
		}
		u := "/archive/" + strings.TrimSuffix(p, "index.html")
		i := bytes.Index(data, []byte(`<ul class="chips"`))
		if i < 0 {
			t.Fatalf("%s: no chips", p)
		}
		chips := data[i : i+bytes.Index(data[i:], []byte("</ul>"))]
		_, hrefs, _ := pageLinks(chips)
		named[u] = hrefs
	}
	if len(named) != 3000 {
		t.Fatalf("%d brief pages, want 3000", len(named))
	}
	// each entity's briefs, following rel=next from its first page
	listed := map[string]map[string]bool{}
	for _, entities := range named {
		for _, e := range entities {
			if listed[e] != nil {
				continue
			}
			listed[e] = map[string]bool{}
			for u, pages := e, 0; u != ""; pages++ {
				data, ok := tree[treePath(u)]
				if !ok || pages > 1000 {
					t.Fatalf("%s: page %s missing or a loop", e, u)
				}
				_, hrefs, next := pageLinks(data)
				for _, h := range hrefs {
					listed[e][h] = true
				}
				u = next
			}
		}
	}
	for b, entities := range named {
		for _, e := range entities {
			if !listed[e][b] {
				t.Errorf("%s is not on the pages of %s", b, e)
			}
		}
	}
	// the timeline: breadth first from /timeline/ through timeline pages
	depth := map[string]int{"timeline/index.html": 0}
	queue := []string{"timeline/index.html"}
	found := map[string]int{} // brief URL → clicks from /timeline/
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		_, hrefs, _ := pageLinks(tree[p])
		for _, h := range hrefs {
			if _, ok := named[h]; ok {
				if _, seen := found[h]; !seen {
					found[h] = depth[p] + 1
				}
			}
			q := treePath(h)
			if _, seen := depth[q]; strings.HasPrefix(q, "timeline/") && !seen {
				if _, ok := tree[q]; !ok {
					t.Fatalf("%s links to %s, which is not built", p, h)
				}
				depth[q] = depth[p] + 1
				queue = append(queue, q)
			}
		}
	}
	most := 0
	for b := range named {
		d, ok := found[b]
		if !ok {
			t.Errorf("%s is not on the timeline", b)
		}
		most = max(most, d)
	}
	if most > 6 {
		t.Errorf("a brief is %d clicks from /timeline/; want at most 6", most)
	}
	t.Logf("%d timeline pages; every brief within %d clicks of /timeline/", len(depth), most)
}

// TestIncrementalPagedLists checks serve's rebuilds of paged lists against
// full builds (the fixture has one brief a page: paginate: 1) for the edits
// that move entries between pages: a brief dated into a new year, a year's
// only brief deleted (its pages must go), a new brief that shifts an
// actor's every page.
func TestIncrementalPagedLists(t *testing.T) {
	dir := diskSite(t, 0)
	sess := NewSession(Config{Site: os.DirFS(dir), Now: fixedNow})
	if _, err := sess.Rebuild(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	ed := &editor{tb: t, dir: dir, r: rand.New(rand.NewPCG(14, 14)), broken: map[string][]byte{}}
	combat := "content/briefs/2021-12-09-combat-mission.json.md"
	steps := []struct {
		what    string
		edit    func()
		has     []string
		hasNone []string
	}{
		{"into a new year", func() { ed.replace(combat, `"date": "2021-12-09`, `"date": "2019-12-09`) },
			[]string{"timeline/2019/index.html"}, []string{"timeline/2021/index.html"}},
		{"the year's only brief deleted", func() { ed.remove(combat) },
			nil, []string{"timeline/2019/index.html", "actors/lloyd-austin/page/2/index.html"}},
		{"a new brief shifts the pages", func() {
			ed.write("content/briefs/new.md", []byte("---\ntitle: Newest\ndate: 2023-06-01\nactors: [Lloyd Austin]\n---\nNew.\n"))
		}, []string{"actors/lloyd-austin/page/2/index.html"}, nil},
	}
	for _, st := range steps {
		ed.touched = nil
		st.edit()
		up, err := sess.Rebuild(context.Background(), ed.touched)
		if err != nil {
			t.Fatalf("%s: %v", st.what, err)
		}
		want, _, _ := fullBuild(t, dir)
		if d := compareTrees(want, up.Tree); d != "" {
			t.Fatalf("%s: the tree differs from a full build:\n%s", st.what, d)
		}
		for _, p := range st.has {
			if _, ok := up.Tree[p]; !ok {
				t.Errorf("%s: no %s", st.what, p)
			}
		}
		for _, p := range st.hasNone {
			if _, ok := up.Tree[p]; ok {
				t.Errorf("%s: %s is still there", st.what, p)
			}
		}
	}
	if page := string(sess.tree["actors/lloyd-austin/index.html"]); !strings.Contains(page, "Newest") {
		t.Error("the actor's first page does not show the newest brief")
	}
}

// TestBrowserPagedLists opens the fixture's paged lists in Chromium: on a
// 390 px phone an entity's "Appears with" shows on the first screen, before
// its briefs, and no paged page scrolls sideways at 390 or 1280 px; the
// pager's rel=next link leads to the next page.
func TestBrowserPagedLists(t *testing.T) {
	b := openFixture(t, Config{})
	ctx, eval, do := b.ctx, b.eval, b.do
	do(chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile), chromedp.Navigate(b.base+"countries/iraq/"))
	related := eval(`document.querySelector('.appears-with').getBoundingClientRect().top`)
	list := eval(`document.querySelector('.brief-list').getBoundingClientRect().top`)
	t.Logf("at 390 px: Appears with at %.0f px, the briefs at %.0f px", related, list)
	if related <= 0 || related >= 844 || related >= list {
		t.Errorf("at 390 px, Appears with is at %.0f px, the list of briefs at %.0f px: want it on the first screen, before the list", related, list)
	}
	for _, width := range []int64{390, 1280} {
		for _, p := range []string{"countries/iraq/page/2/", "timeline/", "timeline/2023/2/", "actors/", "actors/by-count/"} {
			do(chromedp.EmulateViewport(width, 900), chromedp.Navigate(b.base+p))
			if overflow := eval(`document.documentElement.scrollWidth - document.documentElement.clientWidth`); overflow > 0 {
				t.Errorf("%s at %d px scrolls sideways by %.0f px", p, width, overflow)
			}
		}
	}
	do(chromedp.Navigate(b.base+"countries/iraq/"),
		chromedp.Click(chromedp.CSS(`nav.pager a[rel="next"]`)),
		chromedp.WaitVisible(chromedp.CSS(`nav.pager a[aria-current="page"]`)))
	if cur := eval(`+document.querySelector('nav.pager a[aria-current="page"]').textContent`); cur != 2 || !strings.HasSuffix(location(t, ctx), "/briefing/countries/iraq/page/2/") {
		t.Errorf("after rel=next: page %v", cur)
	}
}

// location is the location of the page ctx shows.
func location(t *testing.T, ctx context.Context) string {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	return v
}
