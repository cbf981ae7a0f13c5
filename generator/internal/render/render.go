// Package render turns the site model into pages: it converts every body
// with the markdown package, builds the view of each page and runs the
// theme's html/template files on it. It never writes to disk.
//
// # Templates
//
// templates/ holds base.html, the layout, which must define a template
// "base" that calls {{block "main" .}}, and one file per page kind, each
// defining "main" (and optionally "head"): home.html, brief.html,
// actor.html, country.html, topic.html, list.html (the index of a kind),
// timeline.html and 404.html. Files whose names start with '_' are partials,
// parsed into every page. Each page receives a *PageData.
//
// search.html is optional: with it the site gets the page /search/.
//
// Template functions: date (2 January 2006), isodate (2006-01-02),
// monthname, kindtitle, and asset, which maps a file of static/ to its
// published (fingerprinted) path: {{.Site.URL (asset "style.css")}}.
//
// Templates see views, never the model: see views.go for the theme contract
// this gives, held by construction.
//
// # Passes
//
// A pass (pass.go) turns a model into pages: Cache.Convert decides, given
// what the cache holds of the earlier passes, which bodies to convert and
// which partials to render; the Pass it returns keys every page (the key of
// each view is defined next to it: views.go, brief.go, entity.go) and
// renders those whose keys changed (lazy.go), pages first and then the
// files that are not pages (files.go: the feeds and sitemap of package
// feed, the index and previews of package search). A full build is the
// pass of a cache with no previous state (Build), which streams: each
// brief's page is rendered as soon as its body is converted. Pages that
// list thousands of pre-rendered items are spliced (splice.go); head.go
// holds what the <head> says: OpenGraph values and JSON-LD.
package render

import (
	"io/fs"

	"github.com/sitrep-dev/sitrep/generator/internal/diag"
	"github.com/sitrep-dev/sitrep/generator/internal/theme"
)

// A Page is one output file: a slash path inside the output folder and its bytes.
type Page struct {
	Path string
	Data []byte
}

// Optional partials that render pre-renders once per brief and per timeline
// entry, so that pages listing thousands of briefs only concatenate them.
const (
	ItemTemplate  = "briefitem" // given a *BriefView; becomes BriefView.Item
	EntryTemplate = "entry"     // given an EntryView; becomes BriefView.Entry and .EventEntries
	ChipTemplate  = "chip"      // given an items.EntityRef; joined by BriefView.Chips
)

// ParseTheme parses the theme of the site folder fsys (package theme),
// noting which page kinds name SiteView.AllBriefs.
func ParseTheme(fsys fs.FS, opt theme.Options) (*theme.Templates, diag.List) {
	opt.Watch = append(opt.Watch, allBriefsField)
	return theme.Parse(fsys, opt)
}
