package jsonld

import (
	"strconv"
	"testing"
)

// benchArticle is a brief's item as the 10,000-brief corpus has them:
// twelve entities named and three sources.
func benchArticle() *thing {
	org := &thing{Type: "Organization", Name: "Desk", URL: "https://example.org/"}
	ld := &thing{Context: schemaOrg, Type: "NewsArticle", Headline: "Press freedom reform tests Ostselland",
		Description: "Report says sanctions forces after two an they while government analysts not security its had visit.",
		URL:         "https://example.org/briefs/x/", MainEntity: "https://example.org/briefs/x/", InLanguage: "en",
		DatePublished: "2006-01-01T00:00:00Z", DateModified: "2006-01-01T00:00:00Z", Author: org, Publisher: org}
	for i := range 12 {
		r := &thing{Type: "Person", Name: "Chloé Sato " + strconv.Itoa(i), URL: "https://example.org/actors/chloe-sato-" + strconv.Itoa(i) + "/"}
		ld.Mentions = append(ld.Mentions, r)
	}
	for i := range 3 {
		ld.Citation = append(ld.Citation, &thing{Type: "CreativeWork", Name: "VAL Times", URL: "https://news46.example.org/2006/4790" + strconv.Itoa(i), DatePublished: "2006-01-01"})
	}
	return ld
}

// BenchmarkEncode encodes a brief's item.
func BenchmarkEncode(b *testing.B) {
	ld := benchArticle()
	for b.Loop() {
		ld.encode()
	}
}
