package build

import (
	"bytes"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/sitrep-dev/sitrep/generator/internal/content"
	"github.com/sitrep-dev/sitrep/generator/internal/parallel"
	"github.com/sitrep-dev/sitrep/generator/internal/site"
)

// parsedFile is a content file as the session last read it.
type parsedFile struct {
	hash uint64 // of the bytes parsed
	head uint64 // of the bytes without the body
	read bool   // false when the file could not be read
	content.File
}

// dirtySet is the set of changed paths; a path is dirty when it or a folder
// holding it is in the set.
type dirtySet struct {
	all   bool
	paths map[string]bool
}

func newDirtySet(changed []string, all bool) dirtySet {
	d := dirtySet{all: all, paths: map[string]bool{}}
	for _, p := range changed {
		d.paths[path.Clean(strings.TrimPrefix(p, "./"))] = true
	}
	return d
}

// has reports whether p or one of its folders changed.
func (d dirtySet) has(p string) bool {
	if d.all {
		return true
	}
	for {
		if d.paths[p] {
			return true
		}
		i := strings.LastIndexByte(p, '/')
		if i < 0 {
			return false
		}
		p = p[:i]
	}
}

// under reports whether a changed path lies in the folder dir, or holds it.
func (d dirtySet) under(dir string) bool {
	if d.all {
		return true
	}
	for p := range d.paths {
		if p == dir || p == "." || strings.HasPrefix(p, dir+"/") || strings.HasPrefix(dir, p+"/") {
			return true
		}
	}
	return false
}

// swaps maps the parses of files whose bodies alone changed to their new
// parses.
type swaps struct {
	briefs   map[*content.Brief]*content.Brief
	profiles map[*content.Profile]*content.Profile
}

// apply puts the new parses into a model built from the old ones: as only
// bodies changed, it is then the model a fresh site.Build would make.
func (sw swaps) apply(m *site.Site) {
	for _, b := range m.Briefs {
		if n := sw.briefs[b.Brief]; n != nil {
			b.Brief = n
		}
	}
	for i, p := range m.Profiles {
		if n := sw.profiles[p]; n != nil {
			m.Profiles[i] = n
		}
	}
	for _, k := range content.Kinds {
		for _, e := range m.Entities[k] {
			if n := sw.profiles[e.Profile]; e.Profile != nil && n != nil {
				e.Profile = n
			}
		}
	}
}

// ignoredPath reports whether content.Files skips a path under content/.
func ignoredPath(p string) bool {
	for _, part := range strings.Split(p, "/")[1:] {
		if content.Ignored(part) {
			return true
		}
	}
	return false
}

// loadContent re-reads the files of content/ that are new or dirty; a file
// whose bytes did not change keeps its parse. It lists content/ again only
// when a dirty path is not a known file. bodyOnly is true when the set of
// files is the same and every file parsed again changed in its body alone
// (same front matter, same problems): the model of the site is then the same.
func (s *Session) loadContent(dirty dirtySet) (sw swaps, bodyOnly bool) {
	walk := dirty.all
	for p := range dirty.paths {
		if walk {
			break
		}
		if p != "content" && !strings.HasPrefix(p, "content/") || ignoredPath(p) {
			continue
		}
		_, known := s.parsed[p]
		fi, err := fs.Stat(s.cfg.Site, p)
		walk = !known || err != nil || !fi.Mode().IsRegular()
	}
	if walk {
		files, wdiags, err := content.Files(s.cfg.Site)
		s.files, s.walkDiags, s.noContent = files, wdiags, err != nil
	}
	var todo []string
	for _, f := range s.files {
		if _, ok := s.parsed[f]; !ok || dirty.has(f) {
			todo = append(todo, f)
		}
	}
	type read struct {
		parsedFile
		keep bool
	}
	results := make([]read, len(todo))
	parallel.For(len(todo), func(i int) {
		f := todo[i]
		data, err := fs.ReadFile(s.cfg.Site, f)
		if err != nil {
			results[i].File = content.ReadFile(s.cfg.Site, f) // reports the error as Load does
			return
		}
		var h uint64
		if !s.oneShot { // a one-shot build compares with nothing
			h = s.cache.HashFile(data)
		}
		if prev, ok := s.parsed[f]; ok && prev.read && prev.hash == h {
			results[i] = read{keep: true}
			return
		}
		pf := parsedFile{hash: h, head: h, read: true, File: content.ParseFile(f, data)}
		var body []byte
		if pf.Brief != nil {
			body = pf.Brief.Body
		} else if pf.Profile != nil {
			body = pf.Profile.Body
		}
		if len(body) > 0 && bytes.HasSuffix(data, body) && !s.oneShot {
			pf.head = s.cache.HashFile(data[:len(data)-len(body)])
		}
		results[i].parsedFile = pf
	})
	next := s.parsed
	if walk {
		next = make(map[string]parsedFile, len(s.files))
		for _, f := range s.files {
			if p, ok := s.parsed[f]; ok {
				next[f] = p
			}
		}
	}
	sw = swaps{briefs: map[*content.Brief]*content.Brief{}, profiles: map[*content.Profile]*content.Profile{}}
	bodyOnly = !walk
	for i, f := range todo {
		r := results[i]
		if r.keep {
			continue
		}
		old, ok := next[f]
		switch {
		case ok && old.read && r.read && old.Attachment != nil && r.Attachment != nil:
			// the model does not depend on the files beside briefs: their
			// URLs and sizes reach pages through the link table
		case !ok || !old.read || !r.read || old.head != r.head || !slices.Equal(old.Diags, r.Diags):
			bodyOnly = false
		case old.Brief != nil && r.Brief != nil:
			sw.briefs[old.Brief] = r.Brief
		case old.Profile != nil && r.Profile != nil:
			sw.profiles[old.Profile] = r.Profile
		default:
			bodyOnly = false
		}
		next[f] = r.parsedFile
	}
	s.parsed = next
	return sw, bodyOnly
}
