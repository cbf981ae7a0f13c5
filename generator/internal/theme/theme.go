// Package theme reads a site's theme: the html/template files of
// templates/ (base.html, the partials _*.html and one file per page kind),
// parsed into one set per kind, checked and compiled by tmplexec, and the
// static files of static/ (package assets). It runs the templates for the
// pages, and hashes the files each page kind is made of (Keys), which the
// render planner keys pages on.
package theme

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tdewolff/minify/v2"

	"github.com/sitrep-dev/sitrep/generator/internal/assets"
	"github.com/sitrep-dev/sitrep/generator/internal/content"
	"github.com/sitrep-dev/sitrep/generator/internal/diag"
	"github.com/sitrep-dev/sitrep/generator/internal/tmplexec"
)

// Options change how a theme is parsed.
type Options struct {
	// Minify minifies the template sources once, as they are parsed (with
	// the HTML minifier's Go-template support, so every page comes out
	// minified at no cost per page), and the CSS, JS, JSON and SVG files of
	// static/ as they are read.
	Minify bool
	// PlainAssets publishes static files under their own names only, with
	// no fingerprinted copies, and "asset" returns those names: for serve,
	// where a stylesheet edit must change one file, not every page.
	PlainAssets bool
	// Interpreted executes the templates with html/template alone, not
	// compiled by tmplexec: the same pages, more slowly (for tests and
	// comparisons).
	Interpreted bool
	// Watch are identifiers whose use Names reports
	Watch []string
}

// minifyTemplate returns the minified source of a template, or the source
// as it is when there is no minifier, when the source does not parse (so
// that errors point at the lines the author wrote) or when the minified
// source would not parse.
func minifyTemplate(m *minify.M, name, src string, themeFuncs template.FuncMap) string {
	if m == nil {
		return src
	}
	parse := func(s string) error {
		_, err := template.New(name).Funcs(funcs).Funcs(themeFuncs).Parse(s)
		return err
	}
	if parse(src) != nil {
		return src
	}
	min, err := m.String("text/html", src)
	if err != nil || parse(min) != nil {
		return src
	}
	return min
}

// Templates is a parsed theme: one template set per page kind.
type Templates struct {
	sets   map[string]*template.Template
	execs  map[string]executor // what executes each set: tmplexec, or the set itself
	static *assets.Assets

	// named holds, for each page kind, the identifiers of Options.Watch
	// that its templates (base.html, the partials or KIND.html) name. A
	// name in the source is the only way to reach a field, so this
	// over-approximates and never misses one.
	named map[string]map[string]bool
}

var funcs = template.FuncMap{
	"date":      func(t time.Time) string { return t.Format("2 January 2006") },
	"isodate":   func(t time.Time) string { return t.Format(time.DateOnly) },
	"monthname": func(m time.Month) string { return m.String() },
	"kindtitle": func(k content.Kind) string { return k.Title() },
}

var tmplErrRE = regexp.MustCompile(`template: ([^:]+):(\d+):(?:(\d+):)? ?(.*)$`)

// Diag turns an html/template error into a located diagnostic; fallback is
// the file to name when the error names none.
func Diag(diags *diag.List, fallback string, err error) {
	msg := err.Error()
	if m := tmplErrRE.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[2])
		col, _ := strconv.Atoi(m[3])
		diags.Errorf(path.Join(Dir, m[1]), diag.Pos{Line: line, Col: col}, "template: %s", m[4])
		return
	}
	diags.Errorf(fallback, diag.Pos{}, "template: %s", strings.TrimPrefix(msg, "html/template: "))
}

// Parse reads templates/ and static/ from fsys, the site folder.
func Parse(fsys fs.FS, opt Options) (*Templates, diag.List) {
	var m *minify.M
	if opt.Minify {
		m = assets.NewMinifier()
	}
	theme, diags := assets.Load(fsys, m, opt.PlainAssets)
	t := &Templates{sets: map[string]*template.Template{}, execs: map[string]executor{}, static: theme, named: map[string]map[string]bool{}}
	themeFuncs := template.FuncMap{"asset": theme.URL}
	read := func(name string) (string, bool) {
		b, err := fs.ReadFile(fsys, path.Join(Dir, name))
		if err != nil {
			diags.Errorf(path.Join(Dir, name), diag.Pos{}, "missing template (every theme needs base.html and %s.html)", strings.Join(PageKinds, ".html, "))
			return "", false
		}
		if i := bytes.IndexByte(b, 0); i >= 0 {
			diags.Errorf(path.Join(Dir, name), diag.PosAt(b, i, 1), "binary file (holds a NUL byte): not a template")
			return "", false
		}
		return minifyTemplate(m, name, string(b), themeFuncs), true
	}
	base, ok := read("base.html")
	if !ok {
		return nil, diags
	}
	sources := []string{base}
	root := template.New("base.html").Funcs(funcs).Funcs(themeFuncs)
	if _, err := root.Parse(base); err != nil {
		Diag(&diags, "templates/base.html", err)
		return nil, diags
	}
	entries, _ := fs.ReadDir(fsys, Dir) // a missing folder was reported by read above
	for _, e := range entries {
		if n := e.Name(); strings.HasPrefix(n, "_") && strings.HasSuffix(n, ".html") {
			src, ok := read(n)
			if !ok {
				continue
			}
			sources = append(sources, src)
			if _, err := root.New(n).Parse(src); err != nil {
				Diag(&diags, path.Join(Dir, n), err)
			}
		}
	}
	if diags.HasErrors() {
		return nil, diags
	}
	for _, kind := range slices.Concat(PageKinds, OptionalKinds) {
		if slices.Contains(OptionalKinds, kind) {
			if _, err := fs.Stat(fsys, path.Join(Dir, kind+".html")); err != nil {
				continue
			}
		}
		src, ok := read(kind + ".html")
		if !ok {
			continue
		}
		set, err := root.Clone()
		if err == nil {
			_, err = set.New(kind + ".html").Parse(src)
		}
		if err != nil {
			Diag(&diags, path.Join(Dir, kind+".html"), err)
			continue
		}
		if set.Lookup("base") == nil {
			diags.Errorf("templates/base.html", diag.Pos{}, `base.html must define {{define "base"}}…{{end}}`)
			return nil, diags
		}
		t.sets[kind] = set
		t.named[kind] = map[string]bool{}
		for _, id := range opt.Watch {
			for _, s := range append(sources, src) {
				if strings.Contains(s, id) {
					t.named[kind][id] = true
				}
			}
		}
		if opt.Interpreted {
			t.execs[kind] = interpreted{set}
		} else {
			t.execs[kind] = tmplexec.New(set, funcs, themeFuncs)
		}
	}
	if diags.HasErrors() {
		return nil, diags
	}
	return t, diags
}

// Names reports whether the templates of a page kind name the identifier
// id, one of Options.Watch; with kind "", those of any kind.
func (t *Templates) Names(kind, id string) bool {
	if kind != "" {
		return t.named[kind][id]
	}
	for _, ids := range t.named {
		if ids[id] {
			return true
		}
	}
	return false
}

// Has reports whether the theme has the page kind.
func (t *Templates) Has(kind string) bool { return t.sets[kind] != nil }

// Defines reports whether the partials define the template name.
func (t *Templates) Defines(name string) bool {
	set := t.sets["home"] // every set holds base.html and the partials
	return set != nil && set.Lookup(name) != nil
}

// Execute runs the template name of the set of a page kind on data.
func (t *Templates) Execute(w *bytes.Buffer, kind, name string, data any) error {
	set := t.execs[kind]
	if set == nil {
		return fmt.Errorf("template: no template for %s pages", kind)
	}
	return set.Execute(w, name, data)
}

// Compilation reports how the templates executed so far ran: how many
// executions tmplexec gave up and left to html/template, and which
// templates it could not compile (by page kind and name, with why).
func (t *Templates) Compilation() (fallbacks int64, uncompiled []string) {
	for kind, e := range t.execs {
		if s, ok := e.(*tmplexec.Set); ok {
			fallbacks += s.Fallbacks()
			for name, why := range s.Uncompiled() {
				uncompiled = append(uncompiled, kind+": "+name+": "+why)
			}
		}
	}
	slices.Sort(uncompiled)
	return fallbacks, uncompiled
}

// An executor runs the templates of a set: a *tmplexec.Set, which runs
// them compiled, or html/template itself (interpreted).
type executor interface {
	Execute(w *bytes.Buffer, name string, data any) error
}

type interpreted struct{ set *template.Template }

func (i interpreted) Execute(w *bytes.Buffer, name string, data any) error {
	return i.set.ExecuteTemplate(w, name, data)
}

// Assets are the static files of the theme, to publish beside the pages.
func (t *Templates) Assets() []assets.File { return t.static.Files }

// AssetNames returns the static files the theme's "asset" function knows,
// with the path it gives for each; see Assets.Names.
func (t *Templates) AssetNames() []string { return t.static.Names() }

// PageKinds are the templates a theme must have, besides base.html.
var PageKinds = []string{"home", "brief", "actor", "country", "topic", "list", "timeline", "404"}

// OptionalKinds are the templates a theme may have: search.html makes the
// page /search/.
var OptionalKinds = []string{"search"}

// Dir is where templates live inside the site folder.
const Dir = "templates"
