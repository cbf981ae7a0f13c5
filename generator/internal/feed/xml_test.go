package feed

import (
	"bytes"
	"encoding/xml"
	"math/rand/v2"
	"testing"
)

// TestXMLText holds xmlText to xml.EscapeText, on chosen strings and on
// random ones made of the bytes that matter.
func TestXMLText(t *testing.T) {
	cases := []string{"", "plain", `<a href="x">Tom & 'Jerry'</a>`, "tab\there\nline\r\n", "Élodie Bergström, خالد محمد",
		"\x00\x01\x1f\x7f", "bad \xff\xfe utf-8 \xc3", "\ufffd real", "\uffff\ufffe\U0010ffff\U00010000", "\xed\xa0\x80 surrogate"}
	alphabet := []string{"a", " ", "<", ">", "&", `"`, "'", "\t", "\n", "\r", "\x00", "\x1f", "\x7f", "é", "\xff", "\xc3", "\ufffd", "\uffff", "😀", "\xed\xa0\x80"}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var b []byte
		for range rng.IntN(12) {
			b = append(b, alphabet[rng.IntN(len(alphabet))]...)
		}
		cases = append(cases, string(b))
	}
	for _, s := range cases {
		var want, got bytes.Buffer
		_ = xml.EscapeText(&want, []byte(s))
		xmlText(&got, s)
		if got.String() != want.String() {
			t.Fatalf("xmlText(%q) = %q, xml.EscapeText gives %q", s, got.String(), want.String())
		}
	}
}
