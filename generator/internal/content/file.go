package content

import (
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/sitrep-dev/sitrep/generator/internal/diag"
	"github.com/sitrep-dev/sitrep/generator/internal/sitefiles"
)

// A File is one parsed file of content/: at most one of Site, Brief and
// Profile is set, and Diags holds its problems.
type File struct {
	Site       *Site
	Brief      *Brief
	Profile    *Profile
	Attachment *Attachment
	Diags      diag.List
}

// An Attachment is a file beside a brief or profile: in the folder of its
// index.md (content/briefs/2024-05-01-x/map.png), or in a folder below it.
// It is published beside the page, at the same path inside the page's
// folder (/briefs/<slug>/map.png).
type Attachment struct {
	File          string // slash path from the site folder
	Owner         string // the index.md it belongs to, set by Assemble
	Data          []byte
	Width, Height int // of an image (sitefiles.Size); 0 otherwise
}

// Rel returns the path of the attachment inside its owner's folder.
func (a *Attachment) Rel() string { return strings.TrimPrefix(a.File, path.Dir(a.Owner)+"/") }

// Files lists the files of content/ in fsys that Load reads, in walk order,
// skipping the names Ignored gives. The error is non-nil (and reported in
// the diagnostics) only when content/ itself cannot be read.
func Files(fsys fs.FS) ([]string, diag.List, error) {
	var diags diag.List
	var files []string
	err := fs.WalkDir(fsys, "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "content" {
				return err
			}
			diags.Errorf(p, diag.Pos{}, "cannot read: %v", unwrapPath(err))
			return nil
		}
		if Ignored(d.Name()) && p != "content" {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !d.IsDir() {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		diags.Errorf("content", diag.Pos{}, "no content folder: %v", unwrapPath(err))
	}
	return files, diags, err
}

// ReadFile reads and parses the content file f.
func ReadFile(fsys fs.FS, f string) File {
	data, err := fs.ReadFile(fsys, f)
	if err != nil {
		var r File
		r.Diags.Errorf(f, diag.Pos{}, "cannot read: %v", unwrapPath(err))
		return r
	}
	return ParseFile(f, data)
}

// ParseFile parses the bytes of the content file f, by its path: site.yaml,
// a brief or a profile.
func ParseFile(f string, data []byte) File {
	var r File
	switch class, kind := Classify(f); class {
	case SettingsFile:
		r.Site = ParseSite(f, data, &r.Diags)
	case BriefFile:
		r.Brief = ParseBrief(f, data, &r.Diags)
	case ProfileFile:
		r.Profile = ParseProfile(f, kind, data, &r.Diags)
	case BundleFile:
		r.Attachment = &Attachment{File: f, Data: data}
		if sitefiles.IsImage(f) {
			r.Attachment.Width, r.Attachment.Height = sitefiles.Size(f, data)
		}
	default:
		r.Diags.Errorf(f, diag.Pos{}, "unexpected file: content/ holds site.yaml, briefs in briefs/ and profiles in actors/, countries/ and topics/ (as NAME.md, or NAME/index.md with files beside it)")
	}
	return r
}

// Assemble makes a corpus of parsed files, given in the order of Files, as
// Load does; diags receives their problems.
func Assemble(files []string, parsed []File, diags *diag.List) *Corpus {
	c := &Corpus{}
	for _, r := range parsed {
		c.add(r, diags)
	}
	c.finish(files, diags)
	return c
}

func (c *Corpus) add(r File, diags *diag.List) {
	diags.Add(r.Diags)
	switch {
	case r.Site != nil:
		c.Site = r.Site
	case r.Brief != nil:
		c.Briefs = append(c.Briefs, r.Brief)
	case r.Profile != nil:
		c.Profiles = append(c.Profiles, r.Profile)
	case r.Attachment != nil:
		c.Attachments = append(c.Attachments, r.Attachment)
	}
}

// own gives every attachment its owner: the index.md of the nearest folder
// holding it that has one (a profile's: content/actors/NAME/index.md
// only). An attachment without one is an error; so is one that would
// take the place of its owner's page.
func (c *Corpus) own(files []string, diags *diag.List) {
	if len(c.Attachments) == 0 {
		return
	}
	index := map[string]bool{}
	for _, f := range files {
		if path.Base(f) == "index.md" {
			index[path.Dir(f)] = true
		}
	}
	kept := c.Attachments[:0]
	for _, a := range c.Attachments {
		a.Owner = ""
		for dir := path.Dir(a.File); strings.Count(dir, "/") >= 2; dir = path.Dir(dir) {
			if index[dir] {
				a.Owner = dir + "/index.md"
				break
			}
			if !strings.HasPrefix(dir, "content/briefs/") {
				break // a profile's folder is right inside its kind's
			}
		}
		switch {
		case a.Owner == "":
			diags.Errorf(a.File, diag.Pos{}, "unexpected file: no folder holding it has an index.md (a file beside a brief or profile goes in its folder, next to its index.md)")
		case a.Rel() == "index.html":
			diags.Errorf(a.File, diag.Pos{}, "a file named index.html beside %s would take the place of its page: rename it", a.Owner)
		default:
			kept = append(kept, a)
		}
	}
	c.Attachments = kept
}

func (c *Corpus) finish(files []string, diags *diag.List) {
	c.own(files, diags)
	if c.Site == nil && !slices.Contains(files, SiteFile) {
		diags.Errorf(SiteFile, diag.Pos{}, "missing site settings: create it with at least a title: line")
	}
	if c.Site == nil {
		c.Site = defaultSite()
	}
}

// DefaultSite stands in for a missing content/ folder.
func DefaultSite() *Site { return defaultSite() }
