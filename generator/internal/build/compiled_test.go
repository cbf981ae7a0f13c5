package build

import (
	"bytes"
	"io/fs"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/sitrep-dev/sitrep/generator/internal/content"
	"github.com/sitrep-dev/sitrep/generator/internal/diag"
	"github.com/sitrep-dev/sitrep/generator/internal/render"
	"github.com/sitrep-dev/sitrep/generator/internal/site"
	"github.com/sitrep-dev/sitrep/generator/internal/theme"
)

// TestCompiledTemplates renders sites with the theme's templates compiled
// by tmplexec and with html/template alone, and wants the same bytes in
// every file, with every template compiled and no execution left to
// html/template: the fixture, the sample site, a generated corpus and
// hostile content,
// plain and minified.
func TestCompiledTemplates(t *testing.T) {
	sites := map[string]fs.FS{"fixture": fixtureSite(t), "sample": sampleSite(t), "corpus": benchSite(t, 300), "hostile": hostileSite(t)}
	for name, fsys := range sites {
		for _, minify := range []bool{false, true} {
			model := func() *site.Site { // a build takes its model: one each
				c, d := content.Load(fsys)
				s, d2 := site.Build(c, site.Options{Now: fixedNow})
				if d.HasErrors() || d2.HasErrors() {
					t.Fatal(d, d2)
				}
				return s
			}
			compiled, d := render.ParseTheme(fsys, theme.Options{Minify: minify})
			interpreted, d2 := render.ParseTheme(fsys, theme.Options{Minify: minify, Interpreted: true})
			if d.HasErrors() || d2.HasErrors() {
				t.Fatal(d, d2)
			}
			want, d := allPages(model(), interpreted)
			if d.HasErrors() {
				t.Fatal(d)
			}
			for round := range 2 { // the first runs html/template (and compiles)
				got, d := allPages(model(), compiled)
				if d.HasErrors() {
					t.Fatal(d)
				}
				if len(got) != len(want) {
					t.Fatalf("%s: %d files, want %d", name, len(got), len(want))
				}
				for i := range got {
					if got[i].Path != want[i].Path || !bytes.Equal(got[i].Data, want[i].Data) {
						t.Errorf("%s (minify %v, round %d): %s differs from html/template's", name, minify, round, got[i].Path)
						if os.Getenv("SITREP_TEST_VERBOSE") != "" {
							t.Logf("got:\n%s\nwant:\n%s", got[i].Data, want[i].Data)
						}
					}
				}
			}
			if fallbacks, uncompiled := compiled.Compilation(); fallbacks != 0 || len(uncompiled) != 0 {
				t.Errorf("%s (minify %v): %d executions left to html/template; not compiled: %q", name, minify, fallbacks, uncompiled)
			}
		}
	}
}

// allPages builds s with t and returns every page and file, sorted by path.
func allPages(s *site.Site, t *theme.Templates) ([]render.Page, diag.List) {
	var mu sync.Mutex
	var pages []render.Page
	diags := render.Build(s, t, func(p render.Page) error {
		p.Data = bytes.Clone(p.Data)
		mu.Lock()
		defer mu.Unlock()
		pages = append(pages, p)
		return nil
	})
	slices.SortFunc(pages, func(a, b render.Page) int { return strings.Compare(a.Path, b.Path) })
	return pages, diags
}
