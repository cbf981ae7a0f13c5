package build

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
)

// TestRebuildBundleFile checks what a rebuild does when a file beside a
// brief changes: the file is published again, and the page showing it is
// rendered again, alone, with the image's new size.
func TestRebuildBundleFile(t *testing.T) {
	dir := diskSite(t, 20)
	ed := &editor{tb: t, dir: dir, r: rand.New(rand.NewPCG(1, 1))}
	img := func(w, h int) []byte {
		var buf bytes.Buffer
		if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, w, h))); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	mustWrite(t, ed.abs("content/briefs/2023-05-01-map/map.png"), img(30, 20))
	mustWrite(t, ed.abs("content/briefs/2023-05-01-map/index.md"), []byte("---\ntitle: Map\ndate: 2023-05-01\n---\n![The map](map.png \"The front\")\n"))
	sess := NewSession(Config{Site: os.DirFS(dir), Now: fixedNow})
	up, err := sess.Rebuild(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	page := "briefs/2023-05-01-map/index.html"
	if !strings.Contains(string(up.Tree[page]), `width="30" height="20"`) || up.Tree["briefs/2023-05-01-map/map.png"] == nil {
		t.Fatalf("first build: no map, or no size")
	}
	ed.write("content/briefs/2023-05-01-map/map.png", img(60, 40))
	up, err = sess.Rebuild(context.Background(), ed.touched)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"briefs/2023-05-01-map/index.html", "briefs/2023-05-01-map/map.png"}; up.Rendered != 1 || !slices.Equal(up.Changed, want) {
		t.Errorf("image resized: rendered %d pages, changed %q; want 1 and %q", up.Rendered, up.Changed, want)
	}
	if !strings.Contains(string(up.Tree[page]), `width="60" height="40"`) {
		t.Errorf("the page does not have the new size")
	}
	want, _, _ := fullBuild(t, dir)
	if d := compareTrees(want, up.Tree); d != "" {
		t.Errorf("differs from a full build:\n%s", d)
	}
}

// TestRebuildImageFollowsSlug checks that a brief whose image: is another
// brief's file follows that brief's URL when its slug changes, though its
// own file and body did not change.
func TestRebuildImageFollowsSlug(t *testing.T) {
	dir := diskSite(t, 5)
	ed := &editor{tb: t, dir: dir, r: rand.New(rand.NewPCG(2, 2))}
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, 4, 3))); err != nil {
		t.Fatal(err)
	}
	mustWrite(t, ed.abs("content/briefs/2023-05-01-a/map.png"), buf.Bytes())
	mustWrite(t, ed.abs("content/briefs/2023-05-01-a/index.md"), []byte("---\ntitle: A\ndate: 2023-05-01\n---\nA.\n"))
	mustWrite(t, ed.abs("content/briefs/2019-05-02-b.md"), []byte("---\ntitle: B\ndate: 2019-05-02\nimage: 2023-05-01-a/map.png\n---\nB.\n"))
	sess := NewSession(Config{Site: os.DirFS(dir), Now: fixedNow})
	if _, err := sess.Rebuild(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	ed.replace("content/briefs/2023-05-01-a/index.md", "title: A", "title: A\nslug: 2023-05-01-renamed")
	up, err := sess.Rebuild(context.Background(), ed.touched)
	if err != nil {
		t.Fatal(err)
	}
	if page := string(up.Tree["briefs/2019-05-02-b/index.html"]); !strings.Contains(page, "/briefs/2023-05-01-renamed/map.png") {
		t.Errorf("brief b's og:image does not follow a's new slug")
	}
	want, _, _ := fullBuild(t, dir)
	if d := compareTrees(want, up.Tree); d != "" {
		t.Errorf("differs from a full build:\n%s", d)
	}
}
