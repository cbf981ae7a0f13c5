package site

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/generator/internal/content"
	sitecorpus "github.com/sitrep-dev/sitrep/generator/internal/corpus"
	"github.com/sitrep-dev/sitrep/generator/internal/diag"
)

func relatedTitles(b *Brief) string {
	var out []string
	for _, r := range b.Related {
		out = append(out, r.Title)
	}
	return strings.Join(out, ",")
}

func briefByTitle(tb testing.TB, s *Site, title string) *Brief {
	tb.Helper()
	for _, b := range s.Briefs {
		if b.Title == title {
			return b
		}
	}
	tb.Fatalf("no brief %q", title)
	return nil
}

func TestRelatedBriefsRanking(t *testing.T) {
	c := corpus(t, map[string]string{
		// A shares X and Y with B, X with C and D, nothing with E
		"content/briefs/a.md": brief("A", "2023-06-01", "actors: [X, Y]\ncountries: [Iraq]\n"),
		"content/briefs/b.md": brief("B", "2020-01-01", "actors: [X, Y]\n"),
		"content/briefs/c.md": brief("C", "2023-05-01", "actors: [X]\n"), // a month before A
		"content/briefs/d.md": brief("D", "2023-06-20", "actors: [X]\n"), // 19 days after A: nearer than C
		"content/briefs/e.md": brief("E", "2023-06-01", "actors: [Q]\n"), // same day, nothing shared
		"content/briefs/f.md": brief("F", "2023-06-01", "topics: [T]\n"), // nothing shared at all
		"content/briefs/g.md": brief("G", "2023-04-01", "countries: [Iraq]\n"),
	})
	s, diags := Build(c, Options{})
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	a := briefByTitle(t, s, "A")
	// B shares two entities; G shares Iraq, rarer than X (2 of 7 briefs
	// against 4): weight 1+⌊log2(7/2)⌋ = 2 against 1+⌊log2(7/4)⌋ = 1; then
	// D and C share X, D nearer in time
	if got := relatedTitles(a); got != "B,G,D,C" {
		t.Errorf("A's related = %s, want B,G,D,C", got)
	}
	for _, b := range s.Briefs {
		if slices.Contains(b.Related, b) {
			t.Errorf("%s is related to itself", b.Title)
		}
	}
	if got := relatedTitles(briefByTitle(t, s, "F")); got != "" {
		t.Errorf("F, which shares nothing, has related briefs %s", got)
	}
	if got := relatedTitles(briefByTitle(t, s, "E")); got != "" {
		t.Errorf("E, whose actor no other brief names, has related briefs %s", got)
	}
}

func TestRelatedBriefsTiesAndLimit(t *testing.T) {
	files := map[string]string{}
	// ten briefs naming topic T, one a day; the middle one's related are
	// the five nearest, newer first at equal distance
	for i := range 10 {
		files[fmt.Sprintf("content/briefs/%d.md", i)] = brief(fmt.Sprint("B", i), fmt.Sprintf("2023-01-%02d", 10+i), "topics: [T]\n")
	}
	s, diags := Build(corpus(t, files), Options{})
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	if got, want := relatedTitles(briefByTitle(t, s, "B5")), "B6,B4,B7,B3,B8"; got != want {
		t.Errorf("B5's related = %s, want %s", got, want)
	}
	if got, want := relatedTitles(briefByTitle(t, s, "B0")), "B1,B2,B3,B4,B5"; got != want {
		t.Errorf("B0's related = %s, want %s", got, want)
	}
	// same day, same score: the first in the site's order (by title)
	files = map[string]string{
		"content/briefs/a.md": brief("A", "2023-01-01", "topics: [T]\n"),
		"content/briefs/c.md": brief("C", "2023-01-02", "topics: [T]\n"),
		"content/briefs/b.md": brief("B", "2023-01-02", "topics: [T]\n"),
	}
	s, _ = Build(corpus(t, files), Options{})
	if got := relatedTitles(briefByTitle(t, s, "A")); got != "B,C" {
		t.Errorf("A's related = %s, want B,C", got)
	}
}

// TestRelatedBriefsWindow: a brief walks only the nearest RelatedWindow
// briefs of a common entity, yet counts it for a brief found through a
// rare one.
func TestRelatedBriefsWindow(t *testing.T) {
	files := map[string]string{
		"content/briefs/a.md": brief("A", "2020-01-01", "topics: [T]\nactors: [R]\n"),
		"content/briefs/y.md": brief("Y", "2020-01-02", "actors: [R]\n"),
		"content/briefs/z.md": brief("Z", "2030-01-01", "topics: [T]\nactors: [R]\n"), // past A's window of T
	}
	day := time.Date(2020, 1, 2, 0, 0, 0, 0, time.UTC)
	for i := range RelatedWindow + 20 {
		files[fmt.Sprintf("content/briefs/t%d.md", i)] = brief(fmt.Sprint("T", i), day.AddDate(0, 0, i).Format(time.DateOnly), "topics: [T]\n")
	}
	s, diags := Build(corpus(t, files), Options{})
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	// of 123 briefs, R is in 3 (weight 6), T in 122 (weight 1): Z shares
	// both, past the window of T, Y shares R, T0… share T
	if got, want := relatedTitles(briefByTitle(t, s, "A")), "Z,Y,T0,T1,T2"; got != want {
		t.Errorf("A's related = %s, want %s", got, want)
	}
	if got, want := relatedTitles(briefByTitle(t, s, "Z")), "A,Y,T119,T118,T117"; got != want {
		t.Errorf("Z's related = %s, want %s", got, want)
	}
}

func TestRelatedBriefsNoDrafts(t *testing.T) {
	c := corpus(t, map[string]string{
		"content/briefs/a.md":     brief("A", "2023-01-01", "actors: [X, Y]\n"),
		"content/briefs/b.md":     brief("B", "2022-01-01", "actors: [X]\n"),
		"content/briefs/draft.md": brief("Draft", "2023-01-02", "actors: [X, Y]\ndraft: true\n"),
	})
	for _, drafts := range []bool{false, true} {
		s, diags := Build(c, Options{Drafts: drafts})
		if diags.HasErrors() {
			t.Fatal(diags.Err())
		}
		if got := relatedTitles(briefByTitle(t, s, "A")); got != "B" {
			t.Errorf("drafts %v: A's related = %s, want B (never a draft)", drafts, got)
		}
		if drafts {
			if got := relatedTitles(briefByTitle(t, s, "Draft")); got != "A,B" {
				t.Errorf("the draft's related = %s, want A,B", got)
			}
		}
	}
}

func TestRarity(t *testing.T) {
	for _, c := range []struct {
		total, n int
		want     int32
	}{{10, 10, 1}, {10, 6, 1}, {10, 5, 2}, {10000, 2500, 3}, {10000, 5, 11}, {1, 1, 1}, {5, 0, 1}} {
		if got := rarity(c.total, c.n); got != c.want {
			t.Errorf("rarity(%d, %d) = %d, want %d", c.total, c.n, got, c.want)
		}
	}
}

func absDuration(d time.Duration) time.Duration { return max(d, -d) }

// frontMatterCorpus is a generated corpus of n briefs, their bodies cut: the
// related briefs depend on the front matter alone.
func frontMatterCorpus(tb testing.TB, n int) *content.Corpus {
	tb.Helper()
	c := &content.Corpus{Site: &content.Site{Title: "T", BaseURL: "https://example.org/"}}
	gen := sitecorpus.New(1)
	var diags diag.List
	for i := range n {
		br := gen.Brief(i)
		end := bytes.Index(br.Data[4:], []byte("\n---\n")) + 4 + 5
		c.Briefs = append(c.Briefs, content.ParseBrief(br.File, br.Data[:end], &diags))
	}
	if diags.HasErrors() {
		tb.Fatal(diags.Err())
	}
	return c
}

// TestRelatedBriefsEqualBruteForce compares the related briefs with those
// of a comparison of every pair, on a corpus where no entity is named by
// more than RelatedWindow briefs, so that the window leaves nothing out.
func TestRelatedBriefsEqualBruteForce(t *testing.T) {
	s, diags := Build(frontMatterCorpus(t, 250), Options{})
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	for _, k := range content.Kinds {
		for _, e := range s.Entities[k] {
			if len(e.Briefs) > RelatedWindow {
				t.Fatalf("%s is in %d briefs: the corpus is too large for this test", e.Name, len(e.Briefs))
			}
		}
	}
	weight := func(e *Entity) int32 { return rarity(len(s.Briefs), len(e.Briefs)) }
	for _, a := range s.Briefs {
		type cand struct {
			b     *Brief
			score int32
		}
		var cands []cand
		for _, b := range s.Briefs {
			var score int32
			for _, k := range content.Kinds {
				for _, e := range a.Entities[k] {
					if b != a && slices.Contains(b.Entities[k], e) {
						score += weight(e)
					}
				}
			}
			if score > 0 {
				cands = append(cands, cand{b, score})
			}
		}
		slices.SortStableFunc(cands, func(x, y cand) int { // stable: the site's order last
			return cmp.Or(cmp.Compare(y.score, x.score), cmp.Compare(absDuration(x.b.Date.Sub(a.Date)), absDuration(y.b.Date.Sub(a.Date))))
		})
		var want []*Brief
		for _, c := range cands[:min(len(cands), RelatedBriefs)] {
			want = append(want, c.b)
		}
		if !slices.Equal(a.Related, want) {
			t.Fatalf("%s: related %v, want %v", a.File, a.Related, want)
		}
	}
}

// TestRelatedBriefsRescoredExactly checks, on a corpus where many walks
// stop short, that the related briefs are the best of the briefs the walks
// found, each scored on all it shares: the bound that spares most of them
// the scoring leaves none out that would be among the best.
func TestRelatedBriefsRescoredExactly(t *testing.T) {
	s, diags := Build(frontMatterCorpus(t, 3000), Options{})
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	var all []*Entity
	short := 0
	for _, k := range content.Kinds {
		all = append(all, s.Entities[k]...)
	}
	lists := make([][]int32, len(all))
	for i, e := range all {
		for _, b := range e.Briefs {
			lists[i] = append(lists[i], b.index)
		}
		if len(e.Briefs) > RelatedWindow+1 {
			short++
		}
	}
	if short < 5 {
		t.Fatalf("only %d entities with more than %d briefs", short, RelatedWindow+1)
	}
	r := relater{when: make([]int64, len(s.Briefs)), draft: make([]bool, len(s.Briefs)), scores: make([]int32, len(s.Briefs))}
	for i, b := range s.Briefs {
		r.when[i] = b.Date.Unix()
	}
	for _, b := range s.Briefs {
		r.touched = r.touched[:0]
		for _, o := range b.members {
			r.walk(lists[o], b.index, 1)
		}
		for _, c := range r.touched {
			var sc int32
			for _, o := range b.members {
				if slices.Contains(s.Briefs[c].members, o) {
					sc += rarity(len(s.Briefs), len(all[o].Briefs))
				}
			}
			r.scores[c] = sc
		}
		want := r.top(s.Briefs, b.index)
		for _, c := range r.touched {
			r.scores[c] = 0
		}
		if !slices.Equal(b.Related, want) {
			t.Fatalf("%s: related %v, want %v", b.File, b.Related, want)
		}
	}
}

// BenchmarkRelatedBriefs is the related briefs of every brief of a
// generated corpus (the rest of the model made beforehand).
func BenchmarkRelatedBriefs(b *testing.B) {
	for _, n := range []int{10000, 50000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			s, diags := Build(frontMatterCorpus(b, n), Options{})
			if diags.HasErrors() {
				b.Fatal(diags.Err())
			}
			var all []*Entity
			for _, k := range content.Kinds {
				all = append(all, s.Entities[k]...)
			}
			for b.Loop() {
				s.relateBriefs(all)
			}
		})
	}
}

// BenchmarkModelWithRelated is the whole model of the same corpora, for
// the share the related briefs take of it.
func BenchmarkModelWithRelated(b *testing.B) {
	for _, n := range []int{10000, 50000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			c := frontMatterCorpus(b, n)
			for b.Loop() {
				if _, diags := Build(c, Options{}); diags.HasErrors() {
					b.Fatal(diags.Err())
				}
			}
		})
	}
}
