// Command archive measures a built archive as a reader receives it, as
// `make archive` runs it:
//
//	archive [-sizes 10000,50000] [-sitrep bin/sitrep] [-cache .cache/archive] [-browser=true]
//	archive -site DIR        (measure one site folder instead of generated corpora)
//
// For each size it generates a corpus with generator/cmd/corpus's generator
// (cached under -cache: content only, so the binary's own theme is used),
// serves an empty folder under /briefing/ on loopback, gzipped as a static
// host does, builds into it with -base-url set to that address, and prints:
//
//   - per page kind (pagestat.Kind: brief, actor, actor sub-page, timeline,
//     indexes, search, home, …) the number of pages, the page with the most
//     HTML elements and the largest gzipped (with their files), the medians,
//     and PASS or FAIL against the budgets (-max-elements, -max-gzip) for
//     every page of the kind;
//   - the search index: the files under search/ other than its pages, their
//     number and their size, raw and gzipped;
//   - for a sample of queries picked from the corpus (a common body word, a
//     rare word, the name of the actor with the most pages, two words, a
//     word with an actor facet and with a year facet), what Chromium fetches
//     to show the first results of /search/?q=…: it loads the page in a
//     fresh browser context with the cache off, waits for an element with
//     data-total (the results, see DESIGN.md), then for the network to be
//     quiet, and sums the encoded bytes of every request (headers and
//     gzipped bodies, Network.loadingFinished); PASS or FAIL against
//     -max-query (150 KB up to 10,000 briefs, 250 KB above, by default).
//
// KB is 1,000 bytes. It exits 1 when a figure is over its budget (with
// -fail), 2 when it could not measure.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http/httptest"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep/generator/internal/corpus"
	"github.com/sitrep-dev/sitrep/generator/internal/pagestat"
)

// prefix is where the archive is served, as on GitHub Pages.
const prefix = "/briefing/"

// config is one run, from the command line.
type config struct {
	sizes       []int
	site        string // a site folder to measure instead of generated corpora
	sitrep      string
	cache       string
	out         string // parent of the output folders
	seed        uint64
	browser     bool
	fail        bool
	maxElements int
	maxGzip     int64
	maxQuery    func(briefs int) int64
	w           io.Writer
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	over, err := run(ctx, os.Args[1:], os.Stdout)
	switch {
	case errors.Is(err, flag.ErrHelp):
		os.Exit(2)
	case err != nil:
		fmt.Fprintln(os.Stderr, "archive:", err)
		os.Exit(2)
	case over:
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, w io.Writer) (over bool, err error) {
	fs := flag.NewFlagSet("archive", flag.ContinueOnError)
	cfg := config{w: w}
	sizes := fs.String("sizes", "10000,50000", "comma-separated corpus `sizes`, in briefs")
	fs.StringVar(&cfg.site, "site", "", "measure this site `folder` (content/, built with the binary's theme unless it has its own) instead of generated corpora")
	fs.StringVar(&cfg.sitrep, "sitrep", "bin/sitrep", "the sitrep `binary`")
	fs.StringVar(&cfg.cache, "cache", ".cache/archive", "where generated corpora are kept (content only)")
	fs.StringVar(&cfg.out, "out", "", "`folder` to build into (default: a fresh folder in /dev/shm, or the temp folder; removed afterwards)")
	fs.Uint64Var(&cfg.seed, "seed", 1, "corpus seed")
	fs.BoolVar(&cfg.browser, "browser", true, "measure first queries in Chromium")
	fs.BoolVar(&cfg.fail, "fail", false, "exit 1 when a figure is over its budget")
	fs.IntVar(&cfg.maxElements, "max-elements", 1200, "budget: HTML elements of any page")
	maxGzip := fs.Int("max-gzip", 80, "budget: `KB` of any page, gzipped")
	q10k := fs.Int("max-query", 150, "budget: `KB` a first query fetches, up to 10,000 briefs")
	qMore := fs.Int("max-query-large", 250, "budget: `KB` a first query fetches, above 10,000 briefs")
	if err := fs.Parse(args); err != nil {
		return false, err
	}
	if fs.NArg() > 0 {
		return false, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	cfg.maxGzip = int64(*maxGzip) * 1000
	cfg.maxQuery = func(briefs int) int64 {
		if briefs <= 10000 {
			return int64(*q10k) * 1000
		}
		return int64(*qMore) * 1000
	}
	if cfg.site == "" {
		for f := range strings.SplitSeq(*sizes, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil || n <= 0 {
				return false, fmt.Errorf("-sizes: %q is not a number of briefs", f)
			}
			cfg.sizes = append(cfg.sizes, n)
		}
	}
	if _, err := os.Stat(cfg.sitrep); err != nil {
		return false, fmt.Errorf("no sitrep binary at %s (run make sitrep): %w", cfg.sitrep, err)
	}
	if cfg.out == "" {
		parent := os.TempDir()
		if st, err := os.Stat("/dev/shm"); err == nil && st.IsDir() {
			parent = "/dev/shm"
		}
		if cfg.out, err = os.MkdirTemp(parent, "sitrep-archive-"); err != nil {
			return false, err
		}
		defer os.RemoveAll(cfg.out)
	}
	if cfg.site != "" {
		return measureSite(ctx, cfg, cfg.site, filepath.Base(cfg.site))
	}
	for _, n := range cfg.sizes {
		site, err := prepare(cfg, n)
		if err != nil {
			return false, err
		}
		o, err := measureSite(ctx, cfg, site, fmt.Sprintf("%d briefs", n))
		if err != nil {
			return false, err
		}
		over = over || o
	}
	return over, nil
}

// prepare returns a site folder holding the corpus of n briefs, generating
// it when the cache lacks it.
func prepare(cfg config, n int) (string, error) {
	site := filepath.Join(cfg.cache, fmt.Sprintf("seed%d-n%d", cfg.seed, n))
	done := filepath.Join(site, ".complete")
	if _, err := os.Stat(done); err == nil {
		return site, nil
	}
	if err := os.RemoveAll(site); err != nil {
		return "", err
	}
	fmt.Fprintf(os.Stderr, "generating %d briefs into %s\n", n, site)
	for p, data := range corpus.New(cfg.seed).Files(n) {
		name := filepath.Join(site, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			return "", err
		}
		if err := os.WriteFile(name, data, 0o644); err != nil {
			return "", err
		}
	}
	return site, os.WriteFile(done, nil, 0o644)
}

// measureSite builds the site folder site into a folder served on
// loopback, measures it and prints the report under the title name. over
// says whether a figure is over its budget and -fail is set.
func measureSite(ctx context.Context, cfg config, site, name string) (over bool, err error) {
	out := filepath.Join(cfg.out, "public")
	if err := os.RemoveAll(out); err != nil {
		return false, err
	}
	srv := httptest.NewServer(pagestat.Host(out, prefix))
	defer srv.Close()
	base := srv.URL + prefix
	start := time.Now()
	cmd := exec.CommandContext(ctx, cfg.sitrep, "build", "-site", site, "-out", out, "-base-url", base)
	if msg, err := cmd.CombinedOutput(); err != nil {
		return false, fmt.Errorf("%s: %v\n%s", strings.Join(cmd.Args, " "), err, msg)
	}
	built := time.Since(start)
	fmt.Fprintf(os.Stderr, "%s: built in %.1f s; measuring the pages\n", name, built.Seconds())
	fsys := os.DirFS(out)
	pages, err := pagestat.Walk(fsys)
	if err != nil {
		return false, err
	}
	index, err := pagestat.SearchIndex(fsys)
	if err != nil {
		return false, err
	}
	fmt.Fprintf(os.Stderr, "%s: measured %d pages in %.1f s\n", name, len(pages), time.Since(start.Add(built)).Seconds())
	rep := report{name: name, briefs: countKind(pages, "brief"), built: built, pages: pages, index: index,
		kinds: pagestat.Summarize(pages, cfg.maxElements, cfg.maxGzip)}
	if cfg.browser {
		queries, err := pickQueries(site, out, pages)
		if err != nil {
			return false, err
		}
		fmt.Fprintf(os.Stderr, "%s: %d first queries in Chromium\n", name, len(queries))
		if rep.queries, err = firstQueries(ctx, base, queries); err != nil {
			return false, err
		}
	}
	return rep.print(cfg) && cfg.fail, nil
}

func countKind(pages []pagestat.Page, kind string) int {
	n := 0
	for _, p := range pages {
		if p.Kind == kind {
			n++
		}
	}
	return n
}
