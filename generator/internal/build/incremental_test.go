package build

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io/fs"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/sitrep-dev/sitrep/generator/internal/corpus"
	"github.com/sitrep-dev/sitrep/generator/internal/diag"
)

// diskSite writes the fixture site, with n generated briefs added, into a
// temporary folder and returns it.
func diskSite(tb testing.TB, n int) string {
	tb.Helper()
	dir := tb.TempDir()
	files := map[string][]byte{}
	for p, f := range fixtureSite(tb) {
		files[p] = f.Data
	}
	for p, data := range corpus.New(3).Files(n) {
		if p != "content/site.yaml" {
			files[p] = data
		}
	}
	for p, data := range files {
		mustWrite(tb, filepath.Join(dir, filepath.FromSlash(p)), data)
	}
	return dir
}

func mustWrite(tb testing.TB, name string, data []byte) {
	tb.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(name, data, 0o644); err != nil {
		tb.Fatal(err)
	}
}

// fullBuild builds dir from scratch into a fresh folder and returns the tree
// written (nil when the build failed) with the diagnostics.
func fullBuild(tb testing.TB, dir string) (Tree, diag.List, error) {
	tb.Helper()
	out := filepath.Join(tb.TempDir(), "public")
	rep, err := Run(context.Background(), Config{Site: os.DirFS(dir), Out: out, Now: fixedNow})
	var de *diag.Errors
	if err != nil && !errors.As(err, &de) {
		tb.Fatalf("full build: %v", err)
	}
	if err != nil {
		return nil, rep.Diags, err
	}
	return readTree(tb, out), rep.Diags, nil
}

// compareTrees reports the differences between two trees.
func compareTrees(want, got Tree) string {
	var b strings.Builder
	for _, p := range sortedKeys(want) {
		g, ok := got[p]
		switch {
		case !ok:
			fmt.Fprintf(&b, "missing %s\n", p)
		case string(g) != string(want[p]):
			fmt.Fprintf(&b, "differs %s:\n%s", p, lineDiff(string(want[p]), string(g)))
		}
	}
	for _, p := range sortedKeys(got) {
		if _, ok := want[p]; !ok {
			fmt.Fprintf(&b, "extra %s\n", p)
		}
	}
	return b.String()
}

func diagStrings(l diag.List) []string {
	out := make([]string, len(l))
	for i, d := range l {
		out[i] = d.String()
	}
	return out
}

// editor applies random edits to a site folder, as an editor would, and says
// which paths it touched (as the watcher reports them).
type editor struct {
	tb      testing.TB
	dir     string
	r       *rand.Rand
	touched []string
	broken  map[string][]byte // files whose front matter an edit broke, with their good bytes
	next    int               // for new names
}

func (e *editor) abs(p string) string { return filepath.Join(e.dir, filepath.FromSlash(p)) }

func (e *editor) list(dir string) []string {
	var out []string
	err := filepath.WalkDir(e.abs(dir), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(e.dir, p) // p is below e.dir
		out = append(out, filepath.ToSlash(rel))
		return nil
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		e.tb.Fatal(err)
	}
	slices.Sort(out)
	return out
}

func (e *editor) pick(dir string) string {
	files := e.list(dir)
	if len(files) == 0 {
		return ""
	}
	return files[e.r.IntN(len(files))]
}

func (e *editor) read(p string) []byte {
	data, err := os.ReadFile(e.abs(p))
	if err != nil {
		e.tb.Fatal(err)
	}
	return data
}

// write saves a file, directly or (one time in three) by writing a
// temporary file, hidden or not (as sed -i does), and renaming it over the
// old one, as vim and JetBrains do.
func (e *editor) write(p string, data []byte) {
	if e.r.IntN(3) == 0 {
		tmp := path.Join(path.Dir(p), "."+path.Base(p)+".tmp")
		if e.r.IntN(2) == 0 {
			tmp = path.Join(path.Dir(p), fmt.Sprintf("sed%06d", e.r.IntN(1e6)))
		}
		mustWrite(e.tb, e.abs(tmp), data)
		if err := os.Rename(e.abs(tmp), e.abs(p)); err != nil {
			e.tb.Fatal(err)
		}
		e.touched = append(e.touched, tmp, p)
		return
	}
	mustWrite(e.tb, e.abs(p), data)
	e.touched = append(e.touched, p)
}

func (e *editor) remove(p string) {
	if err := os.RemoveAll(e.abs(p)); err != nil {
		e.tb.Fatal(err)
	}
	e.touched = append(e.touched, p)
}

// replace edits a file by replacing the first old with new; false when old is absent.
func (e *editor) replace(p, old, new string) bool {
	data := string(e.read(p))
	if !strings.Contains(data, old) {
		return false
	}
	e.write(p, []byte(strings.Replace(data, old, new, 1)))
	return true
}

var names = []string{"Lloyd Austin", "Austin", "Ali Khamenei", "Iraq", "Iran", "Nobody Known", "Abdul Latif Rashid", "Fight against ISIS", "Jane Doe"}

// step makes one random edit and returns its description.
func (e *editor) step() string {
	e.next++
	n := e.next
	name := names[e.r.IntN(len(names))]
	op := e.r.IntN(21)
	if len(e.broken) > 0 && e.r.IntN(2) == 0 {
		op = 7 // mend soon, so that most steps build and incremental passes chain
	}
	switch op {
	case 0, 1, 2: // edit a body
		if p := e.pick("content/briefs"); p != "" {
			e.write(p, append(e.read(p), fmt.Sprintf("\nEdit %d mentions [[%s]].\n", n, name)...))
			return "body edit " + p
		}
	case 3: // add an actor
		if p := e.pick("content/briefs"); p != "" && e.replace(p, "actors: [", fmt.Sprintf("actors: [%q, ", name)) {
			return "actor added " + p
		}
	case 4: // drop the first actor
		if p := e.pick("content/briefs"); p != "" {
			data := string(e.read(p))
			if i := strings.Index(data, "actors: ["); i >= 0 {
				if j := strings.IndexAny(data[i+9:], ",]"); j >= 0 && data[i+9+j] == ',' {
					e.write(p, []byte(data[:i+9]+strings.TrimLeft(data[i+9+j+1:], " ")))
					return "actor removed " + p
				}
			}
		}
	case 5: // retitle
		if p := e.pick("content/briefs"); p != "" && e.replace(p, "title: ", fmt.Sprintf("title: Retitled %d ", n)) {
			return "retitle " + p
		}
	case 6: // redate
		if p := e.pick("content/briefs"); p != "" && e.replace(p, "date: 20", fmt.Sprintf("date: %d", 19+e.r.IntN(2))) {
			return "redate " + p
		}
	case 7: // break or mend front matter
		if len(e.broken) > 0 {
			for p, good := range e.broken {
				delete(e.broken, p)
				if _, err := os.Stat(e.abs(p)); err == nil {
					e.write(p, good)
					return "mend " + p
				}
			}
		}
		if p := e.pick("content/briefs"); p != "" {
			good := e.read(p)
			e.broken[p] = good
			e.write(p, []byte(strings.Replace(string(good), "date:", "date: [", 1)))
			return "break " + p
		}
	case 8: // new brief
		p := fmt.Sprintf("content/briefs/new-%d.md", n)
		e.write(p, fmt.Appendf(nil, "---\ntitle: New brief %d\ndate: 2023-0%d-1%d\nactors: [%q]\ntopics: [Topic %d]\n---\nAbout [[%s]].\n", n, 1+e.r.IntN(9), e.r.IntN(9), name, n%3, name))
		return "create " + p
	case 9: // delete a brief
		if p := e.pick("content/briefs"); p != "" {
			e.remove(p)
			return "delete " + p
		}
	case 10: // profile: new, edited or removed
		switch p := e.pick("content/actors"); {
		case p != "" && e.r.IntN(3) == 0:
			e.write(p, append(e.read(p), fmt.Sprintf("\nProfile edit %d about [[%s]].\n", n, name)...))
			return "profile body edit " + p
		case p != "" && e.r.IntN(2) == 0:
			e.remove(p)
			return "delete " + p
		case p != "" && e.replace(p, "summary: ", fmt.Sprintf("aliases: [%q]\nsummary: ", name)):
			return "alias added " + p
		default:
			p := fmt.Sprintf("content/actors/person-%d.md", n%4)
			e.write(p, fmt.Appendf(nil, "---\nname: Person %d\naliases: [%q]\nsummary: Profile %d.\n---\nSee [[Iraq]].\n", n%4, name, n))
			return "profile " + p
		}
	case 11: // template edit
		switch e.r.IntN(3) {
		case 0:
			if e.replace("templates/brief.html", "<h1>", fmt.Sprintf("<h1 data-v=\"%d\">", n)) {
				return "template brief.html"
			}
		case 1:
			if e.replace("templates/_partials.html", "<h3>", fmt.Sprintf("<h3 data-v=\"%d\">", n)) {
				return "template _partials.html"
			}
		case 2:
			if e.replace("templates/base.html", "<main", fmt.Sprintf("<main data-v=\"%d\"", n)) {
				return "template base.html"
			}
		}
	case 12: // template error and repair
		if e.replace("templates/topic.html", `{{template "entity" .}}`, `{{template "entity" .}`) {
			return "template broken"
		}
		if e.replace("templates/topic.html", `{{template "entity" .}`, `{{template "entity" .}}`) {
			return "template mended"
		}
	case 13: // static files
		switch e.r.IntN(3) {
		case 0:
			e.write("static/style.css", append(e.read("static/style.css"), fmt.Sprintf("\n/* %d */\n", n)...))
			return "static edit"
		case 1:
			p := fmt.Sprintf("static/img%d/x%d.txt", n%2, n)
			e.write(p, []byte("x"))
			return "static create " + p
		default:
			if p := e.pick("static/img0"); p != "" {
				e.remove(path.Dir(p))
				return "static folder removed " + path.Dir(p)
			}
		}
	case 14: // site settings
		if e.replace("content/site.yaml", "title: ", fmt.Sprintf("title: V%d ", n)) {
			return "site title"
		}
	case 15: // a folder of briefs appears or goes
		if e.r.IntN(2) == 0 {
			p := fmt.Sprintf("content/briefs/sub%d/b%d.md", n%2, n)
			mustWrite(e.tb, e.abs(p), fmt.Appendf(nil, "---\ntitle: Nested %d\ndate: 2022-02-02\ncountries: [Iraq]\n---\nNested.\n", n))
			e.touched = append(e.touched, path.Dir(p))
			return "folder created " + path.Dir(p)
		}
		if p := e.pick("content/briefs/sub0"); p != "" {
			e.remove(path.Dir(p))
			return "folder removed " + path.Dir(p)
		}
	case 16: // editor noise that must change nothing
		p := "content/briefs/.#lock" + fmt.Sprint(n)
		mustWrite(e.tb, e.abs(p), []byte("noise"))
		e.touched = append(e.touched, p)
		return "noise"
	case 17: // a body with a draft flag, or an unknown name
		if p := e.pick("content/briefs"); p != "" && e.replace(p, "---\n", "---\ndraft: true\n") {
			return "draft " + p
		}
	case 18: // same bytes saved again
		if p := e.pick("content/briefs"); p != "" {
			e.write(p, e.read(p))
			return "resave " + p
		}
	case 19: // summary edit, which shows in lists
		if p := e.pick("content/briefs"); p != "" && e.replace(p, "title:", fmt.Sprintf("summary: Summary %d\ntitle:", n)) {
			return "summary " + p
		}
	case 20: // a brief as a folder with an image beside it, or a static image
		return e.bundleStep(n)
	}
	return "nothing"
}

// bundleStep makes, resizes or removes a brief that is a folder with a map
// beside it, whose body shows the map and a static image, or resizes the
// static image: the pages showing them must follow their sizes.
func (e *editor) bundleStep(n int) string {
	dir := fmt.Sprintf("content/briefs/2023-05-0%d-bundle", 1+n%3)
	img := func(p string) {
		var buf bytes.Buffer
		if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, 1+e.r.IntN(50), 1+e.r.IntN(50)))); err != nil {
			e.tb.Fatal(err)
		}
		e.write(p, buf.Bytes())
	}
	_, err := os.Stat(e.abs(dir + "/map.png"))
	switch exists := err == nil; {
	case !exists:
		if _, err := os.Stat(e.abs("static/pic.png")); err != nil {
			img("static/pic.png")
		}
		img(dir + "/map.png")
		// the first bundle's slug comes and goes; the others show its map
		// as their image:, so their pages follow its URL
		cover, slug := "../2023-05-01-bundle/map.png", ""
		if n%3 == 0 {
			cover = "map.png"
			if e.r.IntN(2) == 0 {
				slug = fmt.Sprintf("slug: 2023-05-01-renamed-%d\n", n)
			}
		}
		e.write(dir+"/index.md", fmt.Appendf(nil, "---\ntitle: Bundle %d\ndate: 2023-05-01\n%simage: %s\n---\n![Map %d](map.png \"Caption\")\n\n![Pic](/static/pic.png) [older](../2023-05-01-bundle/index.md)\n", n, slug, cover, n))
		return "bundle created " + dir
	case e.r.IntN(4) == 0:
		e.remove(dir)
		return "bundle removed " + dir
	case e.r.IntN(3) == 0:
		img("static/pic.png")
		return "static image resized"
	default:
		img(dir + "/map.png")
		return "bundle image resized " + dir
	}
}

// TestIncrementalEqualsFullBuild applies random edits to a real site folder
// and, after each, checks that the session's tree and diagnostics equal those
// of a fresh full build.
func TestIncrementalEqualsFullBuild(t *testing.T) {
	for _, seed := range []uint64{1, 2} {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			checkIncremental(t, diskSite(t, 12), seed)
		})
	}
}

// greedyTheme is a theme that shows, on every page, every brief with what
// a list can show of it, and on a brief's page its entities: the theme
// contract must hold for it as for the default theme.
var greedyTheme = map[string]string{
	"templates/_greedy.html": `{{define "greedy"}}<aside class="all" data-n="{{len .Site.AllBriefs}}"><ol>
{{- range .Site.AllBriefs}}<li><a href="{{.URL}}">{{.Title}}</a> {{.DateISO}} {{.Draft}} {{.Summary}}
{{- range .Actors}} {{.Name}}{{end}}{{range .Topics}} {{.URL}}{{end}} {{len .Sources}} {{len .Events}} {{.Chips}}</li>
{{- end}}</ol></aside>{{end}}`,
}

// TestIncrementalEqualsFullBuildGreedyTheme is TestIncrementalEqualsFullBuild
// with a theme that lists every brief on every page.
func TestIncrementalEqualsFullBuildGreedyTheme(t *testing.T) {
	dir := diskSite(t, 12)
	for p, src := range greedyTheme {
		mustWrite(t, filepath.Join(dir, filepath.FromSlash(p)), []byte(src))
	}
	ed := &editor{tb: t, dir: dir, r: rand.New(rand.NewPCG(0, 0)), broken: map[string][]byte{}}
	if !ed.replace("templates/base.html", "</main>", `{{template "greedy" .}}</main>`) ||
		!ed.replace("templates/brief.html", "</article>", `{{range .Countries}}<i>{{.Name}}</i>{{end}}</article>`) {
		t.Fatal("the default theme changed: adapt greedyTheme")
	}
	tree, _, err := fullBuild(t, dir)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(tree["actors/index.html"]), `<aside class="all" data-n="`) {
		t.Fatal("the greedy theme is not used")
	}
	checkIncremental(t, dir, 3)
}

// TestThemeReachesOnlyViews checks that a template naming what no view
// holds (the model behind it) fails with a located error, in build and in
// the session alike.
func TestThemeReachesOnlyViews(t *testing.T) {
	for _, c := range []struct{ file, old, new, want string }{
		{"templates/base.html", "</main>", "{{len .Site.Briefs}}</main>", "can't evaluate field Briefs"},
		{"templates/brief.html", "</article>", "{{.Older.Title}}</article>", "can't evaluate field Older"},
		{"templates/_partials.html", "{{.Name}}</h1>", "{{.Name}}{{.Profile.Role}}</h1>", "can't evaluate field Profile"},
	} {
		t.Run(c.file, func(t *testing.T) {
			dir := diskSite(t, 3)
			ed := &editor{tb: t, dir: dir, r: rand.New(rand.NewPCG(0, 0)), broken: map[string][]byte{}}
			if !ed.replace(c.file, c.old, c.new) {
				t.Fatalf("%s holds no %q", c.file, c.old)
			}
			_, diags, err := fullBuild(t, dir)
			if err == nil {
				t.Fatal("the build succeeded")
			}
			if len(diags) == 0 || !strings.HasPrefix(diags[0].File, "templates/") || diags[0].Pos.Line == 0 || !strings.Contains(diags[0].Msg, c.want) {
				t.Fatalf("diagnostics %q, want a located template error %q", diagStrings(diags), c.want)
			}
			_, err = NewSession(Config{Site: os.DirFS(dir), Now: fixedNow}).Rebuild(context.Background(), nil)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("session: %v, want %q", err, c.want)
			}
		})
	}
}

// checkIncremental applies random edits to the site folder dir and, after
// each, checks that a session's tree and diagnostics equal those of a
// fresh full build.
func checkIncremental(t *testing.T, dir string, seed uint64) {
	t.Helper()
	steps := 200
	if testing.Short() || raceEnabled {
		steps = 50
	}
	sess := NewSession(Config{Site: os.DirFS(dir), Now: fixedNow})
	up, err := sess.Rebuild(context.Background(), nil)
	if err != nil {
		t.Fatalf("first build: %v", err)
	}
	want, _, _ := fullBuild(t, dir)
	if d := compareTrees(want, up.Tree); d != "" {
		t.Fatalf("first build differs from a full build:\n%s", d)
	}
	ed := &editor{tb: t, dir: dir, r: rand.New(rand.NewPCG(seed, 99)), broken: map[string][]byte{}}
	last := want
	var history []string
	for i := range steps {
		ed.touched = nil
		what := ed.step()
		history = append(history, what)
		up, err := sess.Rebuild(context.Background(), ed.touched)
		var de *diag.Errors
		if err != nil && !errors.As(err, &de) {
			t.Fatalf("step %d (%s): %v", i, what, err)
		}
		want, wantDiags, wantErr := fullBuild(t, dir)
		if (err != nil) != (wantErr != nil) {
			t.Fatalf("step %d (%s): incremental error %v, full build error %v\nhistory: %q", i, what, err, wantErr, history)
		}
		if g, w := diagStrings(up.Diags), diagStrings(wantDiags); !slices.Equal(g, w) {
			t.Fatalf("step %d (%s): diagnostics differ\ngot:  %q\nwant: %q\nhistory: %q", i, what, g, w, history)
		}
		if wantErr != nil {
			want = last // the session keeps serving the last good tree
		}
		if d := compareTrees(want, up.Tree); d != "" {
			t.Fatalf("step %d (%s): tree differs from a full build:\n%s\nhistory: %q", i, what, d, history)
		}
		if wantErr == nil {
			if got, wantChanged := up.Changed, diffTrees(last, want); !slices.Equal(got, wantChanged) {
				t.Fatalf("step %d (%s): Changed = %q, want %q", i, what, got, wantChanged)
			}
		}
		last = want
	}
}

// TestRebuildRendersOnlyWhatChanged checks the work a rebuild does for the
// two common edits: a body edit renders that brief's page alone; an actor
// added to a brief renders the new actor's page and the index of actors.
func TestRebuildRendersOnlyWhatChanged(t *testing.T) {
	dir := diskSite(t, 60)
	sess := NewSession(Config{Site: os.DirFS(dir), Now: fixedNow})
	if _, err := sess.Rebuild(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	ed := &editor{tb: t, dir: dir, r: rand.New(rand.NewPCG(1, 1))}
	brief := "content/briefs/2023-04-30-tehran-meeting.md"

	ed.replace(brief, "Rashid did not answer", "Rashid never answered")
	up, err := sess.Rebuild(context.Background(), []string{brief})
	if err != nil {
		t.Fatal(err)
	}
	if up.Rendered != 1 || !slices.Equal(withoutTermChunks(up.Changed), []string{"briefs/2023-04-30-tehran-meeting/index.html"}) || len(up.Changed) > 5 {
		t.Errorf("body edit: rendered %d pages, changed %q; want only the brief's page and the chunks of the words that came and went", up.Rendered, up.Changed)
	}

	ed.replace(brief, "actors: [", `actors: ["Jane Doe", `)
	up, err = sess.Rebuild(context.Background(), []string{brief})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"actors/jane-doe/index.html", "actors/index.html", "briefs/2023-04-30-tehran-meeting/index.html", "countries/iran/index.html"} { // Iran now appears with Jane Doe
		if !slices.Contains(up.Changed, want) {
			t.Errorf("actor added: %s unchanged (changed: %q)", want, up.Changed)
		}
	}
	if page := string(up.Tree["actors/jane-doe/index.html"]); !strings.Contains(page, "/briefing/briefs/2023-04-30-tehran-meeting/") {
		t.Error("the new actor's page does not list the brief")
	}
	if up.Rendered >= len(up.Tree)/4 {
		t.Errorf("actor added: rendered %d of %d files", up.Rendered, len(up.Tree))
	}

	// a profile's body, twice in a row (the second pass starts from an incremental one)
	for _, text := range []string{"A retired four-star general, first edit.", "A retired four-star general, second edit."} {
		profile := "content/actors/lloyd-austin.md"
		data := string(ed.read(profile))
		ed.write(profile, []byte(data[:strings.LastIndex(data, "---\n")+4]+text+"\n"))
		up, err = sess.Rebuild(context.Background(), []string{profile})
		if err != nil {
			t.Fatal(err)
		}
		if up.Rendered != 1 || !slices.Equal(up.Changed, []string{"actors/lloyd-austin/index.html"}) {
			t.Errorf("profile body edit: rendered %d, changed %q; want the actor's page alone", up.Rendered, up.Changed)
		}
		want, _, _ := fullBuild(t, dir)
		if d := compareTrees(want, up.Tree); d != "" || !strings.Contains(string(up.Tree["actors/lloyd-austin/index.html"]), text) {
			t.Fatalf("after a profile body edit, the tree differs from a full build:\n%s", d)
		}
	}

	up, err = sess.Rebuild(context.Background(), []string{"content/briefs/.#noise"})
	if err != nil || up.Rendered != 0 || len(up.Changed) != 0 {
		t.Errorf("noise: rendered %d, changed %q, %v", up.Rendered, up.Changed, err)
	}
}

// TestRebuildLazy checks serve's first build: it returns before the pages
// are rendered; pages asked for while the rest render (at once, from
// several goroutines) are those of the finished tree, which equals a full
// build; and the session then goes on as after Rebuild.
func TestRebuildLazy(t *testing.T) {
	dir := diskSite(t, 150)
	sess := NewSession(Config{Site: os.DirFS(dir), Now: fixedNow})
	up, err := sess.RebuildLazy(context.Background(), nil)
	if err != nil || up.Pending == nil || up.Tree != nil {
		t.Fatalf("RebuildLazy = pending %v, tree of %d files, %v; want a pending rendering", up.Pending, len(up.Tree), err)
	}
	want, _, _ := fullBuild(t, dir)
	names := []string{"briefs/2023-04-30-tehran-meeting/index.html", "actors/lloyd-austin/index.html", "index.html",
		"timeline/index.html", "actors/index.html", "feed.xml", "sitemap.xml", "search/meta.json", "404.html",
		"static/style.css", "no/such/index.html", "briefs/2023-04-30-tehran-meeting/index.html"}
	got := make([][]byte, len(names))
	found := make([]bool, len(names))
	var wg sync.WaitGroup
	for i, name := range names {
		wg.Go(func() { got[i], found[i] = up.Pending.Get(name) })
	}
	wg.Wait()
	for i, name := range names {
		w, ok := want[name]
		if found[i] != ok || string(got[i]) != string(w) {
			t.Errorf("Get(%q) = %d bytes, %v; the full build has %d bytes, %v", name, len(got[i]), found[i], len(w), ok)
		}
	}
	final, err := up.Pending.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if d := compareTrees(want, final.Tree); d != "" {
		t.Fatalf("the finished tree differs from a full build:\n%s", d)
	}
	if wantChanged := diffTrees(nil, want); !slices.Equal(final.Changed, wantChanged) || final.Rendered == 0 {
		t.Errorf("finished: %d changed (want %d), %d rendered", len(final.Changed), len(wantChanged), final.Rendered)
	}
	if data, ok := up.Pending.Get("index.html"); !ok || string(data) != string(want["index.html"]) {
		t.Error("Get after the rendering finished does not give the finished page")
	}

	// the session goes on: a body edit renders that page alone
	ed := &editor{tb: t, dir: dir, r: rand.New(rand.NewPCG(1, 1))}
	brief := "content/briefs/2023-04-30-tehran-meeting.md"
	ed.replace(brief, "Rashid did not answer", "Rashid never answered")
	next, err := sess.RebuildLazy(context.Background(), []string{brief})
	if err != nil || next.Pending != nil {
		t.Fatalf("RebuildLazy with a good tree = pending %v, %v; want it to render as Rebuild", next.Pending, err)
	}
	if next.Rendered != 1 || !slices.Equal(withoutTermChunks(next.Changed), []string{"briefs/2023-04-30-tehran-meeting/index.html"}) || len(next.Changed) > 5 {
		t.Errorf("body edit after a lazy build: rendered %d, changed %q", next.Rendered, next.Changed)
	}
	want, _, _ = fullBuild(t, dir)
	if d := compareTrees(want, next.Tree); d != "" {
		t.Fatalf("after the edit, the tree differs from a full build:\n%s", d)
	}

	// with errors, nothing is pending: the errors come at once
	ed.replace(brief, "actors: [", "actors: [[")
	bad, err := NewSession(Config{Site: os.DirFS(dir), Now: fixedNow}).RebuildLazy(context.Background(), nil)
	if err == nil || bad.Pending != nil || len(bad.Diags) == 0 {
		t.Errorf("RebuildLazy with a broken brief = pending %v, %v", bad.Pending, err)
	}
}

// withoutTermChunks is the changed files of a rebuild but the parts of the
// search index that a body edit changes: the term chunks holding the words
// that came and went, and meta.json, which names the build of the index.
func withoutTermChunks(changed []string) []string {
	return slices.DeleteFunc(slices.Clone(changed), func(p string) bool {
		return p == "search/meta.json" || strings.HasPrefix(p, "search/t/")
	})
}
