package dirfs

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/sitrep-dev/sitrep/generator/internal/diag"
)

// A LinkError says why the FS refuses an entry: a symbolic link it does not
// follow, or a device, FIFO or socket.
type LinkError struct {
	Name   string // slash path of the entry in the tree
	Target string // what the link says it points to; "" for a special file
	Reason string // "leads outside the site folder", "a FIFO, not a file or folder"...
}

func (e *LinkError) Error() string {
	if e.Target == "" {
		return e.Reason
	}
	return "symbolic link to " + e.Target + " " + e.Reason
}

// An entry is one entry of a folder as a walk sees it.
type entry struct {
	fs.DirEntry            // a followed link as what it leads to; a refused entry as it is
	link        bool       // a symbolic link, followed
	err         *LinkError // why the entry is refused
}

// list lists the folder name, telling for each entry whether the FS
// follows or refuses it.
// real is the folder's real path.
func (f FS) list(name string) (real string, _ []entry, _ error) {
	real, _, err := f.resolve("readdir", name)
	if err != nil {
		return "", nil, err
	}
	des, err := os.ReadDir(real)
	if err != nil {
		if pe, ok := err.(*fs.PathError); ok {
			pe.Path = name
		}
		return "", nil, err
	}
	out := make([]entry, 0, len(des))
	for _, d := range des {
		t := d.Type()
		if t.IsRegular() || t.IsDir() {
			out = append(out, entry{DirEntry: d})
			continue
		}
		p := path.Join(name, d.Name())
		if info, le := f.follow(p, t); le != nil {
			out = append(out, entry{DirEntry: d, err: le})
		} else {
			out = append(out, entry{DirEntry: fs.FileInfoToDirEntry(info), link: true})
		}
	}
	return real, out, nil
}

// follow tells what the entry name, neither a file nor a folder itself
// (mode is its type, links not followed), is to a walk: the info of what a
// link the FS follows leads to, under the link's name, or why the FS
// refuses it.
func (f FS) follow(name string, mode fs.FileMode) (fs.FileInfo, *LinkError) {
	if mode&fs.ModeSymlink == 0 {
		return nil, &LinkError{Name: name, Reason: kind(mode) + ", not a file or folder"}
	}
	full := f.join(name)
	le := &LinkError{Name: name}
	target, err := os.Readlink(full)
	if err != nil {
		le.Reason = fmt.Sprintf("cannot be read: %v", unwrap(err))
		return nil, le
	}
	le.Target = target
	real, err := filepath.EvalSymlinks(full)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		le.Reason = "leads nowhere (nothing is there)"
		return nil, le
	case err != nil:
		le.Reason = fmt.Sprintf("cannot be followed: %v", unwrap(err))
		return nil, le
	case !f.inside(real):
		le.Reason = "leads outside the site folder"
		return nil, le
	}
	fi, err := os.Stat(real)
	switch {
	case err != nil:
		le.Reason = fmt.Sprintf("cannot be followed: %v", unwrap(err))
		return nil, le
	case fi.IsDir() && f.holds(real, path.Dir(name)):
		le.Reason = "leads to a folder that holds it (a loop)"
		return nil, le
	case !fi.IsDir() && !fi.Mode().IsRegular():
		le.Reason = "leads to " + kind(fi.Mode()) + ", not a file or folder"
		return nil, le
	}
	return rename(fi, name), nil
}

// holds reports whether the folder real (a real path) is, or holds, the
// folder dir of the tree or one of the folders on the way to it: a walk
// into it from dir would come round to dir again, for ever.
func (f FS) holds(real, dir string) bool {
	if real == f.dir {
		return true
	}
	for p := dir; p != "."; p = path.Dir(p) {
		if r, err := filepath.EvalSymlinks(f.join(p)); err == nil && (r == real || within(r, real)) {
			return true
		}
	}
	return false
}

// resolve returns the real path of name and its info (under name's base
// name), following only the links the FS follows; otherwise the error is
// an *fs.PathError, with a *LinkError when an entry on the way is refused.
func (f FS) resolve(op, name string) (string, fs.FileInfo, error) {
	if !valid(name) {
		return "", nil, &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	real, err := filepath.EvalSymlinks(f.join(name))
	var fi fs.FileInfo
	if err == nil {
		fi, err = os.Stat(real)
	}
	if err == nil && f.inside(real) && (fi.IsDir() || fi.Mode().IsRegular()) {
		return real, rename(fi, name), nil
	}
	if le := f.refused(name); le != nil {
		return "", nil, &fs.PathError{Op: op, Path: name, Err: le}
	}
	if err == nil { // cannot be: refused finds why
		err = &LinkError{Name: name, Reason: "is refused"}
	}
	return "", nil, &fs.PathError{Op: op, Path: name, Err: unwrap(err)}
}

// refused returns why the FS refuses the first entry on the way to name
// that it refuses, or nil when there is none.
func (f FS) refused(name string) *LinkError {
	p := ""
	for _, part := range strings.Split(name, "/") {
		p = path.Join(p, part)
		fi, err := os.Lstat(f.join(p))
		if err != nil {
			return nil
		}
		if t := fi.Mode().Type(); !t.IsRegular() && !t.IsDir() {
			if _, le := f.follow(p, t); le != nil {
				return le
			}
		}
	}
	return nil
}

// inside reports whether the real path p is the site folder or lies in it.
func (f FS) inside(p string) bool { return p == f.dir || within(p, f.dir) }

// within reports whether p lies strictly inside dir (both clean).
func within(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != "." && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// kind names a type of special file.
func kind(mode fs.FileMode) string {
	switch {
	case mode&fs.ModeNamedPipe != 0:
		return "a FIFO"
	case mode&fs.ModeSocket != 0:
		return "a socket"
	case mode&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}

// realPath resolves the symbolic links of the longest part of the clean
// absolute path p that exists.
func realPath(p string) string {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	dir, base := filepath.Split(p)
	if dir == p || dir == "" {
		return p
	}
	return filepath.Join(realPath(filepath.Clean(dir)), base)
}

func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Check walks the folders dirs of the tree (slash paths such as "content";
// one that does not exist is skipped) and returns, as errors located at
// their paths, every entry under them that the FS refuses, every link
// leading into the output folder out (when not ""), and any of dirs that
// holds out: a build must not read its own output. Hidden entries (".name")
// are not reported: they are not published, and editors make dangling
// links such as Emacs's .#name locks.
func (f FS) Check(out string, dirs ...string) diag.List {
	c := checker{fs: f, walked: map[string]bool{}}
	if out != "" {
		if abs, err := filepath.Abs(out); err == nil {
			c.out = realPath(abs)
		}
	}
	for _, d := range dirs {
		if !valid(d) {
			continue
		}
		fi, err := os.Lstat(f.join(d))
		if err != nil {
			continue // a missing folder is for its reader to report, or fine
		}
		link := false
		if t := fi.Mode().Type(); !t.IsRegular() && !t.IsDir() {
			info, le := f.follow(d, t)
			if le != nil {
				c.refuse(le)
				continue
			}
			fi, link = info, true
		}
		if fi.IsDir() && c.outside(d, link) {
			c.walk(d)
		}
	}
	return c.diags
}

type checker struct {
	fs     FS
	out    string          // the output folder's real path, or ""
	walked map[string]bool // real paths of the folders walked
	diags  diag.List
}

func (c *checker) refuse(le *LinkError) {
	c.diags.Errorf(le.Name, diag.Pos{}, "%s", le.Error())
}

// outside reports whether the entry name (followed, when it is a link)
// neither lies in the output folder nor holds it, reporting it if it does.
func (c *checker) outside(name string, link bool) bool {
	if c.out == "" {
		return true
	}
	real, err := filepath.EvalSymlinks(c.fs.join(name))
	if err != nil {
		return true // gone meanwhile: its reader reports it
	}
	var reason string
	switch {
	case real == c.out || within(real, c.out):
		reason = "leads into the output folder"
	case within(c.out, real):
		reason = "leads to a folder that holds the output folder"
	default:
		return true
	}
	if !link {
		c.diags.Errorf(name, diag.Pos{}, "holds the output folder %s: a build would read its own output", c.out)
		return false
	}
	target, _ := os.Readlink(c.fs.join(name)) // it was read a moment ago
	c.refuse(&LinkError{Name: name, Target: target, Reason: reason})
	return false
}

// walk reports the refused entries under the folder name, unless it was
// walked by another path (through a link), whose report stands for both.
// It looks only at the entries that are neither files nor folders, and
// into folders: for the cost of reading the folders, a few milliseconds a
// build for 10,000 files.
func (c *checker) walk(name string) {
	real, _, err := c.fs.resolve("readdir", name)
	if err != nil || c.walked[real] {
		return // for its reader to report, or reported
	}
	c.walked[real] = true
	others, err := readOthers(real)
	if err != nil {
		return // for its reader to report
	}
	for _, e := range others {
		p := path.Join(name, e.name)
		if e.mode.IsDir() {
			c.walk(p)
			continue
		}
		info, le := c.fs.follow(p, e.mode)
		switch {
		case le != nil:
			if !strings.HasPrefix(e.name, ".") {
				c.refuse(le)
			}
		case !c.outside(p, true):
		case info.IsDir():
			c.walk(p)
		}
	}
}

// An other is an entry of a folder that is not a regular file.
type other struct {
	name string
	mode fs.FileMode // its type
}

// readOthers returns the entries of the folder dir that are not regular
// files, sorted by name.
func readOthers(dir string) ([]other, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	defer f.Close() // read only
	var out []other
	for {
		des, err := f.ReadDir(1024)
		for _, d := range des {
			if t := d.Type(); !t.IsRegular() {
				out = append(out, other{d.Name(), t})
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	slices.SortFunc(out, func(a, b other) int { return strings.Compare(a.name, b.name) })
	return out, nil
}
