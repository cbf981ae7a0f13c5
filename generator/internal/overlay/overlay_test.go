package overlay_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/generator/internal/dirfs"
	"github.com/sitrep-dev/sitrep/generator/internal/overlay"
)

func files(m map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, data := range m {
		if strings.HasSuffix(name, "/") {
			fsys[strings.TrimSuffix(name, "/")] = &fstest.MapFile{Mode: fs.ModeDir | 0o755}
			continue
		}
		fsys[name] = &fstest.MapFile{Data: []byte(data), Mode: 0o644}
	}
	return fsys
}

var theme = files(map[string]string{
	"templates/base.html":   "theme base",
	"templates/brief.html":  "theme brief",
	"templates/_parts.html": "theme parts",
	"static/style.css":      "theme css",
	"static/img/logo.svg":   "theme logo",
	"static/fonts/a.woff2":  "theme font",
	"static/fonts/b.woff2":  "theme font b",
	"content/site.yaml":     "the theme's content is never seen",
	"README":                "nor its other files",
})

func mustRead(t *testing.T, fsys fs.FS, name string) string {
	t.Helper()
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		t.Fatalf("ReadFile(%q): %v", name, err)
	}
	return string(b)
}

func names(t *testing.T, fsys fs.FS, dir string) string {
	t.Helper()
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		t.Fatalf("ReadDir(%q): %v", dir, err)
	}
	var s []string
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() {
			n += "/"
		}
		s = append(s, n)
	}
	return strings.Join(s, " ")
}

func TestOverlay(t *testing.T) {
	site := files(map[string]string{
		"content/site.yaml":    "title: T",
		"content/briefs/a.md":  "brief",
		"templates/brief.html": "site brief",
		"templates/extra.html": "site extra",
		"static/style.css":     "site css",
		"static/img/photo.jpg": "site photo",
		"static/fonts":         "a file hiding the theme's fonts/",
		"static/new/x.js":      "site js",
		"notes.txt":            "a file of the site",
	})
	o := overlay.New(site, theme)
	if err := fstest.TestFS(o,
		"content/site.yaml", "content/briefs/a.md", "notes.txt",
		"templates/base.html", "templates/brief.html", "templates/_parts.html", "templates/extra.html",
		"static/style.css", "static/img/logo.svg", "static/img/photo.jpg", "static/fonts", "static/new/x.js",
	); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{
		"templates/brief.html":  "site brief",
		"templates/base.html":   "theme base",
		"templates/_parts.html": "theme parts",
		"templates/extra.html":  "site extra",
		"static/style.css":      "site css",
		"static/img/logo.svg":   "theme logo",
		"static/img/photo.jpg":  "site photo",
		"static/fonts":          "a file hiding the theme's fonts/",
		"content/site.yaml":     "title: T",
	} {
		if got := mustRead(t, o, name); got != want {
			t.Errorf("ReadFile(%q) = %q, want %q", name, got, want)
		}
	}
	for dir, want := range map[string]string{
		".":          "content/ notes.txt static/ templates/",
		"templates":  "_parts.html base.html brief.html extra.html",
		"static":     "fonts img/ new/ style.css",
		"static/img": "logo.svg photo.jpg",
		"static/new": "x.js",
		"content":    "briefs/ site.yaml",
	} {
		if got := names(t, o, dir); got != want {
			t.Errorf("ReadDir(%q) = %s, want %s", dir, got, want)
		}
	}
	// the theme's files outside templates/ and static/, and the ones a
	// site file hides, are not there
	for _, name := range []string{"README", "static/fonts/a.woff2", "static/fonts/b.woff2", "templates/nope.html", "content/briefs/b.md"} {
		if _, err := fs.ReadFile(o, name); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("ReadFile(%q): %v, want fs.ErrNotExist", name, err)
		}
		if _, err := fs.Stat(o, name); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("Stat(%q): %v, want fs.ErrNotExist", name, err)
		}
		if _, err := o.Open(name); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("Open(%q): %v, want fs.ErrNotExist", name, err)
		}
	}
	if _, err := fs.ReadDir(o, "static/fonts"); err == nil {
		t.Errorf("ReadDir(static/fonts) of a site file: no error")
	}
	for _, name := range []string{"../x", "/static/style.css", "static/../templates/base.html", ""} {
		if _, err := o.Open(name); !errors.Is(err, fs.ErrInvalid) {
			t.Errorf("Open(%q): %v, want fs.ErrInvalid", name, err)
		}
		if _, err := o.ReadFile(name); !errors.Is(err, fs.ErrInvalid) {
			t.Errorf("ReadFile(%q): %v, want fs.ErrInvalid", name, err)
		}
	}
}

// A site folder with content/ alone sees the whole theme.
func TestOverlayContentOnly(t *testing.T) {
	o := overlay.New(files(map[string]string{"content/site.yaml": "title: T"}), theme)
	if err := fstest.TestFS(o, "content/site.yaml", "templates/base.html", "templates/brief.html",
		"templates/_parts.html", "static/style.css", "static/img/logo.svg", "static/fonts/a.woff2"); err != nil {
		t.Fatal(err)
	}
	if got, want := names(t, o, "."), "content/ static/ templates/"; got != want {
		t.Errorf("ReadDir(.) = %s, want %s", got, want)
	}
	if got, want := names(t, o, "static/fonts"), "a.woff2 b.woff2"; got != want {
		t.Errorf("ReadDir(static/fonts) = %s, want %s", got, want)
	}
	// and an empty templates/ folder changes nothing
	o = overlay.New(files(map[string]string{"content/site.yaml": "title: T", "templates/": ""}), theme)
	if got, want := names(t, o, "templates"), "_parts.html base.html brief.html"; got != want {
		t.Errorf("ReadDir(templates) = %s, want %s", got, want)
	}
}

// A folder of the site where the theme has a file hides that file.
func TestOverlayFolderHidesFile(t *testing.T) {
	o := overlay.New(files(map[string]string{"static/style.css/x": "odd"}), theme)
	if err := fstest.TestFS(o, "static/style.css/x", "static/img/logo.svg"); err != nil {
		t.Fatal(err)
	}
	if fi, err := fs.Stat(o, "static/style.css"); err != nil || !fi.IsDir() {
		t.Errorf("Stat(static/style.css) = %v, %v; want the site's folder", fi, err)
	}
	if _, err := fs.ReadFile(o, "static/style.css"); err == nil {
		t.Errorf("ReadFile(static/style.css) read the theme's file through the site's folder")
	}
}

// The real thing: a site folder on disk, read through dirfs, over the
// theme compiled into the binary.
func TestOverlayOnDisk(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("content/site.yaml", "title: T\n")
	write("templates/brief.html", "mine")
	write("static/extra/logo.png", "png")
	o := overlay.New(dirfs.New(dir), sitrep.Theme())
	want := []string{"content/site.yaml", "templates/brief.html", "static/extra/logo.png"}
	themeFiles, err := fs.Glob(sitrep.Theme(), "templates/*")
	if err != nil || len(themeFiles) == 0 {
		t.Fatalf("the theme has no templates: %v", err)
	}
	want = append(want, themeFiles...)
	if err := fstest.TestFS(o, want...); err != nil {
		t.Fatal(err)
	}
	if got := mustRead(t, o, "templates/brief.html"); got != "mine" {
		t.Errorf("templates/brief.html = %q, want the site's", got)
	}
	if got, theirs := mustRead(t, o, "templates/base.html"), mustRead(t, sitrep.Theme(), "templates/base.html"); got != theirs {
		t.Errorf("templates/base.html is not the theme's")
	}
	entries, _ := fs.ReadDir(o, "static")
	if !slices.ContainsFunc(entries, func(e fs.DirEntry) bool { return e.Name() == "style.css" }) ||
		!slices.ContainsFunc(entries, func(e fs.DirEntry) bool { return e.Name() == "extra" && e.IsDir() }) {
		t.Errorf("ReadDir(static) lacks the theme's style.css or the site's extra/: %v", entries)
	}
}
