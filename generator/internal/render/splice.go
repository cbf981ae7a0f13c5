package render

import (
	"github.com/sitrep-dev/sitrep/generator/internal/site"
	"github.com/sitrep-dev/sitrep/generator/internal/splice"
)

// Entity pages and the timeline list thousands of pre-rendered entries:
// their templates receive markers, which the runner expands (package splice).

// Fragment kinds of markers.
const (
	fragMonth = 'M' // the entries of months[index]
	fragYear  = 'Y' // briefs [from, to) of entityViews[index]: index, from, to
)

// fill writes the fragments a marker stands for.
func (c *Converted) fill(dst splice.Writer, kind byte, args []int) {
	if len(args) == 0 {
		return
	}
	index := args[0]
	switch {
	case kind == fragMonth && index < len(c.months):
		c.writeEntries(dst, c.months[index])
	case kind == fragYear && len(args) == 3 && index < len(c.entityViews):
		briefs := c.entityViews[index].all
		if from, to := args[1], args[2]; from <= to && to <= len(briefs) {
			for _, b := range briefs[from:to] {
				dst.WriteString(string(b.Item))
			}
		}
	}
}

// writeEntries writes the pre-rendered HTML of timeline entries.
func (c *Converted) writeEntries(buf splice.Writer, es []site.Entry) {
	for _, e := range es {
		v := c.briefs[e.Brief]
		if e.Event && e.Index < len(v.EventEntries) {
			buf.WriteString(string(v.EventEntries[e.Index]))
		} else if !e.Event {
			buf.WriteString(string(v.Entry))
		}
	}
}
