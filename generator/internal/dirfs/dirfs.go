// Package dirfs is os.DirFS with a faster ReadFile: a site folder read
// whole by every build.
package dirfs

import (
	"io/fs"
	"os"
	"path/filepath"
)

// FS is the file tree rooted at a folder.
type FS struct {
	fs.FS // os.DirFS(dir)
	dir   string
}

// New returns the file tree rooted at dir, as os.DirFS(dir) does.
func New(dir string) FS { return FS{FS: os.DirFS(dir), dir: dir} }

// ReadFile reads the named file (a slash path, as fs.ValidPath wants),
// with os.DirFS's errors.
func (f FS) ReadFile(name string) ([]byte, error) {
	if !fs.ValidPath(name) || !local(name) {
		return fs.ReadFile(f.FS, name) // os.DirFS's own error
	}
	full := name
	if f.dir != "" {
		full = f.dir + string(os.PathSeparator) + filepath.FromSlash(name)
	}
	b, err := readFile(full)
	if err != nil {
		if e, ok := err.(*fs.PathError); ok {
			e.Path = name
		}
		return nil, err
	}
	return b, nil
}

// Stat and ReadDir are os.DirFS's (embedding fs.FS hides them).

func (f FS) Stat(name string) (fs.FileInfo, error) { return fs.Stat(f.FS, name) }

func (f FS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(f.FS, name) }
