package content

import (
	"errors"
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

// ParseSlug makes the slug of a name or file name: lower case, Latin
// diacritics folded ("Gérard Œuvray" → "gerard-oeuvray"), and every run of
// characters that is not a letter or digit turned into one '-', trimmed at
// both ends. Combining marks stay with the non-Latin letters they belong to.
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
	return Slug(norm.NFC.String(b.String())), nil
}
