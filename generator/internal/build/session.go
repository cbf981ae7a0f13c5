package build

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sync"

	"github.com/sitrep-dev/sitrep/generator/internal/diag"
	"github.com/sitrep-dev/sitrep/generator/internal/publish"
	"github.com/sitrep-dev/sitrep/generator/internal/render"
	"github.com/sitrep-dev/sitrep/generator/internal/site"
	"github.com/sitrep-dev/sitrep/generator/internal/theme"
)

// A Tree is a built site in memory: the bytes of every output file by slash
// path ("index.html", "briefs/x/index.html", "static/style.css"), exactly
// what Run writes into the output folder. A Tree returned by a Session is
// never modified afterwards.
type Tree map[string][]byte

// A Session builds a site in memory and rebuilds it after edits, redoing only
// what the edits touch, through the same pipeline as Run (pass): it re-reads
// the changed files (listing content/ again only when files appeared or
// went), rebuilds the model with site.Build unless only bodies changed (then
// the model is kept and the new parses put in it), and lets its render.Cache
// convert and render only what changed. Its tree always equals what Run
// would write for the same files (Config.Out and DryRun are not used);
// TestIncrementalEqualsFullBuild checks that after random edits. A Session
// is not safe for concurrent use.
type Session struct {
	cfg     Config
	cache   *render.Cache
	oneShot bool // Run's: one pass, nothing kept for another

	built     bool
	files     []string              // content files in walk order
	parsed    map[string]parsedFile // by path
	walkDiags diag.List             // problems listing content/
	linkDiags diag.List             // links and special files refused (checkSite)
	noContent bool                  // content/ cannot be read
	tmpl      *theme.Templates      // nil when templates have errors
	tdiags    diag.List             // template problems
	tkeys     map[string]uint64     // theme.Keys
	tree      Tree                  // the last good tree; nil before one
	site      *site.Site            // the model of the files parsed, nil when it must be rebuilt
	mdiags    diag.List             // its diagnostics
	drafts    int                   // the drafts the model leaves out
	attached  []attached            // the files beside briefs and profiles, to publish
	pending   *Pending              // the rendering RebuildLazy left running
	// afterModel, when set, is called once the model of the first pass
	// is built (Run: see collectLess)
	afterModel func()
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
	return s.pass(ctx, changed, s.treeSink, false)
}

// RebuildLazy is Rebuild, except that while the session has no good tree
// yet (its first build), once the pass has converted everything without
// errors it returns at once and renders in the background: the Update it
// returns has a nil Tree and a Pending, which renders a page at once when it
// is asked for (`sitrep serve` is serving before a site of 10,000 briefs has
// rendered). Pending.Wait returns what Rebuild would have. The next Rebuild
// waits for the pending rendering first.
func (s *Session) RebuildLazy(ctx context.Context, changed []string) (Update, error) {
	return s.pass(ctx, changed, s.treeSink, true)
}

func (s *Session) treeSink() (sink, error) {
	next := make(Tree, len(s.tree)+1)
	maps.Copy(next, s.tree)
	return &treeSink{last: s.tree, next: next}, nil
}

// A treeSink renders into a copy of the last good tree.
type treeSink struct {
	mu   sync.Mutex // guards next while pages are rendered
	last Tree
	next Tree
}

func (t *treeSink) Page(p render.Page) error {
	if !publish.ValidPath(p.Path) {
		return fmt.Errorf("refusing to write %q: not a path inside the output folder", p.Path)
	}
	data := slices.Clone(p.Data)
	t.mu.Lock()
	defer t.mu.Unlock()
	t.next[p.Path] = data
	return nil
}

func (t *treeSink) get(name string) ([]byte, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	data, ok := t.next[name]
	return data, ok
}

// Finish drops the pages that are gone, then lays static/ over the pages as
// publish does.
func (t *treeSink) Finish(files []string, assets []render.Page) (Report, []string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	keep := make(map[string]struct{}, len(files))
	for _, f := range files {
		keep[f] = struct{}{}
	}
	for f := range t.next {
		if _, ok := keep[f]; !ok {
			delete(t.next, f)
		}
	}
	for _, f := range assets {
		t.next[f.Path] = f.Data
	}
	return Report{Files: len(assets), Bytes: staticSize(assets)}, diffTrees(t.last, t.next), nil
}

func (t *treeSink) Abort() {}

// A Pending is the rendering that RebuildLazy left running. Its methods may
// be called from several goroutines.
type Pending struct {
	done   chan struct{}
	lazy   *render.Lazy
	tree   *treeSink // the pages rendered so far (there was no tree before)
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
		if data, ok := p.tree.get(name); ok {
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
