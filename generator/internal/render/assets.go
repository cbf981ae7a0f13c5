package render

import (
	"html/template"

	"github.com/tdewolff/minify/v2"
)

// StaticDir is the folder of the site (and of the output) holding static files.
const StaticDir = "static"

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
