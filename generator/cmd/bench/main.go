// Command bench measures full builds of generated corpora, as `make bench`
// runs it:
//
//	bench [-sizes 1000,10000,50000] [-runs 5] [-sitrep bin/sitrep] [-cache .cache/bench] [-out DIR]
//
// For each size it generates the corpus once (cached under -cache; the
// generator is deterministic), then runs, -runs times each, a "markdown
// only" baseline (the same goldmark extensions over the same bodies, one
// HTML file written per brief, on every core) and `sitrep build` into an
// empty output folder on tmpfs (/dev/shm when it exists). Both run as child
// processes, so wall time, CPU time and peak RSS come from the kernel's
// accounting of that process alone. It prints one table with the median,
// min and max of each figure and the ratio of the build's median wall time
// to the baseline's. Compare figures within one run: the machines are
// shared and noisy.
//
//	bench -baseline -site DIR -out DIR
//
// is the baseline itself, run by bench as a child process.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/sitrep-dev/sitrep/generator/internal/corpus"
	"github.com/sitrep-dev/sitrep/generator/internal/markdown"
)

func main() {
	baseline := flag.Bool("baseline", false, "run the markdown-only baseline over -site into -out, then exit")
	siteDir := flag.String("site", "", "with -baseline: the site folder")
	sizes := flag.String("sizes", "1000,10000,50000", "comma-separated corpus sizes, in briefs")
	runs := flag.Int("runs", 5, "runs of each measurement")
	sitrep := flag.String("sitrep", "bin/sitrep", "the sitrep binary to measure")
	cache := flag.String("cache", ".cache/bench", "where generated corpora are kept")
	theme := flag.String("theme", ".", "the folder whose templates/ and static/ the corpora use")
	out := flag.String("out", "", "output folder (default: a fresh folder in /dev/shm, or the temp folder)")
	seed := flag.Uint64("seed", 1, "corpus seed")
	child := flag.Bool("child", false, "run the command given after the flags, then print its wall time, CPU time and peak RSS (how bench measures)")
	flag.Parse()
	var err error
	switch {
	case *child:
		err = runChild(flag.Args())
	case *baseline:
		err = runBaseline(*siteDir, *out)
	default:
		err = bench(*sizes, *runs, *sitrep, *cache, *theme, *out, *seed)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// runBaseline converts the body of every brief with goldmark alone, on
// every core, writing one file per brief.
func runBaseline(siteDir, out string) error {
	if siteDir == "" || out == "" {
		return errors.New("-baseline needs -site and -out")
	}
	dir := filepath.Join(siteDir, "content", "briefs")
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make([]error, runtime.GOMAXPROCS(0))
	for w := range errs {
		wg.Go(func() {
			convert := markdown.Baseline()
			var buf bytes.Buffer
			for i := int(next.Add(1) - 1); i < len(entries) && errs[w] == nil; i = int(next.Add(1) - 1) {
				name := entries[i].Name()
				data, err := os.ReadFile(filepath.Join(dir, name))
				if err != nil {
					errs[w] = err
					return
				}
				buf.Reset()
				if err := convert(&buf, body(data)); err != nil {
					errs[w] = err
					return
				}
				errs[w] = os.WriteFile(filepath.Join(out, strings.TrimSuffix(name, ".md")+".html"), buf.Bytes(), 0o644)
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// body returns what follows a brief's YAML front matter.
func body(data []byte) []byte {
	if !bytes.HasPrefix(data, []byte("---\n")) {
		return data
	}
	if i := bytes.Index(data[3:], []byte("\n---\n")); i >= 0 {
		return data[3+i+5:]
	}
	return data
}

// sample is one measured run of a child process.
type sample struct {
	wall, cpu time.Duration
	rss       int64 // peak resident set, bytes
}

type result struct {
	briefs, pages int
	bytes         int64
	base, build   []sample
}

func bench(sizes string, runs int, sitrep, cache, theme, out string, seed uint64) error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	if _, err := os.Stat(sitrep); err != nil {
		return fmt.Errorf("no sitrep binary at %s (run make sitrep): %w", sitrep, err)
	}
	if out == "" {
		parent := os.TempDir()
		if info, err := os.Stat("/dev/shm"); err == nil && info.IsDir() {
			parent = "/dev/shm"
		}
		if out, err = os.MkdirTemp(parent, "sitrep-bench-"); err != nil {
			return err
		}
		defer os.RemoveAll(out)
	}
	var results []result
	for _, f := range strings.Split(sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 {
			return fmt.Errorf("-sizes: %q is not a number of briefs", f)
		}
		site, err := prepare(cache, theme, n, seed)
		if err != nil {
			return err
		}
		r := result{briefs: n}
		for i := range runs {
			dst := filepath.Join(out, "base")
			s, err := measure(dst, self, "-baseline", "-site", site, "-out", dst)
			if err != nil {
				return err
			}
			r.base = append(r.base, s)
			dst = filepath.Join(out, "public")
			if s, err = measure(dst, sitrep, "build", "-site", site, "-out", dst); err != nil {
				return err
			}
			r.build = append(r.build, s)
			if i == 0 {
				r.pages, r.bytes, err = tree(dst)
				if err != nil {
					return err
				}
			}
			fmt.Fprintf(os.Stderr, "%d briefs, run %d: baseline %v, build %v, %.0f MiB\n", n, i+1,
				r.base[i].wall.Round(time.Millisecond), s.wall.Round(time.Millisecond), mib(s.rss))
		}
		results = append(results, r)
	}
	printTable(os.Stdout, results, runs)
	return nil
}

// prepare returns a site folder holding the corpus of n briefs and the
// theme, generating it when the cache lacks it.
func prepare(cache, theme string, n int, seed uint64) (string, error) {
	site := filepath.Join(cache, fmt.Sprintf("seed%d-n%d", seed, n))
	done := filepath.Join(site, ".complete")
	if _, err := os.Stat(done); err != nil {
		if err := os.RemoveAll(site); err != nil {
			return "", err
		}
		fmt.Fprintf(os.Stderr, "generating %d briefs into %s\n", n, site)
		for p, data := range corpus.New(seed).Files(n) {
			if err := writeFile(filepath.Join(site, filepath.FromSlash(p)), data); err != nil {
				return "", err
			}
		}
		if err := os.WriteFile(done, nil, 0o644); err != nil {
			return "", err
		}
	}
	// the theme is copied anew each time, so that the build measures the
	// current one
	for _, d := range []string{"templates", "static"} {
		if err := os.RemoveAll(filepath.Join(site, d)); err != nil {
			return "", err
		}
		if err := copyDir(filepath.Join(theme, d), filepath.Join(site, d)); err != nil {
			return "", err
		}
	}
	return site, nil
}

func writeFile(name string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	return os.WriteFile(name, data, 0o644)
}

func copyDir(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return writeFile(filepath.Join(dst, rel), data)
	})
}

// measure empties dst, then runs the command and returns its figures.
func measure(dst, name string, args ...string) (sample, error) {
	if err := os.RemoveAll(dst); err != nil {
		return sample{}, err
	}
	// Through a child of bench's own: Linux counts in a process's peak
	// RSS the peak of the process it was started from (a vfork shares its
	// memory until exec), and this process has walked every output
	// folder. The child, fresh, starts the measured program.
	self, err := os.Executable()
	if err != nil {
		return sample{}, err
	}
	cmd := exec.Command(self, append([]string{"-child", name}, args...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return sample{}, fmt.Errorf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.String())
	}
	var wall, cpu time.Duration
	var rss int64
	if _, err := fmt.Sscan(stdout.String(), &wall, &cpu, &rss); err != nil {
		return sample{}, fmt.Errorf("reading the measurement %q: %v", stdout.String(), err)
	}
	return sample{wall: wall, cpu: cpu, rss: rss}, nil
}

// runChild runs a command and prints its wall time, CPU time (user and
// system) and peak resident set in bytes.
func runChild(args []string) error {
	if len(args) == 0 {
		return errors.New("-child needs a command")
	}
	cmd := exec.Command(args[0], args[1:]...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.Stdout = io.Discard
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if err != nil {
		return fmt.Errorf("%s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		return errors.New("no resource usage on this system")
	}
	cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	fmt.Println(int64(wall), int64(cpu), ru.Maxrss*1024) // Maxrss is in KiB on Linux
	return nil
}

// tree counts the HTML pages and the bytes of all files under dir.
func tree(dir string) (pages int, size int64, err error) {
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		size += info.Size()
		if strings.HasSuffix(p, ".html") {
			pages++
		}
		return nil
	})
	return pages, size, err
}

func mib(b int64) float64 { return float64(b) / (1 << 20) }

// stats returns the median, min and max.
func stats[T int64 | time.Duration](v []T) (med, lo, hi T) {
	s := slices.Clone(v)
	slices.Sort(s)
	return s[len(s)/2], s[0], s[len(s)-1]
}

func pick[T any](s []sample, f func(sample) T) []T {
	out := make([]T, len(s))
	for i, x := range s {
		out[i] = f(x)
	}
	return out
}

func secs(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }

func printTable(w io.Writer, results []result, runs int) {
	fmt.Fprintf(w, "\nFull build into an empty folder, %d runs each, GOMAXPROCS=%d; median (min–max).\n\n", runs, runtime.GOMAXPROCS(0))
	fmt.Fprintln(w, "| briefs | pages | written | wall | CPU | peak RSS | markdown only: wall | CPU | RSS | build / markdown (wall) |")
	fmt.Fprintln(w, "|---:|---:|---:|---|---|---|---|---|---|---:|")
	for _, r := range results {
		wm, wl, wh := stats(pick(r.build, func(s sample) time.Duration { return s.wall }))
		cm, _, _ := stats(pick(r.build, func(s sample) time.Duration { return s.cpu }))
		rm, rl, rh := stats(pick(r.build, func(s sample) int64 { return s.rss }))
		bm, bl, bh := stats(pick(r.base, func(s sample) time.Duration { return s.wall }))
		bc, _, _ := stats(pick(r.base, func(s sample) time.Duration { return s.cpu }))
		br, _, _ := stats(pick(r.base, func(s sample) int64 { return s.rss }))
		fmt.Fprintf(w, "| %d | %d | %.0f MiB | %s (%s–%s) | %s | %.0f MiB (%.0f–%.0f) | %s (%s–%s) | %s | %.0f MiB | %.2f× |\n",
			r.briefs, r.pages, mib(r.bytes), secs(wm), secs(wl), secs(wh), secs(cm), mib(rm), mib(rl), mib(rh),
			secs(bm), secs(bl), secs(bh), secs(bc), mib(br), wm.Seconds()/bm.Seconds())
	}
}
