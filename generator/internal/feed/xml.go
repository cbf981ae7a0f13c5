package feed

import (
	"bytes"
	"encoding/xml"
)

// xmlText escapes s for XML text and attribute values with xml.EscapeText:
// the five markup characters, tab, newline and carriage return become
// references, and what XML cannot hold becomes U+FFFD.
func xmlText(b *bytes.Buffer, s string) {
	_ = xml.EscapeText(b, []byte(s)) // a bytes.Buffer does not fail
}
