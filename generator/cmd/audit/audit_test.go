package main

import (
	"bytes"
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// These tests cover the audit's own checkers; the audit itself (Java,
// Chromium, Lighthouse) runs only under `make audit`.

const goodAtom = `<feed xmlns="http://www.w3.org/2005/Atom">
<id>https://example.org/briefing/</id><title>T</title><updated>2023-05-10T00:00:00Z</updated>
<author><name>Desk</name></author>
<link rel="self" href="https://example.org/briefing/feed.xml"/>
<link href="https://example.org/briefing/"/>
<entry><id>https://example.org/briefing/briefs/a/</id><title>A</title><updated>2023-05-10T00:00:00Z</updated>
<link rel="alternate" href="https://example.org/briefing/briefs/a/"/></entry>
</feed>`

func mustFeed(t *testing.T, src string) node {
	t.Helper()
	var n node
	if err := xml.Unmarshal([]byte(src), &n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestCheckAtom(t *testing.T) {
	for _, tc := range []struct {
		name, from, to, want string
	}{
		{"valid", "", "", ""},
		{"no feed id", "<id>https://example.org/briefing/</id>", "", "the feed has 0 atom:id"},
		{"bad date", "<updated>2023-05-10T00:00:00Z</updated>\n<author>", "<updated>10 May 2023</updated>\n<author>", "not an RFC 3339 date"},
		{"no self link", `<link rel="self" href="https://example.org/briefing/feed.xml"/>`, "", `no link rel="self"`},
		{"no author anywhere", "<author><name>Desk</name></author>", "", "has no atom:author"},
		{"entry without content or link", `<link rel="alternate" href="https://example.org/briefing/briefs/a/"/></entry>`, "</entry>", "neither atom:content nor an alternate link"},
		{"relative id", "<entry><id>https://example.org/briefing/briefs/a/</id>", "<entry><id>briefs/a</id>", "not an absolute IRI"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := goodAtom
			if tc.from != "" {
				src = strings.Replace(src, tc.from, tc.to, 1)
			}
			var out bytes.Buffer
			rep := &report{out: &out}
			var links []string
			checkAtom("feed.xml", mustFeed(t, src), func(_, u string) { links = append(links, u) }, rep)
			switch {
			case tc.want == "" && rep.findings != 0:
				t.Errorf("findings in a valid feed:\n%s", out.String())
			case tc.want != "" && !strings.Contains(out.String(), tc.want):
				t.Errorf("findings = %q, want one containing %q", out.String(), tc.want)
			}
			if tc.want == "" && len(links) != 3 {
				t.Errorf("links checked = %q, want the feed's two and the entry's one", links)
			}
		})
	}
}

func TestCheckJSONFeed(t *testing.T) {
	good := `{"version":"https://jsonfeed.org/version/1.1","title":"T","items":[{"id":"a","content_html":"<p>x</p>","url":"https://example.org/briefing/briefs/a/"}]}`
	for _, tc := range []struct{ name, src, want string }{
		{"valid", good, ""},
		{"no title", strings.Replace(good, `"title":"T",`, "", 1), "no title"},
		{"item without content", strings.Replace(good, `"content_html":"<p>x</p>",`, "", 1), "neither content_html nor content_text"},
		{"numeric id", strings.Replace(good, `"id":"a"`, `"id":1`, 1), "no id string"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !isJSONFeed([]byte(tc.src)) {
				t.Fatal("not recognised as a JSON Feed")
			}
			var out bytes.Buffer
			rep := &report{out: &out}
			checkJSONFeed("feed.json", []byte(tc.src), func(string, string) {}, rep)
			if (tc.want == "") != (rep.findings == 0) || !strings.Contains(out.String(), tc.want) {
				t.Errorf("findings = %q, want %q", out.String(), tc.want)
			}
		})
	}
}

func TestStaticHostAndResolve(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{
		"index.html":                   "home",
		"404.html":                     "missing",
		"actors/علي-خامنئي/index.html": "ali",
		"static/style.css":             strings.Repeat("body{}", 100),
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(staticHost(dir))
	defer srv.Close()
	s := &builtSite{dir: dir, baseURL: srv.URL + subPath}
	for _, tc := range []struct {
		path   string
		status int
		body   string
	}{
		{"/briefing/", 200, "home"},
		{"/briefing/actors/%D8%B9%D9%84%D9%8A-%D8%AE%D8%A7%D9%85%D9%86%D8%A6%D9%8A/", 200, "ali"},
		{"/briefing/no/such/page/", 404, "missing"},
		{"/briefing/../etc/passwd", 404, "missing"},
	} {
		resp, err := http.Get(srv.URL + tc.path)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		_, err = b.ReadFrom(resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != tc.status || b.String() != tc.body {
			t.Errorf("GET %s = %d %q (%v), want %d %q", tc.path, resp.StatusCode, b.String(), err, tc.status, tc.body)
		}
	}
	for _, tc := range []struct {
		url         string
		ok, exists  bool
		description string
	}{
		{s.baseURL, true, true, "home"},
		{strings.TrimSuffix(s.baseURL, "/"), true, true, "home without its slash"},
		{s.baseURL + "actors/%d8%b9%d9%84%d9%8a-%d8%ae%d8%a7%d9%85%d9%86%d8%a6%d9%8a/", true, true, "escaped non-Latin slug"},
		{s.baseURL + "static/style.css", true, true, "asset"},
		{s.baseURL + "feed.xml", true, false, "missing file"},
		{srv.URL + "/elsewhere/", false, false, "outside the sub-path"},
		{"https://example.org/briefing/", false, false, "another host"},
	} {
		if _, ok, exists := s.resolve(tc.url); ok != tc.ok || exists != tc.exists {
			t.Errorf("resolve(%s) [%s] = ok %v, exists %v; want %v, %v", tc.url, tc.description, ok, exists, tc.ok, tc.exists)
		}
	}
}

func TestPageKind(t *testing.T) {
	for rel, want := range map[string]string{
		"index.html":                "home",
		"404.html":                  "404",
		"briefs/a/index.html":       "brief",
		"countries/iraq/index.html": "country",
		"actors/index.html":         "actors index",
		"timeline/index.html":       "timeline index",
		"search/index.html":         "search index",
	} {
		if got := pageKind(rel); got != want {
			t.Errorf("pageKind(%q) = %q, want %q", rel, got, want)
		}
	}
}
