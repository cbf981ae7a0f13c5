package main

import (
	"bufio"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// BenchmarkSaveToReload measures what an editor waits for: from a save (a
// brief rewritten in place, as most editors do: truncate, then write) to the
// "reload" event reaching an open page, through real fsnotify events, a real
// rebuild and a real HTTP event stream. It runs on a copy of the sample site
// (the repository's content/), or of the site folder named by
// SITREP_BENCH_SITE (say a copy of a 10,000-brief corpus):
//
//	go test ./generator/cmd/sitrep -run '^$' -bench SaveToReload -benchtime 50x
//	SITREP_BENCH_SITE=/tmp/c10k go test ./generator/cmd/sitrep -run '^$' -bench SaveToReload -benchtime 50x
//
// Besides ns/op (the mean) it reports the median, in ms, and the median
// time of the rebuilds that changed files (as serve prints it). Saves are spaced as
// a writer's are: the next one waits until the server has been quiet for a
// while (3 times the last save's time, at least 100 ms).
func BenchmarkSaveToReload(b *testing.B) {
	src := os.Getenv("SITREP_BENCH_SITE")
	if src == "" {
		src = "../../.."
	}
	dir := b.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "content"), os.DirFS(filepath.Join(src, "content"))); err != nil {
		b.Fatal(err)
	}
	brief := firstBrief(b, filepath.Join(dir, "content", "briefs"))
	orig, err := os.ReadFile(brief)
	if err != nil {
		b.Fatal(err)
	}

	s := startServe(b, dir)
	s.waitLineWithin(b, "built:", 5*time.Minute) // the first build's background rendering
	events := openEvents(b, s.url)

	times := make([]time.Duration, 0, b.N)
	var rebuilds []time.Duration // of the rebuilds that changed files
	b.ResetTimer()
	for i := range b.N {
		edited := append(slices.Clip(orig), []byte("\nEdit number "+strings.Repeat("x", i%7)+" "+time.Now().String()+".\n")...)
		start := time.Now()
		if err := os.WriteFile(brief, edited, 0o644); err != nil {
			b.Fatal(err)
		}
		waitEvent(b, events, "reload")
		took := time.Since(start)
		times = append(times, took)
		b.StopTimer()
		// saves spaced as a writer's are: the server idle before the next
		// one (no output for a while; the rest of a save's events may
		// make a rebuild that changes nothing after the reload)
		rebuilds = append(rebuilds, s.idle(max(100*time.Millisecond, 3*took))...)
		drain(events, 0)
		b.StartTimer()
	}
	b.StopTimer()
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "ms-median")
	if len(rebuilds) > 0 {
		slices.Sort(rebuilds)
		b.ReportMetric(float64(rebuilds[len(rebuilds)/2].Microseconds())/1000, "rebuild-ms-median")
	}
}

// firstBrief returns the first .md file of dir.
func firstBrief(b *testing.B, dir string) string {
	b.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		b.Fatal(err)
	}
	for _, e := range ents {
		if strings.HasSuffix(e.Name(), ".md") && !e.IsDir() {
			return filepath.Join(dir, e.Name())
		}
	}
	b.Fatalf("no brief in %s", dir)
	return ""
}

// openEvents subscribes to the live-reload stream of the server at site
// and sends the name of each event after "hello" on the channel it returns.
func openEvents(b testing.TB, site string) <-chan string {
	b.Helper()
	i := strings.Index(strings.TrimPrefix(site, "http://"), "/")
	origin := site[:len("http://")+i]
	ctx, cancel := context.WithCancel(context.Background())
	b.Cleanup(cancel)
	req, err := http.NewRequestWithContext(ctx, "GET", origin+"/_sitrep/events", nil)
	if err != nil {
		b.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	out := make(chan string, 100)
	ready := make(chan struct{})
	go func() { // owner: the benchmark; ends when its context is cancelled
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			name, ok := strings.CutPrefix(sc.Text(), "event: ")
			switch {
			case name == "hello":
				close(ready)
			case ok:
				out <- name
			}
		}
	}()
	select {
	case <-ready:
	case <-time.After(10 * time.Second):
		b.Fatal("no hello on the event stream")
	}
	return out
}

// waitEvent waits for an event named want and returns the names of the
// events before it.
func waitEvent(tb testing.TB, events <-chan string, want string) []string {
	var before []string
	deadline := time.After(30 * time.Second)
	for {
		select {
		case e := <-events:
			if e == want {
				return before
			}
			before = append(before, e)
		case <-deadline:
			tb.Fatalf("no %s event within 30 s (events: %q)", want, before)
		}
	}
}

// idle waits until the server has printed nothing for quiet, and returns
// the times of the rebuilds it printed that changed files.
func (s *served) idle(quiet time.Duration) []time.Duration {
	var took []time.Duration
	for {
		select {
		case line := <-s.lines:
			_, after, ok := strings.Cut(line, ", in ")
			if !ok || !strings.HasPrefix(line, "rebuilt after ") || strings.Contains(line, " 0 files changed") {
				continue
			}
			if d, err := time.ParseDuration(after); err == nil {
				took = append(took, d)
			}
		case <-time.After(quiet):
			return took
		}
	}
}

// drain empties c, waiting for quiet.
func drain(c <-chan string, quiet time.Duration) {
	for {
		select {
		case <-c:
		case <-time.After(quiet):
			return
		}
	}
}
