package search

import (
	"maps"
	"slices"

	"github.com/sitrep-dev/sitrep/generator/internal/site"
)

// An Index is a built index that a body edit updates in place (sitrep
// serve): it keeps each key's encoded entry and each brief's body-only
// words, so that an edit re-encodes the entries of the words that came and
// went, and cuts the chunks again from the encoded entries, which gives
// the parts Build would.
type Index struct {
	b     *builder
	keys  []string          // sorted
	enc   map[string][]byte // the entry of each key, encoded (kept only by New)
	body  [][]string        // by doc id: the words of its body only (kept only by New)
	other []Part            // fragments, entity and facet chunks: an edit of bodies leaves them
	parts []Part
}

// New builds the index of in, as Build does, keeping what Update needs.
func New(in Input) *Index { return build(in, true) }

// Parts returns every part of the index.
func (x *Index) Parts() []Part { return x.parts }

// Update makes the index again after the bodies of briefs changed, and
// nothing else: the same model (titles, summaries, entities, dates), and
// in.Words giving the new words of their bodies.
func (x *Index) Update(briefs []*site.Brief) {
	b := x.b
	touched := map[string]bool{}
	for _, br := range briefs {
		id := b.docID[br]
		_, body := b.words(br)
		old := x.body[id]
		for i, j := 0, 0; i < len(old) || j < len(body); {
			switch {
			case j == len(body) || i < len(old) && old[i] < body[j]:
				t := b.terms[old[i]]
				if k, ok := slices.BinarySearch(t.body, id); ok {
					t.body = slices.Delete(t.body, k, k+1)
				}
				touched[old[i]] = true
				i++
			case i == len(old) || body[j] < old[i]:
				t := b.term(body[j])
				if k, ok := slices.BinarySearch(t.body, id); !ok {
					t.body = slices.Insert(t.body, k, id)
				}
				touched[body[j]] = true
				j++
			default:
				i++
				j++
			}
		}
		x.body[id] = body
	}
	if len(touched) == 0 {
		return
	}
	c := make([]int32, len(b.ents))
	for w := range touched {
		t := b.terms[w]
		if len(t.strong)+len(t.body)+len(t.ents) == 0 {
			delete(b.terms, w)
			delete(x.enc, w)
			continue
		}
		t.facets = nil
		if len(t.strong)+len(t.body) > PageSize {
			t.facets = b.count(c, t.strong, t.body)
		}
		x.enc[w] = b.appendTerm(nil, w, t)
	}
	x.keys = slices.Sorted(maps.Keys(x.enc))
	x.assemble(func(k string) []byte { return x.enc[k] })
}

// assemble cuts the term chunks and makes meta.json.
func (x *Index) assemble(enc func(string) []byte) {
	chunks, firsts := x.b.termChunks(x.keys, enc)
	parts := append(chunks, x.other...)
	x.parts = append(parts, Part{Path: MetaFile, Data: x.b.meta(parts, firsts)})
}
