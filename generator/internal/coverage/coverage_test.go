package coverage

import (
	"fmt"
	"hash/maphash"
	"strings"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/generator/internal/content"
	"github.com/sitrep-dev/sitrep/generator/internal/hashkey"
	"github.com/sitrep-dev/sitrep/generator/internal/site"
)

// briefs makes briefs on the given dates, newest first as an entity lists them.
func briefs(dates ...string) []*site.Brief {
	var out []*site.Brief
	for i := len(dates) - 1; i >= 0; i-- {
		d, err := time.Parse(time.DateOnly, dates[i])
		if err != nil {
			panic(err)
		}
		out = append(out, &site.Brief{Brief: &content.Brief{Title: fmt.Sprint(i), Date: d}})
	}
	return out
}

func years(c *Chart) string {
	var out []string
	for _, y := range c.Years {
		out = append(out, fmt.Sprintf("%d:%d", y.Year, y.Count))
	}
	return strings.Join(out, " ")
}

func TestNone(t *testing.T) {
	if c := New(nil); c != nil {
		t.Errorf("New(nil) = %+v, want nil", c)
	}
	var h hashkey.Hash
	(*Chart)(nil).Hash(&h) // a page without a chart is keyed too
}

func TestZeroYearsShown(t *testing.T) {
	c := New(briefs("2019-05-01", "2019-07-01", "2022-01-01", "2023-12-31", "2023-01-01", "2023-06-06"))
	if got, want := years(c), "2019:2 2020:0 2021:0 2022:1 2023:3"; got != want {
		t.Errorf("years = %s, want %s", got, want)
	}
	if c.First != 2019 || c.Last != 2023 || c.Total != 6 || c.Max != 3 || c.MaxYear != 2023 || c.Earlier != 0 {
		t.Errorf("chart = %+v", c)
	}
	if want := "6 briefs from 2019 to 2023, most in 2023 (3)"; c.Summary != want {
		t.Errorf("Summary = %q, want %q", c.Summary, want)
	}
	if want := "2019: 2, 2020: 0, 2021: 0, 2022: 1, 2023: 3"; c.Data != want {
		t.Errorf("Data = %q, want %q", c.Data, want)
	}
	// one bar per year with briefs, none for the empty years; the tallest
	// the full height, the others in proportion
	if want := "M2 64v-43h12v43zM50 64v-21h12v21zM66 64v-64h12v64z"; c.Bars != want {
		t.Errorf("Bars = %q, want %q", c.Bars, want)
	}
	if c.Width != 5*16 || c.Height != 65 || c.Axis != "M0 64.5H80" {
		t.Errorf("geometry %d×%d, axis %q", c.Width, c.Height, c.Axis)
	}
}

func TestOneYear(t *testing.T) {
	c := New(briefs("2023-02-01", "2023-03-01"))
	if years(c) != "2023:2" || c.Summary != "2 briefs, all in 2023" || c.Bars != "M2 64v-64h12v64z" || c.Width != 16 {
		t.Errorf("chart = %+v", c)
	}
	c = New(briefs("2023-02-01"))
	if years(c) != "2023:1" || c.Summary != "1 brief, in 2023" {
		t.Errorf("chart = %+v", c)
	}
}

func TestManyYears(t *testing.T) {
	var dates []string
	for y := 1900; y <= 2025; y++ {
		dates = append(dates, fmt.Sprintf("%d-01-01", y))
	}
	for range 200 {
		dates = append(dates, "2025-06-01") // 201 in 2025: a year with 1 still shows
	}
	c := New(briefs(dates...))
	if len(c.Years) != MaxYears || c.First != 2025-MaxYears+1 || c.Last != 2025 {
		t.Fatalf("years %d, %d–%d; want the latest %d", len(c.Years), c.First, c.Last, MaxYears)
	}
	if c.Earlier != 2025-MaxYears+1-1900 || c.Total != MaxYears-1+201 {
		t.Errorf("Earlier %d, Total %d", c.Earlier, c.Total)
	}
	if n := strings.Count(c.Bars, "M"); n != MaxYears {
		t.Errorf("%d bars, want %d", n, MaxYears)
	}
	if !strings.HasPrefix(c.Bars, "M2 64v-1h12v1z") {
		t.Errorf("a year with one brief of 201 does not show: %q", c.Bars[:30])
	}
	if want := "; 76 earlier not shown"; !strings.HasSuffix(c.Summary, want) {
		t.Errorf("Summary = %q, want it to end %q", c.Summary, want)
	}
}

func TestHashCoversYears(t *testing.T) {
	seed := maphash.MakeSeed()
	key := func(c *Chart) uint64 {
		h := hashkey.New(seed)
		c.Hash(&h)
		return h.Sum()
	}
	a := key(New(briefs("2019-05-01", "2020-01-01")))
	b := key(New(briefs("2019-05-01", "2021-01-01")))
	if a == b || a != key(New(briefs("2019-01-01", "2020-12-31"))) || key(nil) == a {
		t.Error("the key does not follow the years and counts")
	}
}
