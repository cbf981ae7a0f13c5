package site

import (
	"net/url"
	"strings"
	"unicode"

	"golang.org/x/text/cases"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/sitrep-dev/sitrep/generator/internal/content"
	"github.com/sitrep-dev/sitrep/generator/internal/diag"
)

// URL returns the root-relative URL of a path inside the site, such as
// "actors/" or "static/style.css": the one helper for every internal link.
// Bytes outside printable ASCII (the letters of a slug in Arabic script,
// say) are percent-encoded in upper-case hex, as RFC 3986 prefers, so that
// pages, feeds and the sitemap all spell an address the same way; a
// fragment or query that a template adds is left as it is.
func (s *Site) URL(p string) string { return s.BasePath + escapePath(strings.TrimPrefix(p, "/")) }

// escapePath percent-encodes the bytes of p that are not printable ASCII.
func escapePath(p string) string {
	const hex = "0123456789ABCDEF"
	escaped := func(c byte) bool { return c <= ' ' || c >= 0x7f }
	i := 0
	for i < len(p) && !escaped(p[i]) {
		i++
	}
	if i == len(p) {
		return p
	}
	b := make([]byte, 0, len(p)+32)
	b = append(b, p[:i]...)
	for ; i < len(p); i++ {
		if c := p[i]; escaped(c) {
			b = append(b, '%', hex[c>>4], hex[c&15])
		} else {
			b = append(b, c)
		}
	}
	return string(b)
}

// AbsURL returns the absolute URL of a path when base_url is absolute, and
// the root-relative one otherwise.
func (s *Site) AbsURL(p string) string {
	if strings.HasPrefix(s.BaseURL, "/") {
		return s.URL(p)
	}
	return s.BaseURL + escapePath(strings.TrimPrefix(p, "/"))
}

// Resolve maps an entity name or alias, in any case, to its page URL and
// canonical name. Actors are tried first, then countries, then topics.
func (s *Site) Resolve(name string) (url, canonical string, ok bool) {
	if e := s.resolved[name]; e != nil {
		return e.URL, e.Name, true
	}
	e := s.resolve(foldKey(cases.Fold(), name))
	if e == nil {
		return "", "", false
	}
	return e.URL, e.Name, true
}

// resolve is Resolve of a folded name.
func (s *Site) resolve(key string) *Entity {
	for _, k := range content.Kinds {
		if e := s.byName[k][key]; e != nil {
			return e
		}
	}
	return nil
}

// Suggest returns the known name closest to name, or "".
func (s *Site) Suggest(name string) string { return diag.Suggest(name, s.names) }

// Lookup returns the entity of a kind with that name or alias.
func (s *Site) Lookup(kind content.Kind, name string) *Entity {
	return s.byName[kind][foldKey(cases.Fold(), name)]
}

// foldKey is the key names are matched by: spaces collapsed, NFC, case
// folded. Plain ASCII names, the common case, take a fast path.
func foldKey(c cases.Caser, name string) string {
	ascii, clean := true, true
	for i := 0; i < len(name); i++ {
		b := name[i]
		if b >= 0x80 {
			ascii = false
			break
		}
		if b == ' ' && (i == 0 || i == len(name)-1 || name[i-1] == ' ') || b < ' ' {
			clean = false
		}
	}
	if ascii && clean {
		return strings.ToLower(name)
	}
	return c.String(norm.NFC.String(strings.Join(strings.Fields(name), " ")))
}

// basePath returns the path part of a base URL, with leading and trailing '/'.
func basePath(base string) string {
	p := base
	if u, err := url.Parse(base); err == nil {
		p = u.Path
	}
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return p
}

// sortKey is the key entities sort by: the folded key without diacritics,
// so that "Émile" sorts among the E, as readers of an index expect.
func sortKey(key string) string {
	for i := 0; i < len(key); i++ {
		if key[i] >= 0x80 {
			t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
			if s, _, err := transform.String(t, key); err == nil {
				return s
			}
			return key
		}
	}
	return key
}

// Letter is the letter the entity is filed under in an index: "A" to "Z"
// by its name without diacritics, else "#".
func (e *Entity) Letter() string {
	if e.sort != "" && e.sort[0] >= 'a' && e.sort[0] <= 'z' {
		return string(e.sort[0] - 'a' + 'A')
	}
	return "#"
}
