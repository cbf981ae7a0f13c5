package build

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/net/html"
)

// atomFeed is what the tests read back from an Atom feed.
type atomFeed struct {
	XMLName xml.Name   `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string     `xml:"id"`
	Title   string     `xml:"title"`
	Updated string     `xml:"updated"`
	Author  []string   `xml:"author>name"`
	Links   []atomLink `xml:"link"`
	Entries []struct {
		ID        string     `xml:"id"`
		Title     string     `xml:"title"`
		Updated   string     `xml:"updated"`
		Published string     `xml:"published"`
		Summary   string     `xml:"summary"`
		Links     []atomLink `xml:"link"`
	} `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
	Href string `xml:"href,attr"`
}

type jsonFeed struct {
	Version     string `json:"version"`
	Title       string `json:"title"`
	HomePageURL string `json:"home_page_url"`
	FeedURL     string `json:"feed_url"`
	Items       []struct {
		ID            string `json:"id"`
		URL           string `json:"url"`
		Title         string `json:"title"`
		ContentText   string `json:"content_text"`
		DatePublished string `json:"date_published"`
	} `json:"items"`
}

type sitemap struct {
	XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []struct {
		Loc     string `xml:"loc"`
		Lastmod string `xml:"lastmod"`
	} `xml:"url"`
}

var rfc3339 = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$`)

// mustXML decodes an XML file strictly.
func mustXML(t *testing.T, name string, data []byte, v any) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	if err := d.Decode(v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

// resolver maps a URL found in a feed or sitemap to the built file it
// names: absolute URLs under base, or root-relative URLs under prefix.
func resolver(t *testing.T, files map[string][]byte, base, prefix string) func(from, ref string) {
	return func(from, ref string) {
		t.Helper()
		p := ref
		switch {
		case strings.HasPrefix(base, "http") && strings.HasPrefix(ref, base):
			p = strings.TrimPrefix(ref, base)
		case !strings.HasPrefix(base, "http") && strings.HasPrefix(ref, prefix):
			p = strings.TrimPrefix(ref, prefix)
		default:
			t.Errorf("%s: URL %q is not under the site's base URL %s", from, ref, base)
			return
		}
		if p == "" || strings.HasSuffix(p, "/") {
			p += "index.html"
		}
		if _, ok := files[p]; !ok {
			t.Errorf("%s: URL %q names no built file (%s)", from, ref, p)
		}
	}
}

// checkFeeds parses every feed, the sitemap and robots.txt of a build and
// checks their required elements and that every URL in them is a built
// file. base is the site's base URL as built, prefix its path.
func checkFeeds(t *testing.T, files map[string][]byte, base, prefix string) int {
	t.Helper()
	check := resolver(t, files, base, prefix)
	checked := 0
	feeds := 0
	for _, p := range sortedKeys(files) {
		if !strings.HasSuffix(p, "feed.xml") {
			continue
		}
		feeds++
		var f atomFeed
		mustXML(t, p, files[p], &f)
		if f.ID == "" || f.Title == "" || !rfc3339.MatchString(f.Updated) || len(f.Author) == 0 || f.Author[0] == "" {
			t.Errorf("%s: feed lacks id, title, updated or author: %+v", p, f)
		}
		var self bool
		for _, l := range f.Links {
			self = self || l.Rel == "self" && l.Href == strings.TrimSuffix(base, "/")+"/"+p || l.Rel == "self" && l.Href == prefix+p
			check(p, l.Href)
			checked++
		}
		if !self {
			t.Errorf("%s: no rel=self link to itself in %v", p, f.Links)
		}
		if len(f.Entries) > 20 {
			t.Errorf("%s: %d entries, want at most 20", p, len(f.Entries))
		}
		for _, e := range f.Entries {
			if e.ID == "" || e.Title == "" || !rfc3339.MatchString(e.Updated) || !rfc3339.MatchString(e.Published) || len(e.Links) == 0 {
				t.Errorf("%s: entry lacks id, title, updated, published or link: %+v", p, e)
			}
			check(p, e.ID)
			for _, l := range e.Links {
				check(p, l.Href)
				checked++
			}
		}
	}
	var jf jsonFeed
	if err := json.Unmarshal(files["feed.json"], &jf); err != nil {
		t.Fatalf("feed.json: %v", err)
	}
	if jf.Version != "https://jsonfeed.org/version/1.1" || jf.Title == "" || len(jf.Items) == 0 {
		t.Errorf("feed.json: %+v", jf)
	}
	check("feed.json", jf.HomePageURL)
	check("feed.json", jf.FeedURL)
	for _, it := range jf.Items {
		if it.ID == "" || it.ContentText == "" || !rfc3339.MatchString(it.DatePublished) {
			t.Errorf("feed.json: item lacks id, content_text or date_published: %+v", it)
		}
		check("feed.json", it.URL)
		checked++
	}
	var sm sitemap
	mustXML(t, "sitemap.xml", files["sitemap.xml"], &sm)
	for _, u := range sm.URLs {
		check("sitemap.xml", u.Loc)
		checked++
		if u.Lastmod != "" && !rfc3339.MatchString(u.Lastmod) {
			t.Errorf("sitemap.xml: lastmod %q", u.Lastmod)
		}
	}
	// every page but 404.html and the search page is in the sitemap
	pages := 0
	for p := range files {
		if strings.HasSuffix(p, "index.html") && p != "search/index.html" {
			pages++
		}
	}
	if len(sm.URLs) != pages {
		t.Errorf("sitemap.xml lists %d URLs, the site has %d pages", len(sm.URLs), pages)
	}
	robots := string(files["robots.txt"])
	if strings.HasPrefix(base, "http") != strings.Contains(robots, "\nSitemap: "+base+"sitemap.xml\n") {
		t.Errorf("robots.txt (base %s):\n%s", base, robots)
	}
	if feeds < 9 {
		t.Errorf("only %d Atom feeds", feeds)
	}
	return checked
}

// TestFeedsAndSitemap checks feeds, sitemap and robots.txt for an absolute
// base URL and for a path-only one, where URLs stay root-relative.
func TestFeedsAndSitemap(t *testing.T) {
	for _, base := range []string{"https://example.org/briefing/", "/deep/sub/path/"} {
		t.Run(base, func(t *testing.T) {
			_, out := mustBuild(t, Config{Site: fixtureSite(t), BaseURL: base, Minify: true})
			files := readTree(t, out)
			prefix := base
			if u, err := url.Parse(base); err == nil {
				prefix = u.Path
			}
			if n := checkFeeds(t, files, base, prefix); n < 30 {
				t.Errorf("checked only %d feed URLs", n)
			}
			var f atomFeed
			mustXML(t, "actors/ali-khamenei/feed.xml", files["actors/ali-khamenei/feed.xml"], &f)
			if len(f.Entries) != 1 || f.Entries[0].Title != "Khamenei presses Rashid on US troops" || f.Entries[0].Updated != "2023-05-01T00:00:00Z" || f.Entries[0].Published != "2023-04-30T00:00:00Z" {
				t.Errorf("Khamenei's feed: %+v", f.Entries)
			}
		})
	}
}

// TestFeedLimit checks that feeds hold the newest 20 briefs, newest first.
func TestFeedLimit(t *testing.T) {
	site := fixtureSite(t)
	for i := range 30 {
		site["content/briefs/many-"+string(rune('a'+i/10))+string(rune('a'+i%10))+".md"] = &fstest.MapFile{Data: []byte(
			"---\ntitle: Many " + string(rune('A'+i/10)) + string(rune('A'+i%10)) + "\ndate: 2024-01-" + twoDigits(i+1) + "\nactors: [Lloyd Austin]\n---\nText.\n")}
	}
	_, out := mustBuild(t, Config{Site: site})
	files := readTree(t, out)
	for _, p := range []string{"feed.xml", "actors/lloyd-austin/feed.xml"} {
		var f atomFeed
		mustXML(t, p, files[p], &f)
		if len(f.Entries) != 20 || f.Entries[0].Published != "2024-01-30T00:00:00Z" || f.Entries[19].Published != "2024-01-11T00:00:00Z" {
			t.Errorf("%s: %d entries, first %+v", p, len(f.Entries), f.Entries[0])
		}
		if f.Updated != "2024-01-30T00:00:00Z" {
			t.Errorf("%s: updated %s", p, f.Updated)
		}
	}
}

func twoDigits(n int) string { return string(rune('0'+n/10)) + string(rune('0'+n%10)) }

// jsonLD returns the JSON-LD of a page, decoded.
func jsonLD(t *testing.T, name string, page []byte) map[string]any {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	n := 0
	walk(doc, func(el *html.Node) {
		if el.Data == "script" && attr(el, "type") == "application/ld+json" {
			n++
			if el.FirstChild == nil {
				t.Errorf("%s: empty JSON-LD", name)
				return
			}
			if err := json.Unmarshal([]byte(el.FirstChild.Data), &out); err != nil {
				t.Errorf("%s: JSON-LD: %v\n%s", name, err, el.FirstChild.Data)
			}
		}
	})
	if n > 1 {
		t.Errorf("%s: %d JSON-LD scripts", name, n)
	}
	return out
}

// metaContent returns the content of the <meta> with that property or name.
func metaContent(t *testing.T, page []byte, key string) string {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var v string
	walk(doc, func(n *html.Node) {
		if n.Data == "meta" && (attr(n, "property") == key || attr(n, "name") == key) {
			v = attr(n, "content")
		}
	})
	return v
}

// TestMetadata checks OpenGraph, Twitter and JSON-LD metadata of each kind
// of page, minified and not.
func TestMetadata(t *testing.T) {
	for _, minify := range []bool{false, true} {
		site := fixtureSite(t)
		site["content/actors/pentagon.md"] = &fstest.MapFile{Data: []byte("---\nname: Pentagon\ntype: organization\ncountry: United States\nrole: Defense headquarters\n---\n")}
		site["content/briefs/pentagon.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Pentagon note\ndate: 2022-02-02\nactors: [Pentagon]\n---\nText.\n")}
		_, out := mustBuild(t, Config{Site: site, Minify: minify})
		files := readTree(t, out)
		brief := files["briefs/2023-04-30-tehran-meeting/index.html"]
		for key, want := range map[string]string{
			"og:type":                "article",
			"og:title":               "Khamenei presses Rashid on US troops",
			"og:url":                 "https://example.org/briefing/briefs/2023-04-30-tehran-meeting/",
			"og:site_name":           "Fixture Briefings",
			"og:locale":              "en_US",
			"article:published_time": "2023-04-30T00:00:00Z",
			"article:modified_time":  "2023-05-01T00:00:00Z",
			"twitter:card":           "summary",
		} {
			if got := metaContent(t, brief, key); got != want {
				t.Errorf("minify=%v: brief %s = %q, want %q", minify, key, got, want)
			}
		}
		if got := metaContent(t, files["actors/ali-khamenei/index.html"], "og:type"); got != "website" {
			t.Errorf("actor og:type = %q", got)
		}
		ld := jsonLD(t, "brief", brief)
		if ld["@type"] != "NewsArticle" || ld["headline"] != "Khamenei presses Rashid on US troops" || ld["datePublished"] != "2023-04-30T00:00:00Z" || ld["dateModified"] != "2023-05-01T00:00:00Z" {
			t.Errorf("brief JSON-LD: %v", ld)
		}
		cites, _ := ld["citation"].([]any)
		if len(cites) != 2 || cites[0].(map[string]any)["@type"] != "CreativeWork" || cites[0].(map[string]any)["name"] != "IRNA" || cites[0].(map[string]any)["url"] != "https://en.irna.ir/" {
			t.Errorf("brief JSON-LD citation: %v", cites)
		}
		if m, _ := ld["mentions"].([]any); len(m) != 4 {
			t.Errorf("brief JSON-LD mentions: %v", m)
		}
		for page, want := range map[string]string{
			"actors/ali-khamenei/index.html":       "Person",
			"actors/pentagon/index.html":           "Organization",
			"countries/iran/index.html":            "Country",
			"topics/fight-against-isis/index.html": "DefinedTerm",
			"index.html":                           "WebSite",
		} {
			if ld := jsonLD(t, page, files[page]); ld["@type"] != want || ld["@context"] != "https://schema.org" {
				t.Errorf("%s JSON-LD: %v, want @type %s", page, ld, want)
			}
		}
		if ld := jsonLD(t, "khamenei", files["actors/ali-khamenei/index.html"]); ld["jobTitle"] != "Supreme Leader" || len(ld["alternateName"].([]any)) != 3 {
			t.Errorf("Khamenei JSON-LD: %v", ld)
		}
		if ld := jsonLD(t, "404", files["404.html"]); ld != nil {
			t.Errorf("404.html has JSON-LD: %v", ld)
		}
		// feed discovery on the home page and entity pages
		for _, p := range []string{"index.html", "actors/ali-khamenei/index.html", "topics/fight-against-isis/index.html"} {
			want := `href="/briefing/` + strings.TrimSuffix(p, "index.html") + `feed.xml"`
			if !bytes.Contains(files[p], []byte(`type="application/atom+xml"`)) || !bytes.Contains(files[p], []byte(want)) {
				t.Errorf("%s: no Atom discovery link %s", p, want)
			}
		}
	}
}

// searchMeta is the decoded search/meta.json.
type searchMeta struct {
	V  int         `json:"v"`
	ID string      `json:"id"`
	N  int         `json:"n"`
	K  []string    `json:"k"`
	Y  [][3]int    `json:"y"`
	T  [][2]string `json:"t"`
}

// TestSearchIndex checks the parts of the split index of the fixture
// (package search has the unit tests; the browser test in search's
// browser_test.go runs queries).
func TestSearchIndex(t *testing.T) {
	_, out := mustBuild(t, Config{Site: fixtureSite(t), Minify: true})
	files := readTree(t, out)
	var m searchMeta
	if err := json.Unmarshal(files["search/meta.json"], &m); err != nil {
		t.Fatal(err)
	}
	if m.V != 2 || m.N != 3 || m.ID == "" || !slices.Equal(m.K, []string{"actors", "countries", "topics"}) || len(m.T) == 0 {
		t.Fatalf("meta: %+v", m)
	}
	for _, c := range m.T {
		if _, ok := files["search/"+c[1]]; !ok {
			t.Errorf("term chunk %s: missing", c[1])
		}
	}
	var newest []any
	if err := json.Unmarshal(files["search/d/2.json"], &newest); err != nil {
		t.Fatal(err)
	}
	if newest[0] != "Khamenei presses Rashid on US troops" || newest[1] != "2023-04-30" {
		t.Errorf("newest brief: %v", newest)
	}
	if _, ok := files["briefs/"+newest[2].(string)+"/index.html"]; !ok {
		t.Errorf("brief %v: no page", newest)
	}
	var ents []any
	if err := json.Unmarshal(files["search/e/0.json"], &ents); err != nil {
		t.Fatal(err)
	}
	found := false
	for g, e := range ents {
		if e, ok := e.([]any); ok && e[0] == "Ali Khamenei" {
			found = len(e) == 4 && slices.Equal(e[3].([]any), []any{"Khamenei", "Ayatollah Khamenei", "علی خامنه‌ای"})
			if _, ok := files[m.K[g%3]+"/"+e[1].(string)+"/index.html"]; !ok {
				t.Errorf("entity %v: no page", e)
			}
		}
	}
	if !found {
		t.Errorf("Khamenei and his aliases are not in the entity chunk: %v", ents)
	}
	if !bytes.Contains(files["search/index.html"], []byte("<noscript>")) {
		t.Error("the search page says nothing without JavaScript")
	}
}

// TestPreviews checks the JSON behind entity link previews.
func TestPreviews(t *testing.T) {
	_, out := mustBuild(t, Config{Site: fixtureSite(t)})
	files := readTree(t, out)
	var p struct {
		Name, Kind, Role, Country, Summary string
		Briefs                             int
	}
	if err := json.Unmarshal(files["actors/ali-khamenei/preview.json"], &p); err != nil {
		t.Fatal(err)
	}
	if p.Name != "Ali Khamenei" || p.Kind != "actor" || p.Role != "Supreme Leader" || p.Country != "Iran" || p.Summary != "Supreme Leader of Iran since 1989." || p.Briefs != 1 {
		t.Errorf("preview: %+v", p)
	}
	for path := range files {
		if strings.HasSuffix(path, "/index.html") && (strings.HasPrefix(path, "actors/") || strings.HasPrefix(path, "countries/") || strings.HasPrefix(path, "topics/")) && strings.Count(path, "/") == 2 && !strings.Contains(path, "/by-count/") {
			if _, ok := files[strings.TrimSuffix(path, "index.html")+"preview.json"]; !ok {
				t.Errorf("%s: no preview.json", path)
			}
		}
	}
}

// TestEntityYears checks the per-year brief list of an entity page: the
// fixture has one brief a page (paginate: 1), and the years lead to the
// page holding each year's newest brief.
func TestEntityYears(t *testing.T) {
	_, out := mustBuild(t, Config{Site: fixtureSite(t)})
	tree := readTree(t, out)
	page := string(tree["countries/iraq/index.html"])
	for _, want := range []string{`<nav class="years" aria-label="Years"><ul><li><a href="/briefing/countries/iraq/#y2023">2023</a></li><li><a href="/briefing/countries/iraq/page/3/#y2021">2021</a></li></ul></nav>`,
		`<h3 class="brief-year" id="y2023">2023</h3>`, `<link rel="next" href="/briefing/countries/iraq/page/2/">`} {
		if !strings.Contains(page, want) {
			t.Errorf("Iraq's page lacks %s", want)
		}
	}
	last := string(tree["countries/iraq/page/3/index.html"])
	if !strings.Contains(last, `<h3 class="brief-year" id="y2021">2021</h3>`) || !strings.Contains(last, `<link rel="prev" href="/briefing/countries/iraq/page/2/">`) {
		t.Errorf("Iraq's last page lacks 2021 or its rel=prev:\n%s", last)
	}
}

// TestAssets checks fingerprinted static files: the pages name them, and
// their name holds a hash of their bytes.
func TestAssets(t *testing.T) {
	for _, minify := range []bool{false, true} {
		_, out := mustBuild(t, Config{Site: fixtureSite(t), Minify: minify})
		files := readTree(t, out)
		var css string
		for p := range files {
			if m, _ := path.Match("static/style.*.css", p); m {
				css = p
			}
		}
		if css == "" {
			t.Fatal("no fingerprinted stylesheet")
		}
		if !bytes.Equal(files[css], files["static/style.css"]) {
			t.Error("the fingerprinted stylesheet differs from style.css")
		}
		if !bytes.Contains(files["index.html"], []byte(`href="/briefing/`+css+`"`)) {
			t.Errorf("index.html does not link %s", css)
		}
		orig := readTree(t, "../../../static")["style.css"]
		if minify != (len(files[css]) < len(orig)) {
			t.Errorf("minify=%v: style.css %d bytes, source %d", minify, len(files[css]), len(orig))
		}
	}
}

// TestMinifiedLikeUnminified builds the fixture with and without minifying
// and compares every page's text as a reader sees it (whitespace inside
// inline content included), its links and its JSON-LD.
func TestMinifiedLikeUnminified(t *testing.T) {
	_, plain := mustBuild(t, Config{Site: fixtureSite(t)})
	_, mini := mustBuild(t, Config{Site: fixtureSite(t), Minify: true})
	pf, mf := readTree(t, plain), readTree(t, mini)
	smaller := 0
	for _, p := range sortedKeys(pf) {
		if !strings.HasSuffix(p, ".html") {
			continue
		}
		if len(mf[p]) < len(pf[p]) {
			smaller++
		}
		a, b := visible(t, pf[p]), visible(t, mf[p])
		if a != b {
			t.Errorf("%s: the minified page reads differently:\n%s", p, lineDiff(strings.ReplaceAll(a, "|", "\n"), strings.ReplaceAll(b, "|", "\n")))
		}
		if !reflectEqual(jsonLD(t, p, pf[p]), jsonLD(t, p, mf[p])) {
			t.Errorf("%s: JSON-LD differs", p)
		}
	}
	if smaller < 15 {
		t.Errorf("only %d pages got smaller", smaller)
	}
	checkLinks(t, mini, "/briefing/")
}

func reflectEqual(a, b map[string]any) bool {
	x, _ := json.Marshal(a) // maps of JSON values always marshal
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}

// blocks are the elements that break lines: whitespace next to them does
// not show, so the minifier may drop it.
var blocks = map[string]bool{"html": true, "head": true, "body": true, "div": true, "p": true, "ul": true, "ol": true, "li": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "header": true, "footer": true, "nav": true, "main": true,
	"section": true, "article": true, "aside": true, "table": true, "thead": true, "tbody": true, "tr": true, "td": true, "th": true,
	"form": true, "title": true, "meta": true, "link": true, "script": true, "blockquote": true, "hr": true, "br": true,
	"figure": true, "figcaption": true, "dl": true, "dt": true, "dd": true, "noscript": true, "label": true, "input": true, "button": true}

// fingerprint is the hash in the name of a fingerprinted asset, which
// differs between minified and plain builds.
var fingerprint = regexp.MustCompile(`\.[0-9a-f]{8}\.(css|js)$`)

// visible is the text of a page with "|" at block boundaries and
// whitespace runs collapsed, plus every href.
func visible(t *testing.T, page []byte) string {
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	var rec func(n *html.Node)
	rec = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
			return
		case html.ElementNode:
			if n.Data == "script" || n.Data == "style" {
				return
			}
			if blocks[n.Data] {
				b.WriteString("|")
			}
			if h := attr(n, "href"); h != "" {
				b.WriteString("[" + fingerprint.ReplaceAllString(h, ".$1") + "]")
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rec(c)
		}
		if n.Type == html.ElementNode && blocks[n.Data] {
			b.WriteString("|")
		}
	}
	rec(doc)
	// whitespace next to a block boundary does not show
	s := regexp.MustCompile(`\s*\|[\s|]*`).ReplaceAllString(b.String(), "|")
	return regexp.MustCompile(`\s+`).ReplaceAllString(s, " ")
}

// Test404AnyDepth checks that every link and asset of 404.html is
// root-relative under the base path, so that it works when a host serves
// it for a missing page at any depth.
func Test404AnyDepth(t *testing.T) {
	for _, minify := range []bool{false, true} {
		_, out := mustBuild(t, Config{Site: fixtureSite(t), BaseURL: "https://example.org/deep/sub/", Minify: minify})
		doc, err := html.Parse(bytes.NewReader(readTree(t, out)["404.html"]))
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		walk(doc, func(el *html.Node) {
			for _, key := range []string{"href", "src", "data-base"} {
				if v := attr(el, key); v != "" {
					n++
					if !strings.HasPrefix(v, "/deep/sub/") && !strings.HasPrefix(v, "#") {
						t.Errorf("404.html: %s=%q is not root-relative under /deep/sub/", key, v)
					}
				}
			}
		})
		if n < 10 {
			t.Errorf("404.html: only %d links", n)
		}
	}
}
