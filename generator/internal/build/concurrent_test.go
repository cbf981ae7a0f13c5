package build

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/sitrep-dev/sitrep/generator/internal/publish"
)

// TestConcurrentBuilds runs pairs of builds of one site into one output
// folder at once, each pair with a different base URL so that every page
// differs: both builds succeed, one after the other, and the output is
// always one of them whole, with its marker, and nothing left beside it.
func TestConcurrentBuilds(t *testing.T) {
	site := fixtureSite(t)
	configs := []Config{{Site: site, BaseURL: "/a/", Now: fixedNow}, {Site: site, BaseURL: "/b/", Now: fixedNow}}
	var wants []map[string][]byte
	for _, cfg := range configs {
		_, out := mustBuild(t, cfg)
		wants = append(wants, readTree(t, out))
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	var waited atomic.Int64
	for pair := range 20 {
		var wg sync.WaitGroup
		errs := make([]error, len(configs))
		start := make(chan struct{})
		for i, cfg := range configs {
			cfg.Out = out
			cfg.Waiting = func() { waited.Add(1) }
			wg.Go(func() {
				<-start
				_, errs[i] = Run(context.Background(), cfg)
			})
		}
		close(start)
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("pair %d, build %d: %v", pair, i, err)
			}
		}
		if _, err := os.Stat(filepath.Join(out, publish.Marker)); err != nil {
			t.Fatalf("pair %d: the output lost its marker: %v", pair, err)
		}
		got := readTree(t, out)
		if !sameTree(got, wants[0]) && !sameTree(got, wants[1]) {
			t.Fatalf("pair %d: the output is neither build whole (%d files; the builds wrote %d and %d)", pair, len(got), len(wants[0]), len(wants[1]))
		}
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.Name() != "public" {
				t.Errorf("pair %d: %s left beside the output", pair, e.Name())
			}
		}
	}
	t.Logf("a build waited for the other %d times in 20 pairs", waited.Load())
}

func sameTree(a, b map[string][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for p, data := range a {
		if d, ok := b[p]; !ok || !bytes.Equal(d, data) {
			return false
		}
	}
	return true
}
