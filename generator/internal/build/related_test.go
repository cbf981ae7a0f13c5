package build

import (
	"context"
	"math/rand/v2"
	"os"
	"path"
	"slices"
	"strings"
	"testing"
)

// relatedSection is the "Related briefs" section of a brief's page.
func relatedSection(page []byte) string {
	s := string(page)
	i := strings.Index(s, `<section class="related-briefs"`)
	if i < 0 {
		return ""
	}
	return s[i : i+strings.Index(s[i:], "</section>")]
}

// TestRebuildRelatedBriefs checks that an edit to the entities of one brief
// changes the related briefs of another, in the session as in a full build.
func TestRebuildRelatedBriefs(t *testing.T) {
	dir := diskSite(t, 12)
	sess := NewSession(Config{Site: os.DirFS(dir), Now: fixedNow})
	if _, err := sess.Rebuild(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	ed := &editor{tb: t, dir: dir, r: rand.New(rand.NewPCG(1, 1))}
	var generated []string
	for _, p := range ed.list("content/briefs") {
		if strings.Contains(p, "-000") {
			generated = append(generated, p)
		}
	}
	if len(generated) < 2 {
		t.Fatalf("generated briefs: %q", generated)
	}
	a, b := generated[0], generated[len(generated)-1]
	page := func(p string) string { return "briefs/" + strings.TrimSuffix(path.Base(p), ".md") + "/index.html" }
	link := func(p string) string { return "/briefs/" + strings.TrimSuffix(path.Base(p), ".md") + "/" }
	rebuild := func(what string, touched ...string) Tree {
		t.Helper()
		up, err := sess.Rebuild(context.Background(), touched)
		if err != nil {
			t.Fatal(err)
		}
		want, _, _ := fullBuild(t, dir)
		if d := compareTrees(want, up.Tree); d != "" {
			t.Fatalf("%s: the tree differs from a full build:\n%s", what, d)
		}
		if !slices.Contains(up.Changed, page(a)) {
			t.Errorf("%s: %s unchanged (changed: %q)", what, page(a), up.Changed)
		}
		return up.Tree
	}

	// a rare actor named by both: each is related to the other, first
	for _, p := range []string{a, b} {
		if !ed.replace(p, "actors: [", `actors: ["Rare Actor", `) {
			t.Fatalf("%s has no actors", p)
		}
	}
	tree := rebuild("rare actor added", a, b)
	first := func(rel string) bool {
		i := strings.Index(rel, "<li>")
		return i >= 0 && strings.HasPrefix(rel[i:], `<li><a href="/briefing`+link(b))
	}
	if rel := relatedSection(tree[page(a)]); !first(rel) {
		t.Errorf("%s's related briefs do not name %s first, which shares its rare actor:\n%s", a, b, rel)
	}
	// b loses it: a's page changes though a did not
	ed.replace(b, `actors: ["Rare Actor", `, "actors: [")
	tree = rebuild("rare actor removed from the other brief", b)
	if rel := relatedSection(tree[page(a)]); first(rel) {
		t.Errorf("%s still lists %s first, which lost the rare actor:\n%s", a, b, rel)
	}
}
