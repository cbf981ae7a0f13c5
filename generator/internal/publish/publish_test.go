package publish

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWriteStaysInside checks that no page path leads a write out of the
// output folder, and that a refused path publishes nothing.
func TestWriteStaysInside(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	for _, p := range []string{"../escape.html", "/abs.html", "a/../../escape.html", `a\..\..\escape.html`, "", ".", "a/./b.html", "a//b.html", "nul\x00.html"} {
		w, err := Begin(out)
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Page(p, []byte("x")); err == nil {
			t.Errorf("Page(%q) was written", p)
		}
		w.Abort()
	}
	if _, err := os.Stat(filepath.Join(dir, "escape.html")); err == nil {
		t.Fatal("a page was written outside the output folder")
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Fatalf("aborted writes left %s: %v", out, err)
	}
	res, err := Write(out, []Page{{Path: "briefs/a/index.html", Data: []byte("a")}, {Path: "index.html", Data: []byte("home")}})
	if err != nil || res.Pages != 2 || res.Bytes != 5 {
		t.Fatalf("Write = %+v, %v", res, err)
	}
	if b, err := os.ReadFile(filepath.Join(out, "briefs", "a", "index.html")); err != nil || string(b) != "a" {
		t.Fatalf("briefs/a/index.html = %q, %v", b, err)
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".public.new-*"))
	if len(left) != 0 {
		t.Errorf("temporary folders left: %v", left)
	}
}

// TestOnlyOwnFolderReplaced: a build replaces only a folder that is new,
// empty, or its own output, and keeps a git worktree's .git.
func TestOnlyOwnFolderReplaced(t *testing.T) {
	home := filepath.Join(t.TempDir(), "home")
	mustWriteFile(t, filepath.Join(home, ".bashrc"), "keep me")
	mustWriteFile(t, filepath.Join(home, "go", "pkg", "x.go"), "package x")
	page := []Page{{Path: "index.html", Data: []byte("home")}}
	_, err := Write(home, page)
	var notOurs *ErrNotOutput
	if !errors.As(err, &notOurs) || notOurs.Dir != home {
		t.Fatalf("Write into a folder with other files: err = %v, want *ErrNotOutput", err)
	}
	if b, err := os.ReadFile(filepath.Join(home, ".bashrc")); err != nil || string(b) != "keep me" {
		t.Fatalf("the refused folder changed: .bashrc = %q, %v", b, err)
	}
	if _, err := os.Stat(filepath.Join(home, "index.html")); err == nil {
		t.Fatal("a page was written into the refused folder")
	}

	empty := filepath.Join(t.TempDir(), "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := Write(empty, page); err != nil {
		t.Fatalf("Write into an empty folder: %v", err)
	}
	if _, err := os.Stat(filepath.Join(empty, Marker)); err != nil {
		t.Fatalf("no %s after a build: %v", Marker, err)
	}
	// its own output is replaced whole, but for .git
	mustWriteFile(t, filepath.Join(empty, "stale.html"), "old")
	mustWriteFile(t, filepath.Join(empty, ".git"), "gitdir: /repo/.git/worktrees/public")
	if _, err := Write(empty, []Page{{Path: "new.html", Data: []byte("new")}}); err != nil {
		t.Fatalf("Write over its own output: %v", err)
	}
	for name, want := range map[string]bool{"new.html": true, "stale.html": false, "index.html": false, ".git": true, Marker: true} {
		if _, err := os.Stat(filepath.Join(empty, name)); (err == nil) != want {
			t.Errorf("%s exists = %v, want %v", name, err == nil, want)
		}
	}

	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(empty, link); err != nil {
		t.Fatal(err)
	}
	if _, err := Write(link, page); err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("Write through a symbolic link: err = %v", err)
	}

	file := filepath.Join(t.TempDir(), "file")
	mustWriteFile(t, file, "x")
	if _, err := Write(file, page); err == nil {
		t.Error("Write over a file succeeded")
	}
}

func mustWriteFile(tb testing.TB, name, data string) {
	tb.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		tb.Fatal(err)
	}
}
