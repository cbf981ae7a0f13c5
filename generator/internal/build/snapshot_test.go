package build

import (
	"context"
	"io"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

// changingFS serves name as versions[0] on the first Open after armed is
// set, and as versions[1] from then on: a template written between two
// reads. Stat and ReadDir do not count as reads.
type changingFS struct {
	fstest.MapFS
	name     string
	armed    bool
	opens    int
	versions [2]string
}

func (c *changingFS) Open(name string) (fs.File, error) {
	if name != c.name || !c.armed {
		return c.MapFS.Open(name)
	}
	v := c.versions[min(c.opens, 1)]
	c.opens++
	return fstest.MapFS{name: &fstest.MapFile{Data: []byte(v)}}.Open(name)
}

// ReadFile reads through Open (fstest.MapFS's own would not count).
func (c *changingFS) ReadFile(name string) ([]byte, error) {
	f, err := c.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

func (c *changingFS) Stat(name string) (fs.FileInfo, error) { return c.MapFS.Stat(name) }

func (c *changingFS) ReadDir(name string) ([]fs.DirEntry, error) { return c.MapFS.ReadDir(name) }

// TestTemplateReadOnce edits a template while a rebuild reads it, as
// `serve` does when it rebuilds at the first event of a save: the rebuild
// must parse and hash the same bytes, so that the rebuild at the next event
// renders the pages with the template as written (had it hashed the new
// bytes and parsed the old, the next rebuild would find the keys unchanged
// and keep the old pages).
func TestTemplateReadOnce(t *testing.T) {
	const name = "templates/brief.html"
	m := fixtureSite(t)
	c := &changingFS{MapFS: m, name: name, versions: [2]string{
		`{{define "main"}}<h1 class="half">{{.Title}}</h1>{{end}}`,
		`{{define "main"}}<h1 class="whole">{{.Title}}</h1>{{end}}`,
	}}
	sess := NewSession(Config{Site: c, Now: fixedNow})
	if _, err := sess.Rebuild(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	c.armed = true
	m[name] = &fstest.MapFile{Data: []byte(c.versions[1])} // what Stat sees
	// the save's two events
	for range 2 {
		if _, err := sess.Rebuild(context.Background(), []string{name}); err != nil {
			t.Fatal(err)
		}
	}
	up, err := sess.Rebuild(context.Background(), []string{name})
	if err != nil {
		t.Fatal(err)
	}
	page := string(up.Tree["briefs/2023-04-30-tehran-meeting/index.html"])
	if !strings.Contains(page, `<h1 class="whole">`) {
		t.Errorf("after the rebuilds the brief's page is not rendered with the template as written:\n%s", page)
	}
}
