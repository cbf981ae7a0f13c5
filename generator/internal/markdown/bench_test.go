package markdown_test

import (
	"bytes"
	"io"
	"os"
	"strconv"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/sitrep-dev/sitrep/generator/internal/content"
	"github.com/sitrep-dev/sitrep/generator/internal/corpus"
	"github.com/sitrep-dev/sitrep/generator/internal/markdown"
	"github.com/sitrep-dev/sitrep/generator/internal/parallel"
	"github.com/sitrep-dev/sitrep/generator/internal/site"
)

// benchBriefs is the corpus size: 2,000 briefs, or $SITREP_BENCH_BRIEFS
// (make bench sets 10,000).
var benchBriefs = func() int {
	if n, err := strconv.Atoi(os.Getenv("SITREP_BENCH_BRIEFS")); err == nil && n > 0 {
		return n
	}
	return 2000
}()

// benchModel is the model of a generated corpus, whose brief bodies the
// benchmarks convert.
func benchModel(b *testing.B) *site.Site {
	fsys := fstest.MapFS{}
	for p, data := range corpus.New(1).Files(benchBriefs) {
		fsys[p] = &fstest.MapFile{Data: data}
	}
	c, d := content.Load(fsys)
	s, d2 := site.Build(c, site.Options{})
	if d.HasErrors() || d2.HasErrors() {
		b.Fatal(d, d2)
	}
	return s
}

// BenchmarkMarkdown converts every brief body with Sitrep's converter
// (entity links and citations resolved against the model), on every core.
func BenchmarkMarkdown(b *testing.B) {
	s := benchModel(b)
	pool := sync.Pool{New: func() any { return markdown.New() }}
	b.ResetTimer()
	for b.Loop() {
		parallel.For(len(s.Briefs), func(i int) {
			br := s.Briefs[i]
			env := &markdown.Env{File: br.File, Line: br.BodyLine, Entities: s, Brief: true}
			for _, src := range br.Sources {
				env.Sources = append(env.Sources, markdown.Source{ID: src.ID, Name: src.Name})
			}
			md := pool.Get().(*markdown.Markdown)
			if r := md.Convert(br.Body, env); r.Diags.HasErrors() {
				b.Error(r.Diags)
			}
			pool.Put(md)
		})
	}
}

// BenchmarkMarkdownBaseline converts the same bodies with goldmark alone
// (markdown.Baseline, the yardstick of make bench), on every core.
func BenchmarkMarkdownBaseline(b *testing.B) {
	s := benchModel(b)
	type conv struct {
		fn  func(w io.Writer, src []byte) error
		buf bytes.Buffer
	}
	pool := sync.Pool{New: func() any { return &conv{fn: markdown.Baseline()} }}
	b.ResetTimer()
	for b.Loop() {
		parallel.For(len(s.Briefs), func(i int) {
			c := pool.Get().(*conv)
			c.buf.Reset()
			if err := c.fn(&c.buf, s.Briefs[i].Body); err != nil {
				b.Error(err)
			}
			pool.Put(c)
		})
	}
}
