package build

import (
	"io/fs"

	"github.com/sitrep-dev/sitrep/generator/internal/assets"
	"github.com/sitrep-dev/sitrep/generator/internal/diag"
	"github.com/sitrep-dev/sitrep/generator/internal/theme"
)

// A siteChecker is a site folder on disk (dirfs.FS), which can report the
// symbolic links and special files in it that a build refuses to read.
type siteChecker interface {
	Check(out string, dirs ...string) diag.List
}

// checkSite returns an error for every symbolic link or special file in
// content/, templates/ and static/ that the site folder refuses to read (it
// leaves them out of every listing), and for every link into the output
// folder out ("" for none); a site in memory has none.
func checkSite(site fs.FS, out string) diag.List {
	c, ok := under(site).(siteChecker)
	if !ok {
		return nil
	}
	return c.Check(out, "content", theme.Dir, assets.Dir)
}

// regularFiles reports whether every path of changed is a regular file
// (or a link the site folder follows to one): an edit of such files alone
// cannot have made a link or special file the site folder refuses, nor
// taken one away, so a rebuild need not check the site again.
func regularFiles(site fs.FS, changed []string) bool {
	if _, ok := under(site).(siteChecker); !ok {
		return true
	}
	for _, p := range changed {
		if fi, err := fs.Stat(site, p); err != nil || !fi.Mode().IsRegular() {
			return false
		}
	}
	return true
}

// under is the site folder beneath the theme an overlay lays over it.
func under(site fs.FS) fs.FS {
	if o, ok := site.(interface{ Site() fs.FS }); ok {
		return o.Site()
	}
	return site
}
