// Package assets reads the theme's static files (static/): minified when
// asked (tdewolff/minify), and each stylesheet and script published a second
// time under a name holding a hash of its bytes (style.3f2a9c1b.css), for
// hosts to cache forever. Templates find a file's published path with the
// template function "asset", which is Assets.URL.
package assets

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"

	"github.com/sitrep-dev/sitrep/generator/internal/diag"
)

// Dir is the folder of the site (and of the output) holding static files.
const Dir = "static"

// A File is a static file as published: a slash path inside the output
// folder and its bytes.
type File struct {
	Path string
	Data []byte
}

// mediaTypes are the static files the minifier knows, by extension.
var mediaTypes = map[string]string{
	".css":  "text/css",
	".js":   "application/javascript",
	".mjs":  "application/javascript",
	".json": "application/json",
	".svg":  "image/svg+xml",
}

// fingerprinted are the extensions published a second time under a name
// holding a hash of their bytes, style.3f2a9c1b.css, for hosts to cache forever.
var fingerprinted = []string{".css", ".js", ".mjs"}

// NewMinifier returns a minifier for HTML templates and static files.
// Templates keep their end tags and quotes: a template fragment cannot know
// what an action will print next to it, so omitting </p> or quotes there
// would change the meaning of the page.
func NewMinifier() *minify.M {
	m := minify.New()
	m.AddFunc("text/css", css.Minify)
	m.AddFunc("application/javascript", js.Minify)
	m.AddFunc("application/json", json.Minify)
	m.AddFunc("application/ld+json", json.Minify)
	m.AddFunc("image/svg+xml", svg.Minify)
	m.Add("text/html", &html.Minifier{
		TemplateDelims:      html.GoTemplateDelims,
		KeepEndTags:         true,
		KeepDocumentTags:    true,
		KeepQuotes:          true,
		KeepDefaultAttrVals: true,
	})
	return m
}

// Assets are the files of static/, as published: minified when asked,
// and with a fingerprinted copy of every stylesheet and script.
type Assets struct {
	Files []File            // every file to write, by path inside the output folder
	names map[string]string // "style.css" → "static/style.3f2a9c1b.css"
}

// URL returns the output path of a static file by its name inside static/,
// the fingerprinted one when there is one: the template function "asset".
// Templates pass it to .Site.URL: {{.Site.URL (asset "style.css")}}.
func (a *Assets) URL(name string) (string, error) {
	if p, ok := a.names[strings.TrimPrefix(name, "/")]; ok {
		return p, nil
	}
	return "", fmt.Errorf("asset %q: no such file in static/", name)
}

// Load reads static/ from the site folder; with plain, it makes no
// fingerprinted copies. A file the minifier cannot parse is published as it
// is, with a warning.
func Load(fsys fs.FS, m *minify.M, plain bool) (*Assets, diag.List) {
	var diags diag.List
	a := &Assets{names: map[string]string{}}
	err := fs.WalkDir(fsys, Dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), ".") {
			return err
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		ext := path.Ext(p)
		if mt, ok := mediaTypes[ext]; ok && m != nil {
			if min, err := m.Bytes(mt, data); err != nil {
				diags.Warnf(p, diag.Pos{}, "cannot minify, published as it is: %v", err)
			} else {
				data = min
			}
		}
		name := strings.TrimPrefix(p, Dir+"/")
		a.Files = append(a.Files, File{Path: p, Data: data})
		a.names[name] = p
		if !plain && slices.Contains(fingerprinted, ext) {
			sum := sha256.Sum256(data)
			fp := strings.TrimSuffix(p, ext) + "." + hex.EncodeToString(sum[:4]) + ext
			a.Files = append(a.Files, File{Path: fp, Data: data})
			a.names[name] = fp
		}
		return nil
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) { // a site without static/ is fine
		diags.Errorf(Dir, diag.Pos{}, "cannot read: %v", err)
	}
	return a, diags
}

// Names returns the name of every static file and the output path that
// "asset" gives for it, sorted: what pages depend on in static/.
func (a *Assets) Names() []string {
	out := make([]string, 0, len(a.names))
	for n, p := range a.names {
		out = append(out, n+"\x00"+p)
	}
	slices.Sort(out)
	return out
}
