package publish

import (
	"os"
	"path/filepath"
	"testing"

	"sitrep/generator/internal/render"
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
		if err := w.Page(render.Page{Path: p, Data: []byte("x")}); err == nil {
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
	res, err := Write(out, []render.Page{{Path: "briefs/a/index.html", Data: []byte("a")}, {Path: "index.html", Data: []byte("home")}})
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
