package build

import (
	"io/fs"
	"path"
	"strings"
	"testing/fstest"

	"github.com/sitrep-dev/sitrep/generator/internal/theme"
)

// themeSnapshot returns fsys with templates/ read into memory once, so that
// the templates parsed and the keys hashed from them (theme.Keys) are the
// same bytes. `serve` rebuilds at the first event of a save: reading a
// template twice, it could parse it half-written and hash it whole, and
// the next rebuild, finding the keys unchanged, would keep the pages
// rendered from the half. It returns fsys itself when templates/ cannot be
// read whole (Parse reports why).
func themeSnapshot(fsys fs.FS) fs.FS {
	snap := fstest.MapFS{}
	entries, err := fs.ReadDir(fsys, theme.Dir)
	if err != nil {
		return fsys
	}
	snap[theme.Dir] = &fstest.MapFile{Mode: fs.ModeDir | 0o755}
	for _, e := range entries {
		name := path.Join(theme.Dir, e.Name())
		if !e.Type().IsRegular() {
			return fsys // a folder or a link: left to Parse and its messages
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return fsys
		}
		snap[name] = &fstest.MapFile{Data: data, Mode: 0o644}
	}
	return snapshotFS{fsys, snap}
}

// snapshotFS serves templates/ from snap, the rest from fsys.
type snapshotFS struct {
	fsys fs.FS
	snap fstest.MapFS
}

func (s snapshotFS) Open(name string) (fs.File, error) {
	if name == theme.Dir || strings.HasPrefix(name, theme.Dir+"/") {
		return s.snap.Open(name)
	}
	return s.fsys.Open(name)
}
