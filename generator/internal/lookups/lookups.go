// Package lookups records the names a markdown body looked up (entity
// links, did-you-mean suggestions) and the answers it got, so that an
// incremental build keeps a converted body while every answer still holds
// (package render).
package lookups

import "github.com/sitrep-dev/sitrep/generator/internal/site"

// A Lookup is one question a body asked and its answer.
type Lookup struct {
	name, url, canonical string
	ok, suggest          bool
}

// Valid reports whether every name of calls still gives the same answer;
// m remembers the answers of the pass (NewMemo).
func Valid(calls []Lookup, m *Recorder) bool {
	for _, l := range calls {
		if m.ask(l) != l {
			return false
		}
	}
	return true
}

// A Recorder is a markdown.Resolver that notes every question and answer;
// a memo (NewMemo) remembers answers instead (for one pass, one goroutine).
type Recorder struct {
	s         *site.Site
	off       bool // record nothing: a one-shot build keeps no state
	calls     []Lookup
	resolved  map[string]Lookup // answers remembered, by name
	suggested map[string]string
}

// NewRecorder returns a recorder of the lookups of one body in s; with
// off, it records nothing.
func NewRecorder(s *site.Site, off bool) *Recorder { return &Recorder{s: s, off: off} }

// NewMemo returns a memo of the answers of s, for Valid.
func NewMemo(s *site.Site) *Recorder {
	return &Recorder{s: s, resolved: map[string]Lookup{}, suggested: map[string]string{}}
}

// Calls returns the lookups recorded.
func (r *Recorder) Calls() []Lookup { return r.calls }

// ask answers the question in q (its name and suggest fields).
func (r *Recorder) ask(q Lookup) Lookup {
	if q.suggest {
		s, ok := r.suggested[q.name]
		if !ok {
			s = r.s.Suggest(q.name)
			r.suggested[q.name] = s
		}
		return Lookup{name: q.name, url: s, suggest: true}
	}
	a, ok := r.resolved[q.name]
	if !ok {
		a = Lookup{name: q.name}
		a.url, a.canonical, a.ok = r.s.Resolve(q.name)
		r.resolved[q.name] = a
	}
	return a
}

// Resolve is site.Resolve, recorded.
func (r *Recorder) Resolve(name string) (string, string, bool) {
	url, canonical, ok := r.s.Resolve(name)
	if r.off {
		return url, canonical, ok
	}
	r.calls = append(r.calls, Lookup{name: name, url: url, canonical: canonical, ok: ok})
	return url, canonical, ok
}

// Suggest is site.Suggest, recorded.
func (r *Recorder) Suggest(name string) string {
	s := r.s.Suggest(name)
	if r.off {
		return s
	}
	r.calls = append(r.calls, Lookup{name: name, url: s, suggest: true})
	return s
}
