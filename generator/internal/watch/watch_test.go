package watch

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"
)

// noise is the Ignore the tests give Start, covering the names they write
// (sitrep gives content.Ignored).
func noise(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "#") || strings.HasSuffix(name, "~") ||
		strings.HasSuffix(name, "___jb_tmp___") || name == "4913"
}

// start watches a fresh temporary site with content/briefs/a.md and
// templates/base.html in it.
func start(t *testing.T) (string, *Watcher) {
	t.Helper()
	root := t.TempDir()
	write(t, root, "content/briefs/a.md", "a")
	write(t, root, "templates/base.html", "base")
	ctx, cancel := context.WithCancel(context.Background())
	w, err := Start(ctx, Options{Root: root, Dirs: []string{"content", "templates", "static"}, Quiet: 50 * time.Millisecond, Ignore: noise})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel()
		for range w.Batches { // drain until closed
		}
		w.Wait()
	})
	return root, w
}

func write(t *testing.T, root, rel, data string) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// next waits for a batch; the deadline only guards against a hang.
func next(t *testing.T, w *Watcher) Batch {
	t.Helper()
	select {
	case b, ok := <-w.Batches:
		if !ok {
			t.Fatal("watcher stopped")
		}
		if b.Err != nil {
			t.Fatalf("batch error: %v", b.Err)
		}
		return b
	case <-time.After(10 * time.Second):
		t.Fatal("no batch within 10 s")
	}
	return Batch{}
}

// expect waits for batches until every path in want was reported, and fails
// on any path reported that is neither in want nor in maybe.
func expect(t *testing.T, w *Watcher, want []string, maybe ...string) {
	t.Helper()
	seen := map[string]bool{}
	for len(seen) < len(want) {
		b := next(t, w)
		for _, p := range b.Paths {
			switch {
			case slices.Contains(want, p):
				seen[p] = true
			case !slices.Contains(maybe, p):
				t.Fatalf("unexpected path %q in batch %q (want %q)", p, b.Paths, want)
			}
		}
	}
}

func TestEdit(t *testing.T) {
	root, w := start(t)
	write(t, root, "content/briefs/a.md", "edited")
	expect(t, w, []string{"content/briefs/a.md"})
}

func TestCreateAndDelete(t *testing.T) {
	root, w := start(t)
	write(t, root, "content/briefs/b.md", "new")
	expect(t, w, []string{"content/briefs/b.md"})
	if err := os.Remove(filepath.Join(root, "content/briefs/b.md")); err != nil {
		t.Fatal(err)
	}
	expect(t, w, []string{"content/briefs/b.md"})
}

// TestRenameSave saves as vim does: the probe file 4913, a backup made by
// renaming the file away, the new file written, the backup removed; and as
// JetBrains and VS Code do: a temporary file renamed over the original.
func TestRenameSave(t *testing.T) {
	root, w := start(t)
	dir := filepath.Join(root, "content/briefs")
	a := filepath.Join(dir, "a.md")
	write(t, root, "content/briefs/4913", "")
	must(t, os.Remove(filepath.Join(dir, "4913")))
	must(t, os.Rename(a, a+"~"))
	write(t, root, "content/briefs/a.md", "vim save")
	must(t, os.Remove(a+"~"))
	expect(t, w, []string{"content/briefs/a.md"})

	write(t, root, "content/briefs/.a.md.tmp", "jetbrains save")
	must(t, os.Rename(filepath.Join(dir, ".a.md.tmp"), a))
	write(t, root, "content/briefs/a.md___jb_tmp___", "x")
	must(t, os.Remove(filepath.Join(dir, "a.md___jb_tmp___")))
	expect(t, w, []string{"content/briefs/a.md"})
	data, err := os.ReadFile(a)
	if err != nil || string(data) != "jetbrains save" {
		t.Fatalf("a.md = %q, %v", data, err)
	}

	// sed -i and some editors: a temporary file with a plain name, renamed
	// over the original. Within one batch the temporary file is left out;
	// as batches go out at once, its creation may come in a batch before
	// a.md's, and then its removal comes with a.md or in a batch of its own
	write(t, root, "content/briefs/sedAb12Cd", "sed save")
	must(t, os.Rename(filepath.Join(dir, "sedAb12Cd"), a))
	const tmp = "content/briefs/sedAb12Cd"
	seenTmp, seenA, tmpAfter := false, false, false
	for !seenA || seenTmp && !tmpAfter {
		b := next(t, w)
		for _, p := range b.Paths {
			switch {
			case p == "content/briefs/a.md":
				seenA = true
			case p == tmp && !seenA:
				seenTmp = true
			case p == tmp:
				tmpAfter = true
			default:
				t.Fatalf("unexpected path %q in batch %q after a sed -i save", p, b.Paths)
			}
		}
		if slices.Contains(b.Paths, "content/briefs/a.md") && slices.Contains(b.Paths, tmp) {
			tmpAfter = true // its removal came with a.md
		}
	}
	if !seenTmp && tmpAfter {
		t.Error("the temporary file of a sed -i save was reported though it came and went within one batch")
	}
}

// TestNewFolder creates a folder, then a file in it: the watch follows.
func TestNewFolder(t *testing.T) {
	root, w := start(t)
	must(t, os.MkdirAll(filepath.Join(root, "content/briefs/2024"), 0o755))
	expect(t, w, []string{"content/briefs/2024"})
	write(t, root, "content/briefs/2024/x.md", "x")
	expect(t, w, []string{"content/briefs/2024/x.md"})
	// a watched folder that did not exist at the start
	must(t, os.MkdirAll(filepath.Join(root, "static/css"), 0o755))
	// css may exist before static/ is watched; x.md's write may come in a
	// batch after its creation's
	expect(t, w, []string{"static"}, "static/css", "content/briefs/2024/x.md")
	write(t, root, "static/css/site.css", "body{}")
	expect(t, w, []string{"static/css/site.css"})
}

// TestNoise checks that editor noise alone sends nothing, by sending a real
// change after it: the first batch must hold only the real change.
func TestNoise(t *testing.T) {
	root, w := start(t)
	for _, n := range []string{".a.md.swp", "a.md~", ".#a.md", "4913", "#a.md#", ".hidden"} {
		write(t, root, "content/briefs/"+n, "noise")
	}
	must(t, os.Chmod(filepath.Join(root, "content/briefs/a.md"), 0o600))
	write(t, root, "templates/base.html", "changed")
	b := next(t, w)
	if !slices.Equal(b.Paths, []string{"templates/base.html"}) {
		t.Fatalf("batch = %q, want only templates/base.html", b.Paths)
	}
}

// TestIgnoreNil checks that without Options.Ignore no name is noise.
func TestIgnoreNil(t *testing.T) {
	root := t.TempDir()
	write(t, root, "content/briefs/a.md", "a")
	ctx, cancel := context.WithCancel(context.Background())
	w, err := Start(ctx, Options{Root: root, Dirs: []string{"content"}, Quiet: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Wait()
	defer cancel()
	write(t, root, "content/briefs/.a.md.swp", "swap")
	expect(t, w, []string{"content/briefs/.a.md.swp"})
}

// TestBurst saves a file 100 times in a row while the receiver is busy
// (a rebuild of 20 ms per batch): a few batches, not 100.
func TestBurst(t *testing.T) {
	root, w := start(t)
	for i := range 100 {
		write(t, root, "content/briefs/a.md", strings.Repeat("x", i))
	}
	batches := 0
	for {
		select {
		case b, ok := <-w.Batches:
			if !ok {
				t.Fatal("watcher stopped")
			}
			batches++
			if !slices.Equal(b.Paths, []string{"content/briefs/a.md"}) {
				t.Fatalf("batch = %q", b.Paths)
			}
			time.Sleep(20 * time.Millisecond) // the rebuild
			continue
		case <-time.After(time.Second): // a second with no batch: the burst is over
		}
		break
	}
	if batches == 0 || batches > 5 {
		t.Errorf("100 quick saves gave %d batches, want 1 to 5", batches)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestCoalesce checks the timing of batches with a fake clock.
func TestCoalesce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		in := make(chan change)
		out := make(chan Batch)
		go coalesce(ctx, in, out, 100*time.Millisecond)
		ready := func() (Batch, bool) { // a batch offered now, without waiting
			synctest.Wait()
			select {
			case b := <-out:
				return b, true
			default:
				return Batch{}, false
			}
		}

		// the first change is offered at once
		in <- change{path: "a.md"}
		if b, ok := ready(); !ok || !slices.Equal(b.Paths, []string{"a.md"}) {
			t.Fatalf("batch %+v, %v; want a.md at once", b, ok)
		}

		// the changes that come while the receiver is busy make one batch
		for _, p := range []string{"b", "a", "b", "c"} {
			in <- change{path: p}
			time.Sleep(60 * time.Millisecond)
		}
		if b, ok := ready(); !ok || !slices.Equal(b.Paths, []string{"a", "b", "c"}) || b.Rescan {
			t.Errorf("batch = %+v, %v; want a, b, c", b, ok)
		}

		// a group of changes (the events fsnotify had ready together) is
		// never split: no batch is offered before its last change
		in <- change{path: "t.md", more: true}
		if b, ok := ready(); ok {
			t.Fatalf("batch %+v offered in the middle of a group", b)
		}
		in <- change{path: "t.md"}
		if b, ok := ready(); !ok || !slices.Equal(b.Paths, []string{"t.md"}) {
			t.Errorf("batch after a group = %+v, %v; want t.md", b, ok)
		}

		// a file created and gone within the batch (a temporary file
		// renamed over the real one) is left out; one that existed before
		// and went, or came back, is not
		in <- change{path: "tmp123", created: true}
		in <- change{path: "a.md"}
		in <- change{path: "tmp123", gone: true}
		in <- change{path: "back.md", gone: true}
		in <- change{path: "back.md", created: true}
		if b, ok := ready(); !ok || !slices.Equal(b.Paths, []string{"a.md", "back.md"}) {
			t.Errorf("batch = %+v, %v; want a.md, back.md", b, ok)
		}

		// a batch of nothing but transient files is not sent
		in <- change{path: "sedX1", created: true}
		in <- change{path: "sedX1", gone: true}
		time.Sleep(time.Second)
		if b, ok := ready(); ok {
			t.Fatalf("batch %+v of transient files only", b)
		}

		// a file that went away waits for quiet, in case it comes back
		start := time.Now()
		in <- change{path: "old.md", gone: true}
		if b, ok := ready(); ok {
			t.Fatalf("batch %+v sent at once after a removal", b)
		}
		time.Sleep(50 * time.Millisecond)
		in <- change{path: "other.md"}
		if b, ok := ready(); ok {
			t.Fatalf("batch %+v sent before quiet after a removal", b)
		}
		b := <-out
		if got := time.Since(start); got != 150*time.Millisecond {
			t.Errorf("batch after a removal sent after %v, want 150ms (100 ms after the last change)", got)
		}
		if !slices.Equal(b.Paths, []string{"old.md", "other.md"}) {
			t.Errorf("batch = %+v, want old.md, other.md", b)
		}

		// a rename save: the file goes and comes back, sent at once
		in <- change{path: "a.md", gone: true}
		in <- change{path: "a.md", created: true}
		if b, ok := ready(); !ok || !slices.Equal(b.Paths, []string{"a.md"}) {
			t.Errorf("batch after a rename save = %+v, %v; want a.md at once", b, ok)
		}

		// a file created lately (sed -i's temporary file, sent in a batch
		// of its own) that goes away is not waited for
		time.Sleep(2 * time.Second)
		in <- change{path: "sedX2", created: true}
		if b, ok := ready(); !ok || !slices.Equal(b.Paths, []string{"sedX2"}) {
			t.Errorf("batch = %+v, %v; want sedX2", b, ok)
		}
		in <- change{path: "sedX2", gone: true}
		in <- change{path: "b.md", created: true}
		if b, ok := ready(); !ok || !slices.Equal(b.Paths, []string{"b.md", "sedX2"}) {
			t.Errorf("batch = %+v, %v; want b.md, sedX2 at once", b, ok)
		}

		// more than bulk paths (a checkout) wait for quiet, in one batch
		start = time.Now()
		for i := range bulk + 44 {
			in <- change{path: fmt.Sprintf("c/%03d.md", i), created: true}
		}
		if b, ok := ready(); ok {
			t.Fatalf("batch of %d paths sent before quiet", len(b.Paths))
		}
		if b := <-out; len(b.Paths) != bulk+44 || time.Since(start) != 100*time.Millisecond {
			t.Errorf("bulk batch of %d paths after %v, want %d after 100ms", len(b.Paths), time.Since(start), bulk+44)
		}

		// lost events make a rescan batch, at once
		in <- change{rescan: true}
		if b, ok := ready(); !ok || !b.Rescan || len(b.Paths) != 0 {
			t.Errorf("batch = %+v, %v; want a rescan", b, ok)
		}

		// nothing more is sent without changes
		time.Sleep(time.Second)
		if b, ok := ready(); ok {
			t.Fatalf("batch %+v without changes", b)
		}
		cancel()
		if _, ok := <-out; ok {
			t.Error("out not closed after cancel")
		}
	})
}
