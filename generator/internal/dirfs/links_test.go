//go:build unix

package dirfs

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
)

func mustWrite(tb testing.TB, name, data string) {
	tb.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		tb.Fatal(err)
	}
}

func mustSymlink(tb testing.TB, target, link string) {
	tb.Helper()
	if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.Symlink(target, link); err != nil {
		tb.Fatal(err)
	}
}

// TestLinks holds FS to its rule: links that resolve inside the folder are
// followed, as files or folders; every other link and special file is left
// out of listings, refused when read, and reported by Check, which also
// reports links into the output folder.
func TestLinks(t *testing.T) {
	top := t.TempDir()
	site := filepath.Join(top, "site")
	mustWrite(t, filepath.Join(top, "secret"), "secret")
	mustWrite(t, filepath.Join(site, "static", "style.css"), "body{}")
	mustWrite(t, filepath.Join(site, "shared", "a.md"), "a")
	mustSymlink(t, "style.css", filepath.Join(site, "static", "copy.css"))              // followed
	mustSymlink(t, "../shared", filepath.Join(site, "static", "shared"))                // followed folder
	mustSymlink(t, filepath.Join(site, "shared"), filepath.Join(site, "static", "abs")) // absolute, inside: followed
	mustSymlink(t, "../../secret", filepath.Join(site, "static", "key.txt"))
	mustSymlink(t, "/dev/zero", filepath.Join(site, "static", "zero"))
	mustSymlink(t, "missing.css", filepath.Join(site, "static", "gone.css"))
	mustSymlink(t, "..", filepath.Join(site, "static", "up"))
	mustSymlink(t, "self", filepath.Join(site, "static", "self"))
	mustSymlink(t, "gone", filepath.Join(site, "static", ".#style.css")) // an Emacs lock: left out, not reported
	mustSymlink(t, "../public", filepath.Join(site, "static", "prev"))
	mustWrite(t, filepath.Join(site, "public", "index.html"), "old")
	if err := syscall.Mkfifo(filepath.Join(site, "static", "pipe"), 0o644); err != nil {
		t.Fatal(err)
	}
	// a loop through two links: static/loop/back is static again (content/z
	// is reported through static/loop, where the walk met it first)
	mustSymlink(t, "../content/z", filepath.Join(site, "static", "loop"))
	mustSymlink(t, "../../static", filepath.Join(site, "content", "z", "back"))

	// the site folder reached through a link of its own is no different
	alias := filepath.Join(top, "alias")
	mustSymlink(t, site, alias)
	f := New(alias)

	entries, err := f.ReadDir("static")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if want := []string{"abs", "copy.css", "loop", "prev", "shared", "style.css"}; !slices.Equal(names, want) {
		t.Errorf("ReadDir(static) = %q, want %q", names, want)
	}
	for _, e := range entries {
		if e.IsDir() != (e.Name() != "copy.css" && e.Name() != "style.css") {
			t.Errorf("%s: IsDir = %v", e.Name(), e.IsDir())
		}
	}
	if b, err := f.ReadFile("static/copy.css"); err != nil || string(b) != "body{}" {
		t.Errorf("ReadFile(static/copy.css) = %q, %v", b, err)
	}
	if b, err := f.ReadFile("static/shared/a.md"); err != nil || string(b) != "a" {
		t.Errorf("ReadFile(static/shared/a.md) = %q, %v", b, err)
	}
	for _, name := range []string{"static/key.txt", "static/zero", "static/gone.css", "static/pipe", "static/self"} {
		b, err := f.ReadFile(name)
		var le *LinkError
		if !errors.As(err, &le) || le.Name != name {
			t.Errorf("ReadFile(%s) = %d bytes, %v; want a *LinkError", name, len(b), err)
		}
		if _, err := f.Stat(name); !errors.As(err, &le) {
			t.Errorf("Stat(%s) = %v; want a *LinkError", name, err)
		}
		if _, err := f.Open(name); !errors.As(err, &le) {
			t.Errorf("Open(%s) = %v; want a *LinkError", name, err)
		}
	}
	if _, err := f.ReadFile("static/up/../../secret"); err == nil {
		t.Error("read a file outside through ..")
	}

	var got []string
	for _, d := range f.Check(filepath.Join(alias, "public"), "static", "content", "templates") {
		got = append(got, d.String())
	}
	want := []string{
		"static/gone.css: symbolic link to missing.css leads nowhere (nothing is there)",
		"static/key.txt: symbolic link to ../../secret leads outside the site folder",
		"static/loop/back: symbolic link to ../../static leads to a folder that holds it (a loop)",
		"static/pipe: a FIFO, not a file or folder",
		"static/prev: symbolic link to ../public leads into the output folder",
		"static/self: symbolic link to self cannot be followed: EvalSymlinks: too many links",
		"static/up: symbolic link to .. leads to a folder that holds it (a loop)",
		"static/zero: symbolic link to /dev/zero leads outside the site folder",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Check:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if d := f.Check(filepath.Join(site, "static", "out"), "static"); len(d) == 0 || d[0].String() != "static: holds the output folder "+filepath.Join(site, "static", "out")+": a build would read its own output" {
		t.Errorf("Check with the output in static/ = %v", d)
	}

	// what is followed behaves as os.DirFS would for plain files
	clean := New(filepath.Join(site, "shared"))
	mustSymlink(t, "a.md", filepath.Join(site, "shared", "b.md"))
	mustSymlink(t, ".", filepath.Join(site, "shared", "here"))
	if err := fstest.TestFS(clean, "a.md", "b.md"); err != nil {
		t.Error(err)
	}
	if _, err := fs.ReadDir(clean, "here"); err != nil {
		t.Errorf("ReadDir(here) = %v", err)
	}
}
