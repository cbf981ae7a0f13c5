package pagestat

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

func TestKind(t *testing.T) {
	built := map[string]bool{
		"actors/ali-khamenei/index.html": true,
		"timeline/index.html":            true,
	}
	isPage := func(rel string) bool { return built[rel] }
	for _, tc := range []struct{ rel, kind, entity string }{
		{"index.html", "home", ""},
		{"404.html", "404", ""},
		{"search/index.html", "search", ""},
		{"timeline/index.html", "timeline", ""},
		{"timeline/2023/index.html", "timeline sub-page", ""},
		{"timeline/page/4/index.html", "timeline sub-page", ""},
		{"briefs/2024-05-01-x/index.html", "brief", "2024-05-01-x"},
		{"briefs/index.html", "brief index", ""},
		{"actors/index.html", "actor index", ""},
		{"actors/page/2/index.html", "actor index", ""}, // actors/page/ is no actor
		{"actors/ali-khamenei/index.html", "actor", "ali-khamenei"},
		{"actors/ali-khamenei/page/2/index.html", "actor sub-page", "ali-khamenei"},
		{"actors/ali-khamenei/2023/index.html", "actor sub-page", "ali-khamenei"},
		{"countries/index.html", "country index", ""},
		{"topics/index.html", "topic index", ""},
		{"about/index.html", "about", ""},
		{"about/team/index.html", "about sub-page", ""},
		{"print.html", "print", ""},
	} {
		if tc.kind == "actor" || tc.kind == "actor sub-page" || tc.kind == "brief" {
			built[strings.Join(strings.Split(tc.rel, "/")[:2], "/")+"/index.html"] = true
		}
		kind, entity := Kind(tc.rel, isPage)
		if kind != tc.kind || entity != tc.entity {
			t.Errorf("Kind(%q) = %q, %q; want %q, %q", tc.rel, kind, entity, tc.kind, tc.entity)
		}
	}
	for kind, want := range map[string]bool{"actor": true, "topic sub-page": true, "country": true, "actor index": false, "brief": false} {
		if IsEntity(kind) != want {
			t.Errorf("IsEntity(%q) = %v", kind, !want)
		}
	}
}

func TestElements(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want int
	}{
		{"", 3}, // html, head, body, as a browser builds them
		{"<!doctype html><title>x</title><p>a<p>b", 6},
		{"<!doctype html><html><head><title>x</title></head><body><table><tr><td>1</td></tr></table><br><img src=a></body></html>", 10}, // tbody implied
		{"<p><!-- <b>not</b> -->text <script>var a = '<b>'</script></p>", 5},
	} {
		got, err := Elements([]byte(tc.src))
		if err != nil {
			t.Fatal(err)
		}
		if got != tc.want {
			t.Errorf("Elements(%q) = %d, want %d", tc.src, got, tc.want)
		}
	}
}

func TestHeading(t *testing.T) {
	for src, want := range map[string]string{
		"<title>T</title><h1>Chloé <span>Yılmaz</span>\n</h1><h1>Other</h1>": "Chloé Yılmaz",
		"<p>none": "",
	} {
		if got := Heading([]byte(src)); got != want {
			t.Errorf("Heading(%q) = %q, want %q", src, got, want)
		}
	}
}

func TestGzipSize(t *testing.T) {
	data := bytes.Repeat([]byte("<li><a href=/briefs/x/>A brief</a></li>\n"), 500)
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(data)
	zw.Close()
	if got := GzipSize(data); got != int64(buf.Len()) {
		t.Errorf("GzipSize = %d, want %d (compress/gzip at the default level)", got, buf.Len())
	}
	if got := GzipSize(data); got >= int64(len(data))/10 {
		t.Errorf("GzipSize of a repetitive page = %d of %d bytes: not compressed", got, len(data))
	}
	var g Gzipper // reused, it gives the same answers
	if a, b := g.Size(data), g.Size(data); a != b || a != int64(buf.Len()) {
		t.Errorf("Gzipper.Size = %d then %d, want %d", a, b, buf.Len())
	}
}

// site is a tiny hand-made output folder.
var site = fstest.MapFS{
	"index.html":                         {Data: []byte("<!doctype html><title>Home</title><p>hi")},
	"404.html":                           {Data: []byte("<!doctype html><title>404</title>")},
	"briefs/a/index.html":                {Data: []byte("<!doctype html><title>A</title><p>a")},
	"briefs/b/index.html":                {Data: []byte("<!doctype html><title>B</title><p>b<p>b<p>b")},
	"briefs/c/index.html":                {Data: []byte("<!doctype html><title>C</title><p>" + strings.Repeat("incompressible? no: ", 200))},
	"actors/index.html":                  {Data: []byte("<!doctype html><title>Actors</title><ul><li>x</ul>")},
	"actors/x/index.html":                {Data: []byte("<!doctype html><title>X</title><ul><li>1<li>2</ul>")},
	"actors/x/page/2/index.html":         {Data: []byte("<!doctype html><title>X 2</title><ul><li>3</ul>")},
	"timeline/index.html":                {Data: []byte("<!doctype html><title>Timeline</title>")},
	"search/index.html":                  {Data: []byte("<!doctype html><title>Search</title>")},
	"search/index.json":                  {Data: []byte(`{"b":[` + strings.Repeat(`["a brief","x"],`, 100) + `[]]}`)},
	"search/shard/a.json":                {Data: []byte(`["a"]`)},
	"static/style.css":                   {Data: []byte("body{}")},
	"actors/x/feed.xml":                  {Data: []byte("<feed/>")},
	"briefs/a/map.png":                   {Data: []byte("\x89PNG")},
	"actors/x/page/2/not-a-page.html.gz": {Data: []byte("x")},
}

func TestWalkAndSummarize(t *testing.T) {
	pages, err := Walk(site)
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != 10 {
		t.Fatalf("Walk found %d pages, want the 10 .html files: %v", len(pages), pages)
	}
	for _, p := range pages {
		data := site[p.Rel].Data
		if p.Bytes != int64(len(data)) || p.Gzip != GzipSize(data) {
			t.Errorf("%s: %d bytes, %d gzipped; want %d, %d", p.Rel, p.Bytes, p.Gzip, len(data), GzipSize(data))
		}
	}
	stats := Summarize(pages, 6, 100)
	var kinds []string
	for _, s := range stats {
		kinds = append(kinds, s.Kind)
	}
	if got, want := strings.Join(kinds, ","), "home,brief,actor,actor sub-page,timeline,actor index,search,404"; got != want {
		t.Errorf("kinds = %s, want %s", got, want)
	}
	b := stats[1]
	if b.Pages != 3 || b.MostElements.Rel != "briefs/b/index.html" || b.MostElements.Elements != 7 ||
		b.LargestGzip.Rel != "briefs/c/index.html" || b.MedianElements != 5 {
		t.Errorf("briefs: %+v", b)
	}
	if b.OverElements != 1 || b.OverGzip != 0 {
		t.Errorf("briefs over budget: %d by elements, %d gzipped; want 1, 0", b.OverElements, b.OverGzip)
	}
	if p, ok := Largest(pages, IsEntity); !ok || p.Rel != "actors/x/index.html" {
		t.Errorf("largest entity page = %v, %v", p.Rel, ok)
	}
	ix, err := SearchIndex(site)
	if err != nil {
		t.Fatal(err)
	}
	want := GzipSize(site["search/index.json"].Data) + GzipSize(site["search/shard/a.json"].Data)
	if ix.Parts != 2 || ix.Bytes != int64(len(site["search/index.json"].Data)+5) || ix.Gzip != want {
		t.Errorf("search index = %+v, want 2 parts, %d gzipped", ix, want)
	}
	if ix, err := SearchIndex(fstest.MapFS{"index.html": {}}); err != nil || ix.Parts != 0 {
		t.Errorf("no search/: %+v, %v", ix, err)
	}
}

func TestHost(t *testing.T) {
	dir := t.TempDir()
	for rel, f := range site {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(Host(dir, "/briefing/"))
	defer srv.Close()
	for _, tc := range []struct {
		path   string
		status int
		body   string
		gzip   bool
	}{
		{"/briefing/briefs/c/", 200, string(site["briefs/c/index.html"].Data), true},
		{"/briefing/search/index.json", 200, string(site["search/index.json"].Data), true},
		{"/briefing/briefs/a/map.png", 200, "\x89PNG", false},
		{"/briefing/no/such/", 404, string(site["404.html"].Data), true},
		{"/elsewhere/", 404, "404 page not found\n", false},
	} {
		req, _ := http.NewRequest("GET", srv.URL+tc.path, nil)
		req.Header.Set("Accept-Encoding", "gzip")
		res, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		var r io.Reader = res.Body
		if gz := res.Header.Get("Content-Encoding") == "gzip"; gz != tc.gzip {
			t.Errorf("%s: gzipped = %v, want %v", tc.path, gz, tc.gzip)
		} else if gz {
			if r, err = gzip.NewReader(res.Body); err != nil {
				t.Fatal(err)
			}
		}
		body, err := io.ReadAll(r)
		res.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		if res.StatusCode != tc.status || string(body) != tc.body {
			t.Errorf("%s: %d %q, want %d %q", tc.path, res.StatusCode, body, tc.status, tc.body)
		}
	}
}
