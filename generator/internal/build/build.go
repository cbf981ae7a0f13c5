// Package build is the pipeline, load → model → render → publish, one
// function (Session.pass) for `sitrep build` and `sitrep check` (Run: one
// pass into the output folder, nothing kept) and for `sitrep serve`
// (Session.Rebuild: a pass after each edit into a tree in memory, redoing
// only what the edit touched).
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

	"github.com/sitrep-dev/sitrep/generator/internal/diag"
	"github.com/sitrep-dev/sitrep/generator/internal/publish"
	"github.com/sitrep-dev/sitrep/generator/internal/render"
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
	// Templates is what executes the templates: tmplexec (TemplatesCompiled,
	// the default) or html/template alone (TemplatesHTML)
	Templates Templates
}

// Report says what a pass did.
type Report struct {
	Briefs   int
	Entities int
	Pages    int
	Files    int   // static files copied
	Bytes    int64 // their size
	Drafts   int   // drafts left out (Config.Drafts unset)
	Elapsed  time.Duration
	Diags    diag.List // every error and warning, sorted
}

// Run builds the site: the pipeline of a Session that keeps nothing for
// another pass, with the output folder as its sink. Content and template
// problems are all reported in Report.Diags; when any is an error, nothing
// is written and the error returned is a *diag.Errors. Other errors (I/O)
// are returned as they are.
func Run(ctx context.Context, cfg Config) (Report, error) {
	s := &Session{cfg: cfg, cache: render.NewOneShotCache(), parsed: map[string]parsedFile{}, oneShot: true, afterModel: collectLess()}
	out := func() (sink, error) {
		if cfg.DryRun {
			return new(countSink), nil
		}
		w, err := publish.BeginWaiting(ctx, cfg.Out, cfg.Waiting)
		if err != nil {
			return nil, err
		}
		return dirSink{w}, nil
	}
	up, err := s.pass(ctx, nil, out, false)
	return up.Report, err
}

// A dirSink writes a pass into a new output folder, which replaces the
// old one when the pass is finished.
type dirSink struct{ w *publish.Writer }

func (d dirSink) Page(p render.Page) error { return d.w.Page(p.Path, p.Data) }

func (d dirSink) Finish(_ []string, assets []render.Page) (Report, []string, error) {
	for _, f := range assets {
		if err := d.w.File(f.Path, f.Data); err != nil {
			d.w.Abort()
			return Report{}, nil, err
		}
	}
	res, err := d.w.Commit()
	return Report{Pages: res.Pages, Files: res.Files, Bytes: staticSize(assets)}, nil, err
}

func (d dirSink) Abort() { d.w.Abort() }

// A countSink counts the pages of a dry run.
type countSink struct{ pages atomic.Int64 }

func (c *countSink) Page(render.Page) error { c.pages.Add(1); return nil }

func (c *countSink) Finish(_ []string, assets []render.Page) (Report, []string, error) {
	return Report{Pages: int(c.pages.Load()), Files: len(assets), Bytes: staticSize(assets)}, nil, nil
}

// staticSize is the size of the static files.
func staticSize(assets []render.Page) (n int64) {
	for _, f := range assets {
		n += int64(len(f.Data))
	}
	return n
}

func (c *countSink) Abort() {}

// collectLess lets the heap grow three times over what survived the last
// collection, instead of twice, until the function it returns is called:
// for reading the content and building the model, when nearly everything
// allocated is kept and the collector would run again and again over a
// heap that keeps doubling. The heap then stays below its size while
// rendering, so the peak memory of a build does not grow (measured; five
// times over was too much). A GOGC set by the user is left alone.
func collectLess() (restore func()) {
	if os.Getenv("GOGC") != "" {
		return nil
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
		w = fmt.Sprintf(", %d warning%s", warns, diag.Plural(warns))
	}
	if r.Drafts > 0 {
		w += fmt.Sprintf("; %d draft%s left out (build with -drafts to include them)", r.Drafts, diag.Plural(r.Drafts))
	}
	return fmt.Sprintf("built %d page%s from %d brief%s and %d entit%s, copied %d static file%s (%s) into %s in %s%s",
		r.Pages, diag.Plural(r.Pages), r.Briefs, diag.Plural(r.Briefs), r.Entities, map[bool]string{true: "y", false: "ies"}[r.Entities == 1],
		r.Files, diag.Plural(r.Files), size(r.Bytes), out, r.Elapsed.Round(time.Millisecond), w)
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
