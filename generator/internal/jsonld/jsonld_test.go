package jsonld

import (
	"encoding/json"
	"testing"
)

// TestJSONLDEncoding checks that a reference encoded once (raw) is
// written as the item itself, for every field empty and filled.
func TestJSONLDEncoding(t *testing.T) {
	org := &thing{Type: "Organization", Name: "Desk & Co", URL: "https://example.org/"}
	things := []*thing{
		{Type: "Thing"},
		{Context: schemaOrg, Type: "NewsArticle", Headline: `A "quoted" <b>head</b>`, Description: "line\nbreak \u2028 \xff",
			URL: "https://example.org/briefs/a/", MainEntity: "https://example.org/briefs/a/", InLanguage: "en",
			DatePublished: "2024-01-01T00:00:00Z", DateModified: "2024-01-02T00:00:00Z", Author: org, Publisher: org,
			About:    []*thing{{Type: "DefinedTerm", Name: "Oil"}},
			Mentions: []*thing{{Type: "Person", Name: "Ali Khamenei", URL: "/a/"}, {Type: "Country", Name: "Iran"}},
			Citation: []*thing{{Type: "CreativeWork", Name: "IRNA", URL: "https://irna.ir/?a=1&b=2", DatePublished: "2024-01-01"}}},
		{Context: schemaOrg, Type: "Person", Name: "Ali Khamenei", AlternateName: []string{"علی خامنه‌ای", "Khamenei"},
			Identifier: "X1", JobTitle: "Supreme Leader", Nationality: &thing{Type: "Country", Name: "Iran"}},
		{Type: "Thing", AlternateName: []string{}, About: []*thing{}},
	}
	for _, th := range things {
		// an item encoded ahead (raw), as references are, encodes as the
		// item itself
		want, err := json.Marshal(&thing{Type: "Thing", Mentions: []*thing{th, th}})
		if err != nil {
			t.Fatal(err)
		}
		pre := &thing{raw: mustJSON(th)}
		if got := mustJSON(&thing{Type: "Thing", Mentions: []*thing{pre, pre}}); string(got) != string(want) {
			t.Errorf("with raw items:\n%s\nwithout:\n%s", got, want)
		}
	}
}
