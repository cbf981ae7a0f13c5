package build

import "testing"

// TestTemplatesHTML builds the sample site with every template run on
// html/template alone (Config.Templates, sitrep build -templates=html) and
// compiled by tmplexec, plain and minified, and wants the same trees, byte
// for byte.
func TestTemplatesHTML(t *testing.T) {
	fsys := sampleSite(t)
	for _, minify := range []bool{false, true} {
		wantRep, html := mustBuild(t, Config{Site: fsys, Minify: minify, Templates: TemplatesHTML})
		gotRep, compiled := mustBuild(t, Config{Site: fsys, Minify: minify, Templates: TemplatesCompiled})
		want, got := readTree(t, html), readTree(t, compiled)
		if len(want) == 0 || wantRep.Pages != gotRep.Pages {
			t.Fatalf("minify %v: %d pages (%d files) with html/template, %d compiled", minify, wantRep.Pages, len(want), gotRep.Pages)
		}
		if d := compareTrees(want, got); d != "" {
			t.Errorf("minify %v: the compiled build differs from html/template's:\n%s", minify, d)
		}
	}
}
