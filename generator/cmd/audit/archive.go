package main

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/sitrep-dev/sitrep/generator/internal/corpus"
	"github.com/sitrep-dev/sitrep/generator/internal/pagestat"
)

// archiveMinScore is the least score of each Lighthouse category on the
// pages of a generated archive, whose lists grow with it.
const archiveMinScore = 0.95

// checkArchive builds a generated archive of cfg.archive briefs with the
// repository's theme, serves it like the other sites, and runs axe-core
// (as checkAxe does: 1280 and 390 px, light and dark, print, overflow) and
// Lighthouse (mobile, every category ≥ archiveMinScore) on its largest
// entity page (most elements), the first timeline page and the search page
// with a query (the largest entity's name), where the checks wait for the
// results' data-total.
func checkArchive(ctx context.Context, cfg config, tmp string, rep *report) error {
	content, err := archiveCorpus(cfg.archiveCache, cfg.archive)
	if err != nil {
		return err
	}
	s, err := buildAndServe(ctx, cfg, siteSource{"archive", content}, tmp)
	if err != nil {
		return err
	}
	defer s.close()
	fmt.Fprintf(cfg.out, "built archive: %d briefs, %d pages, served at %s\n", cfg.archive, len(s.pages), s.baseURL)
	pages, err := pagestat.Walk(os.DirFS(s.dir))
	if err != nil {
		return err
	}
	picked := archivePages(s, pages, rep)
	axeSrc, err := axeSource(cfg)
	if err != nil {
		return err
	}
	if err := axePages(ctx, axeSrc, picked, rep, "archive "); err != nil {
		return err
	}
	lh, done, err := newLighthouse(cfg, rep, archiveMinScore)
	if err != nil {
		return err
	}
	defer done()
	var scores []string
	for _, p := range picked {
		score, err := lh.page(ctx, "archive "+strings.Fields(p.label)[1], p)
		if err != nil {
			return err
		}
		if score != "" {
			scores = append(scores, score)
		}
	}
	rep.line("archive lighthouse (%d briefs; performance/accessibility/best-practices/seo, mobile, ≥ %.0f): %s", cfg.archive, archiveMinScore*100, strings.Join(scores, ", "))
	return nil
}

// archivePages picks the largest entity page, the first timeline page and
// the search page with a query; a missing one is a finding.
func archivePages(s *builtSite, pages []pagestat.Page, rep *report) []samplePage {
	var out []samplePage
	entity, ok := pagestat.Largest(pages, pagestat.IsEntity)
	if !ok {
		rep.find("archive", "the archive has no actor, country or topic page")
		return nil
	}
	out = append(out, samplePage{site: s, url: s.url(entity.Rel),
		label: fmt.Sprintf("archive entity %s (%d elements, the most of any entity page)", entity.Rel, entity.Elements)})
	if _, err := os.Stat(filepath.Join(s.dir, "timeline", "index.html")); err == nil {
		out = append(out, samplePage{site: s, url: s.url("timeline/index.html"), label: "archive timeline timeline/"})
	} else {
		rep.find("archive", "the archive has no timeline/index.html")
	}
	if _, err := os.Stat(filepath.Join(s.dir, "search", "index.html")); err != nil {
		rep.find("archive", "the archive has no search/index.html")
		return out
	}
	data, err := os.ReadFile(filepath.Join(s.dir, filepath.FromSlash(entity.Rel)))
	q := pagestat.Heading(data)
	if err != nil || q == "" {
		q = entity.Entity
	}
	out = append(out, samplePage{site: s, url: s.baseURL + "search/?q=" + url.QueryEscape(q),
		label: fmt.Sprintf("archive search search/?q=%s", q), waitFor: "[data-total]"})
	return out
}

// archiveCorpus returns the content folder of the corpus of n briefs
// (generator/internal/corpus, seed 1), generated under cache unless it is
// there already; make archive keeps its corpora in the same place.
func archiveCorpus(cache string, n int) (string, error) {
	site := filepath.Join(cache, fmt.Sprintf("seed1-n%d", n))
	done := filepath.Join(site, ".complete")
	if _, err := os.Stat(done); err == nil {
		return filepath.Join(site, "content"), nil
	}
	if err := os.RemoveAll(site); err != nil {
		return "", err
	}
	for p, data := range corpus.New(1).Files(n) {
		name := filepath.Join(site, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			return "", err
		}
		if err := os.WriteFile(name, data, 0o644); err != nil {
			return "", err
		}
	}
	return filepath.Join(site, "content"), os.WriteFile(done, nil, 0o644)
}
