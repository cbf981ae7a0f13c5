package build

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/net/html"

	"github.com/sitrep-dev/sitrep/generator/internal/diag"
	"github.com/sitrep-dev/sitrep/generator/internal/publish"
)

var update = flag.Bool("update", false, "rewrite testdata/golden from the current output")

// fixedNow keeps the build deterministic.
var fixedNow = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// addDir copies the files below dir on disk into m under prefix.
func addDir(tb testing.TB, m fstest.MapFS, dir, prefix string) {
	tb.Helper()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p) // p is below dir
		m[path.Join(prefix, filepath.ToSlash(rel))] = &fstest.MapFile{Data: data}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
}

// fixtureSite is the fixture's content with the default theme of the repository.
func fixtureSite(tb testing.TB) fstest.MapFS {
	m := fstest.MapFS{}
	addDir(tb, m, "testdata/site/content", "content")
	addDir(tb, m, "../../../templates", "templates")
	addDir(tb, m, "../../../static", "static")
	return m
}

func mustBuild(tb testing.TB, cfg Config) (Report, string) {
	tb.Helper()
	if cfg.Out == "" {
		cfg.Out = filepath.Join(tb.TempDir(), "public")
	}
	if cfg.Now.IsZero() {
		cfg.Now = fixedNow
	}
	rep, err := Run(context.Background(), cfg)
	if err != nil {
		tb.Fatalf("build: %v", err)
	}
	return rep, cfg.Out
}

// readTree returns every file below dir by slash path.
func readTree(tb testing.TB, dir string) map[string][]byte {
	tb.Helper()
	files := map[string][]byte{}
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return files
	}
	m := fstest.MapFS{}
	addDir(tb, m, dir, "")
	for p, f := range m {
		if p != publish.Marker {
			files[p] = f.Data
		}
	}
	return files
}

// TestGolden builds the fixture site and compares the whole output tree with
// testdata/golden. Run with -update to rewrite it, then review the diff.
func TestGolden(t *testing.T) {
	rep, out := mustBuild(t, Config{Site: fixtureSite(t)})
	if len(rep.Diags) != 0 {
		t.Errorf("fixture diagnostics: %v", rep.Diags)
	}
	got := readTree(t, out)
	const goldenDir = "testdata/golden"
	if *update {
		if err := os.RemoveAll(goldenDir); err != nil {
			t.Fatal(err)
		}
		for p, data := range got {
			dst := filepath.Join(goldenDir, filepath.FromSlash(p))
			if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(dst, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	want := readTree(t, goldenDir)
	if len(want) == 0 {
		t.Fatal("no golden files: run go test ./generator/internal/build -run Golden -update")
	}
	for _, p := range sortedKeys(want) {
		g, ok := got[p]
		switch {
		case !ok:
			t.Errorf("missing file %s", p)
		case !bytes.Equal(g, want[p]):
			t.Errorf("%s differs from the golden file:\n%s", p, lineDiff(string(want[p]), string(g)))
		}
	}
	for _, p := range sortedKeys(got) {
		if _, ok := want[p]; !ok {
			t.Errorf("extra file %s", p)
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// lineDiff shows the first lines that differ, with a little context.
func lineDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < max(len(wl), len(gl)) && shown < 10; i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			fmt.Fprintf(&b, "line %d:\n  - %s\n  + %s\n", i+1, w, g)
			shown++
		}
	}
	return b.String()
}

// TestLinks parses every generated page and resolves every internal link and
// asset against the output tree as it is served under the base path: none
// may be broken, none may leave the sub-path, every #fragment must exist.
func TestLinks(t *testing.T) {
	for _, base := range []string{"", "https://example.org/", "/deep/sub/path/"} {
		for _, minify := range []bool{false, true} {
			t.Run(fmt.Sprintf("base=%s,minify=%v", base, minify), func(t *testing.T) {
				rep, out := mustBuild(t, Config{Site: fixtureSite(t), BaseURL: base, Minify: minify})
				prefix := "/briefing/" // the fixture's site.yaml
				if base != "" {
					u, _ := url.Parse(base)
					prefix = u.Path
				}
				checked := checkLinks(t, out, prefix)
				if checked < 100 || rep.Pages < 15 {
					t.Errorf("checked only %d links in %d pages", checked, rep.Pages)
				}
				// feeds and the sitemap: every URL in them is a built file
				checkFeeds(t, readTree(t, out), cmp.Or(base, "https://example.org/briefing/"), prefix)
			})
		}
	}
}

// checkLinks checks the links of every HTML page below out, served at
// prefix, and returns how many it checked.
func checkLinks(t *testing.T, out, prefix string) int {
	t.Helper()
	files := readTree(t, out)
	ids := map[string]map[string]bool{}
	docs := map[string]*html.Node{}
	for p, data := range files {
		if !strings.HasSuffix(p, ".html") {
			continue
		}
		doc, err := html.Parse(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		docs[p] = doc
		ids[p] = map[string]bool{}
		walk(doc, func(n *html.Node) {
			if id := attr(n, "id"); id != "" {
				if ids[p][id] {
					t.Errorf("%s: duplicate id %q", p, id)
				}
				ids[p][id] = true
			}
		})
	}
	checked := 0
	for _, p := range sortedKeys(docs) {
		walk(docs[p], func(n *html.Node) {
			for _, key := range []string{"href", "src"} {
				ref := attr(n, key)
				if ref == "" || n.Data == "link" && attr(n, "rel") == "canonical" {
					continue
				}
				u, err := url.Parse(ref)
				if err != nil {
					t.Errorf("%s: bad URL %q", p, ref)
					continue
				}
				if u.Scheme == "http" || u.Scheme == "https" {
					continue // external
				}
				checked++
				target := p
				if u.Path != "" {
					if !strings.HasPrefix(u.Path, prefix) {
						t.Errorf("%s: link %q leaves the site path %s", p, ref, prefix)
						continue
					}
					target = strings.TrimPrefix(u.Path, prefix)
					if target == "" || strings.HasSuffix(target, "/") {
						target += "index.html"
					}
				}
				if _, ok := files[target]; !ok {
					t.Errorf("%s: broken link %q (no %s)", p, ref, target)
					continue
				}
				if u.Fragment != "" && !ids[target][u.Fragment] {
					t.Errorf("%s: link %q: no id %q in %s", p, ref, u.Fragment, target)
				}
			}
		})
	}
	return checked
}

func walk(n *html.Node, f func(*html.Node)) {
	if n.Type == html.ElementNode {
		f(n)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, f)
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// TestFailedBuildKeepsOutput checks that a build with errors writes nothing
// and leaves the previous output byte for byte.
func TestFailedBuildKeepsOutput(t *testing.T) {
	site := fixtureSite(t)
	_, out := mustBuild(t, Config{Site: site})
	before := readTree(t, out)
	site["content/briefs/broken.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Broken\nactors: {bad: map}\n---\n[[Nobody]]\n")}
	rep, err := Run(context.Background(), Config{Site: site, Out: out, Now: fixedNow})
	var de *diag.Errors
	if !errors.As(err, &de) {
		t.Fatalf("Run = %v, want diagnostics", err)
	}
	want := []string{
		"content/briefs/broken.md:2:1: missing date (every brief needs a date: like 2023-04-29)",
		"content/briefs/broken.md:3:9: actors: want a list of names, got a mapping",
		`content/briefs/broken.md:5:1: unknown name "Nobody" in [[…]]: name it in a brief's actors, countries or topics, or give it a profile`,
	}
	var got []string
	for _, d := range rep.Diags {
		got = append(got, d.String())
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	after := readTree(t, out)
	if len(after) != len(before) {
		t.Fatalf("output changed: %d files before, %d after", len(before), len(after))
	}
	for p, data := range before {
		if !bytes.Equal(after[p], data) {
			t.Errorf("%s changed", p)
		}
	}
	leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".public.*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary folders left behind: %v", leftovers)
	}

	// errors found after the output folder was begun (and the briefs'
	// folders made, while the model was built): in the model (two briefs
	// with one URL), and in a body only
	for name, files := range map[string]map[string]string{
		"model": {"content/briefs/a.md": "---\ntitle: A\ndate: 2023-05-01\nslug: same\n---\nA.\n",
			"content/briefs/b.md": "---\ntitle: B\ndate: 2023-05-02\nslug: same\n---\nB.\n"},
		"body": {"content/briefs/broken.md": "---\ntitle: Broken\ndate: 2023-05-03\n---\n[[Nobody]]\n"},
	} {
		site := fixtureSite(t)
		for p, data := range files {
			site[p] = &fstest.MapFile{Data: []byte(data)}
		}
		if _, err := Run(context.Background(), Config{Site: site, Out: out, Now: fixedNow}); !errors.As(err, &de) {
			t.Fatalf("%s: Run = %v, want diagnostics", name, err)
		}
		if after := readTree(t, out); len(after) != len(before) {
			t.Errorf("%s: output changed: %d files before, %d after", name, len(before), len(after))
		}
		if leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".public.*")); len(leftovers) > 0 {
			t.Errorf("%s: temporary folders left behind: %v", name, leftovers)
		}
	}
}

// noEmptyFolders fails the test for every folder under out that holds
// nothing: the folder of a brief left out, say.
func noEmptyFolders(t *testing.T, out string) {
	t.Helper()
	_ = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		if d.IsDir() {
			if entries, err := os.ReadDir(p); err != nil || len(entries) == 0 {
				t.Errorf("%s: an empty folder in the output (%v)", p, err)
			}
		}
		return nil
	})
}

func TestDraftsLeftOutEverywhere(t *testing.T) {
	_, out := mustBuild(t, Config{Site: fixtureSite(t)})
	noEmptyFolders(t, out)
	for p, data := range readTree(t, out) {
		if bytes.Contains(data, []byte("Draft Only Person")) || bytes.Contains(data, []byte("Outlook (draft)")) || strings.Contains(p, "outlook") {
			t.Errorf("%s mentions the draft", p)
		}
	}
	_, out = mustBuild(t, Config{Site: fixtureSite(t), Drafts: true})
	noEmptyFolders(t, out)
	files := readTree(t, out)
	if _, ok := files["actors/draft-only-person/index.html"]; !ok {
		t.Error("-drafts: the draft's actor has no page")
	}
	if !bytes.Contains(files["timeline/index.html"], []byte("Outlook (draft)")) {
		t.Error("-drafts: the draft is not on the timeline")
	}
}

func TestCheckOut(t *testing.T) {
	site := t.TempDir()
	for _, bad := range []string{site, filepath.Dir(site), filepath.Join(site, "content"), filepath.Join(site, "static", "x"), "/"} {
		if err := CheckOut(site, bad); err == nil {
			t.Errorf("CheckOut(%s) accepted", bad)
		}
	}
	for _, good := range []string{filepath.Join(site, "public"), filepath.Join(t.TempDir(), "out")} {
		if err := CheckOut(site, good); err != nil {
			t.Errorf("CheckOut(%s) = %v", good, err)
		}
	}
}
