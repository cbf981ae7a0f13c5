// Package overlay makes the file tree a build reads: a site folder laid
// over the default theme that the binary carries.
//
// # Layers
//
// Two folders are layered, templates/ and static/. A file of the site
// replaces the theme's file of the same path; the theme's other files show
// through. So a site folder needs only content/, and a site that changes
// one template (templates/brief.html) or one stylesheet keeps the rest of
// the theme, and the rest follows the theme of each new release.
//
// Listing a layered folder, or any folder below one, merges the two
// listings, sorted by name. Where a name is in both, the site's entry wins
// whatever its type: a site file hides a theme folder of that name and
// everything in it, and a site folder hides a theme file.
//
// Everything else (content/, and any other file of the site folder) comes
// from the site alone; the theme's files outside templates/ and static/
// are never seen. The root folder lists the site's entries plus the
// layered folders of the theme that the site lacks.
//
// Errors are the layers' own, except that a name neither layer has is an
// *fs.PathError wrapping fs.ErrNotExist, as from any fs.FS.
package overlay

import (
	"errors"
	"io"
	"io/fs"
	"slices"
	"strings"
)

// FS is a site folder over a theme. It implements fs.ReadDirFS,
// fs.ReadFileFS and fs.StatFS; files of the site are read through the
// site's own ReadFile when it has one (dirfs.FS's fast one).
type FS struct {
	site, theme fs.FS
}

// New lays site over theme. Both hold slash paths from the site folder's
// root: content/site.yaml, templates/base.html, static/style.css.
func New(site, theme fs.FS) *FS { return &FS{site: site, theme: theme} }

// Site returns the site folder under the theme, for checks of the site's
// own files (its symbolic links, say).
func (f *FS) Site() fs.FS { return f.site }

// layeredDirs are the folders in which the theme shows through the site.
var layeredDirs = [...]string{"templates", "static"}

// layered reports whether name is a layered folder or lies inside one.
func layered(name string) bool {
	for _, d := range layeredDirs {
		if name == d || strings.HasPrefix(name, d) && len(name) > len(d) && name[len(d)] == '/' {
			return true
		}
	}
	return false
}

// hidden reports whether a folder of the site above name, inside a layered
// folder or the layered folder itself, is a file: that file hides the
// theme's entries below it. It is asked only when the site has no name.
func (f *FS) hidden(name string) bool {
	for i := strings.IndexByte(name, '/'); i >= 0; {
		fi, err := fs.Stat(f.site, name[:i])
		if err != nil {
			return false // no such folder in the site: nothing deeper either
		}
		if !fi.IsDir() {
			return true
		}
		j := strings.IndexByte(name[i+1:], '/')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false
}

// throughSite reports whether a site error on a layered name lets the
// theme show through: the site has no such name, and no file hides it.
func (f *FS) throughSite(name string, err error) bool {
	return errors.Is(err, fs.ErrNotExist) && !f.hidden(name)
}

// Open opens the named file. A folder present in both layers is opened as
// one whose ReadDir gives the merged listing and whose Stat is the site's.
func (f *FS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	if name != "." && !layered(name) {
		return f.site.Open(name)
	}
	info, err := fs.Stat(f.site, name)
	switch {
	case err == nil && info.IsDir():
		entries, err := f.ReadDir(name)
		if err != nil {
			return nil, &fs.PathError{Op: "open", Path: name, Err: unwrap(err)}
		}
		return &dir{name: name, info: info, entries: entries}, nil
	case err == nil:
		return f.site.Open(name)
	case name != "." && f.throughSite(name, err):
		return f.theme.Open(name)
	}
	return nil, &fs.PathError{Op: "open", Path: name, Err: unwrap(err)}
}

// ReadFile reads the named file: the site's, or the theme's when the site
// has none of that name in a layered folder.
func (f *FS) ReadFile(name string) ([]byte, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "readfile", Path: name, Err: fs.ErrInvalid}
	}
	b, err := fs.ReadFile(f.site, name)
	if err != nil && layered(name) && f.throughSite(name, err) {
		return fs.ReadFile(f.theme, name)
	}
	return b, err
}

// Stat returns the site's information on name, or the theme's when the
// site has none of that name in a layered folder.
func (f *FS) Stat(name string) (fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrInvalid}
	}
	fi, err := fs.Stat(f.site, name)
	if err != nil && layered(name) && f.throughSite(name, err) {
		return fs.Stat(f.theme, name)
	}
	return fi, err
}

// ReadDir lists the named folder, sorted by name. The root and the folders
// in layered folders that both layers have list the entries of both, the
// site's winning.
func (f *FS) ReadDir(name string) ([]fs.DirEntry, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrInvalid}
	}
	if name != "." && !layered(name) {
		return fs.ReadDir(f.site, name)
	}
	site, err := fs.ReadDir(f.site, name)
	if err != nil {
		if name != "." && f.throughSite(name, err) {
			return fs.ReadDir(f.theme, name)
		}
		return nil, err
	}
	theme, err := fs.ReadDir(f.theme, name)
	if err != nil {
		return site, nil // the theme has no such folder: the site's alone
	}
	if name == "." {
		theme = slices.DeleteFunc(theme, func(e fs.DirEntry) bool { return !layered(e.Name()) })
	}
	return merge(site, theme), nil
}

// merge returns the entries of site and those of theme whose names site
// lacks, sorted by name.
func merge(site, theme []fs.DirEntry) []fs.DirEntry {
	all := slices.Clip(site)
	for _, e := range theme {
		if _, found := slices.BinarySearchFunc(site, e.Name(), func(e fs.DirEntry, name string) int {
			return strings.Compare(e.Name(), name)
		}); !found {
			all = append(all, e)
		}
	}
	slices.SortFunc(all, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return all
}

// unwrap returns the error inside an *fs.PathError, to wrap it again
// under the overlay's name and operation.
func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// A dir is an open folder whose listing is merged.
type dir struct {
	name    string
	info    fs.FileInfo
	entries []fs.DirEntry
	off     int
}

func (d *dir) Stat() (fs.FileInfo, error) { return d.info, nil }

func (d *dir) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.name, Err: errors.New("is a directory")}
}

func (d *dir) Close() error { return nil }

// ReadDir returns the next n entries (all the rest for n <= 0), as
// fs.ReadDirFile says.
func (d *dir) ReadDir(n int) ([]fs.DirEntry, error) {
	rest := d.entries[d.off:]
	if n <= 0 {
		d.off = len(d.entries)
		return slices.Clone(rest), nil
	}
	if len(rest) == 0 {
		return nil, io.EOF
	}
	n = min(n, len(rest))
	d.off += n
	return slices.Clone(rest[:n]), nil
}

var _ interface {
	fs.ReadDirFS
	fs.ReadFileFS
	fs.StatFS
} = (*FS)(nil)

var _ fs.ReadDirFile = (*dir)(nil)
