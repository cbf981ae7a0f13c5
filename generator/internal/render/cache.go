package render

import (
	"hash/maphash"
	"html/template"

	"github.com/sitrep-dev/sitrep/generator/internal/hashkey"
	"github.com/sitrep-dev/sitrep/generator/internal/lookups"
	"github.com/sitrep-dev/sitrep/generator/internal/markdown"
	"github.com/sitrep-dev/sitrep/generator/internal/site"
)

// # Incremental rendering
//
// A Cache keeps, between passes over successive versions of a site, what a
// pass can reuse: the converted markdown of every body, the pre-rendered
// partials of every brief, and a key for every page of the last published
// tree. A pass (Cache.Convert, then Pass.Render) redoes only this:
//
//   - a body is converted again when its bytes, file, first line, sources
//     or the site's raw-HTML setting changed, or when one of the names it
//     looked up ([[Name]] links, did-you-mean suggestions) now resolves
//     differently;
//   - a brief's partials (list item, timeline entries, chips) are rendered
//     again when its file, URL, summary, entities or the partial templates
//     changed;
//   - a page is rendered again when the key of its view data changed. The
//     key covers the page's own fields, the file and rendered partials of
//     every brief it shows, the entities it shows, the site settings and the
//     template files of its kind (base.html, the partials and KIND.html).

//
// When the model and templates are those of the last committed pass and
// only bodies changed, leaving their summaries as they were (the common
// edit), the pass reuses that pass's views and page keys and keys again only
// the pages showing the changed bodies.
//
// The theme contract that makes this exact is in views.go: a template
// reaches only views, and every field of a view is covered by the key of
// the page showing it. A test compares every incremental pass with a full
// build, with the default theme and with one that lists every brief on
// every page.

// Inputs tell a pass what its inputs are, as content hashes. A parsed brief
// or profile that did not change must be passed as the same pointer as in
// the previous pass: bodies are reused by pointer.
type Inputs struct {
	Heads     map[string]uint64 // hash of every content file without its body, by slash path (content/briefs/a.md)
	Templates map[string]uint64 // from TemplateKeys
}

// A Cache holds what incremental passes reuse. It is not safe for
// concurrent use: one pass at a time.
type Cache struct {
	oneShot bool // a full build's: keeps nothing, keys nothing, streams brief pages (see Build)

	seed  maphash.Seed
	docs  map[string]*docEntry  // converted bodies, by file
	parts map[string]*partEntry // pre-rendered partials, by brief file
	pages map[string]uint64     // key of every page of the last committed pass, by output file
	files map[string]fileState  // key and outputs of every file job of that pass, by job name

	site     *site.Site                   // the model of the last pass
	last     *Pass                        // the last pass, if it was committed
	partKeys map[*site.Brief]partKeyEntry // its briefs' partial keys
}

// fileState is what a committed pass made of one file job (see fileJob).
type fileState struct {
	key   uint64
	paths []string
}

// partKeyEntry is a partial key with the inputs that can change while the
// model stays the same.
type partKeyEntry struct {
	key, head, tmpl uint64
	summary         string
}

// NewCache returns an empty cache: its first pass renders everything.
func NewCache() *Cache {
	return &Cache{seed: maphash.MakeSeed(), docs: map[string]*docEntry{}, parts: map[string]*partEntry{}, pages: map[string]uint64{}}
}

// NewOneShotCache returns a cache for one pass that keeps nothing: a full
// build's. Its pass takes the model: it lets go of the markdown of each
// body once converted, so the model cannot be built again.
func NewOneShotCache() *Cache {
	ca := NewCache()
	ca.oneShot = true
	return ca
}

// Seed is the hash seed the cache's keys use; Inputs must be hashed with it.
func (ca *Cache) Seed() maphash.Seed { return ca.seed }

// HashFile returns the key of a file's bytes, for Inputs.Files.
func (ca *Cache) HashFile(data []byte) uint64 { return maphash.Bytes(ca.seed, data) }

type docEntry struct {
	src     any              // the *content.Brief or *content.Profile converted
	unsafe  bool             // the site's raw-HTML setting
	lookups []lookups.Lookup // the names it looked up, and what they gave
	res     markdown.Result
	body    template.HTML // res.HTML
	html    uint64        // hash of res.HTML and res.Summary
}

type partEntry struct {
	key          uint64
	out          uint64 // hash of the rendered partials
	item, entry  template.HTML
	eventEntries []template.HTML
}

func (ca *Cache) hasher() hashkey.Hash { return hashkey.New(ca.seed) }
