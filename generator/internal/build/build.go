// Package build runs one pass of the pipeline, load → model → render →
// publish, for both `sitrep build` and `sitrep check`.
package build

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"time"

	"sitrep/generator/internal/content"
	"sitrep/generator/internal/diag"
	"sitrep/generator/internal/publish"
	"sitrep/generator/internal/render"
	"sitrep/generator/internal/site"
)

// Config is one build. The zero value of every field but Site and Out is a
// sensible default.
type Config struct {
	Site    fs.FS     // the site folder: content/, templates/, static/
	Out     string    // the output folder; empty with DryRun
	BaseURL string    // overrides site.yaml's base_url
	Drafts  bool      // include drafts
	Now     time.Time // build time, for warnings about future dates
	DryRun  bool      // load, model and render, but write nothing
	Minify  bool      // minify HTML (through the templates), CSS, JS, JSON and SVG
	// PlainAssets publishes static files under their own names only, without
	// the fingerprinted copies (style.<hash>.css) that pages otherwise link
	// to; serve sets it, so that a stylesheet edit changes one file
	PlainAssets bool
	// Waiting, when set, is called once when another build holds the
	// output folder: this one waits for it to finish (publish.BeginWaiting)
	Waiting func()
}

// Report says what a pass did.
type Report struct {
	Briefs   int
	Entities int
	Pages    int
	Files    int // static files copied
	Bytes    int64
	Elapsed  time.Duration
	Diags    diag.List // every error and warning, sorted
}

// Run builds the site. Content and template problems are all reported in
// Report.Diags; when any is an error, nothing is written and the error
// returned is a *diag.Errors. Other errors (I/O) are returned as they are.
func Run(ctx context.Context, cfg Config) (Report, error) {
	start := time.Now()
	var rep Report
	restore := collectLess()
	corpus, diags := content.Load(cfg.Site)
	out := cfg.Out
	if cfg.DryRun {
		out = ""
	}
	diags.Add(checkSite(cfg.Site, out))
	var early *output
	if !cfg.DryRun && !diags.HasErrors() {
		early = beginOutput(ctx, cfg, corpus)
	}
	tmpl, tdiags := render.ParseTheme(cfg.Site, render.ThemeOptions{Minify: cfg.Minify, PlainAssets: cfg.PlainAssets})
	diags.Add(tdiags)
	s, sdiags := site.Build(corpus, site.Options{BaseURL: cfg.BaseURL, Drafts: cfg.Drafts, Now: cfg.Now})
	restore()
	diags.Add(sdiags)
	w, werr := early.writer()
	abort := func() {
		early.finish()
		if w != nil {
			w.Abort()
		}
	}
	rep.Briefs = len(s.Briefs)
	for _, k := range content.Kinds {
		rep.Entities += len(s.Entities[k])
	}
	if err := ctx.Err(); err != nil {
		abort()
		return rep, err
	}
	if rep.Diags = diags.Sort(); rep.Diags.HasErrors() {
		abort()
		// convert the markdown anyway, even when the templates are broken
		// (tmpl is nil), so that its problems are reported in the same pass
		conv, cdiags := render.Convert(s, tmpl)
		rep.Diags = append(rep.Diags, cdiags...)
		if tmpl != nil {
			// and render without writing, so that templates that fail when
			// run are reported in the same pass as the content's problems
			rep.Diags = append(rep.Diags, conv.Render(func(render.Page) error { return nil })...)
		}
		rep.Diags = rep.Diags.Sort()
		rep.Elapsed = time.Since(start)
		return rep, rep.Diags.Err()
	}
	if cfg.DryRun {
		var pages atomic.Int64 // Stream calls emit from several goroutines
		rep.Diags = append(rep.Diags, render.Stream(s, tmpl, func(render.Page) error { pages.Add(1); return nil }, true)...).Sort()
		rep.Pages = int(pages.Load())
		rep.Elapsed = time.Since(start)
		return rep, rep.Diags.Err()
	}
	if w == nil && werr == nil {
		w, werr = publish.BeginWaiting(ctx, cfg.Out, cfg.Waiting)
	}
	if werr != nil {
		return rep, werr
	}
	var err error
	// pages are written into the new folder as they are made; when the
	// markdown or a template has errors, the folder is thrown away
	if rep.Diags = append(rep.Diags, render.Stream(s, tmpl, w.Page, true)...).Sort(); rep.Diags.HasErrors() {
		abort()
		return rep, rep.Diags.Err()
	}
	if err := ctx.Err(); err != nil {
		abort()
		return rep, err
	}
	for _, f := range tmpl.Assets() {
		if err = w.File(f); err != nil {
			break
		}
	}
	if err == nil {
		err = ctx.Err()
	}
	if err != nil {
		abort()
		return rep, err
	}
	early.finish()
	res, err := w.Commit()
	if err != nil {
		return rep, err
	}
	rep.Pages, rep.Files, rep.Bytes = res.Pages, res.Files, res.Bytes
	rep.Elapsed = time.Since(start)
	return rep, nil
}

// An output is the output folder begun while the model is built.
type output struct {
	begun chan struct{} // closed once w or err is set
	done  chan struct{} // closed once the briefs' folders are made
	w     *publish.Writer
	err   error
}

// beginOutput begins the output folder, then makes the folder of every
// brief a build of corpus publishes, in the background: the model is built
// on one core, and these are system calls the other can make meanwhile.
// Only briefs that the model keeps get a folder (drafts only with
// cfg.Drafts); a model with errors throws the whole folder away.
func beginOutput(ctx context.Context, cfg Config, corpus *content.Corpus) *output {
	o := &output{begun: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(o.done)
		o.w, o.err = publish.BeginWaiting(ctx, cfg.Out, cfg.Waiting)
		close(o.begun)
		if o.err != nil {
			return
		}
		dirs := make([]string, 1, len(corpus.Briefs)+1)
		dirs[0] = "briefs"
		for _, b := range corpus.Briefs {
			if b.Slug != "" && (!b.Draft || cfg.Drafts) {
				dirs = append(dirs, "briefs/"+string(b.Slug))
			}
		}
		o.w.Dirs(dirs)
	}()
	return o
}

// writer returns the folder begun, or the error of beginning it; nil and
// nil for no output. Its briefs' folders may still be being made: finish
// must be called before it is committed or aborted.
func (o *output) writer() (*publish.Writer, error) {
	if o == nil {
		return nil, nil
	}
	<-o.begun
	return o.w, o.err
}

// finish waits until the briefs' folders are made.
func (o *output) finish() {
	if o != nil {
		<-o.done
	}
}

// collectLess lets the heap grow three times over what survived the last
// collection, instead of twice, until the function it returns is called:
// for reading the content and building the model, when nearly everything
// allocated is kept and the collector would run again and again over a
// heap that keeps doubling. The heap then stays below its size while
// rendering, so the peak memory of a build does not grow (measured; five
// times over was too much). A GOGC set by the user is left alone.
func collectLess() (restore func()) {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	old := debug.SetGCPercent(200)
	return func() { debug.SetGCPercent(old) }
}

// CheckOut refuses output folders that a build would destroy: the site
// folder itself, a folder containing it, one inside content/, templates/
// or static/ (or inside the folders they are symbolic links to: real paths
// are compared), and any folder holding files that no build wrote
// (publish.CheckOutput). Links deeper inside those folders that lead into
// the output are errors of the build (checkSite).
func CheckOut(siteDir, out string) error {
	s, err1 := filepath.Abs(siteDir)
	o, err2 := filepath.Abs(out)
	if err := errors.Join(err1, err2); err != nil {
		return err
	}
	s, o = resolve(s), resolve(o)
	if o == s || within(s, o) {
		return fmt.Errorf("output folder %s would replace the site folder %s: choose another -out", out, siteDir)
	}
	for _, d := range []string{"content", "templates", "static"} {
		// the folder may be a symbolic link: compare where it leads
		if src := resolve(filepath.Join(s, d)); o == src || within(o, src) {
			return fmt.Errorf("output folder %s is inside the site's %s/ folder: choose another -out", out, d)
		}
	}
	return publish.CheckOutput(out)
}

// resolve follows symbolic links of the longest existing prefix of p.
func resolve(p string) string {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	dir, base := filepath.Split(p)
	if dir == p || dir == "" {
		return p
	}
	return filepath.Join(resolve(filepath.Clean(dir)), base)
}

// within reports whether p lies strictly inside dir.
func within(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != "." && !strings.HasPrefix(rel, "..") && !filepath.IsAbs(rel)
}

// Summary is the one line `sitrep build` prints.
func (r Report) Summary(out string) string {
	_, warns := r.Diags.Count()
	w := ""
	if warns > 0 {
		w = fmt.Sprintf(", %d warning%s", warns, plural(warns))
	}
	return fmt.Sprintf("built %d page%s from %d brief%s and %d entit%s, copied %d static file%s (%s) into %s in %s%s",
		r.Pages, plural(r.Pages), r.Briefs, plural(r.Briefs), r.Entities, map[bool]string{true: "y", false: "ies"}[r.Entities == 1],
		r.Files, plural(r.Files), size(r.Bytes), out, r.Elapsed.Round(time.Millisecond), w)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func size(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
