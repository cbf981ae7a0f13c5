// Package lookups records the names a body looked up while it was converted
// ([[Name]] links, did-you-mean suggestions) and what each gave, so that an
// incremental build reuses a converted body only while every answer still
// holds in the new model.
package lookups

import "github.com/sitrep-dev/sitrep/generator/internal/site"

// A Lookup is a question asked of the model and its answer.
type Lookup struct {
	name, url, canonical string
	ok, suggest          bool
}

// Valid reports whether every name in ls still gives the same answer; m
// remembers the answers of the pass.
func Valid(ls []Lookup, m *Recorder) bool {
	for _, l := range ls {
		if m.ask(l) != l {
			return false
		}
	}
	return true
}

// A Recorder is a markdown.Resolver that notes every question and answer
// (New), or remembers answers instead (NewMemo, for one pass, one
// goroutine).
type Recorder struct {
	s         *site.Site
	off       bool // record nothing: a one-shot build keeps no state
	calls     []Lookup
	resolved  map[string]Lookup // answers remembered, by name
	suggested map[string]string
}

// New returns a recorder of the questions asked of s; with off, it records
// nothing.
func New(s *site.Site, off bool) *Recorder { return &Recorder{s: s, off: off} }

// NewMemo returns a recorder that remembers the answers of s, for Valid.
func NewMemo(s *site.Site) *Recorder {
	return &Recorder{s: s, resolved: map[string]Lookup{}, suggested: map[string]string{}}
}

// Calls returns the questions asked, with their answers.
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

// Resolve resolves name in the model, and notes it.
func (r *Recorder) Resolve(name string) (string, string, bool) {
	url, canonical, ok := r.s.Resolve(name)
	if r.off {
		return url, canonical, ok
	}
	r.calls = append(r.calls, Lookup{name: name, url: url, canonical: canonical, ok: ok})
	return url, canonical, ok
}

// Suggest suggests a name for name, and notes it.
func (r *Recorder) Suggest(name string) string {
	s := r.s.Suggest(name)
	if r.off {
		return s
	}
	r.calls = append(r.calls, Lookup{name: name, url: s, suggest: true})
	return s
}
