package markdown

import (
	"sort"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep/generator/internal/diag"
)

// posCache finds the line and column of byte offsets in a document as
// diag.PosAt does, but without reading the document from its start for
// each: a document with an unknown name in every one of its 100,000 lines
// would take minutes.
type posCache struct {
	starts []int // the offset of each line's start, made at the first use
	// the last answer, from which a later offset on its line counts on
	off, line, col int
}

// pos returns the position of src[off].
func (st *state) pos(off int) diag.Pos {
	c, src := &st.at, st.src
	off = min(max(off, 0), len(src))
	if c.starts == nil {
		c.starts = append(c.starts, 0)
		for i, b := range src {
			if b == '\n' {
				c.starts = append(c.starts, i+1)
			}
		}
		c.line = -1
	}
	line := sort.Search(len(c.starts), func(i int) bool { return c.starts[i] > off }) - 1
	from, col := c.starts[line], 1
	if line == c.line && off >= c.off && (c.off == len(src) || utf8.RuneStart(src[c.off])) {
		from, col = c.off, c.col
	}
	col += utf8.RuneCount(src[from:off])
	c.off, c.line, c.col = off, line, col
	return diag.Pos{Line: st.env.Line + line, Col: col}
}
