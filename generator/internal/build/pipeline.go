package build

import (
	"context"
	"encoding/binary"
	"slices"
	"time"

	"github.com/sitrep-dev/sitrep/generator/internal/assets"
	"github.com/sitrep-dev/sitrep/generator/internal/content"
	"github.com/sitrep-dev/sitrep/generator/internal/diag"
	"github.com/sitrep-dev/sitrep/generator/internal/render"
	"github.com/sitrep-dev/sitrep/generator/internal/site"
	"github.com/sitrep-dev/sitrep/generator/internal/theme"
)

// A sink is where a pass puts what it makes: the output folder (Run) or
// the session's tree in memory (Rebuild). Page is called from several
// goroutines and must not keep p.Data after it returns.
type sink interface {
	Page(p render.Page) error
	// Finish adds the static files, once every page is in, and makes the
	// output the new one; files lists every page and file of the pass
	Finish(files []string, assets []render.Page) (Report, []string, error)
	// Abort throws away what the pass put in
	Abort()
}

// discard is the page sink of a pass with errors: it renders every page it
// would, for the templates' errors, and keeps none.
func discard(render.Page) error { return nil }

// pass is the pipeline, for a full build and a rebuild alike: it reads
// what changed (everything the first time, or with changed nil), parses
// the theme when it changed, builds the model unless only bodies changed,
// lets the render planner (the session's cache) convert and render what
// the changes touch, and hands the pages to out. With lazy and no good
// tree yet, it returns once everything is converted and renders in the
// background (see RebuildLazy).
func (s *Session) pass(ctx context.Context, changed []string, out func() (sink, error), lazy bool) (Update, error) {
	if s.pending != nil {
		<-s.pending.done // it set s.tree, or left the last good one
		s.pending = nil
	}
	start := time.Now()
	all := changed == nil || !s.built
	up := Update{Inputs: slices.Clone(changed), Tree: s.tree}
	if all {
		up.Inputs = []string{"(everything)"}
	}
	m, diags, inputs := s.model(all, changed)
	if s.afterModel != nil {
		s.afterModel()
		s.afterModel = nil
	}
	up.BasePath = m.BasePath
	up.Briefs, up.Drafts = len(m.Briefs), s.drafts
	for _, k := range content.Kinds {
		up.Entities += len(m.Entities[k])
	}
	fail := func(d diag.List, sk sink) (Update, error) {
		if sk != nil {
			sk.Abort()
		}
		up.Diags = d.Sort()
		up.Elapsed = time.Since(start)
		return up, up.Diags.Err()
	}
	if err := ctx.Err(); err != nil {
		return up, err
	}
	// a pass with errors converts and renders all the same, into nothing,
	// so that the markdown's and the templates' problems are reported with
	// the content's, all at once
	var sk sink
	emit := discard
	if !diags.HasErrors() && s.tmpl != nil {
		var err error
		if sk, err = out(); err != nil {
			return up, err
		}
		emit = sk.Page
	}
	pass, cdiags := s.cache.Convert(m, s.tmpl, inputs, emit)
	if diags.Add(cdiags); s.tmpl == nil || diags.HasErrors() {
		if s.tmpl != nil {
			_, rdiags := pass.Render(discard)
			diags.Add(rdiags)
		}
		return fail(diags, sk)
	}
	if err := ctx.Err(); err != nil {
		sk.Abort()
		return up, err
	}
	lz := pass.Lazily(sk.Page)
	finish := func() (Update, error) {
		rendered, rdiags := lz.Finish()
		up.Rendered, up.Pages = rendered, rendered
		if diags.Add(rdiags); rdiags.HasErrors() {
			return fail(diags, sk)
		}
		if err := ctx.Err(); err != nil {
			sk.Abort()
			return up, err
		}
		if cl := clashes(pass.Files(), s.attached); len(cl) > 0 {
			return fail(append(diags, cl...), sk)
		}
		rep, changed, err := sk.Finish(pass.Files(), s.assets())
		if err != nil {
			return up, err
		}
		pass.Commit()
		up.Files, up.Bytes, up.Changed = rep.Files, rep.Bytes, changed
		if rep.Pages > 0 {
			up.Pages = rep.Pages
		}
		if t, ok := sk.(*treeSink); ok {
			s.tree, up.Tree = t.next, t.next
		}
		up.Diags = diags.Sort()
		up.Elapsed = time.Since(start)
		return up, nil
	}
	if !lazy || s.tree != nil {
		return finish()
	}
	return s.renderLater(up, diags, lz, sk.(*treeSink), start, finish), nil
}

// assets are the files a pass publishes as they are: the theme's static
// files and the files beside briefs and profiles.
func (s *Session) assets() []render.Page {
	var out []render.Page
	for _, f := range s.tmpl.Assets() {
		out = append(out, render.Page(f))
	}
	for _, a := range s.attached {
		out = append(out, a.Page)
	}
	return out
}

// renderLater leaves the rendering of a lazy pass to a goroutine, which
// calls finish; up is what the pass knows so far.
func (s *Session) renderLater(up Update, diags diag.List, lz *render.Lazy, t *treeSink, start time.Time, finish func() (Update, error)) Update {
	p := &Pending{done: make(chan struct{}), lazy: lz, tree: t, assets: map[string][]byte{}}
	for _, f := range s.assets() {
		p.assets[f.Path] = f.Data
	}
	up.Pending = p
	up.Diags = slices.Clone(diags).Sort() // finish sorts diags itself
	up.Elapsed = time.Since(start)
	s.pending = p
	go func() { // owner: the session; its next pass waits for it
		p.up, p.err = finish()
		close(p.done)
	}()
	return up
}

// model brings the model up to date with the changed files: it reads the
// content files that changed, parses the theme when it changed, and builds
// the model again unless only bodies changed (then the model is kept and
// the new parses put in it). It returns the model, every problem so far
// and the inputs of the render planner.
func (s *Session) model(all bool, changed []string) (*site.Site, diag.List, render.Inputs) {
	dirty := newDirtySet(changed, all)
	if all || dirty.under("content") {
		swaps, bodyOnly := s.loadContent(dirty)
		if bodyOnly && s.site != nil {
			swaps.apply(s.site) // the model does not depend on bodies
		} else {
			s.site = nil
		}
	}
	if all || dirty.under(theme.Dir) || dirty.under(assets.Dir) {
		// the theme is its templates and its static files, which "asset"
		// names in pages (fingerprinted unless PlainAssets)
		fsys := s.cfg.Site
		if !s.oneShot {
			fsys = themeSnapshot(fsys) // what is parsed is what is hashed
		}
		s.tmpl, s.tdiags = render.ParseTheme(fsys, theme.Options{Minify: s.cfg.Minify, PlainAssets: s.cfg.PlainAssets, Interpreted: s.cfg.Templates == TemplatesHTML})
		if !s.oneShot {
			var assets []string
			if s.tmpl != nil {
				assets = s.tmpl.AssetNames()
			}
			s.tkeys = theme.Keys(fsys, assets, s.cache.Seed())
		}
	}
	s.built = true
	diags := slices.Clone(s.walkDiags)
	// links and special files the site folder refuses, all at once; an edit
	// of regular files alone cannot have made or taken one away
	if all || len(s.linkDiags) > 0 || !regularFiles(s.cfg.Site, changed) {
		out := ""
		if s.oneShot && !s.cfg.DryRun {
			out = s.cfg.Out
		}
		s.linkDiags = checkSite(s.cfg.Site, out)
	}
	diags.Add(s.linkDiags)
	parsed := make([]content.File, len(s.files))
	inputs := render.Inputs{Heads: make(map[string]uint64, len(s.files)), Templates: s.tkeys}
	for i, f := range s.files {
		p := s.parsed[f]
		parsed[i] = p.File
		inputs.Heads[f] = p.head
	}
	if s.oneShot {
		s.parsed = nil // the model holds what it needs
	}
	corpus := content.Assemble(s.files, parsed, &diags)
	if s.noContent {
		corpus.Site = content.DefaultSite()
	}
	diags.Add(s.tdiags)
	if s.site == nil {
		s.drafts = 0
		for _, b := range corpus.Briefs {
			if b.Draft && !s.cfg.Drafts {
				s.drafts++
			}
		}
		s.site, s.mdiags = site.Build(corpus, site.Options{BaseURL: s.cfg.BaseURL, Drafts: s.cfg.Drafts, Now: s.cfg.Now})
	}
	diags.Add(s.mdiags)
	var fdiags diag.List
	inputs.Files, s.attached, fdiags = linkTable(s.cfg.Site, s.site, corpus, s.tmpl, s.cfg.Drafts)
	diags.Add(fdiags)
	if !s.oneShot {
		// an image: key resolves through the link table (another brief's
		// slug, a static file's name): its URL is part of the front matter
		// that keys the pages showing it
		imageHead := func(f string, img content.Image) {
			if img.Src != "" {
				inputs.Heads[f] = s.cache.HashFile(binary.LittleEndian.AppendUint64([]byte(img.URL), inputs.Heads[f]))
			}
		}
		for _, b := range corpus.Briefs {
			imageHead(b.File, b.Image)
		}
		for _, p := range corpus.Profiles {
			imageHead(p.File, p.Image)
		}
	}
	return s.site, diags, inputs
}
