package jsonld

import (
	"strings"
	"testing"
)

// TestJSONLDEncoding checks that the item is JSON that cannot end a script
// element: '<', '>', '&', U+2028 and U+2029 escaped, invalid UTF-8 replaced.
func TestJSONLDEncoding(t *testing.T) {
	org := &thing{Type: "Organization", Name: "Desk & Co", URL: "https://example.org/"}
	ld := &thing{Context: schemaOrg, Type: "NewsArticle", Headline: `A "quoted" <b>head</b></script>`, Description: "line\nbreak \u2028 \xff",
		URL: "https://example.org/briefs/a/", Author: org, Publisher: org,
		Mentions: []*thing{{Type: "Person", Name: "Ali Khamenei", URL: "/a/"}, {Type: "Country", Name: "Iran"}},
		Citation: []*thing{{Type: "CreativeWork", Name: "IRNA", URL: "https://irna.ir/?a=1&b=2", DatePublished: "2024-01-01"}}}
	got := string(ld.encode())
	for _, bad := range []string{"<", ">", "&", "\u2028", "\xff"} {
		if strings.Contains(got, bad) {
			t.Errorf("%q in %s", bad, got)
		}
	}
	want := `{"@context":"https://schema.org","@type":"NewsArticle","headline":"A \"quoted\" \u003cb\u003ehead\u003c/b\u003e\u003c/script\u003e","description":"line\nbreak \u2028 \ufffd","url":"https://example.org/briefs/a/","author":{"@type":"Organization","name":"Desk \u0026 Co","url":"https://example.org/"},"publisher":{"@type":"Organization","name":"Desk \u0026 Co","url":"https://example.org/"},"mentions":[{"@type":"Person","name":"Ali Khamenei","url":"/a/"},{"@type":"Country","name":"Iran"}],"citation":[{"@type":"CreativeWork","name":"IRNA","url":"https://irna.ir/?a=1\u0026b=2","datePublished":"2024-01-01"}]}`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
