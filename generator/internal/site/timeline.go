package site

import (
	"cmp"
	"slices"
)

// related returns the RelatedLimit entities among touched with the highest
// counts, by count, kind and name; it keeps a small sorted top list instead
// of sorting every co-appearing entity.
func related(all []*Entity, touched, counts []int32) []Related {
	before := func(a, b Related) bool {
		if a.Count != b.Count {
			return a.Count > b.Count
		}
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		return a.Slug < b.Slug
	}
	top := make([]Related, 0, RelatedLimit+1)
	for _, o := range touched {
		r := Related{Entity: all[o], Count: int(counts[o])}
		if len(top) == RelatedLimit && !before(r, top[len(top)-1]) {
			continue
		}
		i := len(top)
		for i > 0 && before(r, top[i-1]) {
			i--
		}
		top = slices.Insert(top, i, r)
		if len(top) > RelatedLimit {
			top = top[:RelatedLimit]
		}
	}
	return top
}

// timeline lists briefs and their events oldest first.
func timeline(briefs []*Brief) []Entry {
	var out []Entry
	for _, br := range briefs {
		out = append(out, Entry{Date: br.Date, Title: br.Title, Brief: br})
		for i, ev := range br.Events {
			out = append(out, Entry{Date: ev.Date, Title: ev.Title, Brief: br, Event: true, Index: i})
		}
	}
	// a total order (a brief's slug is unique, and so is an event's index
	// in it), so an unstable sort gives one result whatever the input order
	slices.SortFunc(out, func(a, b Entry) int {
		if c := a.Date.Compare(b.Date); c != 0 {
			return c
		}
		if a.Event != b.Event {
			return cmp.Compare(boolInt(a.Event), boolInt(b.Event))
		}
		if c := cmp.Compare(a.Title, b.Title); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Brief.Slug, b.Brief.Slug); c != 0 {
			return c
		}
		return cmp.Compare(a.Index, b.Index)
	})
	return out
}

func boolInt(v bool) int {
	if v {
		return 1
	}
	return 0
}

// groupTimeline groups entries by year and month, newest first.
func groupTimeline(entries []Entry) []*Year {
	var years []*Year
	for i := len(entries) - 1; i >= 0; i-- {
		e := entries[i]
		if len(years) == 0 || years[len(years)-1].Year != e.Date.Year() {
			years = append(years, &Year{Year: e.Date.Year()})
		}
		y := years[len(years)-1]
		if len(y.Months) == 0 || y.Months[len(y.Months)-1].Month != e.Date.Month() {
			y.Months = append(y.Months, &Month{Month: e.Date.Month()})
		}
		m := y.Months[len(y.Months)-1]
		m.Entries = append(m.Entries, e)
	}
	return years
}
