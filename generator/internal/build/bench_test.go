package build

import (
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/sitrep-dev/sitrep/generator/internal/content"
	"github.com/sitrep-dev/sitrep/generator/internal/corpus"
	"github.com/sitrep-dev/sitrep/generator/internal/diag"
	"github.com/sitrep-dev/sitrep/generator/internal/publish"
	"github.com/sitrep-dev/sitrep/generator/internal/render"
	"github.com/sitrep-dev/sitrep/generator/internal/site"
	"github.com/sitrep-dev/sitrep/generator/internal/theme"
)

// benchSites caches generated corpora by size.
var benchSites sync.Map

// benchSite is a generated corpus of n briefs with the default theme.
func benchSite(b testing.TB, n int) fstest.MapFS {
	if v, ok := benchSites.Load(n); ok {
		return v.(fstest.MapFS)
	}
	m := fstest.MapFS{}
	for p, data := range corpus.New(1).Files(n) {
		m[p] = &fstest.MapFile{Data: data}
	}
	addDir(b, m, "../../../templates", "templates")
	addDir(b, m, "../../../static", "static")
	benchSites.Store(n, m)
	return m
}

func mustNoErrors(b *testing.B, d diag.List) {
	if d.HasErrors() {
		b.Fatal(d.Err())
	}
}

// benchBriefs is the corpus size of the stage benchmarks: 2,000 briefs, or
// $SITREP_BENCH_BRIEFS (make bench sets 10,000).
var benchBriefs = func() int {
	if n, err := strconv.Atoi(os.Getenv("SITREP_BENCH_BRIEFS")); err == nil && n > 0 {
		return n
	}
	return 2000
}()

// BenchmarkLoad reads and decodes every file.
func BenchmarkLoad(b *testing.B) {
	fsys := benchSite(b, benchBriefs)
	for b.Loop() {
		_, d := content.Load(fsys)
		mustNoErrors(b, d)
	}
}

// BenchmarkModel builds the site model from a loaded corpus.
func BenchmarkModel(b *testing.B) {
	c, d := content.Load(benchSite(b, benchBriefs))
	mustNoErrors(b, d)
	for b.Loop() {
		_, d := site.Build(c, site.Options{})
		mustNoErrors(b, d)
	}
}

// BenchmarkRender converts the markdown and runs the templates of every page.
func BenchmarkRender(b *testing.B) {
	fsys := benchSite(b, benchBriefs)
	t, d := render.ParseTheme(fsys, theme.Options{})
	mustNoErrors(b, d)
	for b.Loop() {
		b.StopTimer()
		c, _ := content.Load(fsys) // Build takes its model
		s, _ := site.Build(c, site.Options{})
		b.StartTimer()
		mustNoErrors(b, render.Build(s, t, func(render.Page) error { return nil }))
	}
}

// BenchmarkTemplates runs the templates of every page and makes the files
// that are not pages, the markdown converted beforehand, compiled by
// tmplexec as builds run them.
func BenchmarkTemplates(b *testing.B) { benchTemplates(b, false) }

// BenchmarkTemplatesInterpreted is BenchmarkTemplates with html/template
// alone, for the ratio.
func BenchmarkTemplatesInterpreted(b *testing.B) { benchTemplates(b, true) }

func benchTemplates(b *testing.B, interpreted bool) {
	fsys := benchSite(b, benchBriefs)
	c, d := content.Load(fsys)
	mustNoErrors(b, d)
	s, d := site.Build(c, site.Options{})
	mustNoErrors(b, d)
	t, d := render.ParseTheme(fsys, theme.Options{Interpreted: interpreted})
	mustNoErrors(b, d)
	pass, d := render.NewCache().Convert(s, t, render.Inputs{}, nil)
	mustNoErrors(b, d)
	for b.Loop() { // never committed: every pass renders every page
		_, d := pass.Render(func(render.Page) error { return nil })
		mustNoErrors(b, d)
	}
}

// BenchmarkWrite publishes rendered pages.
func BenchmarkWrite(b *testing.B) {
	fsys := benchSite(b, benchBriefs)
	c, _ := content.Load(fsys)
	s, _ := site.Build(c, site.Options{})
	t, _ := render.ParseTheme(fsys, theme.Options{})
	pages, _ := allPages(s, t)
	for _, f := range t.Assets() {
		pages = append(pages, render.Page(f))
	}
	files := make([]publish.Page, len(pages))
	for i, p := range pages {
		files[i] = publish.Page(p)
	}
	out := filepath.Join(b.TempDir(), "public")
	for b.Loop() {
		if _, err := publish.Write(out, files); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBuild is the whole pass.
func BenchmarkBuild(b *testing.B) {
	fsys := benchSite(b, benchBriefs)
	out := filepath.Join(b.TempDir(), "public")
	for b.Loop() {
		if _, err := Run(context.Background(), Config{Site: fsys, Out: out}); err != nil {
			b.Fatal(err)
		}
	}
}

// serveBriefs is the size of the corpus the serve benchmarks rebuild.
const serveBriefs = 10000

// benchDisk writes a generated corpus of n briefs with the default theme
// into a temporary folder once per benchmark.
func benchDisk(b *testing.B, n int) string {
	dir := b.TempDir()
	for p, f := range benchSite(b, n) {
		mustWrite(b, filepath.Join(dir, filepath.FromSlash(p)), f.Data)
	}
	return dir
}

// serveConfig is the configuration `sitrep serve` builds with.
func serveConfig(dir string) Config { return Config{Site: os.DirFS(dir), PlainAssets: true} }

// BenchmarkServeFirstBuild is the first build of `sitrep serve` until it
// serves: RebuildLazy returns once everything is converted and checked,
// pages render in the background (waited for outside the timing).
func BenchmarkServeFirstBuild(b *testing.B) {
	dir := benchDisk(b, serveBriefs)
	for b.Loop() {
		up, err := NewSession(serveConfig(dir)).RebuildLazy(context.Background(), nil)
		if err != nil || up.Pending == nil {
			b.Fatalf("RebuildLazy: pending %v, %v", up.Pending, err)
		}
		b.StopTimer()
		if _, err := up.Pending.Wait(); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
}

// BenchmarkServeFirstBuildAll is the whole first build of `sitrep serve`,
// every page rendered, in memory.
func BenchmarkServeFirstBuildAll(b *testing.B) {
	dir := benchDisk(b, serveBriefs)
	for b.Loop() {
		if _, err := NewSession(serveConfig(dir)).Rebuild(context.Background(), nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkServeModel is site.Build at the size of the serve benchmarks:
// every rebuild that changes front matter pays it.
func BenchmarkServeModel(b *testing.B) {
	c, d := content.Load(benchSite(b, serveBriefs))
	mustNoErrors(b, d)
	for b.Loop() {
		_, d := site.Build(c, site.Options{})
		mustNoErrors(b, d)
	}
}

// benchRebuild edits one brief per iteration with edit and checks the page
// want names holds the new text.
func benchRebuild(b *testing.B, edit func(data string, i int) (string, string), page func(i int) string) {
	dir := benchDisk(b, serveBriefs)
	sess := NewSession(serveConfig(dir))
	if _, err := sess.Rebuild(context.Background(), nil); err != nil {
		b.Fatal(err)
	}
	br := corpus.New(1).Brief(serveBriefs / 2)
	name := filepath.Join(dir, filepath.FromSlash(br.File))
	i := 0
	for b.Loop() {
		i++
		data, err := os.ReadFile(name)
		if err != nil {
			b.Fatal(err)
		}
		next, want := edit(string(data), i)
		if err := os.WriteFile(name, []byte(next), 0o644); err != nil {
			b.Fatal(err)
		}
		up, err := sess.Rebuild(context.Background(), []string{br.File})
		if err != nil {
			b.Fatal(err)
		}
		if p := page(i); !strings.Contains(string(up.Tree[p]), want) {
			b.Fatalf("%s lacks %q after the rebuild", p, want)
		}
	}
}

// BenchmarkRebuildBodyEdit edits the body of one brief of 10,000 and
// rebuilds: the brief's page holds the new text.
func BenchmarkRebuildBodyEdit(b *testing.B) {
	br := corpus.New(1).Brief(serveBriefs / 2)
	slug := strings.TrimSuffix(path.Base(br.File), ".md")
	benchRebuild(b, func(data string, i int) (string, string) {
		text := fmt.Sprintf("Edited paragraph number %d.", i)
		return data + "\n" + text + "\n", text
	}, func(int) string { return "briefs/" + slug + "/index.html" })
}

// BenchmarkRebuildActorAdded adds a new actor to the front matter of one
// brief of 10,000 and rebuilds: the actor's page exists and lists the brief.
func BenchmarkRebuildActorAdded(b *testing.B) {
	br := corpus.New(1).Brief(serveBriefs / 2)
	slug := strings.TrimSuffix(path.Base(br.File), ".md")
	benchRebuild(b, func(data string, i int) (string, string) {
		return strings.Replace(data, "actors: [", fmt.Sprintf("actors: [\"Bench Actor %d\", ", i), 1), "/briefs/" + slug + "/"
	}, func(i int) string { return fmt.Sprintf("actors/bench-actor-%d/index.html", i) })
}
