package render

import (
	"bytes"
	"html/template"
	"io"
	"strconv"
	"strings"

	"sitrep/generator/internal/site"
)

// Splicing
//
// Entity pages and the timeline list thousands of pre-rendered entries; the
// lists of all pages together are as large as all brief pages. Joining them
// into strings for the templates, and copying them through text/template's
// printing, took a third of rendering at 10,000 briefs. Instead the
// template receives a marker, NUL kind index NUL, and Render writes the
// fragments in its place as it assembles the page. html/template never
// writes a NUL byte (it escapes it), content with one is refused as binary
// and so are templates, so a marker cannot come from anywhere else.

// Fragment kinds of markers.
const (
	fragItems    = 'I' // the BriefItems of entityViews[index]
	fragTimeline = 'T' // the Timeline of entityViews[index]
	fragMonth    = 'M' // the entries of months[index]
	fragYear     = 'Y' // briefs [from, to) of entityViews[index]: "Y<index>:<from>:<to>"
)

// yearMarker stands for the Items of briefs [from, to) of an entity view.
func yearMarker(index, from, to int) template.HTML {
	return template.HTML("\x00" + string(rune(fragYear)) + strconv.Itoa(index) + ":" + strconv.Itoa(from) + ":" + strconv.Itoa(to) + "\x00") // #nosec: a marker, replaced by splice
}

func marker(kind byte, index int) template.HTML {
	return template.HTML("\x00" + string(kind) + strconv.Itoa(index) + "\x00") // #nosec: a marker, replaced by splice
}

// splice writes src to dst with every marker replaced by its fragments.
func (c *Converted) splice(dst pieceWriter, src []byte) {
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
		if kind == fragYear {
			c.spliceYear(dst, string(n))
			continue
		}
		index, err := strconv.Atoi(string(n))
		if err != nil || index < 0 {
			continue
		}
		switch {
		case kind == fragItems && index < len(c.entityViews):
			for _, b := range c.entityViews[index].Briefs {
				dst.WriteString(string(b.Item))
			}
		case kind == fragTimeline && index < len(c.entityViews):
			c.writeEntries(dst, c.entityViews[index].e.Timeline)
		case kind == fragMonth && index < len(c.months):
			c.writeEntries(dst, c.months[index])
		}
	}
}

// spliceYear writes the items of a year marker's briefs, "index:from:to".
func (c *Converted) spliceYear(dst pieceWriter, n string) {
	parts := strings.Split(n, ":")
	if len(parts) != 3 {
		return
	}
	var v [3]int
	for i, p := range parts {
		x, err := strconv.Atoi(p)
		if err != nil || x < 0 {
			return
		}
		v[i] = x
	}
	if v[0] >= len(c.entityViews) {
		return
	}
	briefs := c.entityViews[v[0]].Briefs
	if v[1] > v[2] || v[2] > len(briefs) {
		return
	}
	for _, b := range briefs[v[1]:v[2]] {
		dst.WriteString(string(b.Item))
	}
}

// A pieceWriter is what splice writes a page into: a bytes.Buffer, or a
// byteCount to measure it first.
type pieceWriter interface {
	io.Writer
	io.StringWriter
}

// byteCount counts the bytes written to it.
type byteCount int

func (n *byteCount) Write(b []byte) (int, error) { *n += byteCount(len(b)); return len(b), nil }

func (n *byteCount) WriteString(s string) (int, error) { *n += byteCount(len(s)); return len(s), nil }

// writeEntries writes the pre-rendered HTML of timeline entries.
func (c *Converted) writeEntries(buf pieceWriter, es []site.Entry) {
	for _, e := range es {
		v := c.briefs[e.Brief]
		if e.Event && e.Index < len(v.EventEntries) {
			buf.WriteString(string(v.EventEntries[e.Index]))
		} else if !e.Event {
			buf.WriteString(string(v.Entry))
		}
	}
}
