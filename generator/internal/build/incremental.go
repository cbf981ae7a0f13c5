package build

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	"sitrep/generator/internal/content"
	"sitrep/generator/internal/diag"
	"sitrep/generator/internal/parallel"
	"sitrep/generator/internal/publish"
	"sitrep/generator/internal/render"
	"sitrep/generator/internal/site"
)

// A Tree is a built site in memory: the bytes of every output file by slash
// path ("index.html", "briefs/x/index.html", "static/style.css"), exactly
// what Run writes into the output folder. A Tree returned by a Session is
// never modified afterwards.
type Tree map[string][]byte

// A Session builds a site in memory and rebuilds it after edits, redoing only
// what the edits touch: it re-reads the changed files (listing content/ again
// only when files appeared or went), rebuilds the model with site.Build
// unless only bodies changed (then the model is kept and the new parses put
// in it), and lets render.Cache convert and render only what changed. Its
// tree always equals what Run would write for the same files (Config.Out and
// DryRun are not used); TestIncrementalEqualsFullBuild checks that after
// random edits. A Session is not safe for concurrent use.
type Session struct {
	cfg   Config
	cache *render.Cache

	built     bool
	files     []string              // content files in walk order
	parsed    map[string]parsedFile // by path
	walkDiags diag.List             // problems listing content/
	linkDiags diag.List             // links and special files refused (checkSite)
	noContent bool                  // content/ cannot be read
	tmpl      *render.Templates     // nil when templates have errors
	tdiags    diag.List             // template problems
	tkeys     map[string]uint64     // render.TemplateKeys
	tree      Tree                  // the last good tree; nil before one
	model     *site.Site            // the model of the files parsed, nil when it must be rebuilt
	mdiags    diag.List             // its diagnostics
	pending   *Pending              // the rendering RebuildLazy left running
}

type parsedFile struct {
	hash uint64 // of the bytes parsed
	head uint64 // of the bytes without the body
	read bool   // false when the file could not be read
	content.File
}

// NewSession prepares a session; its first Rebuild builds everything.
func NewSession(cfg Config) *Session {
	return &Session{cfg: cfg, cache: render.NewCache(), parsed: map[string]parsedFile{}}
}

// An Update is the result of one Rebuild.
type Update struct {
	Report            // Pages counts the pages rendered by this pass; Diags and Elapsed as for Run
	Changed  []string // output files added, changed or removed, sorted; empty after an error
	Inputs   []string // the changed input paths the pass was given, or ["(everything)"]
	Tree     Tree     // the tree to serve: the new one, or the last good one after an error
	Rendered int      // pages rendered
	BasePath string   // the path of the site's base URL, "/" or "/briefing/"
	// Pending, set by RebuildLazy only, renders the pages still to render;
	// Tree is nil then, and the other fields are those of the pass so far
	Pending *Pending
}

// Rebuild brings the session up to date with the site folder. changed lists
// the slash paths, inside the site folder, of files and folders created,
// written, renamed or removed since the last call; nil means "anything may
// have changed", as on the first call. When the site has errors, the error
// returned is a *diag.Errors, Update.Diags holds them, and Update.Tree is the
// last good tree (nil when there never was one).
func (s *Session) Rebuild(ctx context.Context, changed []string) (Update, error) {
	return s.rebuild(ctx, changed, false)
}

// RebuildLazy is Rebuild, except that while the session has no good tree
// yet (its first build), once the pass has converted everything without
// errors it returns at once and renders in the background: the Update it
// returns has a nil Tree and a Pending, which renders a page at once when it
// is asked for (`sitrep serve` is serving before a site of 10,000 briefs has
// rendered). Pending.Wait returns what Rebuild would have. The next Rebuild
// waits for the pending rendering first.
func (s *Session) RebuildLazy(ctx context.Context, changed []string) (Update, error) {
	return s.rebuild(ctx, changed, true)
}

func (s *Session) rebuild(ctx context.Context, changed []string, lazy bool) (Update, error) {
	if s.pending != nil {
		<-s.pending.done // it set s.tree, or left the last good one
		s.pending = nil
	}
	start := time.Now()
	all := changed == nil || !s.built
	up := Update{Inputs: slices.Clone(changed)}
	if all {
		up.Inputs = []string{"(everything)"}
	}
	dirty := newDirtySet(changed, all)
	if all || dirty.under("content") {
		swaps, bodyOnly := s.loadContent(dirty)
		if bodyOnly && s.model != nil {
			swaps.apply(s.model) // the model does not depend on bodies
		} else {
			s.model = nil
		}
	}
	if all || dirty.under(render.TemplateDir) || dirty.under(render.StaticDir) {
		// the theme is its templates and its static files, which "asset"
		// names in pages (fingerprinted unless PlainAssets)
		s.tmpl, s.tdiags = render.ParseTheme(s.cfg.Site, render.ThemeOptions{Minify: s.cfg.Minify, PlainAssets: s.cfg.PlainAssets})
		var assets []string
		if s.tmpl != nil {
			assets = s.tmpl.AssetNames()
		}
		s.tkeys = render.TemplateKeys(s.cfg.Site, assets, s.cache.Seed())
	}
	s.built = true

	diags := slices.Clone(s.walkDiags)
	if all || len(s.linkDiags) > 0 || !regularFiles(s.cfg.Site, changed) {
		s.linkDiags = checkSite(s.cfg.Site, "")
	}
	diags.Add(s.linkDiags)
	parsed := make([]content.File, len(s.files))
	inputs := render.Inputs{Heads: make(map[string]uint64, len(s.files)), Templates: s.tkeys}
	for i, f := range s.files {
		p := s.parsed[f]
		parsed[i] = p.File
		inputs.Heads[f] = p.head
	}
	corpus := content.Assemble(s.files, parsed, &diags)
	if s.noContent {
		corpus.Site = content.DefaultSite()
	}
	diags.Add(s.tdiags)
	if s.model == nil {
		s.model, s.mdiags = site.Build(corpus, site.Options{BaseURL: s.cfg.BaseURL, Drafts: s.cfg.Drafts, Now: s.cfg.Now})
	}
	m := s.model
	up.BasePath = m.BasePath
	diags.Add(s.mdiags)
	up.Briefs = len(m.Briefs)
	for _, k := range content.Kinds {
		up.Entities += len(m.Entities[k])
	}
	up.Tree = s.tree
	if err := ctx.Err(); err != nil {
		return up, err
	}
	var pass *render.Pass
	if s.tmpl != nil {
		var cdiags diag.List
		pass, cdiags = s.cache.Convert(m, s.tmpl, inputs)
		diags.Add(cdiags)
	} else {
		// as Run: the markdown's problems are reported with the theme's
		_, cdiags := render.Convert(m, nil)
		diags.Add(cdiags)
	}
	fail := func(d diag.List) (Update, error) {
		up.Diags = d.Sort()
		up.Elapsed = time.Since(start)
		return up, up.Diags.Err()
	}
	if diags.HasErrors() {
		if pass != nil {
			// as Run, render without keeping anything, so that templates
			// that fail when run are reported with the content's problems;
			// pages whose keys did not change rendered before, and would again
			_, rdiags := pass.Render(func(render.Page) error { return nil })
			diags.Add(rdiags)
		}
		return fail(diags)
	}
	// render into a copy of the last good tree
	next := make(Tree, len(s.tree)+1)
	maps.Copy(next, s.tree)
	var mu sync.Mutex // guards next while pages are rendered
	lz := pass.Lazily(func(p render.Page) error {
		if !publish.ValidPath(p.Path) {
			return fmt.Errorf("refusing to write %q: not a path inside the output folder", p.Path)
		}
		data := slices.Clone(p.Data)
		mu.Lock()
		defer mu.Unlock()
		next[p.Path] = data
		return nil
	})
	assets := s.tmpl.Assets()
	finish := func() (Update, error) {
		rendered, rdiags := lz.Finish()
		up.Rendered, up.Pages = rendered, rendered
		if rdiags.HasErrors() {
			return fail(append(diags, rdiags...))
		}
		mu.Lock()
		defer mu.Unlock()
		// drop pages that are gone, then lay static/ over the pages as publish does
		pages := make(map[string]struct{}, len(next))
		for _, f := range pass.Files() {
			pages[f] = struct{}{}
		}
		for f := range next {
			if _, ok := pages[f]; !ok {
				delete(next, f)
			}
		}
		for _, f := range assets {
			next[f.Path] = f.Data
		}
		pass.Commit()
		up.Changed = diffTrees(s.tree, next)
		s.tree = next
		up.Tree = next
		up.Files = len(assets)
		for _, data := range next {
			up.Bytes += int64(len(data))
		}
		up.Diags = diags.Sort()
		up.Elapsed = time.Since(start)
		return up, nil
	}
	if !lazy || s.tree != nil {
		return finish()
	}
	p := &Pending{done: make(chan struct{}), lazy: lz, mu: &mu, tree: next, assets: map[string][]byte{}}
	for _, f := range assets {
		p.assets[f.Path] = f.Data
	}
	early := up // copied before finish changes up
	early.Pending = p
	early.Diags = slices.Clone(diags).Sort() // finish sorts diags itself
	early.Elapsed = time.Since(start)
	s.pending = p
	go func() { // owner: the session; its next Rebuild waits for it
		p.up, p.err = finish()
		close(p.done)
	}()
	return early, nil
}

// A Pending is the rendering that RebuildLazy left running. Its methods may
// be called from several goroutines.
type Pending struct {
	done   chan struct{}
	lazy   *render.Lazy
	mu     *sync.Mutex // guards tree until done
	tree   Tree        // the pages rendered so far (there was no tree before)
	assets map[string][]byte
	up     Update // the result, once done
	err    error
}

// Get returns a file of the site being rendered: a page is rendered at once
// if it was not yet; any other file (a feed, the sitemap) is returned once
// everything is rendered, and so is the answer for a path that is no file.
func (p *Pending) Get(name string) ([]byte, bool) {
	select {
	case <-p.done:
		data, ok := p.up.Tree[name] // nil after an error
		return data, ok
	default:
	}
	if data, ok := p.assets[name]; ok {
		return data, true
	}
	if p.lazy.Page(name) {
		p.mu.Lock()
		data, ok := p.tree[name]
		p.mu.Unlock()
		if ok {
			return data, true
		}
	}
	<-p.done
	data, ok := p.up.Tree[name]
	return data, ok
}

// Done is closed when everything is rendered.
func (p *Pending) Done() <-chan struct{} { return p.done }

// Wait waits until everything is rendered and returns what Rebuild would
// have returned.
func (p *Pending) Wait() (Update, error) {
	<-p.done
	return p.up, p.err
}

// diffTrees lists the paths whose bytes differ between two trees.
func diffTrees(old, next Tree) []string {
	var out []string
	for p, data := range next {
		if o, ok := old[p]; !ok || string(o) != string(data) {
			out = append(out, p)
		}
	}
	for p := range old {
		if _, ok := next[p]; !ok {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return out
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
		h := s.cache.HashFile(data)
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
		if len(body) > 0 && bytes.HasSuffix(data, body) {
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
