package jsonld

import (
	"encoding/json"
	"testing"
)

// TestJSONLDEncoding holds thing.appendJSON to what encoding/json writes
// from the struct tags, for every field empty and filled.
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
		want, err := json.Marshal(th)
		if err != nil {
			t.Fatal(err)
		}
		if got := th.appendJSON(nil); string(got) != string(want) {
			t.Errorf("appendJSON:\n%s\nencoding/json:\n%s", got, want)
		}
		// the same item encoded ahead (raw), as references are
		outer := &thing{Type: "Thing", Mentions: []*thing{th, th}}
		want, _ = json.Marshal(outer)
		pre := &thing{raw: th.appendJSON(nil)}
		if got := (&thing{Type: "Thing", Mentions: []*thing{pre, pre}}).appendJSON(nil); string(got) != string(want) {
			t.Errorf("with raw items:\n%s\nencoding/json:\n%s", got, want)
		}
	}
}
