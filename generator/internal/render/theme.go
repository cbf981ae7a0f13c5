package render

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
	"sync"
	"time"

	"github.com/tdewolff/minify/v2"

	"sitrep/generator/internal/assets"
	"sitrep/generator/internal/content"
	"sitrep/generator/internal/diag"
	"sitrep/generator/internal/tmplexec"
)

// ThemeOptions change how a theme is parsed.
type ThemeOptions struct {
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

	// allBriefs holds the page kinds whose templates (base.html, the
	// partials or KIND.html) name SiteView.AllBriefs: pages that depend on
	// every brief's list entry. A name in the source is the only way to
	// reach a field, so this over-approximates and never misses one.
	allBriefs map[string]bool

	memos    sync.Mutex // guards memoSite and memoized
	memoSite *SiteView
	memoized map[memoKey]template.HTML
}

// Optional partials that render pre-renders once per brief and per timeline
// entry, so that pages listing thousands of briefs only concatenate them.
const (
	ItemTemplate  = "briefitem" // given a *BriefView; becomes BriefView.Item
	EntryTemplate = "entry"     // given an EntryView; becomes BriefView.Entry and .EventEntries
	ChipTemplate  = "chip"      // given a *site.Entity; joined by BriefView.Chips
)

var funcs = template.FuncMap{
	"date":      func(t time.Time) string { return t.Format("2 January 2006") },
	"isodate":   func(t time.Time) string { return t.Format(time.DateOnly) },
	"monthname": func(m time.Month) string { return m.String() },
	"kindtitle": func(k content.Kind) string { return k.Title() },
}

var tmplErrRE = regexp.MustCompile(`template: ([^:]+):(\d+):(?:(\d+):)? ?(.*)$`)

// templateDiag turns an html/template error into a located diagnostic.
func templateDiag(diags *diag.List, fallback string, err error) {
	msg := err.Error()
	if m := tmplErrRE.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[2])
		col, _ := strconv.Atoi(m[3])
		diags.Errorf(path.Join(TemplateDir, m[1]), diag.Pos{Line: line, Col: col}, "template: %s", m[4])
		return
	}
	diags.Errorf(fallback, diag.Pos{}, "template: %s", strings.TrimPrefix(msg, "html/template: "))
}

// ParseTemplates reads templates/ and static/ from fsys, the site folder,
// without minifying them.
func ParseTemplates(fsys fs.FS) (*Templates, diag.List) { return ParseTheme(fsys, ThemeOptions{}) }

// ParseTheme reads templates/ and static/ from fsys, the site folder.
func ParseTheme(fsys fs.FS, opt ThemeOptions) (*Templates, diag.List) {
	var m *minify.M
	if opt.Minify {
		m = assets.NewMinifier()
	}
	theme, diags := assets.Load(fsys, m, opt.PlainAssets)
	t := &Templates{sets: map[string]*template.Template{}, execs: map[string]executor{}, static: theme, allBriefs: map[string]bool{}}
	themeFuncs := template.FuncMap{"asset": theme.URL, "memo": t.memo}
	read := func(name string) (string, bool) {
		b, err := fs.ReadFile(fsys, path.Join(TemplateDir, name))
		if err != nil {
			diags.Errorf(path.Join(TemplateDir, name), diag.Pos{}, "missing template (every theme needs base.html and %s.html)", strings.Join(PageKinds, ".html, "))
			return "", false
		}
		if i := bytes.IndexByte(b, 0); i >= 0 {
			diags.Errorf(path.Join(TemplateDir, name), diag.PosAt(b, i, 1), "binary file (holds a NUL byte): not a template")
			return "", false
		}
		return minifyTemplate(m, name, string(b), themeFuncs), true
	}
	base, ok := read("base.html")
	if !ok {
		return nil, diags
	}
	common := strings.Contains(base, allBriefsField)
	root := template.New("base.html").Funcs(funcs).Funcs(themeFuncs)
	if _, err := root.Parse(base); err != nil {
		templateDiag(&diags, "templates/base.html", err)
		return nil, diags
	}
	entries, _ := fs.ReadDir(fsys, TemplateDir) // a missing folder was reported by read above
	for _, e := range entries {
		if n := e.Name(); strings.HasPrefix(n, "_") && strings.HasSuffix(n, ".html") {
			src, ok := read(n)
			if !ok {
				continue
			}
			common = common || strings.Contains(src, allBriefsField)
			if _, err := root.New(n).Parse(src); err != nil {
				templateDiag(&diags, path.Join(TemplateDir, n), err)
			}
		}
	}
	if diags.HasErrors() {
		return nil, diags
	}
	for _, kind := range slices.Concat(PageKinds, OptionalKinds) {
		if slices.Contains(OptionalKinds, kind) {
			if _, err := fs.Stat(fsys, path.Join(TemplateDir, kind+".html")); err != nil {
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
			templateDiag(&diags, path.Join(TemplateDir, kind+".html"), err)
			continue
		}
		if set.Lookup("base") == nil {
			diags.Errorf("templates/base.html", diag.Pos{}, `base.html must define {{define "base"}}…{{end}}`)
			return nil, diags
		}
		t.sets[kind] = set
		t.allBriefs[kind] = common || strings.Contains(src, allBriefsField)
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

// readsAllBriefs reports whether any page kind names SiteView.AllBriefs.
func (t *Templates) readsAllBriefs() bool {
	for _, ok := range t.allBriefs {
		if ok {
			return true
		}
	}
	return false
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

// memo is the template function that renders the partial name with nav
// once per build and per distinct nav, and returns the same HTML to every
// later page. The chrome of a page is a third of its template actions, and
// html/template calls each one by reflection; rendered once, it costs two
// calls. A partial given a NavView cannot show anything that differs
// between the pages of a section, so memoizing it cannot change a page.
func (t *Templates) memo(name string, nav NavView) (template.HTML, error) {
	key := memoKey{name, nav}
	t.memos.Lock()
	if t.memoSite != nav.Site {
		t.memoSite, t.memoized = nav.Site, map[memoKey]template.HTML{} // a new build: forget the last one's
	}
	if h, ok := t.memoized[key]; ok {
		t.memos.Unlock()
		return h, nil
	}
	t.memos.Unlock()
	set := t.execs["home"] // every set holds base.html and the partials
	if set == nil {
		return "", fmt.Errorf("memo %q: templates are not parsed", name)
	}
	var buf bytes.Buffer
	if err := set.Execute(&buf, name, nav); err != nil {
		return "", err
	}
	h := template.HTML(buf.String()) // #nosec: the output of html/template
	t.memos.Lock()
	if t.memoSite == nav.Site {
		t.memoized[key] = h
	}
	t.memos.Unlock()
	return h, nil
}

type memoKey struct {
	name string
	nav  NavView
}

// Assets are the static files of the theme, to publish beside the pages.
func (t *Templates) Assets() []assets.File { return t.static.Files }

// AssetNames returns the static files the theme's "asset" function knows,
// with the path it gives for each; see Assets.Names.
func (t *Templates) AssetNames() []string { return t.static.Names() }

// StaticDir is the folder of the site (and of the output) holding static files.
const StaticDir = "static"
