package build

import (
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/sitrep-dev/sitrep/generator/internal/assets"
	"github.com/sitrep-dev/sitrep/generator/internal/content"
	"github.com/sitrep-dev/sitrep/generator/internal/diag"
	"github.com/sitrep-dev/sitrep/generator/internal/feed"
	"github.com/sitrep-dev/sitrep/generator/internal/paging"
	"github.com/sitrep-dev/sitrep/generator/internal/render"
	"github.com/sitrep-dev/sitrep/generator/internal/site"
	"github.com/sitrep-dev/sitrep/generator/internal/sitefiles"
	"github.com/sitrep-dev/sitrep/generator/internal/theme"
)

// linkTable makes the table of the files that links, images and image:
// keys may name (package sitefiles): the .md file of every published brief
// and profile, every file beside one (an attachment, published beside its
// page), every static file. It returns the table and the attachments as
// the files to publish, and resolves the image: keys of the site, briefs
// and profiles into their Image.URL (a brief or profile without one takes
// the site's), reporting what they name that does not exist.
func linkTable(fsys fs.FS, m *site.Site, c *content.Corpus, t *theme.Templates, drafts bool) (*sitefiles.Table, []attached, diag.List) {
	var diags diag.List
	tbl := sitefiles.NewTable()
	owners := map[string]string{} // output folder of the page of every .md file
	page := func(file, dir, url string) {
		tg := sitefiles.Target{Path: dir, URL: url, Page: true}
		tbl.Add(file, tg)
		if path.Base(file) == "index.md" {
			tbl.Add(path.Dir(file), tg) // a link to the folder is a link to its page
		}
		owners[file] = dir
	}
	for _, b := range m.Briefs {
		page(b.File, b.Path, b.URL)
	}
	if !drafts {
		for _, b := range c.Briefs {
			if b.Draft {
				tbl.Refuse(b.File, "a draft: published only with -drafts")
			}
		}
	}
	for _, k := range content.Kinds {
		for _, e := range m.Entities[k] {
			if e.Profile != nil {
				page(e.Profile.File, e.Path, e.URL)
			}
		}
	}
	sitePages(m, t, tbl)
	var files []attached
	for _, a := range c.Attachments {
		dir, ok := owners[a.Owner]
		if !ok {
			tbl.Refuse(a.File, "beside "+a.Owner+", which is not published (a draft, or a profile with errors)")
			continue
		}
		out := dir + a.Rel()
		tbl.Add(a.File, sitefiles.Target{Path: out, URL: m.URL(out), Width: a.Width, Height: a.Height})
		files = append(files, attached{src: a.File, Page: render.Page{Path: out, Data: a.Data}})
	}
	if t == nil {
		staticFiles(fsys, m, tbl)
	} else {
		data := map[string][]byte{}
		for _, f := range t.Assets() {
			data[f.Path] = f.Data
		}
		for _, np := range t.AssetNames() {
			name, out, _ := strings.Cut(np, "\x00")
			tg := sitefiles.Target{Path: out, URL: m.URL(out)}
			if sitefiles.IsImage(name) {
				tg.Width, tg.Height = sitefiles.Size(name, data[out])
			}
			tbl.Add("static/"+name, tg)
		}
	}
	m.Image = resolveImage(m, tbl, content.SiteFile, c.Site.Image, "", &diags)
	for _, b := range c.Briefs {
		b.Image.URL = resolveImage(m, tbl, b.File, b.Image, m.Image, &diags)
	}
	for _, p := range c.Profiles {
		p.Image.URL = resolveImage(m, tbl, p.File, p.Image, m.Image, &diags)
	}
	return tbl, files, diags
}

// sitePages adds the pages and files the site makes, by their output
// paths, for links such as /timeline/ and /feed.xml.
func sitePages(m *site.Site, t *theme.Templates, tbl *sitefiles.Table) {
	outs := []string{"", "timeline/", "404.html", feed.FeedFile, feed.JSONFeedFile, feed.SitemapFile, feed.RobotsFile}
	if t != nil && t.Has("search") {
		outs = append(outs, "search/")
	}
	for _, p := range paging.Timeline(m, nil) {
		outs = append(outs, p.Path)
	}
	for _, k := range content.Kinds {
		paging.KindPages(m, k, func(p string, _ []*site.Brief, _ bool) { outs = append(outs, p) })
		for _, e := range m.Entities[k] {
			outs = append(outs, e.Path+feed.FeedFile)
		}
	}
	for _, b := range m.Briefs {
		outs = append(outs, b.Path)
	}
	for _, p := range outs {
		tbl.AddPage(p, m.URL(p))
	}
}

// staticFiles adds the files of static/ to tbl as they are, for a pass
// whose templates did not parse (and so has no theme's static files), so
// that its links to them are not reported missing.
func staticFiles(fsys fs.FS, m *site.Site, tbl *sitefiles.Table) {
	_ = fs.WalkDir(fsys, assets.Dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil // the theme's own errors say what cannot be read
		}
		tg := sitefiles.Target{Path: p, URL: m.URL(p)}
		if sitefiles.IsImage(p) {
			if data, err := fs.ReadFile(fsys, p); err == nil {
				tg.Width, tg.Height = sitefiles.Size(p, data)
			}
		}
		tbl.Add(p, tg)
		return nil
	})
}

// resolveImage returns the absolute URL (when base_url is absolute) of the
// image img of the file from, or def when it has none.
func resolveImage(m *site.Site, tbl *sitefiles.Table, from string, img content.Image, def string, diags *diag.List) string {
	if img.Src == "" {
		return def
	}
	d, ok, err := sitefiles.Parse(from, img.Src)
	switch {
	case !ok && (strings.HasPrefix(img.Src, "https://") || strings.HasPrefix(img.Src, "http://")):
		return img.Src
	case !ok:
		diags.Errorf(from, img.Pos, "image: %q is neither a file of the site nor an http(s) URL", img.Src)
		return def
	case err != nil:
		diags.Errorf(from, img.Pos, "image: %v", err)
		return def
	}
	tg, err := tbl.Lookup(d.File)
	if err != nil {
		diags.Errorf(from, img.Pos, "image: %q: %v", img.Src, err)
		return def
	}
	if !sitefiles.IsImage(d.File) {
		diags.Warnf(from, img.Pos, "image: %q is not a PNG, JPEG, GIF, WebP or SVG file, which link previews show", img.Src)
	}
	return m.AbsURL(tg.Path) + d.Suffix
}

// An attached file is a file beside a brief or profile, as published.
type attached struct {
	src string // its path in the site folder
	render.Page
}

// clashes reports the attachments that would take the place of a page or
// file the pass makes (a profile's feed.xml).
func clashes(made []string, files []attached) diag.List {
	var diags diag.List
	if len(files) == 0 {
		return nil
	}
	made = slices.Clone(made)
	slices.Sort(made)
	for _, a := range files {
		if _, found := slices.BinarySearch(made, a.Path); found {
			diags.Errorf(a.src, diag.Pos{}, "would be published at %s, which the site's own page or file takes: rename it", a.Path)
		}
	}
	return diags
}
