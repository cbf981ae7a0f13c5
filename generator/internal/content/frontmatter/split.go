package frontmatter

import (
	"bufio"
	"bytes"
	"io"
	"strings"
	"sync"

	"github.com/adrg/frontmatter" // the library this package wraps
)

// librarySplit finds the front matter of data with adrg/frontmatter: its
// format and bytes, and where the body starts (c.format is 0 without one).
func librarySplit(data []byte) (c capture, bodyStart int, err error) {
	r := &stopReader{data: data}
	c.r = r
	// the library wraps what it is given in a bufio.Reader of 4 KiB, new
	// for every file unless given one
	br := lineReaders.Get().(*bufio.Reader)
	br.Reset(r)
	rest, err := frontmatter.Parse(br, &c, frontMatterFormats...)
	br.Reset(nil)
	lineReaders.Put(br)
	c.r = nil
	// the library's output holds every byte r gave it, and rest is the part
	// after the front matter
	return c, r.off - len(rest), err
}

// lineReaders are the bufio.Readers split gives adrg/frontmatter. As
// stopReader gives a line per Read, they never hold more than the line
// being read: all of the file read is the library's.
var lineReaders = sync.Pool{New: func() any { return bufio.NewReaderSize(nil, 4096) }}

// A stopReader gives a file to adrg/frontmatter, and says it has ended as
// soon as the front matter is captured: the library would copy the rest of
// the file, the body, into a growing buffer of its own (380 MB of garbage
// at 10,000 briefs). The body is then sliced from the file itself.
type stopReader struct {
	data []byte
	off  int // bytes given out
	stop bool
}

func (r *stopReader) Read(p []byte) (int, error) {
	if r.stop || r.off == len(r.data) {
		return 0, io.EOF
	}
	// a line at a time: the library reads line by line, and what its
	// bufio.Reader holds beyond the front matter is copied into its buffer
	// at the end
	line := r.data[r.off:]
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i+1]
	}
	n := copy(p, line)
	r.off += n
	return n, nil
}

// capture receives the raw front matter from adrg/frontmatter, so that we
// can decode it ourselves with positions.
type capture struct {
	format format
	data   []byte
	r      *stopReader
}

var frontMatterFormats = captureFormats()

func captureFormats() []*frontmatter.Format {
	as := func(f format) frontmatter.UnmarshalFunc {
		return func(data []byte, v any) error {
			c := v.(*capture)
			c.format, c.data = f, data
			c.r.stop = true
			return nil
		}
	}
	jsonObject := frontmatter.NewFormat("{", "}", as(formatJSON))
	jsonObject.UnmarshalDelims, jsonObject.RequiresNewLine = true, true
	return []*frontmatter.Format{
		frontmatter.NewFormat("---", "---", as(formatYAML)),
		frontmatter.NewFormat("---yaml", "---", as(formatYAML)),
		frontmatter.NewFormat("+++", "+++", as(formatTOML)),
		frontmatter.NewFormat("---toml", "---", as(formatTOML)),
		frontmatter.NewFormat(";;;", ";;;", as(formatJSON)),
		frontmatter.NewFormat("---json", "---", as(formatJSON)),
		jsonObject,
	}
}

func closer(open string) string {
	switch open {
	case "+++", ";;;":
		return open
	}
	return "---"
}

// firstLine returns the first non-blank line, trimmed, its line number and
// the offsets of its start and of the byte just past it.
func firstLine(data []byte) (text string, line, start, end int) {
	line = 1
	for off := 0; off < len(data); line++ {
		i := bytes.IndexByte(data[off:], '\n')
		next := len(data)
		if i >= 0 {
			next = off + i + 1
		}
		if t := strings.TrimSpace(string(data[off:next])); t != "" {
			return t, line, off, next
		}
		off = next
	}
	return "", 0, len(data), len(data)
}
