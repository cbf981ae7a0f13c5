package build

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html"
)

const hostile = `<script>alert(1)</script>`

// hostileSite is content written to attack readers: script in every field
// that reaches a page, event handlers, javascript: URLs, path tricks.
func hostileSite(t *testing.T) fstest.MapFS {
	site := fixtureSite(t)
	site["content/briefs/evil.md"] = &fstest.MapFile{Data: []byte(`---
title: '` + hostile + `"><img src=x onerror=alert(2)>'
date: 2023-06-01
summary: '</script><script>alert(3)</script>'
actors: ['<img src=x onerror=alert(4)>', '../../etc/passwd', 'javascript:alert(5)']
countries: ['"><svg onload=alert(6)>']
topics: ['{{.Site}}']
sources:
  - id: x
    name: '<a href="javascript:alert(7)">x</a>'
    url: 'https://example.org/?q="><script>alert(8)</script>'
    note: '<iframe src=javascript:alert(9)>'
events:
  - date: 2023-06-01
    title: '<body onload=alert(10)>'
slug: '../../../../tmp/evil'
---
<script>alert(11)</script>

<div onclick="alert(12)">[[<img src=x onerror=alert(4)>]] [@x]</div>

Inline <b onmouseover=alert(13)>b</b> and [link](javascript:alert(14)) and
[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) and
<javascript:alert(15)> and ![img](javascript:alert(16)).[^1]

[^1]: <script>alert(17)</script> [[Iraq]]
`)}
	site["content/actors/evil.md"] = &fstest.MapFile{Data: []byte("---\nname: '<style>body{display:none}</style>'\naliases: ['\"onmouseover=\"alert(18)']\nrole: '<script>alert(19)</script>'\nsummary: '<script>alert(20)</script>'\n---\n<script>alert(21)</script>\n")}
	return site
}

// coverageChart reports whether svg is the theme's coverage chart: in its
// figure, a title (text only) and paths of numbers alone.
func coverageChart(svg *html.Node) bool {
	if svg.Parent == nil || attr(svg.Parent, "class") != "coverage-plot" {
		return false
	}
	for c := svg.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type != html.ElementNode:
			return false
		case c.Data == "title":
			if c.FirstChild != nil && (c.FirstChild.Type != html.TextNode || c.FirstChild.NextSibling != nil) {
				return false
			}
		case c.Data == "path":
			if len(c.Attr) != 2 || c.FirstChild != nil || strings.Trim(attr(c, "d"), "0123456789MHVhvz .-") != "" {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// TestHostileContent builds hostile content and parses every page: no script
// element, event-handler attribute or javascript: URL may come from content.
func TestHostileContent(t *testing.T) {
	rep, out := mustBuild(t, Config{Site: hostileSite(t)})
	if rep.Pages < 20 {
		t.Fatalf("only %d pages", rep.Pages)
	}
	files := readTree(t, filepath.Dir(out))
	for p := range files {
		if !strings.HasPrefix(p, "public/") {
			t.Errorf("file written outside the output folder: %s", p)
		}
	}
	found := 0
	for _, p := range sortedKeys(files) {
		if !strings.HasSuffix(p, ".html") {
			continue
		}
		data := files[p]
		found += bytes.Count(data, []byte("alert("))
		doc, err := html.Parse(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		walk(doc, func(n *html.Node) {
			switch n.Data {
			case "script", "iframe", "svg", "style", "object", "embed":
				// the theme's own scripts, and JSON-LD, are the only scripts
				theme := attr(n, "src") != "" && strings.HasPrefix(attr(n, "src"), "/briefing/static/") && n.FirstChild == nil
				if n.Data == "svg" && coverageChart(n) {
					break // and the coverage chart of entity pages
				}
				if n.Data != "script" || attr(n, "type") != "application/ld+json" && !theme {
					t.Errorf("%s: <%s> element from content", p, n.Data)
				}
			}
			for _, a := range n.Attr {
				v := strings.ToLower(strings.TrimSpace(a.Val))
				if strings.HasPrefix(a.Key, "on") {
					t.Errorf("%s: event handler attribute %s=%q on <%s>", p, a.Key, a.Val, n.Data)
				}
				if (a.Key == "href" || a.Key == "src" || a.Key == "action") && (strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "data:") || strings.HasPrefix(v, "vbscript:")) {
					t.Errorf("%s: %s=%q on <%s>", p, a.Key, a.Val, n.Data)
				}
			}
		})
	}
	if found == 0 {
		t.Error("the hostile text appears nowhere: it should be shown, escaped")
	}
	if _, ok := files["public/briefs/tmp-evil/index.html"]; !ok {
		t.Error("the brief with slug ../../../../tmp/evil should be at briefs/tmp-evil/")
	}
	checkHostileData(t, readTree(t, out))
}

// checkHostileData checks that hostile strings reach JSON-LD, feeds, the
// search index and previews intact, as data: every file parses, and the
// hostile title reads back exactly as written.
func checkHostileData(t *testing.T, files map[string][]byte) {
	t.Helper()
	title := hostile + `"><img src=x onerror=alert(2)>`
	ld := jsonLD(t, "evil brief", files["briefs/tmp-evil/index.html"])
	if ld["headline"] != title || ld["description"] != "</script><script>alert(3)</script>" {
		t.Errorf("JSON-LD of the hostile brief: headline %q, description %q", ld["headline"], ld["description"])
	}
	if ld := jsonLD(t, "evil actor", files["actors/evil/index.html"]); ld["name"] != "<style>body{display:none}</style>" {
		t.Errorf("JSON-LD of the hostile actor: %v", ld)
	}
	// the JSON-LD script element holds no markup at all, escaped or not
	page := string(files["briefs/tmp-evil/index.html"])
	i := strings.Index(page, `<script type="application/ld+json">`)
	j := strings.Index(page[i+1:], "</script>")
	if body := page[i+len(`<script type="application/ld+json">`) : i+1+j]; strings.ContainsAny(body, "<>") {
		t.Errorf("JSON-LD holds < or >: %s", body)
	}
	found := false
	for _, p := range sortedKeys(files) {
		if !strings.HasSuffix(p, "feed.xml") {
			continue
		}
		var f atomFeed
		mustXML(t, p, files[p], &f)
		for _, e := range f.Entries {
			found = found || e.Title == title && e.Summary == "</script><script>alert(3)</script>"
		}
	}
	if !found {
		t.Error("no feed holds the hostile brief with its title and summary intact")
	}
	var jf jsonFeed
	if err := json.Unmarshal(files["feed.json"], &jf); err != nil {
		t.Fatalf("feed.json: %v", err)
	}
	if !slices.ContainsFunc(jf.Items, func(it struct {
		ID            string `json:"id"`
		URL           string `json:"url"`
		Title         string `json:"title"`
		ContentText   string `json:"content_text"`
		DatePublished string `json:"date_published"`
	}) bool {
		return it.Title == title
	}) {
		t.Error("feed.json lacks the hostile title")
	}
	var index []byte
	for name, data := range files {
		if strings.HasPrefix(name, "search/") {
			index = append(index, data...)
		}
	}
	if title, _ := json.Marshal(title); !bytes.Contains(index, title) || !bytes.Contains(index, []byte(`"tmp-evil"`)) {
		t.Error("the search index lacks the hostile title")
	}
	if name, _ := json.Marshal("<img src=x onerror=alert(4)>"); !bytes.Contains(index, name) {
		t.Error("the search index lacks the hostile actor")
	}
	var pv struct{ Name, Role string }
	if err := json.Unmarshal(files["actors/evil/preview.json"], &pv); err != nil || pv.Role != "<script>alert(19)</script>" {
		t.Errorf("hostile preview: %+v, %v", pv, err)
	}
	var sm sitemap
	mustXML(t, "sitemap.xml", files["sitemap.xml"], &sm)
}

// TestLargeInputs builds a 5 MB brief and a brief naming 500 actors.
func TestLargeInputs(t *testing.T) {
	site := fixtureSite(t)
	var body strings.Builder
	for i := 0; body.Len() < 900<<10; i++ { // under the 1 MiB a body may hold
		fmt.Fprintf(&body, "## Part %d\n\nParagraph %d mentions [[Iraq]] and cites [@s].", i, i)
		if i%100 == 0 { // goldmark's footnote extension is quadratic in the number of notes
			fmt.Fprintf(&body, "[^n%d]\n\n[^n%d]: Note %d.", i, i, i)
		}
		body.WriteString("\n\n")
	}
	site["content/briefs/huge.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Huge\ndate: 2023-01-01\nsources: [{id: s, url: 'https://example.org/'}]\n---\n" + body.String())}
	var actors []string
	for i := range 500 {
		actors = append(actors, fmt.Sprintf("Actor Number %d", i))
	}
	site["content/briefs/crowd.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Crowd\ndate: 2023-01-02\nactors: [" + strings.Join(actors, ", ") + "]\n---\nMany.\n")}
	rep, out := mustBuild(t, Config{Site: site})
	if rep.Entities < 500 {
		t.Errorf("entities = %d", rep.Entities)
	}
	huge, err := os.ReadFile(filepath.Join(out, "briefs", "huge", "index.html"))
	if err != nil || len(huge) < 900<<10 {
		t.Errorf("huge brief: %d bytes, %v", len(huge), err)
	}
	if _, err := os.Stat(filepath.Join(out, "actors", "actor-number-499", "index.html")); err != nil {
		t.Error(err)
	}
}

// TestKilledBuildKeepsOutput kills a build with SIGKILL while it writes and
// checks that the previous output is byte for byte as it was.
func TestKilledBuildKeepsOutput(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the sitrep binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "sitrep")
	if out, err := exec.Command("go", "build", "-o", bin, "../../cmd/sitrep").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	site := filepath.Join(dir, "site")
	fsys := fixtureSite(t)
	for i := range 3000 {
		fsys[fmt.Sprintf("content/briefs/gen-%04d.md", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf(
			"---\ntitle: Generated %d\ndate: 2022-01-%02d\nactors: [Person A%d, Person B%d]\ntopics: [Topic %d]\n---\n%s\n",
			i, i%28+1, i%97, i%13, i%31, strings.Repeat("Some words about [[Iraq]]. ", 200)))}
	}
	if err := os.CopyFS(site, fsys); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(site, "public")
	if b, err := exec.Command(bin, "build", "-site", site).CombinedOutput(); err != nil {
		t.Fatalf("first build: %v\n%s", err, b)
	}
	before := readTree(t, out)
	// change every page, so that any partial write would show
	if err := os.WriteFile(filepath.Join(site, "content", "site.yaml"), []byte("title: Changed Title\nbase_url: /x/\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for attempt := 0; attempt < 5; attempt++ {
		cmd := exec.Command(bin, "build", "-site", site)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// wait until the build has started writing its new folder, then kill it
		deadline := time.Now().Add(20 * time.Second)
		for time.Now().Before(deadline) {
			if m, _ := filepath.Glob(filepath.Join(site, ".public.new-*", "briefs", "*")); len(m) > 10 {
				break
			}
			time.Sleep(time.Millisecond)
		}
		_ = cmd.Process.Kill() // SIGKILL; the build may also have finished already
		err := cmd.Wait()
		if err == nil {
			t.Logf("attempt %d: the build finished before the kill; trying again", attempt)
			continue
		}
		after := readTree(t, out)
		if len(after) != len(before) {
			t.Fatalf("after kill: %d files, before %d", len(after), len(before))
		}
		for p, data := range before {
			if !bytes.Equal(after[p], data) {
				t.Fatalf("after kill: %s changed", p)
			}
		}
		// the next build cleans up the killed build's folder and succeeds
		if b, err := exec.Command(bin, "build", "-site", site).CombinedOutput(); err != nil {
			t.Fatalf("build after kill: %v\n%s", err, b)
		}
		if left, _ := filepath.Glob(filepath.Join(site, ".public.*")); len(left) > 0 {
			t.Errorf("leftovers after the next build: %v", left)
		}
		idx, _ := os.ReadFile(filepath.Join(out, "index.html"))
		if !bytes.Contains(idx, []byte("Changed Title")) {
			t.Error("the build after the kill did not publish")
		}
		return
	}
	t.Skip("the build always finished before it could be killed")
}

// TestHostileText builds a brief and an actor whose title, name, summary
// and sources carry control characters (escape sequences that drive a
// terminal) and bidirectional overrides, written as escapes in YAML. No
// control character may reach a page, and every override must be closed
// within its own text and, outside the markdown body, shown in an element
// that isolates it (dir or <bdi>), so that it cannot reorder the text
// around it.
func TestHostileText(t *testing.T) {
	site := fixtureSite(t)
	site["content/briefs/bidi.md"] = &fstest.MapFile{Data: []byte(`---
title: "Evil\e[2J\e]0;owned\a title \u202Egpj.exe"
date: 2023-06-02
summary: "Summary\x07 \u202Ereversed"
actors: ["Mallory\e[31m \u202EYrollam", Lloyd Austin]
sources:
  - {id: s, name: "Source\x1b \u202E", note: "Note\x00\u202E"}
events:
  - {date: 2023-06-02, title: "Event\x1b \u202E"}
---
Body [@s].
`)}
	site["content/actors/mallory.md"] = &fstest.MapFile{Data: []byte("---\nname: \"Mallory\\e[31m \\u202EYrollam\"\naliases: [\"M\\u202Ey\"]\nrole: \"Role\\e \\u202E\"\n---\n")}
	_, out := mustBuild(t, Config{Site: site})
	files := readTree(t, out)
	pages := 0
	for _, p := range sortedKeys(files) {
		if !strings.HasSuffix(p, ".html") && !strings.HasSuffix(p, ".xml") && !strings.HasSuffix(p, ".json") {
			continue
		}
		data := string(files[p])
		for i, r := range data {
			if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0x7f || r >= 0x80 && r <= 0x9f {
				t.Errorf("%s: control character %U at byte %d: %q", p, r, i, data[max(i-40, 0):min(i+40, len(data))])
				break
			}
		}
		if !strings.HasSuffix(p, ".html") || !strings.Contains(data, "\u202e") {
			continue
		}
		pages++
		doc, err := html.Parse(strings.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		var check func(n *html.Node, isolated bool)
		check = func(n *html.Node, isolated bool) {
			if n.Type == html.ElementNode && (n.Data == "bdi" || attr(n, "dir") != "" || strings.Contains(attr(n, "class"), "prose")) {
				isolated = true
			}
			if n.Type == html.TextNode && strings.Contains(n.Data, "\u202e") {
				inText := n.Parent != nil && (n.Parent.Data == "title" || n.Parent.Data == "script")
				if !isolated && !inText {
					t.Errorf("%s: %q in <%s>, which isolates it neither with dir nor <bdi>", p, n.Data, n.Parent.Data)
				}
				if strings.Count(n.Data, "\u202e") != strings.Count(n.Data, "\u202c") {
					t.Errorf("%s: %q leaves an override open", p, n.Data)
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				check(c, isolated)
			}
		}
		check(doc, false)
	}
	if pages < 3 {
		t.Errorf("the override reached %d pages; want the brief, the actor and lists", pages)
	}
	brief := string(files["briefs/bidi/index.html"])
	if !strings.Contains(brief, "<title>Evil[2J]0;owned title \u202egpj.exe\u202c · ") {
		t.Errorf("brief title: %s", brief[strings.Index(brief, "<title>"):strings.Index(brief, "</title>")])
	}
}

// TestHostileFileNames names content files with escape sequences and a
// bidirectional override, and breaks them: the diagnostics quote the names,
// and no control character reaches the terminal.
func TestHostileFileNames(t *testing.T) {
	site := fixtureSite(t)
	for _, name := range []string{"\x1b[2J\x1b]0;owned\x07", "evil\u202egpj"} {
		site["content/briefs/"+name+".md"] = &fstest.MapFile{Data: []byte("---\ntitle: [\n---\n")}
		site["content/briefs/"+name+".txt"] = &fstest.MapFile{Data: []byte("x")}
	}
	rep, err := Run(context.Background(), Config{Site: site, DryRun: true, Now: fixedNow})
	if err == nil {
		t.Fatal("check succeeded")
	}
	text := diagText(rep.Diags)
	for _, want := range []string{
		`"content/briefs/\x1b[2J\x1b]0;owned\a.md":2:1: YAML syntax error`,
		`"content/briefs/evil\u202egpj.md":2:1: YAML syntax error`,
		`"content/briefs/\x1b[2J\x1b]0;owned\a.txt": unexpected file`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("diagnostics lack %s:\n%s", want, text)
		}
	}
	for i, r := range text {
		if r < 0x20 && r != '\n' || r >= 0x7f && r <= 0x9f || r == 0x202e || r == utf8.RuneError {
			t.Errorf("diagnostics hold %U at byte %d:\n%s", r, i, text)
			break
		}
	}
}
