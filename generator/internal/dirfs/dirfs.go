// Package dirfs is the site folder as an fs.FS: os.DirFS with a faster
// ReadFile, which keeps to what the site folder holds.
//
// # Symbolic links and special files
//
// A symbolic link is followed when it resolves, every link on the way
// resolved, to a file or a folder inside the site folder (real paths are
// compared, so a site folder reached through a link is no different).
// Everything else is refused: a link that leads outside the site folder, a
// dangling link, a link to a folder that holds it (a walk would never end),
// and any device, FIFO or socket, linked to or not. So nothing outside the
// site folder is ever read, and no read waits on a FIFO or fills the memory
// from /dev/zero.
//
// ReadDir leaves refused entries out, as if they were not there, and
// ReadFile, Open and Stat fail on them with a *LinkError. Check lists them
// all, as located errors, for a build to report: a build must call it, or
// a link left out would go unnoticed.
package dirfs

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"syscall"
)

// FS is the file tree rooted at a folder.
type FS struct {
	dir string // the folder's real path: absolute, every symbolic link resolved
}

// New returns the file tree rooted at dir, as os.DirFS(dir) does.
func New(dir string) FS {
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	return FS{dir: realPath(dir)}
}

// join returns the operating system's path of the valid fs path name.
func (f FS) join(name string) string {
	if name == "." {
		return f.dir
	}
	return f.dir + string(os.PathSeparator) + filepath.FromSlash(name)
}

// errLinked says that a path to open goes through a symbolic link: the FS
// must resolve it and check where it leads first.
var errLinked = errors.New("a symbolic link on the way")

func valid(name string) bool { return fs.ValidPath(name) && local(name) }

// ReadFile reads the named file (a slash path, as fs.ValidPath wants),
// with os.DirFS's errors, or a *LinkError for a refused entry.
func (f FS) ReadFile(name string) ([]byte, error) {
	if !valid(name) {
		return nil, &fs.PathError{Op: "readfile", Path: name, Err: fs.ErrInvalid}
	}
	b, err := readFile(f.join(name))
	if errors.Is(err, errLinked) {
		// a link on the way: follow it if it stays inside
		var real string
		var fi fs.FileInfo
		if real, fi, err = f.resolve("open", name); err != nil {
			return nil, err
		}
		if fi.IsDir() {
			return nil, &fs.PathError{Op: "read", Path: name, Err: syscall.EISDIR}
		}
		b, err = readFile(real)
	}
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			pe.Path = name
			var le *LinkError
			if errors.As(pe.Err, &le) {
				le.Name = name
			}
		}
		return nil, err
	}
	return b, nil
}

// Stat returns the FileInfo of the named file, following links the FS
// follows.
func (f FS) Stat(name string) (fs.FileInfo, error) {
	_, fi, err := f.resolve("stat", name)
	return fi, err
}

// ReadDir lists the named folder, sorted by name, without the entries the
// FS refuses; a link it follows is listed as what it leads to.
func (f FS) ReadDir(name string) ([]fs.DirEntry, error) {
	_, list, err := f.list(name)
	entries := make([]fs.DirEntry, 0, len(list))
	for _, e := range list {
		if e.err == nil {
			entries = append(entries, e.DirEntry)
		}
	}
	return entries, err
}

// Open opens the named file or folder.
func (f FS) Open(name string) (fs.File, error) {
	real, fi, err := f.resolve("open", name)
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		return &dir{fs: f, name: name, info: fi}, nil
	}
	of, err := os.Open(real)
	if err != nil {
		if pe, ok := err.(*fs.PathError); ok {
			pe.Path = name
		}
		return nil, err
	}
	return &file{File: of, info: fi}, nil
}

// A file is an open file of the tree; its Stat gives the name it was
// opened by, not that of the file a link leads to.
type file struct {
	*os.File
	info fs.FileInfo
}

func (f *file) Stat() (fs.FileInfo, error) { return f.info, nil }

// A dir is an open folder of the tree: it lists what ReadDir lists.
type dir struct {
	fs      FS
	name    string
	info    fs.FileInfo
	entries []fs.DirEntry // nil until the first ReadDir
	read    bool
}

func (d *dir) Stat() (fs.FileInfo, error) { return d.info, nil }
func (d *dir) Close() error               { return nil }
func (d *dir) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.name, Err: syscall.EISDIR}
}

func (d *dir) ReadDir(n int) ([]fs.DirEntry, error) {
	if !d.read {
		entries, err := d.fs.ReadDir(d.name)
		if err != nil {
			return nil, err
		}
		d.entries, d.read = entries, true
	}
	if n <= 0 || n >= len(d.entries) {
		out := d.entries
		d.entries = d.entries[len(d.entries):]
		if n > 0 && len(out) == 0 {
			return nil, io.EOF
		}
		return out, nil
	}
	out := d.entries[:n]
	d.entries = d.entries[n:]
	return out, nil
}

// named is a FileInfo under another name: that of the link that led to it.
type named struct {
	fs.FileInfo
	name string
}

func (n named) Name() string { return n.name }

// rename gives fi the base name of the fs path name.
func rename(fi fs.FileInfo, name string) fs.FileInfo {
	base := path.Base(name)
	if name == "." || fi.Name() == base {
		return fi
	}
	return named{fi, base}
}
