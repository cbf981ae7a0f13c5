package search

import (
	"cmp"
	"encoding/base64"
	"encoding/json"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/sitrep-dev/sitrep/generator/internal/content"
	"github.com/sitrep-dev/sitrep/generator/internal/corpus"
	"github.com/sitrep-dev/sitrep/generator/internal/site"
	"github.com/sitrep-dev/sitrep/generator/internal/words"
)

// decodePostings reads what appendPostings writes, as static/search.js does.
func decodePostings(t *testing.T, raw json.RawMessage) []int32 {
	t.Helper()
	var out []int32
	var s string
	if json.Unmarshal(raw, &s) == nil {
		bits, err := base64.StdEncoding.DecodeString(s)
		if err != nil {
			t.Fatal(err)
		}
		for i, b := range bits {
			for j := range 8 {
				if b&(1<<j) != 0 {
					out = append(out, int32(i*8+j))
				}
			}
		}
		return out
	}
	var gaps []int32
	if err := json.Unmarshal(raw, &gaps); err != nil {
		t.Fatal(err)
	}
	v := int32(0)
	for _, g := range gaps {
		v += g
		out = append(out, v)
	}
	return out
}

func TestPostingsRoundTrip(t *testing.T) {
	for _, ids := range [][]int32{nil, {0}, {7}, {0, 1, 2, 3, 4, 5, 6, 7, 8}, {3, 900, 901, 4095}} {
		for _, n := range []int{4096, 10} {
			if len(ids) > 0 && int(ids[len(ids)-1]) >= n {
				continue
			}
			got := decodePostings(t, appendPostings(nil, ids, n))
			if !slices.Equal(got, ids) {
				t.Errorf("n=%d: %v came back as %v (%s)", n, ids, got, appendPostings(nil, ids, n))
			}
		}
	}
	// dense lists are bitmaps, sparse ones gaps
	dense := make([]int32, 500)
	for i := range dense {
		dense[i] = int32(2 * i)
	}
	if b := appendPostings(nil, dense, 1000); b[0] != '"' {
		t.Errorf("a dense list is not a bitmap: %.40s", b)
	}
	if b := appendPostings(nil, []int32{5, 900}, 1000); b[0] != '[' {
		t.Errorf("a sparse list is a bitmap: %.40s", b)
	}
}

// testSite is the model of a generated archive of n briefs.
func testSite(t *testing.T, n int) *site.Site {
	fsys := fstest.MapFS{}
	for p, data := range corpus.New(1).Files(n) {
		fsys[p] = &fstest.MapFile{Data: data}
	}
	c, diags := content.Load(fsys)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	s, _ := site.Build(c, site.Options{})
	return s
}

type index struct {
	meta    struct{ T [][2]string }
	entries map[string][]json.RawMessage
	chunkOf map[string]string
	files   map[string][]byte
}

func buildIndex(t *testing.T, s *site.Site, body func(*site.Brief) []string) index {
	return decode(t, Build(Input{Site: s, Summary: func(b *site.Brief) string { return b.Summary }, Words: body}))
}

func decode(t *testing.T, parts []Part) index {
	ix := index{entries: map[string][]json.RawMessage{}, chunkOf: map[string]string{}, files: map[string][]byte{}}
	for _, p := range parts {
		if _, dup := ix.files[p.Path]; dup {
			t.Fatalf("two parts named %s", p.Path)
		}
		ix.files[p.Path] = p.Data
	}
	if err := json.Unmarshal(ix.files[MetaFile], &ix.meta); err != nil {
		t.Fatal(err)
	}
	for i, c := range ix.meta.T {
		var entries [][]json.RawMessage
		if err := json.Unmarshal(ix.files["search/"+c[1]], &entries); err != nil {
			t.Fatalf("%s: %v", c[1], err)
		}
		for _, e := range entries {
			var key string
			json.Unmarshal(e[0], &key)
			// every key is in the chunk the script looks in
			if key < c[0] || i+1 < len(ix.meta.T) && key >= ix.meta.T[i+1][0] {
				t.Errorf("key %q in chunk %d, first key %q", key, i, c[0])
			}
			ix.entries[key], ix.chunkOf[key] = e, c[1]
		}
	}
	return ix
}

func bodyWords(b *site.Brief) []string { return words.Markdown(b.Body) }

func TestBuild(t *testing.T) {
	s := testSite(t, 300)
	ix := buildIndex(t, s, bodyWords)
	n := len(s.Briefs)
	id := func(b *site.Brief) int32 { return int32(n - 1 - slices.Index(s.Briefs, b)) }
	// every word of a body finds its brief, strongly when in the title
	for _, b := range s.Briefs[:20] {
		title := words.Text(b.Title)
		for _, w := range bodyWords(b) {
			e := ix.entries[w]
			if e == nil {
				t.Fatalf("word %q of %s is not in the index", w, b.File)
			}
			strong, body := decodePostings(t, e[1]), decodePostings(t, e[2])
			_, inTitle := slices.BinarySearch(title, w)
			if _, ok := slices.BinarySearch(strong, id(b)); ok != inTitle && !ok {
				t.Errorf("%q of %s: strong %v, want %v", w, b.File, ok, inTitle)
			}
			if _, ok := slices.BinarySearch(body, id(b)); !ok && !slices.Contains(strong, id(b)) {
				t.Errorf("%q of %s: not in its postings", w, b.File)
			}
		}
	}
	// an entity's key lists its briefs, and its facet counts are exact
	e := s.Entities[content.Actor][0]
	for _, a := range s.Entities[content.Actor] {
		if len(a.Briefs) > len(e.Briefs) {
			e = a
		}
	}
	entry := ix.entries["~actors/"+string(e.Slug)]
	if got := decodePostings(t, entry[1]); len(got) != len(e.Briefs) {
		t.Fatalf("%s: %d briefs, want %d", e.Slug, len(got), len(e.Briefs))
	}
	var facets []int32
	json.Unmarshal(entry[4], &facets)
	counts := map[*site.Entity]int32{}
	for _, b := range e.Briefs {
		for _, es := range b.Entities {
			for _, x := range es {
				counts[x]++
			}
		}
	}
	if facets[1] != int32(len(e.Briefs)) || len(facets) == 0 {
		t.Errorf("facets of %s: %v; itself first, in all %d", e.Slug, facets, len(e.Briefs))
	}
	for k := range 3 {
		var top []int32
		for i := 0; i < len(facets); i += 2 {
			if facets[i]%3 == int32(k) {
				top = append(top, facets[i+1])
			}
		}
		var all []int32
		for x, c := range counts {
			if int(x.Kind) == k {
				all = append(all, c)
			}
		}
		slices.Sort(all)
		slices.Reverse(all)
		if want := all[:min(len(all), FacetTop)]; !slices.Equal(top, want) {
			t.Errorf("kind %d facets %v, want the counts %v", k, top, want)
		}
	}
	if !strings.Contains(string(ix.files["search/d/0.json"]), s.Briefs[n-1].Title[:10]) {
		t.Errorf("fragment 0 is not the oldest brief: %s", ix.files["search/d/0.json"])
	}
}

// TestChunksOfAnEdit checks that a word added to a body changes the chunk
// holding it and meta.json, and no other part.
func TestChunksOfAnEdit(t *testing.T) {
	s := testSite(t, 300)
	before := buildIndex(t, s, bodyWords)
	edited := s.Briefs[7]
	after := buildIndex(t, s, func(b *site.Brief) []string {
		if b == edited {
			return append(bodyWords(b), "zzyzx")
		}
		return bodyWords(b)
	})
	var changed []string
	for _, p := range slices.Sorted(maps.Keys(after.files)) {
		if string(before.files[p]) != string(after.files[p]) {
			changed = append(changed, p)
		}
	}
	// the chunk of the new word (or it and the next, when it took its
	// chunk past the size limit), and meta.json
	want := "search/" + after.chunkOf["zzyzx"]
	if !slices.Contains(changed, want) || !slices.Contains(changed, MetaFile) || len(changed) > 3 ||
		slices.ContainsFunc(changed, func(p string) bool { return p != MetaFile && !strings.HasPrefix(p, "search/t/") }) {
		t.Errorf("changed %q, want %s and meta.json", changed, want)
	}
}

// benchSite is the model and body words of a generated archive of
// $SITREP_BENCH_BRIEFS briefs (2,000 when unset).
func benchSite(b *testing.B) (*site.Site, map[*site.Brief][]string) {
	n, _ := strconv.Atoi(os.Getenv("SITREP_BENCH_BRIEFS"))
	s := testSite(&testing.T{}, cmp.Or(n, 2000))
	ws := map[*site.Brief][]string{}
	for _, br := range s.Briefs {
		ws[br] = words.Markdown(br.Body)
	}
	return s, ws
}

// BenchmarkWords splits every body of the archive (one core).
func BenchmarkWords(b *testing.B) {
	s, _ := benchSite(b)
	b.ResetTimer()
	for b.Loop() {
		for _, br := range s.Briefs {
			words.Markdown(br.Body)
		}
	}
}

// BenchmarkBuild makes every part of the index from words already split.
func BenchmarkBuild(b *testing.B) {
	s, ws := benchSite(b)
	b.ResetTimer()
	for b.Loop() {
		Build(Input{Site: s, Summary: func(b *site.Brief) string { return b.Summary }, Words: func(b *site.Brief) []string { return ws[b] }})
	}
}

func TestAppendJSON(t *testing.T) {
	for _, s := range []string{"", "plain words", `quote " and \ back`, "<tag>&", "Chloé", "tab\there", "\u2028", "\xff"} {
		want, _ := json.Marshal(s)
		if got := appendJSON(nil, s); string(got) != string(want) {
			t.Errorf("appendJSON(%q) = %s, want %s", s, got, want)
		}
	}
}

// TestUpdate checks that an index updated after body edits gives the parts
// of an index built from the new bodies.
func TestUpdate(t *testing.T) {
	s := testSite(t, 300)
	ws := map[*site.Brief][]string{}
	for _, b := range s.Briefs {
		ws[b] = bodyWords(b)
	}
	in := Input{Site: s, Summary: func(b *site.Brief) string { return b.Summary }, Words: func(b *site.Brief) []string { return ws[b] }}
	x := New(in)
	if !slices.EqualFunc(x.Parts(), Build(in), func(a, b Part) bool { return a.Path == b.Path && string(a.Data) == string(b.Data) }) {
		t.Fatal("New and Build differ")
	}
	// a word added to two briefs, a new word, and every word of one brief gone
	a, b, c := s.Briefs[3], s.Briefs[250], s.Briefs[100]
	ws[a] = append(slices.Clone(ws[a]), "zzyzx")
	slices.Sort(ws[a])
	ws[b] = slices.DeleteFunc(slices.Clone(ws[b]), func(w string) bool { return w == "sanctions" || w == "talks" })
	ws[c] = nil
	x.Update([]*site.Brief{a, b, c})
	got, want := decode(t, x.Parts()), decode(t, Build(in))
	for p, data := range want.files {
		if string(got.files[p]) != string(data) {
			t.Errorf("%s differs after the update", p)
		}
	}
	if len(got.files) != len(want.files) {
		t.Errorf("%d parts after the update, want %d", len(got.files), len(want.files))
	}
}
