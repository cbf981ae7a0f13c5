// Command audit builds a site with sitrep, serves it under a sub-path the
// way a static host would, and runs the field's standard audits against it:
//
//   - vnu: the W3C Nu Html Checker (Java) over every .html page: 0 errors;
//   - axe: axe-core in Chromium (chromedp) on a sample of every page kind,
//     at 1280 and 390 px, in the light and the dark colour scheme: 0
//     violations; no horizontal overflow at 390 and 320 px; no console
//     error and no failed request;
//   - lighthouse: the mobile preset on the home page, a brief and an actor
//     page: performance, accessibility, best practices and SEO ≥ 0.98;
//   - xml: every .xml file well formed (xmllint), the sitemap valid against
//     the sitemaps.org schema, Atom feeds carrying RFC 4287's required
//     elements, the JSON Feed its required members, and every link in them,
//     in the sitemap and in robots.txt resolving to a built file;
//   - links: every internal href and src of every page resolves to a built
//     file, and every JSON-LD block is valid JSON with @context and @type;
//   - archive: a generated archive of -archive briefs (generator/internal/
//     corpus, cached under -archive-cache), built with the same theme: axe
//     as above and Lighthouse (mobile, every category ≥ 0.95) on its
//     largest entity page, its first timeline page and its search page with
//     a query, once the results show (data-total).
//
// It prints one summary line per tool, then PASS or FAIL, and exits 1 on any
// finding. A check whose input was not built (no feed, no sitemap, no search
// page) is SKIPPED with a loud message and, by default (-strict), counts as
// a finding; -strict=false only reports it, for themes without those pages.
//
// Usage (from the repository root; `make audit` installs the tools first):
//
//	audit [-repo .] [-tools audit] [-sitrep bin/sitrep] [-only links,xml,vnu,axe,lighthouse,archive] [-archive 10000] [-strict=false] [-screenshots DIR [-screenshots-of SITE]]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	err := run(ctx, os.Args[1:], os.Stdout)
	switch {
	case errors.Is(err, errFindings):
		os.Exit(1)
	case errors.Is(err, flag.ErrHelp):
		os.Exit(2)
	case err != nil:
		fmt.Fprintln(os.Stderr, "audit:", err)
		os.Exit(2)
	}
}

// errFindings is returned when the audit ran and found problems.
var errFindings = errors.New("audit found problems")

// tools lists the audits in the order they run.
var tools = []string{"links", "xml", "vnu", "axe", "lighthouse", "archive"}

// config is one audit run, from the command line.
type config struct {
	repo         string // the repository root: templates/, static/, content/ (optional)
	toolsDir     string // the npm tools folder, with node_modules installed
	sitrep       string // the sitrep binary
	only         []string
	strict       bool
	screenshots  string // when set, capture screenshots into this folder
	shotsOf      string // the site to capture: sample, fixture or stress
	archive      int    // briefs of the generated archive; 0: no archive check
	archiveCache string // where the generated archive's corpus is kept
	out          io.Writer
}

// report collects what the checks found. Findings fail the audit; skips fail
// it only under -strict.
type report struct {
	out      io.Writer
	strict   bool
	summary  []string
	findings int
	skips    int
}

func (r *report) find(tool, format string, args ...any) {
	r.findings++
	fmt.Fprintf(r.out, "  FINDING %s: %s\n", tool, fmt.Sprintf(format, args...))
}

func (r *report) skip(tool, format string, args ...any) {
	r.skips++
	msg := fmt.Sprintf(format, args...)
	fmt.Fprintf(r.out, "  !!! SKIPPED %s: %s\n", tool, msg)
	r.summary = append(r.summary, fmt.Sprintf("%s: SKIPPED (%s)", tool, msg))
	if r.strict {
		r.findings++
	}
}

func (r *report) line(format string, args ...any) {
	r.summary = append(r.summary, fmt.Sprintf(format, args...))
}

func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("audit", flag.ContinueOnError)
	fs.SetOutput(out)
	cfg := config{out: out}
	fs.StringVar(&cfg.repo, "repo", ".", "the repository `folder` (templates/, static/, and content/ when the sample site exists)")
	fs.StringVar(&cfg.toolsDir, "tools", "audit", "the npm tools `folder` (package.json, node_modules)")
	fs.StringVar(&cfg.sitrep, "sitrep", "bin/sitrep", "the sitrep `binary`")
	only := fs.String("only", strings.Join(tools, ","), "comma-separated `checks` to run")
	fs.BoolVar(&cfg.strict, "strict", true, "treat a skipped check (missing feed, sitemap, search page) as a finding; -strict=false only reports it")
	fs.StringVar(&cfg.screenshots, "screenshots", "", "capture a brief and an actor page at 1280 and 390 px into `folder`, then stop")
	fs.StringVar(&cfg.shotsOf, "screenshots-of", "", "the `site` to capture with -screenshots: sample, fixture or stress (default: the first, sample when content/ exists)")
	fs.IntVar(&cfg.archive, "archive", 10000, "`briefs` of the generated archive the archive check builds (0: none)")
	fs.StringVar(&cfg.archiveCache, "archive-cache", ".cache/archive", "`folder` where the generated archive's corpus is kept (shared with make archive)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	for t := range strings.SplitSeq(*only, ",") {
		if t = strings.TrimSpace(t); t == "" {
			continue
		}
		if !slices.Contains(tools, t) {
			return fmt.Errorf("-only: unknown check %q (known: %s)", t, strings.Join(tools, ", "))
		}
		cfg.only = append(cfg.only, t)
	}
	return audit(ctx, cfg)
}

func (c config) wants(tool string) bool { return slices.Contains(c.only, tool) }

func audit(ctx context.Context, cfg config) error {
	rep := &report{out: cfg.out, strict: cfg.strict}
	tmp, err := os.MkdirTemp("", "sitrep-audit-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	sites, err := siteSources(cfg.repo)
	if err != nil {
		return err
	}
	var built []*builtSite
	for _, src := range sites {
		s, err := buildAndServe(ctx, cfg, src, tmp)
		if err != nil {
			return err
		}
		defer s.close()
		fmt.Fprintf(cfg.out, "built %s: %d pages, served at %s\n", s.name, len(s.pages), s.baseURL)
		built = append(built, s)
	}
	if cfg.screenshots != "" {
		for _, s := range built {
			if cfg.shotsOf == "" || s.name == cfg.shotsOf {
				return screenshots(ctx, cfg, s)
			}
		}
		return fmt.Errorf("-screenshots-of: no site %q", cfg.shotsOf)
	}

	if cfg.wants("links") {
		checkLinks(built, rep)
	}
	if cfg.wants("xml") {
		checkXML(ctx, cfg, built, rep)
	}
	if cfg.wants("vnu") {
		if err := checkVNU(ctx, cfg, built, rep); err != nil {
			return err
		}
	}
	if cfg.wants("axe") {
		if err := checkAxe(ctx, cfg, built, rep); err != nil {
			return err
		}
	}
	if cfg.wants("lighthouse") {
		if err := checkLighthouse(ctx, cfg, built, rep); err != nil {
			return err
		}
	}
	if cfg.wants("archive") && cfg.archive > 0 {
		if err := checkArchive(ctx, cfg, tmp, rep); err != nil {
			return err
		}
	}

	fmt.Fprintln(cfg.out)
	for _, l := range rep.summary {
		fmt.Fprintln(cfg.out, l)
	}
	switch {
	case rep.findings > 0:
		fmt.Fprintf(cfg.out, "FAIL (%d findings)\n", rep.findings)
		return errFindings
	case rep.skips > 0:
		fmt.Fprintf(cfg.out, "PASS, WITH %d CHECKS SKIPPED (-strict=false)\n", rep.skips)
	default:
		fmt.Fprintln(cfg.out, "PASS")
	}
	return nil
}

// toolPath returns a file inside the npm tools folder, or an error telling
// how to install it.
func toolPath(cfg config, rel string) (string, error) {
	p := filepath.Join(cfg.toolsDir, "node_modules", filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		return "", fmt.Errorf("%s is missing: run `make audit` (or `npm ci --ignore-scripts --prefix %s`) first", p, cfg.toolsDir)
	}
	return filepath.Abs(p)
}
