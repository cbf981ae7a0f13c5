package search

import (
	"cmp"
	"encoding/base64"
	"hash/crc64"
	"hash/fnv"
	"maps"
	"slices"
	"strconv"
	"time"

	"github.com/sitrep-dev/sitrep/generator/internal/content"
	"github.com/sitrep-dev/sitrep/generator/internal/parallel"
	"github.com/sitrep-dev/sitrep/generator/internal/site"
	"github.com/sitrep-dev/sitrep/generator/internal/words"
)

// The shape of the index (see the package doc and docs/reference.md).
const (
	Version       = 2
	PageSize      = 20        // results per page; a term matching more carries its facet counts
	FacetTop      = 10        // values per kind a term's facet counts keep
	FacetChunk    = 512       // briefs per search/f/<n>.json
	EntityChunk   = 384       // entity ids per search/e/<n>.json
	minTermChunk  = 8 << 10   // bytes; a term chunk ends at a cut point past this
	maxTermChunk  = 32 << 10  // or at the first term past this
	cutEvery      = 32        // one term key in cutEvery is a cut point
	entityKeyMark = "~"       // entity keys: ~actors/<slug>; no word holds '~'
	SummaryLimit  = 160       // bytes of a summary a result shows, cut at a word
	pathPrefix    = "search/" // every part is under it
)

// MetaFile is the part the script fetches first.
const MetaFile = pathPrefix + "meta.json"

// A Part is one file of the index.
type Part struct {
	Path string
	Data []byte
}

// Input is what the index is made of.
type Input struct {
	Site    *site.Site
	Summary func(*site.Brief) string   // the summary a brief shows
	Words   func(*site.Brief) []string // the words of its body (words.Markdown)
}

type term struct {
	strong, body []int32 // doc ids: in a title, summary or entity name; in the body only
	ents         []int32 // the entities whose name or alias holds the word
	facets       []int32 // g, count, g, count… (FacetTop per kind)
}

type builder struct {
	in      Input
	n       int
	gid     map[*site.Entity]int32
	ents    []*site.Entity // by id; nil for the ids no entity has
	docEnts [][]int32      // by doc id: the ids of its entities, sorted
	docID   map[*site.Brief]int32
	terms   map[string]*term
	names   map[*site.Entity][]string // the words of each entity's names
}

// Build makes every part of the index: search/meta.json, the term chunks
// search/t/<hash>.json, a fragment per brief search/d/<id>.json, the
// entity chunks search/e/<n>.json and the facet chunks search/f/<n>.json.
// Briefs are numbered oldest first (id 0 is the oldest), so that a new
// brief leaves the ids of the others alone.
func Build(in Input) []Part { return build(in, false).parts }

// build makes the index; with keep, it keeps what Update needs.
func build(in Input, keep bool) *Index {
	s := in.Site
	b := &builder{in: in, n: len(s.Briefs), gid: map[*site.Entity]int32{}, terms: map[string]*term{}}
	x := &Index{b: b}
	if keep {
		x.body = make([][]string, b.n)
	}
	b.numberEntities()
	b.docWords(func(id int, strong, body []string) {
		for _, w := range strong {
			b.term(w).strong = append(b.term(w).strong, int32(id))
		}
		for _, w := range body {
			b.term(w).body = append(b.term(w).body, int32(id))
		}
		if keep {
			x.body[id] = body
		}
	})
	for g, e := range b.ents {
		if e == nil {
			continue
		}
		for _, w := range b.names[e] {
			t := b.term(w)
			t.ents = append(t.ents, int32(g))
		}
		t := b.term(entityKey(e))
		t.ents = []int32{int32(g)}
		for _, br := range e.Briefs {
			t.strong = append(t.strong, b.doc(br))
		}
		slices.Sort(t.strong)
	}
	b.facets()
	x.keys = slices.Sorted(maps.Keys(b.terms))
	enc := func(k string) []byte { return b.appendTerm(nil, k, b.terms[k]) }
	if keep {
		encoded := make([][]byte, len(x.keys))
		parallel.For(len(x.keys), func(i int) { encoded[i] = enc(x.keys[i]) })
		x.enc = make(map[string][]byte, len(x.keys))
		for i, k := range x.keys {
			x.enc[k] = encoded[i]
		}
		enc = func(k string) []byte { return x.enc[k] }
	}
	x.other = append(b.fragments(), b.entityChunks()...)
	x.other = append(x.other, b.facetChunks()...)
	x.assemble(enc)
	return x
}

func (b *builder) term(w string) *term {
	t := b.terms[w]
	if t == nil {
		t = &term{}
		b.terms[w] = t
	}
	return t
}

// doc is the id of a brief.
func (b *builder) doc(br *site.Brief) int32 { return b.docID[br] }

func entityKey(e *site.Entity) string { return entityKeyMark + e.Kind.Plural() + "/" + string(e.Slug) }

// nameWords are the words of an entity's name and aliases.
func nameWords(e *site.Entity) []string {
	text := e.Name
	if e.Profile != nil {
		for _, a := range e.Profile.Aliases {
			text += " " + a.Name
		}
	}
	return words.Text(text)
}

// numberEntities gives every entity its id: 3×rank+kind, its rank among
// those of its kind by the number of briefs naming it (most first), so
// that the kind of an id is id%3 and the entities most facets show are in
// the first entity chunk.
func (b *builder) numberEntities() {
	s := b.in.Site
	for k, all := range s.Entities {
		sorted := slices.Clone(all)
		slices.SortStableFunc(sorted, func(x, y *site.Entity) int {
			return cmp.Or(cmp.Compare(len(y.Briefs), len(x.Briefs)), cmp.Compare(x.Slug, y.Slug))
		})
		for r, e := range sorted {
			g := int32(3*r + k)
			b.gid[e] = g
			for int(g) >= len(b.ents) {
				b.ents = append(b.ents, nil)
			}
			b.ents[g] = e
		}
	}
	b.docID = make(map[*site.Brief]int32, b.n)
	for i, br := range s.Briefs {
		b.docID[br] = int32(b.n - 1 - i)
	}
}

// docWords calls add for each doc id in order with the words of the
// brief's title, summary and entity names (strong), and those of its body
// found nowhere else; it finds them on every core, a block of briefs at a
// time, so that the words of all briefs are never in memory twice.
func (b *builder) docWords(add func(id int, strong, body []string)) {
	s := b.in.Site
	const block = 1024
	strong, body := make([][]string, block), make([][]string, block)
	b.docEnts = make([][]int32, b.n)
	b.names = map[*site.Entity][]string{}
	for _, e := range b.ents {
		if e != nil {
			b.names[e] = nameWords(e)
		}
	}
	for from := 0; from < b.n; from += block {
		n := min(block, b.n-from)
		parallel.For(n, func(j int) { strong[j], body[j] = b.words(s.Briefs[b.n-1-from-j]) })
		for j := range n {
			add(from+j, strong[j], body[j])
		}
	}
}

// words returns the strong and body-only words of a brief, and files the
// ids of its entities in docEnts.
func (b *builder) words(br *site.Brief) (strong, body []string) {
	id := b.docID[br]
	ws := append(words.Text(br.Title), words.Text(b.in.Summary(br))...)
	var ids []int32
	for _, es := range br.Entities {
		for _, e := range es {
			ws = append(ws, b.names[e]...)
			ids = append(ids, b.gid[e])
		}
	}
	slices.Sort(ws)
	ws = slices.Compact(ws)
	slices.Sort(ids)
	b.docEnts[id] = slices.Compact(ids)
	for _, w := range b.in.Words(br) {
		if _, found := slices.BinarySearch(ws, w); !found {
			body = append(body, w)
		}
	}
	return ws, body
}

// facets counts, for every key matching more than a page of briefs, the
// entities of those briefs: the FacetTop most frequent of each kind.
func (b *builder) facets() {
	var big []*term
	for _, t := range b.terms {
		if len(t.strong)+len(t.body) > PageSize {
			big = append(big, t)
		}
	}
	counts := make(chan []int32, 64)
	parallel.For(len(big), func(i int) {
		var c []int32
		select {
		case c = <-counts:
		default:
			c = make([]int32, len(b.ents))
		}
		big[i].facets = b.count(c, big[i].strong, big[i].body)
		select {
		case counts <- c:
		default:
		}
	})
}

// count returns the facet counts of the briefs in lists; c is all zeros,
// and is again when count returns.
func (b *builder) count(c []int32, lists ...[]int32) []int32 {
	var touched []int32
	for _, l := range lists {
		for _, id := range l {
			for _, g := range b.docEnts[id] {
				if c[g] == 0 {
					touched = append(touched, g)
				}
				c[g]++
			}
		}
	}
	// the FacetTop first of each kind by count (most first), then id,
	// kept in order as they come: no sort of every entity touched
	var top [3][]int32
	before := func(x, y int32) bool { return c[x] > c[y] || c[x] == c[y] && x < y }
	for _, g := range touched {
		t := top[g%3]
		if len(t) == FacetTop && !before(g, t[FacetTop-1]) {
			continue
		}
		i := len(t)
		for i > 0 && before(g, t[i-1]) {
			i--
		}
		t = slices.Insert(t, i, g)
		top[g%3] = t[:min(len(t), FacetTop)]
	}
	var out []int32
	for _, t := range top {
		for _, g := range t {
			out = append(out, g, c[g])
		}
	}
	for _, g := range touched {
		c[g] = 0
	}
	return out
}

// appendPostings appends the ids as a JSON value: an array of the first id
// and the gaps between the others, or, when that is longer, a string of
// base64 holding a bitmap of n bits (id i is bit i%8 of byte i/8).
func appendPostings(dst []byte, ids []int32, n int) []byte {
	size, prev := 2, int32(0)
	for _, id := range ids {
		size += 1 + digits(id-prev)
		prev = id
	}
	if bm := 2 + base64.StdEncoding.EncodedLen((n+7)/8); bm < size {
		bits := make([]byte, (n+7)/8)
		for _, id := range ids {
			bits[id>>3] |= 1 << (id & 7)
		}
		dst = append(dst, '"')
		dst = base64.StdEncoding.AppendEncode(dst, bits)
		return append(dst, '"')
	}
	dst = append(dst, '[')
	prev = 0
	for i, id := range ids {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = strconv.AppendInt(dst, int64(id-prev), 10)
		prev = id
	}
	return append(dst, ']')
}

func digits(v int32) int {
	n := 1
	for v >= 10 {
		v /= 10
		n++
	}
	return n
}

func appendInts(dst []byte, vs []int32) []byte {
	dst = append(dst, '[')
	for i, v := range vs {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = strconv.AppendInt(dst, int64(v), 10)
	}
	return append(dst, ']')
}

// termChunks cuts the sorted keys, encoded by enc, into chunks: a chunk ends after a key
// whose hash makes it a cut point once the chunk holds minTermChunk bytes,
// or after the key that takes it past maxTermChunk. Cut points depend on
// the key alone, so a change to one term's briefs changes its chunk and
// no other (unless it crosses the size limit). It returns the parts and,
// for each, its first key and file name.
func (b *builder) termChunks(keys []string, enc func(string) []byte) ([]Part, [][2]string) {
	var parts []Part
	var firsts [][2]string
	// every chunk is a slice of one buffer, allocated once
	size := 0
	for _, k := range keys {
		size += len(enc(k)) + 3
	}
	all := make([]byte, 0, size+1)
	start, first := 0, ""
	flush := func() {
		if len(all) == start {
			return
		}
		name := pathPrefix + "t/" + strconv.FormatUint(hash(first)&(1<<48-1), 36) + ".json"
		all = append(all, "]\n"...)
		parts = append(parts, Part{Path: name, Data: all[start:len(all):len(all)]})
		firsts = append(firsts, [2]string{first, name[len(pathPrefix):]})
		start = len(all)
	}
	for _, k := range keys {
		if len(all) == start {
			first = k
			all = append(all, '[')
		} else {
			all = append(all, ",\n"...)
		}
		all = append(all, enc(k)...)
		if len(all)-start >= maxTermChunk || len(all)-start >= minTermChunk && hash(k)%cutEvery == 0 {
			flush()
		}
	}
	flush()
	return parts, firsts
}

// appendTerm appends the entry of key k: [key, strong, body, entities?, facets?].
func (b *builder) appendTerm(buf []byte, k string, t *term) []byte {
	buf = append(buf, '[')
	buf = appendJSON(buf, k)
	buf = append(buf, ',')
	buf = appendPostings(buf, t.strong, b.n)
	buf = append(buf, ',')
	buf = appendPostings(buf, t.body, b.n)
	if len(t.ents) > 0 || len(t.facets) > 0 {
		buf = append(buf, ',')
		buf = appendInts(buf, t.ents)
	}
	if len(t.facets) > 0 {
		buf = append(buf, ',')
		buf = appendInts(buf, t.facets)
	}
	return append(buf, ']')
}

func hash(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

// fragments makes search/d/<id>.json for every brief: what a result shows,
// ["Title", "2023-04-29", "slug", "Summary", [[entity id, "Name", "slug"], …]].
func (b *builder) fragments() []Part {
	s := b.in.Site
	parts := make([]Part, b.n)
	parallel.For(b.n, func(i int) {
		br := s.Briefs[i]
		id := b.n - 1 - i
		d := []byte{'['}
		d = appendJSON(d, br.Title)
		d = append(d, ',', '"')
		d = br.Date.AppendFormat(d, time.DateOnly)
		d = append(d, '"', ',')
		d = appendJSON(d, string(br.Slug))
		d = append(d, ',')
		d = appendJSON(d, content.Cut(b.in.Summary(br), SummaryLimit))
		d = append(d, ",["...)
		n := 0
		for _, es := range br.Entities {
			for _, e := range es {
				if n > 0 {
					d = append(d, ',')
				}
				n++
				d = append(d, '[')
				d = strconv.AppendInt(d, int64(b.gid[e]), 10)
				d = append(d, ',')
				d = appendJSON(d, e.Name)
				d = append(d, ',')
				d = appendJSON(d, string(e.Slug))
				d = append(d, ']')
			}
		}
		d = append(d, "]]\n"...)
		parts[i] = Part{Path: pathPrefix + "d/" + strconv.Itoa(id) + ".json", Data: d}
	})
	return parts
}

// entityChunks makes search/e/<n>.json: entity ids n×EntityChunk on, each
// ["Name", "slug", briefs, ["Alias", …]?], or 0 for an id no entity has.
func (b *builder) entityChunks() []Part {
	var parts []Part
	for c := 0; c*EntityChunk < len(b.ents); c++ {
		d := []byte{'['}
		for g := c * EntityChunk; g < min(len(b.ents), (c+1)*EntityChunk); g++ {
			if g > c*EntityChunk {
				d = append(d, ",\n"...)
			}
			e := b.ents[g]
			if e == nil {
				d = append(d, '0')
				continue
			}
			d = append(d, '[')
			d = appendJSON(d, e.Name)
			d = append(d, ',')
			d = appendJSON(d, string(e.Slug))
			d = append(d, ',')
			d = strconv.AppendInt(d, int64(len(e.Briefs)), 10)
			if e.Profile != nil && len(e.Profile.Aliases) > 0 {
				d = append(d, ",["...)
				for i, a := range e.Profile.Aliases {
					if i > 0 {
						d = append(d, ',')
					}
					d = appendJSON(d, a.Name)
				}
				d = append(d, ']')
			}
			d = append(d, ']')
		}
		parts = append(parts, Part{Path: pathPrefix + "e/" + strconv.Itoa(c) + ".json", Data: append(d, "]\n"...)})
	}
	return parts
}

// facetChunks makes search/f/<n>.json: for the briefs n×FacetChunk on,
// the ids of the entities each names, sorted.
func (b *builder) facetChunks() []Part {
	var parts []Part
	for c := 0; c*FacetChunk < b.n; c++ {
		d := []byte{'['}
		for id := c * FacetChunk; id < min(b.n, (c+1)*FacetChunk); id++ {
			if id > c*FacetChunk {
				d = append(d, ',')
			}
			d = appendInts(d, b.docEnts[id])
		}
		parts = append(parts, Part{Path: pathPrefix + "f/" + strconv.Itoa(c) + ".json", Data: append(d, "]\n"...)})
	}
	return parts
}

// meta makes search/meta.json: the version, an id of this build's index
// (the hash of every other part: the script asks for parts with ?v=id, so
// that a cache never mixes two builds), the number of briefs, the URL
// folder of each kind, the first id and number of briefs of each year,
// oldest first, the first key and file of each term chunk, and the sizes
// of the other chunks.
func (b *builder) meta(parts []Part, firsts [][2]string) []byte {
	h := crc64.New(crc64.MakeTable(crc64.ECMA))
	for _, p := range parts {
		h.Write([]byte(p.Path))
		h.Write(p.Data)
	}
	d := []byte(`{"v":` + strconv.Itoa(Version) + `,"id":"` + strconv.FormatUint(h.Sum64(), 36) + `","n":` + strconv.Itoa(b.n) + `,"k":[`)
	for i, k := range content.Kinds {
		if i > 0 {
			d = append(d, ',')
		}
		d = appendJSON(d, k.Plural())
	}
	d = append(d, `],"y":[`...)
	s := b.in.Site
	for id := 0; id < b.n; {
		y := s.Briefs[b.n-1-id].Date.Year()
		end := id
		for end < b.n && s.Briefs[b.n-1-end].Date.Year() == y {
			end++
		}
		if id > 0 {
			d = append(d, ',')
		}
		d = appendInts(d, []int32{int32(y), int32(id), int32(end - id)})
		id = end
	}
	d = append(d, `],"t":[`...)
	for i, f := range firsts {
		if i > 0 {
			d = append(d, ",\n"...)
		}
		d = append(d, '[')
		d = appendJSON(d, f[0])
		d = append(d, ',')
		d = appendJSON(d, f[1])
		d = append(d, ']')
	}
	d = append(d, `],"ps":`...)
	d = strconv.AppendInt(d, PageSize, 10)
	d = append(d, `,"fc":`...)
	d = strconv.AppendInt(d, FacetChunk, 10)
	d = append(d, `,"ec":`...)
	d = strconv.AppendInt(d, EntityChunk, 10)
	return append(d, "}\n"...)
}
