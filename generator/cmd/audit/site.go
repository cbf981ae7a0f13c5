package main

import (
	"context"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep/generator/internal/pagestat"
)

// subPath is where the audited site is served, as on GitHub Pages.
const subPath = "/briefing/"

// siteSource is a site to audit: a content folder, built with the
// repository's templates and static files.
type siteSource struct {
	name    string // "sample", "fixture" or "stress"
	content string // a content/ folder
}

// siteSources returns the sample site when content/ exists at the
// repository root, the golden fixture, and the stress site of audit/stress
// (wide tables, long code lines and URLs, many annotations, right-to-left
// names).
func siteSources(repo string) ([]siteSource, error) {
	var srcs []siteSource
	if st, err := os.Stat(filepath.Join(repo, "content", "site.yaml")); err == nil && !st.IsDir() {
		srcs = append(srcs, siteSource{"sample", filepath.Join(repo, "content")})
	}
	fixture := filepath.Join(repo, "generator", "internal", "build", "testdata", "site", "content")
	if _, err := os.Stat(fixture); err != nil {
		return nil, fmt.Errorf("the fixture site is missing: %w", err)
	}
	srcs = append(srcs, siteSource{"fixture", fixture})
	stress := filepath.Join(repo, "audit", "stress", "content")
	if _, err := os.Stat(stress); err != nil {
		return nil, fmt.Errorf("the stress site is missing: %w", err)
	}
	return append(srcs, siteSource{"stress", stress}), nil
}

// builtSite is a site built into a temporary folder and served on loopback
// under subPath.
type builtSite struct {
	name    string
	dir     string   // the built public/ folder
	baseURL string   // http://127.0.0.1:PORT/briefing/
	pages   []string // slash paths of every .html file, sorted
	srv     *http.Server
}

func (s *builtSite) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	// The server only serves loopback requests of this run; a failed
	// shutdown at exit has no consequence worth reporting.
	_ = s.srv.Shutdown(ctx)
}

// url returns the address of a built file, with pretty URLs for index.html.
func (s *builtSite) url(rel string) string {
	return s.baseURL + strings.TrimSuffix(rel, "index.html")
}

// kind says which kind of page a built .html file is.
func pageKind(rel string) string {
	switch {
	case rel == "index.html":
		return "home"
	case rel == "404.html":
		return "404"
	case strings.Count(rel, "/") == 1:
		return strings.TrimSuffix(rel, "/index.html") + " index"
	}
	switch dir := strings.SplitN(rel, "/", 2)[0]; dir {
	case "countries":
		return "country"
	case "briefs", "actors", "topics":
		return strings.TrimSuffix(dir, "s")
	default:
		return dir
	}
}

// buildAndServe copies the site's content with the repository's templates
// and static files into tmp, listens on a free loopback port, builds with
// that port in the base URL, and serves the result.
func buildAndServe(ctx context.Context, cfg config, src siteSource, tmp string) (*builtSite, error) {
	root := filepath.Join(tmp, src.name)
	for _, d := range []struct{ from, to string }{
		{src.content, "content"},
		{filepath.Join(cfg.repo, "templates"), "templates"},
		{filepath.Join(cfg.repo, "static"), "static"},
	} {
		if err := os.CopyFS(filepath.Join(root, d.to), os.DirFS(d.from)); err != nil {
			return nil, fmt.Errorf("copy %s: %w", d.from, err)
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &builtSite{
		name:    src.name,
		dir:     filepath.Join(root, "public"),
		baseURL: fmt.Sprintf("http://%s%s", ln.Addr(), subPath),
	}
	cmd := exec.CommandContext(ctx, cfg.sitrep, "build", "-site", root, "-out", s.dir, "-base-url", s.baseURL)
	if out, err := cmd.CombinedOutput(); err != nil {
		ln.Close()
		return nil, fmt.Errorf("%s build of the %s site: %v\n%s", cfg.sitrep, src.name, err, out)
	}
	err = filepath.WalkDir(s.dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".html") {
			rel, rerr := filepath.Rel(s.dir, p)
			s.pages = append(s.pages, filepath.ToSlash(rel))
			return rerr
		}
		return err
	})
	if err != nil {
		ln.Close()
		return nil, err
	}
	slices.Sort(s.pages)
	s.srv = &http.Server{Handler: staticHost(s.dir), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		// Serve returns http.ErrServerClosed after close(); any other
		// error shows up as failed requests in the checks.
		_ = s.srv.Serve(ln)
	}()
	return s, nil
}

// staticHost serves dir under subPath as a static host does (folders,
// 404.html, gzip): pagestat.Host.
func staticHost(dir string) http.Handler { return pagestat.Host(dir, subPath) }

// resolve maps an absolute URL under the site's base URL to the built file
// it names, following the host's rules (percent-escapes decoded, folder →
// index.html). ok is false for URLs outside the site; exists says whether
// the file was built.
func (s *builtSite) resolve(u string) (file string, ok, exists bool) {
	base, err := url.Parse(s.baseURL)
	if err != nil {
		return "", false, false
	}
	pu, err := url.Parse(u)
	if err != nil || pu.Scheme != base.Scheme || pu.Host != base.Host {
		return "", false, false
	}
	p := pu.Path
	if p+"/" == base.Path {
		p = base.Path
	}
	rel, ok := strings.CutPrefix(p, base.Path)
	if !ok {
		return "", false, false
	}
	if rel == "" || strings.HasSuffix(rel, "/") {
		rel += "index.html"
	}
	file = filepath.Join(s.dir, filepath.FromSlash(path.Clean("/" + rel)[1:]))
	st, err := os.Stat(file)
	if err == nil && st.IsDir() {
		st, err = os.Stat(filepath.Join(file, "index.html"))
	}
	return file, true, err == nil
}
