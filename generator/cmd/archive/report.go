package main

import (
	"fmt"
	"time"

	"github.com/sitrep-dev/sitrep/generator/internal/pagestat"
)

// report is what measureSite found in one archive.
type report struct {
	name    string
	briefs  int
	built   time.Duration
	pages   []pagestat.Page
	kinds   []pagestat.KindStats
	index   pagestat.IndexStats
	queries []queryResult
}

func kb(n int64) string { return fmt.Sprintf("%.1f", float64(n)/1000) }

func mark(ok bool) string {
	if ok {
		return "PASS"
	}
	return "FAIL"
}

// print writes the report as Markdown tables and says whether a figure is
// over its budget.
func (r report) print(cfg config) (over bool) {
	w := cfg.w
	fmt.Fprintf(w, "\n## %s: %d pages, built in %.1f s\n\n", r.name, len(r.pages), r.built.Seconds())
	fmt.Fprintf(w, "Budgets: every page ≤ %d elements and ≤ %s KB gzipped (KB = 1,000 bytes).\n\n", cfg.maxElements, kb(cfg.maxGzip))
	fmt.Fprintln(w, "| kind | pages | most elements | file | largest gz KB | file | median elements | median gz KB | over budget | |")
	fmt.Fprintln(w, "|---|---:|---:|---|---:|---|---:|---:|---:|---|")
	for _, k := range r.kinds {
		ok := k.OverElements == 0 && k.OverGzip == 0
		over = over || !ok
		overs := "0"
		if !ok {
			overs = fmt.Sprintf("%d by elements, %d by size", k.OverElements, k.OverGzip)
		}
		fmt.Fprintf(w, "| %s | %d | %d | %s | %s | %s | %d | %s | %s | %s |\n", k.Kind, k.Pages,
			k.MostElements.Elements, k.MostElements.Rel, kb(k.LargestGzip.Gzip), k.LargestGzip.Rel,
			k.MedianElements, kb(k.MedianGzip), overs, mark(ok))
	}
	fmt.Fprintf(w, "\nSearch index (files under search/ but its pages): parts: %d, %s KB, %s KB gzipped.\n",
		r.index.Parts, kb(r.index.Bytes), kb(r.index.Gzip))
	if len(r.queries) == 0 {
		return over
	}
	budget := cfg.maxQuery(r.briefs)
	fmt.Fprintf(w, "\nFirst query in Chromium (fresh context, no cache; encoded bytes of every request until the results show and the network is quiet; budget %s KB):\n\n", kb(budget))
	fmt.Fprintln(w, "| query | URL | data-total | requests | fetched KB | of which index KB | time | |")
	fmt.Fprintln(w, "|---|---|---:|---:|---:|---:|---:|---|")
	for _, q := range r.queries {
		ok := q.bytes <= budget && q.problem == ""
		over = over || !ok
		total := q.total
		if total == "" {
			total = "none"
		}
		res := mark(ok)
		if q.problem != "" {
			res += ": " + q.problem
		}
		fmt.Fprintf(w, "| %s | %s | %s | %d | %s | %s | %.1f s | %s |\n", q.label, "/search/?"+q.params.Encode(),
			total, q.requests, kb(q.bytes), kb(q.indexBytes), q.elapsed.Seconds(), res)
	}
	return over
}
