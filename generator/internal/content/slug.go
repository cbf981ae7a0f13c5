package content

import (
	"errors"
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// A Slug is the URL part of a page: lower-case letters, digits and '-'. Latin
// letters are folded to ASCII; letters of other scripts (Arabic, Persian,
// Cyrillic…) are kept as they are. A Slug is never empty, and never holds '/',
// '.' or a NUL byte, so it is always a single safe path element.
type Slug string

// latinSpecial folds Latin letters that have no decomposition to ASCII.
var latinSpecial = map[rune]string{
	'ß': "ss", 'æ': "ae", 'ø': "o", 'œ': "oe", 'ł': "l", 'đ': "d", 'ð': "d",
	'þ': "th", 'ı': "i", 'ħ': "h", 'ŋ': "n", 'ĸ': "k", 'ſ': "s",
}

// ErrEmptySlug is returned by ParseSlug for text with no letter or digit.
var ErrEmptySlug = errors.New("has no letter or digit to make a URL from")

// MaxSlug is the most bytes a slug may have: it names a folder of the
// output, and file systems take at most 255 bytes (ext4), or 255 UTF-16
// units (NTFS, APFS), in a name.
const MaxSlug = 255

// ParseSlug makes the slug of a name or file name: lower case, Latin
// diacritics folded ("Gérard Œuvray" → "gerard-oeuvray"), and every run of
// characters that is not a letter or digit turned into one '-', trimmed at
// both ends. Combining marks stay with the non-Latin letters they belong to.
// A slug over MaxSlug bytes, or one that is a device name on Windows (con,
// prn, aux, nul, com1-com9, lpt1-lpt9), is an error: it could be neither
// written nor checked out everywhere.
func ParseSlug(s string) (Slug, error) {
	var b strings.Builder
	pendingDash := false
	keepMarks := false // whether the last character kept was a non-Latin letter or digit
	// invalid UTF-8 is a separator; left in, it stops norm from decomposing
	// the letter after it
	for _, r := range norm.NFD.String(strings.ToValidUTF8(s, " ")) {
		switch {
		case unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r) || unicode.Is(unicode.Me, r):
			if !keepMarks {
				continue // a Latin diacritic, folded away, or a mark with no letter to sit on
			}
			b.WriteRune(r)
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if pendingDash && b.Len() > 0 {
				b.WriteByte('-')
			}
			pendingDash = false
			r = unicode.ToLower(r)
			keepMarks = !unicode.Is(unicode.Latin, r)
			if f, ok := latinSpecial[r]; ok {
				b.WriteString(f)
			} else {
				b.WriteRune(r)
			}
		default:
			pendingDash = true
			keepMarks = false
		}
	}
	if b.Len() == 0 {
		return "", ErrEmptySlug
	}
	slug := norm.NFC.String(b.String())
	if len(slug) > MaxSlug {
		return "", fmt.Errorf("gives a URL part of %d bytes, more than the %d a file name may have", len(slug), MaxSlug)
	}
	if WindowsDevice(slug) {
		return "", fmt.Errorf("gives %q, a device name on Windows, which no file or folder there may have", slug)
	}
	return Slug(slug), nil
}

// WindowsDevice reports whether Windows reserves a file name for a device:
// CON, PRN, AUX, NUL, COM0-COM9 and LPT0-LPT9 (with ¹, ² and ³ too), in any
// case, alone or before an extension ("aux.md", "nul.tar.gz") or trailing
// spaces. No file or folder of such a name can be checked out there.
func WindowsDevice(name string) bool {
	base, _, _ := strings.Cut(name, ".")
	base = strings.ToLower(strings.TrimRight(base, " "))
	switch base {
	case "con", "prn", "aux", "nul":
		return true
	}
	if len(base) < 4 || base[:3] != "com" && base[:3] != "lpt" {
		return false
	}
	switch base[3:] {
	case "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "¹", "²", "³":
		return true
	}
	return false
}
