// Package splice assembles pages that list thousands of pre-rendered
// fragments. Joining the fragments into strings for a template, and copying
// them through text/template's printing, took a third of rendering at
// 10,000 briefs. Instead the template receives a marker, NUL kind arguments
// NUL, and Expand writes the fragments in its place as it copies the page.
// html/template never writes a NUL byte (it escapes it), content with one
// is refused as binary and so are templates, so a marker cannot come from
// anywhere else.
package splice

import (
	"bytes"
	"html/template"
	"io"
	"strconv"
	"strings"
)

// Marker stands for the fragments of a kind (one byte that is not NUL)
// given by its arguments, none negative.
func Marker(kind byte, args ...int) template.HTML {
	var b strings.Builder
	b.WriteByte(0)
	b.WriteByte(kind)
	for i, a := range args {
		if i > 0 {
			b.WriteByte(':')
		}
		b.WriteString(strconv.Itoa(a))
	}
	b.WriteByte(0)
	return template.HTML(b.String()) // #nosec: a marker, replaced by Expand
}

// A Writer is what Expand writes into: a bytes.Buffer, or a Count.
type Writer interface {
	io.Writer
	io.StringWriter
}

// Expand writes src to dst with every marker replaced by what fill writes
// for its kind and arguments; a stray NUL is dropped, and so is a marker
// whose arguments do not parse.
func Expand(dst Writer, src []byte, fill func(dst Writer, kind byte, args []int)) {
	var args []int
	for len(src) > 0 {
		i := bytes.IndexByte(src, 0)
		if i < 0 {
			dst.Write(src)
			return
		}
		dst.Write(src[:i])
		src = src[i+1:]
		j := bytes.IndexByte(src, 0)
		if j < 1 {
			continue // not a marker: drop the stray NUL
		}
		kind, n := src[0], src[1:j]
		src = src[j+1:]
		args = args[:0]
		ok := true
		for p := range strings.SplitSeq(string(n), ":") {
			x, err := strconv.Atoi(p)
			if err != nil || x < 0 {
				ok = false
				break
			}
			args = append(args, x)
		}
		if ok {
			fill(dst, kind, args)
		}
	}
}

// Count counts the bytes written to it: Expand into a Count first measures
// a page, so that a page of megabytes is copied once, into a buffer of its
// size, not grown by doubling.
type Count int

func (n *Count) Write(b []byte) (int, error) { *n += Count(len(b)); return len(b), nil }

func (n *Count) WriteString(s string) (int, error) { *n += Count(len(s)); return len(s), nil }
