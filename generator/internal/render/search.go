package render

import (
	"bytes"
	"encoding/json"
	"time"

	"sitrep/generator/internal/content"
	"sitrep/generator/internal/site"
)

// SearchIndexFile is the search index, fetched by static/search.js.
const SearchIndexFile = "search/index.json"

// SearchSummaryLimit is how many bytes of a brief's summary the search
// index keeps (cut at a word): enough to find and show a brief, small
// enough to keep the index light at 10,000 briefs.
const SearchSummaryLimit = 160

// searchIndex is the build-time search index, compact JSON of arrays, not
// objects, with entity names interned:
//
//	{"v": 1,
//	 "k": ["actors", "countries", "topics"],             // URL folder per kind
//	 "e": [[kind, "Name", "slug", ["Alias", …]?], …],      // every entity
//	 "b": [["Title", "Summary", "2023-04-30", "slug", [entity, …]], …]} // every brief, newest first
//
// A brief's URL is briefs/<slug>/ and an entity's <k[kind]>/<slug>/, both
// under the base path; entities are given by their index in "e".
func (c *Converted) searchIndex() (Page, error) {
	s := c.site
	id := map[*site.Entity]int{}
	var ents [][]any
	var kinds []string
	for _, k := range content.Kinds {
		kinds = append(kinds, k.Plural())
		for _, e := range s.Entities[k] {
			id[e] = len(ents)
			row := []any{int(k), e.Name, string(e.Slug)}
			if e.Profile != nil && len(e.Profile.Aliases) > 0 {
				aliases := make([]string, len(e.Profile.Aliases))
				for i, a := range e.Profile.Aliases {
					aliases[i] = a.Name
				}
				row = append(row, aliases)
			}
			ents = append(ents, row)
		}
	}
	briefs := make([][]any, len(s.Briefs))
	for i, b := range s.Briefs {
		refs := []int{}
		for _, k := range content.Kinds {
			for _, e := range b.Entities[k] {
				refs = append(refs, id[e])
			}
		}
		briefs[i] = []any{b.Title, cut(c.briefs[b].Summary, SearchSummaryLimit), b.Date.Format(time.DateOnly), string(b.Slug), refs}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // served as application/json, never inlined in HTML
	err := enc.Encode(struct {
		V int      `json:"v"`
		K []string `json:"k"`
		E [][]any  `json:"e"`
		B [][]any  `json:"b"`
	}{1, kinds, ents, briefs})
	return Page{Path: SearchIndexFile, Data: buf.Bytes()}, err
}

// cut shortens s to at most n bytes, at a space when there is one, with an
// ellipsis.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := n
	for i > 0 && s[i] != ' ' {
		i--
	}
	if i < n/2 {
		i = n
		for i > 0 && s[i]&0xC0 == 0x80 { // not inside a UTF-8 sequence
			i--
		}
	}
	return s[:i] + "…"
}
