package build

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"testing/fstest"

	"sitrep/generator/internal/content"
	"sitrep/generator/internal/corpus"
	"sitrep/generator/internal/diag"
	"sitrep/generator/internal/publish"
	"sitrep/generator/internal/render"
	"sitrep/generator/internal/site"
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
	c, d := content.Load(fsys)
	mustNoErrors(b, d)
	s, d := site.Build(c, site.Options{})
	mustNoErrors(b, d)
	t, d := render.ParseTemplates(fsys)
	mustNoErrors(b, d)
	for b.Loop() {
		_, d := render.Pages(s, t)
		mustNoErrors(b, d)
	}
}

// BenchmarkFiles makes the feeds, sitemap, search index and previews.
func BenchmarkFiles(b *testing.B) {
	fsys := benchSite(b, benchBriefs)
	c, _ := content.Load(fsys)
	s, _ := site.Build(c, site.Options{})
	t, _ := render.ParseTemplates(fsys)
	conv, d := render.Convert(s, t)
	mustNoErrors(b, d)
	for b.Loop() {
		mustNoErrors(b, conv.Files(func(render.Page) error { return nil }))
	}
}

// BenchmarkWrite publishes rendered pages.
func BenchmarkWrite(b *testing.B) {
	fsys := benchSite(b, benchBriefs)
	c, _ := content.Load(fsys)
	s, _ := site.Build(c, site.Options{})
	t, _ := render.ParseTemplates(fsys)
	pages, _ := render.Pages(s, t)
	static, _ := fs.Sub(fsys, "static")
	out := filepath.Join(b.TempDir(), "public")
	for b.Loop() {
		if _, err := publish.Write(out, pages, static); err != nil {
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
