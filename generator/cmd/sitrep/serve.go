package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"time"

	"github.com/sitrep-dev/sitrep/generator/internal/build"
	"github.com/sitrep-dev/sitrep/generator/internal/content"
	"github.com/sitrep-dev/sitrep/generator/internal/diag"
	"github.com/sitrep-dev/sitrep/generator/internal/serve"
	"github.com/sitrep-dev/sitrep/generator/internal/watch"
)

// cmdServe builds the site in memory, serves it, and rebuilds what each
// batch of edits touches until ctx ends.
func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parseServe(args, stderr)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %w (is another server running? choose another port with -addr)", o.addr, errors.Unwrap(err))
	}
	defer ln.Close() // closed by Shutdown too; a second close is harmless

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	w, err := watch.Start(ctx, watch.Options{Root: o.siteDir, Dirs: []string{"content", "templates", "static"}, Ignore: content.Ignored})
	if err != nil {
		return fmt.Errorf("cannot watch %s: %w", o.siteDir, err)
	}
	defer w.Wait()
	defer cancel() // runs before Wait

	// not minified, and static files under their own names, so that a
	// stylesheet edit changes that file alone and is swapped in place
	sess := build.NewSession(build.Config{Site: siteFS(o.siteDir), BaseURL: o.baseURL, Drafts: o.drafts, Now: time.Now(), PlainAssets: true, Templates: o.templates})
	srv := serve.New("/")
	srv.AllowHosts(o.addr, ln.Addr().String()) // and loopback names: no DNS rebinding
	// the first build serves as soon as everything is converted and checked;
	// pages render in the background, and at once when asked for
	up, err := sess.RebuildLazy(ctx, nil)
	var rendering <-chan struct{}
	switch {
	case up.Pending != nil:
		srv.UpdateLazy(up.BasePath, up.Pending.Get)
		rendering = up.Pending.Done()
		fmt.Fprintf(stdout, "checked %d brief%s and %d entit%s in %s; rendering pages in the background\n",
			up.Briefs, diag.Plural(up.Briefs), up.Entities, map[bool]string{true: "y", false: "ies"}[up.Entities == 1], up.Elapsed.Round(100*time.Microsecond))
	case !report(stdout, stderr, srv, up, err, true, false) && !isDiag(err):
		return err
	}
	url := "http://" + ln.Addr().String() + up.BasePath
	fmt.Fprintf(stdout, "serving %s (Ctrl-C to stop)\n", url)
	if o.open {
		openBrowser(url)
	}

	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }() // owner: cmdServe; ends at Shutdown
	batches := w.Batches
	// rendered reports the end of the first build's rendering, once
	rendered := func() {
		if rendering == nil {
			return
		}
		<-rendering
		rendering = nil
		up, err := up.Pending.Wait()
		// quiet: every page served so far is already the rendered one
		if !report(stdout, stderr, srv, up, err, true, true) && !isDiag(err) {
			fmt.Fprintf(stderr, "sitrep serve: %s\n", escapeLines(err.Error()))
			srv.Fail([]string{err.Error()})
		}
	}
	for {
		select {
		case <-rendering:
			rendered()
		case err := <-served:
			return fmt.Errorf("server stopped: %w", err)
		case <-ctx.Done():
			srv.Close() // end the event streams, so that Shutdown finds idle connections
			sctx, scancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer scancel()
			if err := hs.Shutdown(sctx); err != nil {
				return err
			}
			fmt.Fprintln(stdout, "stopped")
			return nil
		case b, ok := <-batches:
			if !ok {
				batches = nil // ctx ended; the next turn returns
				continue
			}
			rendered() // before a rebuild, which supersedes it
			if !rebuild(ctx, sess, srv, o.siteDir, b, batches, stdout, stderr) {
				batches = nil // closed while settling: ctx ended
			}
		}
	}
}

// midWrite is how long a batch waits for more edits when a file may be
// caught in the middle of a write: an empty file (an editor truncates it,
// then writes) is not read until it has more or midWrite has passed, and a
// rebuild that failed (a file read half-written, its front matter not yet
// closed) reports its errors only when no more edits came within midWrite,
// or the site is still bad after them.
const midWrite = 100 * time.Millisecond

// rebuild rebuilds what a batch of edits touched and passes the result to
// the server. When the rebuild fails, it waits up to midWrite for more
// batches and rebuilds with them; it reports the errors only when none came
// or the site is still bad then. It returns false when batches was closed.
func rebuild(ctx context.Context, sess *build.Session, srv *serve.Server, siteDir string, b watch.Batch, batches <-chan watch.Batch, stdout, stderr io.Writer) bool {
	b, open := settle(siteDir, b, batches)
	if !open {
		return false
	}
	up, ok, err := rebuildOnce(ctx, sess, b, stderr)
	if !ok {
		return true
	}
	deadline := time.NewTimer(midWrite)
	defer deadline.Stop()
	for isDiag(err) {
		var more watch.Batch
		select {
		case more, ok = <-batches:
			if !ok {
				return false
			}
		case <-deadline.C:
		case <-ctx.Done():
			return true
		}
		if more.Paths == nil && !more.Rescan {
			break // no more edits: the errors are real
		}
		if more, ok = settle(siteDir, more, batches); !ok {
			return false
		}
		if up2, ok, err2 := rebuildOnce(ctx, sess, more, stderr); ok {
			up, err = up2, err2
		}
	}
	if errors.Is(err, context.Canceled) {
		return true
	}
	if !report(stdout, stderr, srv, up, err, false, false) && !isDiag(err) {
		fmt.Fprintf(stderr, "sitrep serve: %s\n", escapeLines(err.Error()))
		srv.Fail([]string{err.Error()})
	}
	return true
}

// settle holds a batch that names an empty file (one an editor has
// truncated and not yet written again) for up to midWrite, adding to it the
// batches that come meanwhile, so that the rebuild reads the file written;
// it returns false when batches was closed.
func settle(siteDir string, b watch.Batch, batches <-chan watch.Batch) (watch.Batch, bool) {
	var deadline *time.Timer
	for !b.Rescan && emptyFile(siteDir, b.Paths) {
		if deadline == nil {
			deadline = time.NewTimer(midWrite)
			defer deadline.Stop()
		}
		select {
		case more, ok := <-batches:
			if !ok {
				return b, false
			}
			b = watch.Batch{Paths: sortedUnion(b.Paths, more.Paths), Rescan: b.Rescan || more.Rescan, Err: errors.Join(b.Err, more.Err)}
		case <-deadline.C:
			return b, true
		}
	}
	return b, true
}

// emptyFile reports whether one of the first paths (slash paths in the
// site folder) is an empty regular file.
func emptyFile(siteDir string, paths []string) bool {
	for _, p := range paths[:min(len(paths), 64)] {
		if fi, err := os.Lstat(filepath.Join(siteDir, filepath.FromSlash(p))); err == nil && fi.Mode().IsRegular() && fi.Size() == 0 {
			return true
		}
	}
	return false
}

func sortedUnion(a, b []string) []string {
	u := slices.Concat(a, b)
	slices.Sort(u)
	return slices.Compact(u)
}

// rebuildOnce runs one rebuild for a batch; ran is false when the batch
// changed nothing.
func rebuildOnce(ctx context.Context, sess *build.Session, b watch.Batch, stderr io.Writer) (up build.Update, ran bool, err error) {
	if b.Err != nil {
		fmt.Fprintf(stderr, "sitrep serve: watch: %s\n", escapeLines(b.Err.Error()))
	}
	changed := b.Paths
	if b.Rescan {
		changed = nil
	} else if len(changed) == 0 {
		return up, false, nil
	}
	up, err = sess.Rebuild(ctx, changed)
	return up, true, err
}

// serveOptions are the flags of serve.
type serveOptions struct {
	siteDir, addr, baseURL string
	drafts, open           bool
	templates              build.Templates
}

// parseServe parses the flags of serve.
func parseServe(args []string, stderr io.Writer) (serveOptions, error) {
	var o serveOptions
	fs := newFlags("serve", "[-site DIR] [-addr 127.0.0.1:8080] [-base-url URL] [-drafts=true] [-open]", stderr)
	fs.StringVar(&o.siteDir, "site", ".", siteUsage)
	fs.StringVar(&o.addr, "addr", "127.0.0.1:8080", "the `address` to listen on; loopback unless you name another")
	fs.StringVar(&o.baseURL, "base-url", "", "override site.yaml's base_url with this `URL`, e.g. https://example.org/briefing/: the site is served under its path, as published")
	fs.BoolVar(&o.drafts, "drafts", true, "show briefs marked draft: true, marked as drafts; -drafts=false previews the site as published")
	fs.BoolVar(&o.open, "open", false, "open the site in the default browser")
	fs.TextVar(&o.templates, "templates", build.TemplatesCompiled, "run the templates in this `mode`: compiled (by tmplexec) or html (html/template alone; slower)")
	if err := parse(fs, args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "sitrep serve: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return o, errUsage
	}
	if o.baseURL != "" {
		if err := content.CheckBaseURL(o.baseURL); err != nil {
			fmt.Fprintf(stderr, "sitrep serve: %v\n", err)
			return o, errUsage
		}
	}
	if info, err := os.Stat(o.siteDir); err != nil || !info.IsDir() {
		fmt.Fprintf(stderr, "sitrep serve: -site %s is not a folder\n", o.siteDir)
		return o, errUsage
	}
	return o, nil
}

func isDiag(err error) bool {
	var de *diag.Errors
	return errors.As(err, &de)
}

// report prints the one line of a rebuild (and its diagnostics) and passes
// the result to the server, which reloads the open pages that changed
// unless quiet; false when the rebuild failed.
func report(stdout, stderr io.Writer, srv *serve.Server, up build.Update, err error, first, quiet bool) bool {
	ms := up.Elapsed.Round(100 * time.Microsecond)
	what := "built"
	if !first {
		what = "rebuilt after " + describe(up.Inputs)
	}
	if err != nil {
		printDiags(stderr, up.Diags)
		if isDiag(err) {
			lines := make([]string, 0, len(up.Diags))
			for _, d := range up.Diags {
				lines = append(lines, d.String())
			}
			srv.Fail(lines)
			errs, _ := up.Diags.Count()
			serving := "serving the last good site"
			if up.Tree == nil {
				serving = "the open page shows the errors until a build succeeds"
			}
			fmt.Fprintf(stdout, "%s: failed with %d error%s in %s; %s\n", what, errs, diag.Plural(errs), ms, serving)
		}
		return false
	}
	for _, d := range up.Diags {
		fmt.Fprintln(stderr, d)
	}
	reload := up.Changed
	if quiet {
		reload = nil
	}
	srv.Update(up.BasePath, up.Tree, reload)
	fmt.Fprintf(stdout, "%s: %d page%s rendered, %d file%s changed, in %s\n", what, up.Rendered, diag.Plural(up.Rendered), len(up.Changed), diag.Plural(len(up.Changed)), ms)
	return true
}

// describe names the changed inputs briefly: one path, or a count.
func describe(paths []string) string {
	switch len(paths) {
	case 0:
		return "no change"
	case 1:
		return diag.QuotePath(paths[0])
	case 2:
		return diag.QuotePath(paths[0]) + " and " + diag.QuotePath(paths[1])
	}
	return fmt.Sprintf("%s and %d more", diag.QuotePath(paths[0]), len(paths)-1)
}

// openBrowser opens url in the desktop's browser; failures are printed by
// the opener itself, and a missing opener is not worth failing for.
func openBrowser(url string) {
	name := "xdg-open"
	switch runtime.GOOS {
	case "darwin":
		name = "open"
	case "windows":
		name = "explorer"
	}
	if p, err := exec.LookPath(name); err == nil {
		cmd := exec.Command(p, url)
		if cmd.Start() == nil {
			go func() { _ = cmd.Wait() }() // owner: the opener, which exits on its own; its status does not matter
		}
	}
}
