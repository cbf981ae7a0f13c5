// Package search makes what the browser's search reads: the index of every
// brief and entity (search/index.json, fetched by static/search.js) and the
// small preview of each entity that its links show on hover. It reads the
// site model and never writes to disk.
package search

import (
	"encoding/json"
	"strconv"
	"time"

	"github.com/sitrep-dev/sitrep/generator/internal/content"
	"github.com/sitrep-dev/sitrep/generator/internal/site"
)

// IndexFile is the search index, fetched by static/search.js.
const IndexFile = "search/index.json"

// PreviewFile is the preview of an entity, in its folder.
const PreviewFile = "preview.json"

// SummaryLimit is how many bytes of a brief's summary the search
// index keeps (cut at a word): enough to find and show a brief, small
// enough to keep the index light at 10,000 briefs.
const SummaryLimit = 160

// Index is the build-time search index, compact JSON of arrays, not
// objects, with entity names interned:
//
//	{"v": 1,
//	 "k": ["actors", "countries", "topics"],             // URL folder per kind
//	 "e": [[kind, "Name", "slug", ["Alias", …]?], …],      // every entity
//	 "b": [["Title", "Summary", "2023-04-30", "slug", [entity, …]], …]} // every brief, newest first
//
// A brief's URL is briefs/<slug>/ and an entity's <k[kind]>/<slug>/, both
// under the base path; entities are given by their index in "e".
func Index(s *site.Site, summary func(*site.Brief) string) []byte {
	id := map[*site.Entity]int{}
	b := make([]byte, 0, 64+len(s.Briefs)*320)
	b = append(b, `{"v":1,"k":[`...)
	for i, k := range content.Kinds {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSON(b, k.Plural())
	}
	b = append(b, `],"e":[`...)
	n := 0
	for _, k := range content.Kinds {
		for _, e := range s.Entities[k] {
			if n > 0 {
				b = append(b, ',')
			}
			id[e] = n
			n++
			b = append(b, '[')
			b = strconv.AppendInt(b, int64(k), 10)
			b = append(b, ',')
			b = appendJSON(b, e.Name)
			b = append(b, ',')
			b = appendJSON(b, string(e.Slug))
			if e.Profile != nil && len(e.Profile.Aliases) > 0 {
				b = append(b, ",["...)
				for i, a := range e.Profile.Aliases {
					if i > 0 {
						b = append(b, ',')
					}
					b = appendJSON(b, a.Name)
				}
				b = append(b, ']')
			}
			b = append(b, ']')
		}
	}
	b = append(b, `],"b":[`...)
	for i, br := range s.Briefs {
		if i > 0 {
			b = append(b, ",\n"...)
		}
		b = append(b, '[')
		b = appendJSON(b, br.Title)
		b = append(b, ',')
		b = appendJSON(b, content.Cut(summary(br), SummaryLimit))
		b = append(b, ',', '"')
		b = br.Date.AppendFormat(b, time.DateOnly)
		b = append(b, '"', ',')
		b = appendJSON(b, string(br.Slug))
		b = append(b, ",["...)
		first := true
		for _, k := range content.Kinds {
			for _, e := range br.Entities[k] {
				if !first {
					b = append(b, ',')
				}
				first = false
				b = strconv.AppendInt(b, int64(id[e]), 10)
			}
		}
		b = append(b, "]]"...)
	}
	b = append(b, "]}\n"...)
	return b
}

// appendJSON appends s as a JSON string, as encoding/json writes it: '<',
// '>', '&', U+2028 and U+2029 escaped, invalid UTF-8 as U+FFFD.
func appendJSON(b []byte, s string) []byte {
	j, _ := json.Marshal(s) // a string always encodes
	return append(b, j...)
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
