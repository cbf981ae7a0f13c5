package tmplexec

import (
	"bytes"
	"fmt"
	"html/template"
	"reflect"
	"strconv"
	"strings"
)

// contentType is the kind of trusted content a value declares by its
// type (template.HTML and the others), as html/template reads it.
type contentType int

const (
	contentPlain contentType = iota
	contentHTML
	contentURL
	contentJS
	contentOther // CSS, HTMLAttr, JSStr, Srcset: left to html/template
)

var contentTypes = map[reflect.Type]contentType{
	reflect.TypeFor[string]():            contentPlain,
	reflect.TypeFor[template.HTML]():     contentHTML,
	reflect.TypeFor[template.URL]():      contentURL,
	reflect.TypeFor[template.JS]():       contentJS,
	reflect.TypeFor[template.CSS]():      contentOther,
	reflect.TypeFor[template.HTMLAttr](): contentOther,
	reflect.TypeFor[template.JSStr]():    contentOther,
	reflect.TypeFor[template.Srcset]():   contentOther,
}

var (
	formatterType = reflect.TypeFor[fmt.Formatter]()
	stringerType  = reflect.TypeFor[fmt.Stringer]()
)

// stringify is html/template's conversion of an escaper's argument to a
// string and its content type, for the values that need no fmt: strings,
// integers and booleans, and values whose String or Error method gives
// their text. Pointers, floats and the rest are left to html/template.
func stringify(s *state, v reflect.Value) (string, contentType) {
	if v.Kind() == reflect.Interface {
		v = v.Elem()
	}
	if !v.IsValid() {
		return "", contentPlain // text/template passes nil, which prints nothing
	}
	t := v.Type()
	if ct, ok := contentTypes[t]; ok {
		if ct == contentOther {
			fallback()
		}
		return v.String(), ct
	}
	if t.NumMethod() > 0 {
		switch {
		case v.Kind() == reflect.Pointer || t.Implements(formatterType) || !v.CanInterface():
			fallback()
		case t.Implements(errorType):
			return v.Interface().(error).Error(), contentPlain
		case t.Implements(stringerType):
			return v.Interface().(fmt.Stringer).String(), contentPlain
		}
	}
	switch v.Kind() {
	case reflect.String:
		return v.String(), contentPlain
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		s.tmp = strconv.AppendInt(s.tmp[:0], v.Int(), 10)
		return string(s.tmp), contentPlain
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		s.tmp = strconv.AppendUint(s.tmp[:0], v.Uint(), 10)
		return string(s.tmp), contentPlain
	case reflect.Bool:
		return strconv.FormatBool(v.Bool()), contentPlain
	}
	fallback()
	return "", contentPlain
}

// An escaper is one of html/template's escapers: it writes the escaped s
// into w, or returns it when w is nil.
type escaper func(w *bytes.Buffer, s string, ct contentType) string

// escapers are the escapers html/template inserts that run natively, by
// the names it gives them in escaped trees; the others (CSS, JavaScript
// strings, unquoted attributes, srcset, names) keep a template on
// html/template.
var escapers = map[string]escaper{
	"_html_template_htmlescaper": func(w *bytes.Buffer, s string, ct contentType) string {
		if ct == contentHTML {
			return out(w, s)
		}
		return replace(w, s, &htmlTable)
	},
	"_html_template_attrescaper": func(w *bytes.Buffer, s string, ct contentType) string {
		if ct == contentHTML {
			fallback() // needs html/template's tag stripping
		}
		return replace(w, s, &htmlTable)
	},
	"_html_template_rcdataescaper": func(w *bytes.Buffer, s string, ct contentType) string {
		if ct == contentHTML {
			return replace(w, s, &htmlNormTable)
		}
		return replace(w, s, &htmlTable)
	},
	"_html_template_urlfilter": func(w *bytes.Buffer, s string, ct contentType) string {
		if ct != contentURL && !isSafeURL(s) {
			s = "#ZgotmplZ"
		}
		return out(w, s)
	},
	"_html_template_urlnormalizer": func(w *bytes.Buffer, s string, _ contentType) string {
		return urlProcess(w, s, true)
	},
	"_html_template_urlescaper": func(w *bytes.Buffer, s string, ct contentType) string {
		return urlProcess(w, s, ct == contentURL)
	},
	"_html_template_jsvalescaper": func(w *bytes.Buffer, s string, ct contentType) string {
		if ct != contentJS {
			fallback() // JSON encoding
		}
		return out(w, s)
	},
	"_html_template_commentescaper": func(*bytes.Buffer, string, contentType) string {
		return ""
	},
}

// out writes s into w, or returns it.
func out(w *bytes.Buffer, s string) string {
	if w == nil {
		return s
	}
	w.WriteString(s)
	return ""
}

// htmlTable is html/template's htmlReplacementTable (text and quoted
// attributes) and htmlNormTable its htmlNormReplacementTable (the same but
// '&', for trusted HTML in RCDATA). Only ASCII is replaced: both let every
// other rune through, invalid UTF-8 included.
var (
	htmlTable = [128]string{
		0:    "\uFFFD",
		'"':  "&#34;",
		'&':  "&amp;",
		'\'': "&#39;",
		'+':  "&#43;",
		'<':  "&lt;",
		'>':  "&gt;",
	}
	htmlNormTable = [128]string{
		0:    "\uFFFD",
		'"':  "&#34;",
		'\'': "&#39;",
		'+':  "&#43;",
		'<':  "&lt;",
		'>':  "&gt;",
	}
)

// An escaping writes s with some of its bytes replaced into the page (w),
// or, without one, into a buffer of its own whose text it returns.
type escaping struct {
	w       *bytes.Buffer // the page, or nil
	b       bytes.Buffer  // the result when w is nil
	s       string
	written int // s[:written] is written
}

// swap writes s up to byte i, then repl in place of byte i.
func (e *escaping) swap(i int, repl string) {
	dst := e.w
	if dst == nil {
		dst = &e.b
		if e.written == 0 {
			e.b.Grow(len(e.s) + 16)
		}
	}
	dst.WriteString(e.s[e.written:i])
	dst.WriteString(repl)
	e.written = i + 1
}

// finish writes the rest of s; without w it returns the result, s itself
// when nothing was replaced.
func (e *escaping) finish() string {
	if e.w != nil {
		e.w.WriteString(e.s[e.written:])
		return ""
	}
	if e.written == 0 {
		return e.s
	}
	e.b.WriteString(e.s[e.written:])
	return e.b.String()
}

// replace writes s into w (or returns it) with the bytes of table
// replaced.
func replace(w *bytes.Buffer, s string, table *[128]string) string {
	e := escaping{w: w, s: s}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 128 && table[c] != "" {
			e.swap(i, table[c])
		}
	}
	return e.finish()
}

// isSafeURL is html/template's test of a URL: relative, or with the
// scheme http, https or mailto.
func isSafeURL(s string) bool {
	if scheme, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(scheme, "/") {
		return strings.EqualFold(scheme, "http") || strings.EqualFold(scheme, "https") || strings.EqualFold(scheme, "mailto")
	}
	return true
}

// urlProcess is html/template's URL normaliser (norm) or escaper: it
// percent-encodes, in lower-case hex, every byte that is not unreserved in
// RFC 3986; normalising also keeps the reserved characters and valid
// escapes.
func urlProcess(w *bytes.Buffer, s string, norm bool) string {
	e := escaping{w: w, s: s}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			c == '-', c == '.', c == '_', c == '~':
			continue
		case strings.IndexByte("!#$&*+,/:;=?@[]", c) >= 0:
			if norm {
				continue
			}
		case c == '%':
			if norm && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
				continue
			}
		}
		e.swap(i, percent[c])
	}
	return e.finish()
}

// percent is the %xx escape of every byte, in lower-case hex as
// html/template writes it.
var percent = func() (t [256]string) {
	for c := range t {
		t[c] = fmt.Sprintf("%%%02x", c)
	}
	return t
}()

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
