package content

import (
	"io/fs"
	"slices"

	"github.com/sitrep-dev/sitrep/generator/internal/diag"
)

// A File is one parsed file of content/: at most one of Site, Brief and
// Profile is set, and Diags holds its problems.
type File struct {
	Site    *Site
	Brief   *Brief
	Profile *Profile
	Diags   diag.List
}

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
	default:
		r.Diags.Errorf(f, diag.Pos{}, "unexpected file: content/ holds site.yaml and .md files in briefs/, actors/, countries/ and topics/")
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
	}
}

func (c *Corpus) finish(files []string, diags *diag.List) {
	if c.Site == nil && !slices.Contains(files, SiteFile) {
		diags.Errorf(SiteFile, diag.Pos{}, "missing site settings: create it with at least a title: line")
	}
	if c.Site == nil {
		c.Site = defaultSite()
	}
}

// DefaultSite stands in for a missing content/ folder.
func DefaultSite() *Site { return defaultSite() }
