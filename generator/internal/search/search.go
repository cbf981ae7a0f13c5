// Package search makes what the browser's search reads: an index split
// into small parts (search/meta.json, term chunks, a fragment per brief,
// entity and facet chunks; see Build), of which static/search.js fetches
// only those a query needs, and the small preview of each entity that its
// links show on hover. It reads the site model and never writes to disk.
//
// Words are folded (Fold) and split (Words) the same way here and in the
// script: runs of letters, numbers and marks, lower case, without
// diacritics. A brief matches a word in its title, its summary and the
// names and aliases of its entities ("strong" hits, ranked first) or in
// its body only.
package search

import (
	"encoding/json"

	"github.com/sitrep-dev/sitrep/generator/internal/site"
)

// PreviewFile is the preview of an entity, in its folder.
const PreviewFile = "preview.json"

// appendJSON appends s as a JSON string, as encoding/json writes it: '<',
// '>', '&', U+2028 and U+2029 escaped, invalid UTF-8 as U+FFFD.
func appendJSON(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			j, _ := json.Marshal(s) // a string always encodes
			return append(b, j...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// Preview is the small JSON an entity link's preview shows; summary is the
// entity's summary as its page shows it.
func Preview(e *site.Entity, summary string) ([]byte, error) {
	p := struct {
		Name    string `json:"name"`
		Kind    string `json:"kind"`
		Role    string `json:"role,omitempty"`
		Country string `json:"country,omitempty"`
		Summary string `json:"summary,omitempty"`
		Briefs  int    `json:"briefs"`
	}{Name: e.Name, Kind: e.Kind.String(), Summary: summary, Briefs: len(e.Briefs)}
	if e.Profile != nil {
		p.Role = e.Profile.Role
	}
	if e.Country != nil {
		p.Country = e.Country.Name
	}
	return json.Marshal(p)
}
