// Package coverage draws the chart of an entity page: how many briefs
// named the entity in each year, as the data of an inline SVG made at build
// time (one path of bars and a baseline) and its text equivalent.
package coverage

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/sitrep-dev/sitrep/generator/internal/hashkey"
	"github.com/sitrep-dev/sitrep/generator/internal/site"
)

// MaxYears is how many years a chart shows at most: the latest, when an
// entity's briefs span more.
const MaxYears = 50

// The chart's geometry, in CSS pixels at its natural size: one slot per
// year, a bar in each, the tallest bar the chart's height.
const (
	coverageSlot   = 16
	coverageBar    = 12
	coverageHeight = 64
)

// A Chart is how many briefs named an entity in each year, for the
// "coverage" partial: every year from its first brief's to its last's,
// those without a brief included, oldest first. It is a closed view: values
// only.
type Chart struct {
	Years       []Year
	First, Last int // the first and last year shown
	Total       int // briefs in the years shown
	Max         int // the most briefs in one year
	MaxYear     int // the first year with Max briefs
	Earlier     int // briefs before First, when their years are more than MaxYears

	// The SVG, drawn here: Width × Height is its viewBox and natural size
	// in CSS pixels, Bars the d attribute of one path with a bar per year
	// with briefs, Axis that of the baseline under every year.
	Width, Height int
	Bars, Axis    string

	// Summary says in words what the chart shows ("12 briefs from 2019 to
	// 2023, most in 2021 (5)"); Data lists every year ("2019: 3, 2020: 0,
	// …"): with Summary, the chart's text equivalent.
	Summary, Data string
}

// A Year is the briefs of one year.
type Year struct {
	Year, Count int
}

// New is the chart of an entity's briefs (newest first, as
// site.Entity.Briefs), nil without any.
func New(briefs []*site.Brief) *Chart {
	if len(briefs) == 0 {
		return nil
	}
	last, first := briefs[0].Date.Year(), briefs[len(briefs)-1].Date.Year()
	v := &Chart{Last: last, First: max(first, last-MaxYears+1)}
	v.Years = make([]Year, v.Last-v.First+1)
	for i := range v.Years {
		v.Years[i].Year = v.First + i
	}
	for _, b := range briefs {
		if y := b.Date.Year(); y < v.First {
			v.Earlier++
		} else {
			v.Years[y-v.First].Count++
			v.Total++
		}
	}
	v.draw()
	return v
}

// draw computes the chart's geometry and text.
func (v *Chart) draw() {
	var data strings.Builder
	for i, y := range v.Years {
		if y.Count > v.Max {
			v.Max, v.MaxYear = y.Count, y.Year
		}
		if i > 0 {
			data.WriteString(", ")
		}
		fmt.Fprintf(&data, "%d: %d", y.Year, y.Count)
	}
	v.Data = data.String()
	v.Width, v.Height = len(v.Years)*coverageSlot, coverageHeight+1 // the baseline below the bars
	var bars strings.Builder
	for i, y := range v.Years {
		if y.Count == 0 {
			continue
		}
		h := max(1, (y.Count*coverageHeight+v.Max/2)/v.Max) // a year with a brief always shows
		x := i*coverageSlot + (coverageSlot-coverageBar)/2
		fmt.Fprintf(&bars, "M%d %dv-%dh%dv%dz", x, coverageHeight, h, coverageBar, h)
	}
	v.Bars = bars.String()
	v.Axis = "M0 " + strconv.Itoa(coverageHeight) + ".5H" + strconv.Itoa(v.Width)
	switch {
	case v.Total == 1:
		v.Summary = fmt.Sprintf("1 brief, in %d", v.First)
	case v.First == v.Last:
		v.Summary = fmt.Sprintf("%d briefs, all in %d", v.Total, v.First)
	default:
		v.Summary = fmt.Sprintf("%d briefs from %d to %d, most in %d (%d)", v.Total, v.First, v.Last, v.MaxYear, v.Max)
	}
	if v.Earlier > 0 {
		v.Summary += fmt.Sprintf("; %d earlier not shown", v.Earlier)
	}
}

// Hash adds what the chart shows to a page key; v may be nil.
func (v *Chart) Hash(h *hashkey.Hash) {
	if v == nil {
		h.Int(-1)
		return
	}
	h.Int(v.Earlier)
	h.Int(len(v.Years))
	for _, y := range v.Years {
		h.Int(y.Year)
		h.Int(y.Count)
	}
}
