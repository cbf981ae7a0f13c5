package markdown

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	ghtml "github.com/yuin/goldmark/renderer/html"
)

// A specExample is one example of the CommonMark spec, as goldmark's module
// ships them in _test/spec.json.
type specExample struct {
	Markdown string `json:"markdown"`
	HTML     string `json:"html"`
	Example  int    `json:"example"`
	Section  string `json:"section"`
}

// specExamples reads the spec examples from goldmark's module, or skips
// the test loudly when the module's folder cannot be found.
func specExamples(t *testing.T) []specExample {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/yuin/goldmark").Output()
	dir := strings.TrimSpace(string(out))
	if err != nil || dir == "" {
		t.Skipf("SKIPPED: THE COMMONMARK SPEC WAS NOT CHECKED: cannot find goldmark's module folder (go list: %v)", err)
	}
	data, err := os.ReadFile(filepath.Join(dir, "_test", "spec.json"))
	if err != nil {
		t.Skipf("SKIPPED: THE COMMONMARK SPEC WAS NOT CHECKED: %v", err)
	}
	var ex []specExample
	if err := json.Unmarshal(data, &ex); err != nil {
		t.Fatalf("%s: %v", filepath.Join(dir, "_test", "spec.json"), err)
	}
	return ex
}

var (
	headingID = regexp.MustCompile(`(<h[1-6]) id="[^"]*"`)
	xhtmlVoid = regexp.MustCompile(`(<(?:br|hr|img|input)\b[^>]*?) ?/>`)
	typoQuote = strings.NewReplacer("&ldquo;", "&quot;", "&rdquo;", "&quot;", "&lsquo;", "'", "&rsquo;", "'",
		"&hellip;", "...", "&ndash;", "--", "&mdash;", "---", "&laquo;", "&lt;&lt;", "&raquo;", "&gt;&gt;")
)

// specNormal undoes what the typographer and heading IDs add, and the XHTML
// spelling of void elements that the spec uses, so that the spec's HTML and
// ours compare.
func specNormal(s string) string {
	s = headingID.ReplaceAllString(s, "$1")
	s = xhtmlVoid.ReplaceAllString(s, "$1>")
	return strings.TrimSpace(typoQuote.Replace(s))
}

// figureHTML and lazyAttrs are Sitrep's deliberate departures from the
// spec's images (see links.go): a titled image alone in its paragraph is a
// figure, and images after the first load lazily.
var (
	figureHTML = regexp.MustCompile(`<figure>(<img [^>]*?)><figcaption>(.*?)</figcaption></figure>`)
	lazyAttrs  = regexp.MustCompile(` loading="lazy" decoding="async"`)
)

// undoFigures turns Sitrep's figures back into the spec's paragraphs.
func undoFigures(s string) string {
	s = figureHTML.ReplaceAllString(s, `<p>$1 title="$2"></p>`)
	return lazyAttrs.ReplaceAllString(s, "")
}

// TestCommonMarkSpec runs every example of the CommonMark spec through
// Sitrep's converter and through stock goldmark with the same extensions:
// Sitrep must pass every example that stock goldmark passes.
func TestCommonMarkSpec(t *testing.T) {
	examples := specExamples(t)
	stock := goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.Typographer),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
		goldmark.WithRendererOptions(ghtml.WithUnsafe()),
	)
	md := New(WithUnsafeHTML(true))
	env := &Env{File: "spec.md", Line: 1, Entities: names{}, Brief: true}
	var stockPass, ours int
	for _, ex := range examples {
		var buf bytes.Buffer
		if err := stock.Convert([]byte(ex.Markdown), &buf); err != nil {
			t.Fatalf("example %d: %v", ex.Example, err)
		}
		want := specNormal(ex.HTML)
		s := specNormal(buf.String()) == want
		got := md.Convert([]byte(ex.Markdown), env).HTML
		o := specNormal(undoFigures(got)) == want
		if s {
			stockPass++
		}
		if o {
			ours++
		}
		if s && !o {
			t.Errorf("example %d (%s): stock goldmark passes, Sitrep does not\nmarkdown:\n%s\nspec:\n%s\nSitrep:\n%s", ex.Example, ex.Section, ex.Markdown, ex.HTML, got)
		}
	}
	t.Logf("%d examples: %d pass with stock goldmark, %d with Sitrep", len(examples), stockPass, ours)
}

// TestDefinitionLike checks the warning for a paragraph that reads as a
// link reference definition of a bracketed label, which CommonMark and so
// Sitrep show as text.
func TestDefinitionLike(t *testing.T) {
	got := New().Convert([]byte("Intro.\n\n[[Iraq]]: https://example.org/iraq\n"), testEnv()).Diags
	want := `content/briefs/a.md:7:1: warning: [[Iraq]] is not a link reference definition (a label cannot hold brackets): shown as text`
	if len(got) != 1 || got[0].String() != want {
		t.Errorf("diagnostics = %v, want %s", got, want)
	}
}
