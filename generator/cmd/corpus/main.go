// Command corpus writes a synthetic briefing site for benchmarks:
//
//	corpus -n 10000 -seed 1 -out DIR
//
// DIR gets content/ (site.yaml, briefs, actor profiles); the same seed
// always gives the same bytes, and the first N briefs of a larger corpus
// equal a smaller one. Templates and static files are not written: copy the
// theme beside it, or build with a -site that has them.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/sitrep-dev/sitrep/generator/internal/corpus"
)

func main() {
	n := flag.Int("n", 1000, "number of briefs")
	seed := flag.Uint64("seed", 1, "random seed")
	out := flag.String("out", "", "output `folder` (required)")
	flag.Parse()
	if *out == "" || *n < 0 || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	files := corpus.New(*seed).Files(*n)
	for p, data := range files {
		dst := filepath.Join(*out, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			fmt.Fprintln(os.Stderr, "corpus:", err)
			os.Exit(1)
		}
		if err := os.WriteFile(dst, data, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "corpus:", err)
			os.Exit(1)
		}
	}
	fmt.Printf("wrote %d files into %s\n", len(files), *out)
}
