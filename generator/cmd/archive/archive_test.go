package main

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep/generator/internal/browsertest"
	"github.com/sitrep-dev/sitrep/generator/internal/pagestat"
)

func write(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for rel, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestPickQueries(t *testing.T) {
	site, out := t.TempDir(), t.TempDir()
	write(t, site, map[string]string{
		"content/briefs/a.md": "---\ntitle: \"Ceasefire talks\"\ndate: 2021-03-01\nactors: [\"Zebulon Quartz\"]\n---\nThe ceasefire held ([link](https://example.org/zzzzzz)). Troops withdrew [@s1].\n",
		"content/briefs/b.md": "---\ntitle: Ceasefire\ndate: 2023-01-02\n---\nTroops and ceasefire monitors, with their observers.\n",
		"content/briefs/c.md": "---\ntitle: Budget\ndate: 2022-12-31\n---\nTroops again. Ceasefire.\n",
	})
	write(t, out, map[string]string{
		"actors/zebulon-quartz/index.html": "<!doctype html><title>Z</title><h1>Zebulon <span>Quartz</span></h1>" + strings.Repeat("<p>x", 50),
		"actors/ada/index.html":            "<!doctype html><title>A</title><h1>Ada</h1>",
	})
	pages, err := pagestat.Walk(os.DirFS(out))
	if err != nil {
		t.Fatal(err)
	}
	qs, err := pickQueries(site, out, pages)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, q := range qs {
		got = append(got, q.label+": "+q.params.Encode())
	}
	want := []string{
		"common word: q=ceasefire",
		"rare word: q=budget", // "their" is a stop word, "zzzzzz" a link's address
		"entity name: q=Zebulon+Quartz",
		"two words: q=ceasefire+troops",
		"word + actor: actor=zebulon-quartz&q=ceasefire",
		"word + year: q=ceasefire&year=2023",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("queries:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestFirstQuery serves a search page that fetches an index part, then
// shows data-total, and checks what firstQueries counts.
func TestFirstQuery(t *testing.T) {
	browsertest.Chromium(t) // skips loudly, or fails under CI, without Chromium
	out := t.TempDir()
	part := `{"briefs":[` + strings.Repeat(`"a brief about a ceasefire",`, 2000) + `""]}`
	write(t, out, map[string]string{
		"search/index.html": `<!doctype html><html lang=en><title>Search</title><link rel=icon href="data:,"><ol id=results></ol>
<script>
const q = new URLSearchParams(location.search).get('q');
fetch('part-' + q + '.json').then(r => r.json()).then(ix => {
  document.getElementById('results').setAttribute('data-total', String(ix.briefs.length));
});
</script>`,
		"search/part-ceasefire.json": part,
		"404.html":                   "<!doctype html><title>404</title>",
	})
	srv := httptest.NewServer(pagestat.Host(out, prefix))
	defer srv.Close()
	qs := []query{{label: "found", params: map[string][]string{"q": {"ceasefire"}}}, {label: "missing", params: map[string][]string{"q": {"nothing"}}}}
	res, err := firstQueries(context.Background(), srv.URL+prefix, qs)
	if err != nil {
		t.Fatal(err)
	}
	found, missing := res[0], res[1]
	gz := pagestat.GzipSize([]byte(part))
	if found.total != "2001" || found.problem != "" {
		t.Errorf("found: data-total %q, problem %q; want 2001 and none", found.total, found.problem)
	}
	// the part, gzipped, plus its headers; the page besides
	if found.indexBytes < gz || found.indexBytes > gz+1000 || found.bytes <= found.indexBytes || found.requests < 2 {
		t.Errorf("found: %d requests, %d bytes, %d of the index; the part is %d bytes gzipped", found.requests, found.bytes, found.indexBytes, gz)
	}
	if missing.total != "" || !strings.Contains(missing.problem, "no element with data-total") || missing.requests != 2 {
		t.Errorf("missing: data-total %q, problem %q, %d requests", missing.total, missing.problem, missing.requests)
	}
}
