package markdown

import (
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep/generator/internal/sitefiles"
)

func linkEnv() *Env {
	t := sitefiles.NewTable()
	t.Add("content/briefs/2024-05-01-x/map.png", sitefiles.Target{Path: "briefs/x/map.png", URL: "/b/briefs/x/map.png", Width: 640, Height: 480})
	t.Add("content/briefs/2024-05-01-x/docs/a.pdf", sitefiles.Target{Path: "briefs/x/docs/a.pdf", URL: "/b/briefs/x/docs/a.pdf"})
	t.Add("content/briefs/2024-05-01-x/index.md", sitefiles.Target{Path: "briefs/x/", URL: "/b/briefs/x/", Page: true})
	t.Add("content/briefs/2024-04-01-y.md", sitefiles.Target{Path: "briefs/y/", URL: "/b/briefs/y/", Page: true})
	t.Add("content/actors/lloyd-austin.md", sitefiles.Target{Path: "actors/lloyd-austin/", URL: "/b/actors/lloyd-austin/", Page: true})
	t.Add("static/logo.svg", sitefiles.Target{Path: "static/logo.svg", URL: "/b/static/logo.svg", Width: 32, Height: 16})
	t.AddPage("", "/b/")
	t.AddPage("timeline/", "/b/timeline/")
	t.Refuse("content/briefs/2024-03-01-draft.md", "a draft, not published in this build")
	return &Env{File: "content/briefs/2024-05-01-x/index.md", Line: 5, Files: t, Brief: true}
}

func TestLinksToFiles(t *testing.T) {
	for _, tc := range []struct{ md, want string }{
		{"[map](map.png)", `<p><a href="/b/briefs/x/map.png">map</a></p>`},
		{"[pdf](./docs/a.pdf?v=2#page=3)", `<p><a href="/b/briefs/x/docs/a.pdf?v=2#page=3">pdf</a></p>`},
		{"[y](../2024-04-01-y.md#events)", `<p><a href="/b/briefs/y/#events">y</a></p>`},
		{"[y](/content/briefs/2024-04-01-y.md)", `<p><a href="/b/briefs/y/">y</a></p>`},
		{"[him](../../actors/lloyd-austin.md)", `<p><a href="/b/actors/lloyd-austin/">him</a></p>`},
		{"[ext](https://example.org/a.png) [m](mailto:a@b.c) [f](#top) [h](//host/x.png)",
			`<p><a href="https://example.org/a.png">ext</a> <a href="mailto:a@b.c">m</a> <a href="#top">f</a> <a href="//host/x.png">h</a></p>`},
		{"[home](/) [timeline](/timeline/#2024)", `<p><a href="/b/">home</a> <a href="/b/timeline/#2024">timeline</a></p>`},
		{"[ref][r]\n\n[r]: map.png", `<p><a href="/b/briefs/x/map.png">ref</a></p>`},
		{"Text ![a map](map.png) and ![logo](/static/logo.svg).",
			`<p>Text <img src="/b/briefs/x/map.png" alt="a map" width="640" height="480"> and <img src="/b/static/logo.svg" alt="logo" width="32" height="16" loading="lazy" decoding="async">.</p>`},
		{"![a map](map.png \"The front, *May*\")",
			`<figure><img src="/b/briefs/x/map.png" alt="a map" width="640" height="480"><figcaption>The front, *May*</figcaption></figure>`},
		{"![a map](map.png \"not alone\") here", `<p><img src="/b/briefs/x/map.png" alt="a map" title="not alone" width="640" height="480"> here</p>`},
	} {
		r := New().Convert([]byte(tc.md), linkEnv())
		if got := strings.TrimSpace(r.HTML); got != tc.want {
			t.Errorf("%q:\n got %s\nwant %s", tc.md, got, tc.want)
		}
		if len(r.Diags) > 0 {
			t.Errorf("%q: %v", tc.md, r.Diags)
		}
	}
}

func TestLinkErrors(t *testing.T) {
	md := "# Title\n\nSee [the map](mapp.png) and ![](map.png).\n[d](../2024-03-01-draft.md) [n](/content/briefs/none.md) [o](../../../../x.png)\n"
	r := New().Convert([]byte(md), linkEnv())
	var got []string
	for _, d := range r.Diags {
		got = append(got, d.String())
	}
	f := "content/briefs/2024-05-01-x/index.md"
	want := []string{
		f + `:7:15: link "mapp.png": no such file: /content/briefs/2024-05-01-x/mapp.png (a link may name a brief's or profile's .md file, a file beside one in its folder, a file of static/, or a page by its path from the site's root)`,
		f + `:7:33: warning: image without alt text: say what it shows between the brackets, ![a map of the front line](…)`,
		f + `:8:5: link "../2024-03-01-draft.md": a draft, not published in this build`,
		f + `:8:33: link "/content/briefs/none.md": no brief or profile at /content/briefs/none.md`,
		f + `:8:62: link "../../../../x.png" leads out of the site folder`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(r.Files) != 4 {
		t.Errorf("lookups = %v, want 4", r.Files)
	}
}

// TestLinksWithoutTable leaves destinations alone when no table is given.
func TestLinksWithoutTable(t *testing.T) {
	r := New().Convert([]byte("[a](map.png)"), &Env{File: "content/briefs/a.md", Line: 1})
	if got := strings.TrimSpace(r.HTML); got != `<p><a href="map.png">a</a></p>` || len(r.Diags) > 0 {
		t.Errorf("got %s %v", got, r.Diags)
	}
}
