package frontmatter_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep/generator/internal/content/frontmatter"
	"github.com/sitrep-dev/sitrep/generator/internal/corpus"
)

// fastYAMLSeeds are documents the fast path reads and documents it must
// leave to yaml.v3.
var fastYAMLSeeds = []string{
	"title: A\ndate: 2023-04-29\n",
	"title: \"Iraq: what next?\"\ndate: 2023-04-29\nactors: [\"Lloyd Austin\", Ali Khamenei, 'Mohammed Shia al-Sudani']\n",
	"sources:\n  - id: irna\n    name: IRNA\n    url: https://en.irna.ir/news/1\n    date: 2023-04-29\n    note: Iranian state agency\n  - id: ap\n    name: \"AP\"\nevents:\n- date: 2003-03-20\n  title: Invasion begins\n",
	"# a comment\n\ntitle: A   \n\n# another\ncountries:\n  - Iraq\n  - Iran\n",
	"title: A # trailing comment\n",
	"title: \"escaped \\\" quote\"\n",
	"title: 'it''s'\n",
	"draft: true\n",
	"count: 12\n",
	"summary:\n",
	"summary: >\n  folded\n",
	"title: A\n  continued\n",
	"title: &a A\nslug: *a\n",
	"title: A\ntitle: B\n",
	"date: 2023-02-30\n",
	"date: 2023-04-29T10:00:00Z\n",
	"actors: [a, [b]]\n",
	"actors: [a,]\n",
	"actors: []\n",
	"actors: {a: b}\n",
	"nested:\n  key: value\n",
	"title: a: b\n",
	"title:\tA\n",
	"title: A\r\n",
	"title: null\n",
	"title: ~\n",
	"title: -A\n",
	"title: A\u0085B\n",
	"title: علی خامنه‌ای\n",
	"title: Ünïcödé\n",
	"list:\n- a\n-  b\n",
	"list:\n  - a: 1\n    b: c\n",
	"list:\n  - a: x\n      b: c\n",
	"url: http://x.org/a#b\n",
	"actors: [\"a\", 'b', c d]\n",
	"actors: [a:b]\n",
	"  title: A\n",
	"",
	"\n\n",
}

// FuzzFastYAML checks the fast path against yaml.v3: wherever it reads a
// document, it must make the tree that yaml.v3's nodes make, and yaml.v3
// must accept the document.
func FuzzFastYAML(f *testing.F) {
	for _, s := range fastYAMLSeeds {
		f.Add(s)
	}
	for _, fm := range corpusFrontMatter(f, 20) {
		f.Add(fm)
	}
	f.Fuzz(func(t *testing.T, doc string) {
		fast, slow, ok, err := frontmatter.CompareYAML(doc)
		if !ok {
			return
		}
		if err != nil {
			t.Fatalf("fast path read a document yaml.v3 rejects: %q\n%v", doc, err)
		}
		if fast != slow {
			t.Fatalf("trees differ for %q\nfast: %s\nslow: %s", doc, fast, slow)
		}
	})
}

// TestFastYAMLReadsCommonShapes makes sure the fast path is taken for the
// front matter of real briefs, not only that it is right when it is.
func TestFastYAMLReadsCommonShapes(t *testing.T) {
	docs := corpusFrontMatter(t, 200)
	for _, s := range fastYAMLSeeds[:4] {
		docs = append(docs, s)
	}
	fixtures, _ := filepath.Glob("../../build/testdata/site/content/*/*.md")
	for _, f := range fixtures {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if s := string(data); strings.HasPrefix(s, "---\n") {
			if end := strings.Index(s[4:], "\n---\n"); end >= 0 {
				docs = append(docs, s[4:4+end+1])
			}
		}
	}
	for _, doc := range docs {
		if _, _, ok, _ := frontmatter.CompareYAML(doc); !ok {
			t.Errorf("fast path gave up on common front matter:\n%s", doc)
		}
	}
}

func corpusFrontMatter(tb testing.TB, n int) []string {
	tb.Helper()
	var out []string
	for p, data := range corpus.New(1).Files(n) {
		s := string(data)
		if !strings.HasPrefix(p, "content/") || !strings.HasPrefix(s, "---\n") {
			continue
		}
		if end := strings.Index(s[4:], "\n---\n"); end >= 0 {
			out = append(out, s[4:4+end+1])
		}
	}
	if len(out) == 0 {
		tb.Fatal("the corpus has no YAML front matter")
	}
	return out
}
