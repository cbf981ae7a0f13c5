// Package publish writes a rendered site to the output folder. A build is
// written into a fresh sibling folder and swapped into place only once every
// file is there, so readers and a failed or killed build never see a half
// written site: the previous output stays as it was. Only plain relative
// paths without ".." are written, into a folder this build created and only
// it writes to (so no symbolic link there can lead a write out of it): no page
// path can escape the output folder.
//
// Two builds of one output folder take turns (see BeginWaiting), so that
// the output is always one build whole.
//
// A build replaces the output folder whole, so it must never take a folder
// that is not its own: Begin refuses an existing folder unless it is empty,
// holds the file Marker, which every build writes, or holds only ".git" (a
// fresh git worktree). A ".git" at the top of the output (publishing from a
// git worktree in public/) is carried over into the new version.
package publish

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// Result counts what was written.
type Result struct {
	Pages int   // HTML and other rendered files
	Files int   // files copied from static/
	Bytes int64 // bytes written in all
}

// A Writer fills a fresh folder beside the output folder; Commit swaps it
// into place, Abort throws it away. Page and File may be called from
// several goroutines at once.
type Writer struct {
	out, tmp string
	pages    atomic.Int64
	files    atomic.Int64
	bytes    atomic.Int64
	dirs     sync.Map // folders already made
	unlock   func()   // lets go of the output folder's lock
	unlocked sync.Once
}

// Marker is the file every build writes at the top of the output folder,
// so that the next build knows the folder is its own to replace.
const Marker = ".sitrep-output"

const markerText = "This folder is the output of `sitrep build`: the next build replaces all of it.\n"

// keep lists the entries of the previous output that a new version takes
// over as they are: a git worktree's link or repository.
var keep = []string{".git"}

// An ErrNotOutput is returned by Begin and CheckOutput for an output folder
// that holds files a build did not write.
type ErrNotOutput struct{ Dir string }

func (e *ErrNotOutput) Error() string {
	return fmt.Sprintf("%s is not empty and was not written by sitrep (it has no %s file): a build would replace all of it, so choose a new or empty folder, or empty this one first", e.Dir, Marker)
}

// CheckOutput reports whether out may be replaced by a build: it does not
// exist, or is an empty folder, or holds Marker, or holds only entries that
// a build keeps (.git). Otherwise the error is an *ErrNotOutput (or says
// why out cannot be read).
func CheckOutput(out string) error {
	fi, err := os.Lstat(out)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	case fi.Mode()&fs.ModeSymlink != 0:
		return fmt.Errorf("%s is a symbolic link: a build replaces the output folder whole, so give -out the folder it points to", out)
	case !fi.IsDir():
		return fmt.Errorf("%s is not a folder", out)
	}
	if _, err := os.Lstat(filepath.Join(out, Marker)); err == nil {
		return nil
	}
	kept, err := onlyKept(out)
	if err != nil {
		return err
	}
	if !kept {
		return &ErrNotOutput{Dir: out}
	}
	return nil
}

// onlyKept reports whether the folder dir holds nothing but entries of
// keep (a fresh git worktree holds only .git), or nothing at all.
func onlyKept(dir string) (bool, error) {
	f, err := os.Open(dir)
	if err != nil {
		return false, err
	}
	defer f.Close() // read only
	for {
		names, err := f.Readdirnames(len(keep) + 1)
		for _, n := range names {
			if !slices.Contains(keep, n) {
				return false, nil
			}
		}
		if errors.Is(err, io.EOF) || err == nil && len(names) == 0 {
			return true, nil
		}
		if err != nil {
			return false, err
		}
	}
}

// Begin starts writing a new version of the output folder out, after
// CheckOutput has allowed it: BeginWaiting with no way to stop waiting.
func Begin(out string) (*Writer, error) { return BeginWaiting(context.Background(), out, nil) }

// BeginWaiting starts writing a new version of the output folder out,
// after CheckOutput has allowed it. Builds of one output folder take turns:
// the Writer holds the lock of the file ".NAME.lock" beside the folder
// (removed when it lets go) until Commit or Abort, and while another
// build holds it, BeginWaiting calls waiting (when not nil) once, then waits
// for it to finish, or for ctx to end (it then returns ctx.Err()).
func BeginWaiting(ctx context.Context, out string, waiting func()) (*Writer, error) {
	out, err := filepath.Abs(out)
	if err != nil {
		return nil, err
	}
	if err := CheckOutput(out); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return nil, err
	}
	unlock, err := lockFile(ctx, lockName(out), waiting)
	if err != nil {
		return nil, err
	}
	w, err := begin(out)
	if err != nil {
		unlock()
		return nil, err
	}
	w.unlock = unlock
	return w, nil
}

// begin makes the new folder, holding the lock of out.
func begin(out string) (*Writer, error) {
	// the folder may have changed while this build waited for the lock
	if err := CheckOutput(out); err != nil {
		return nil, err
	}
	parent, name := filepath.Dir(out), filepath.Base(out)
	removeLeftovers(parent, name) // no other build of out runs: no leftover is live
	tmp, err := os.MkdirTemp(parent, tempPrefix(name))
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		_ = os.RemoveAll(tmp) // best effort: err is what matters
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(tmp, Marker), []byte(markerText), 0o644); err != nil {
		_ = os.RemoveAll(tmp) // best effort: err is what matters
		return nil, err
	}
	return &Writer{out: out, tmp: tmp}, nil
}

// Page writes one rendered page: data at the plain relative slash path p.
func (w *Writer) Page(p string, data []byte) error {
	if err := w.write(p, data); err != nil {
		return err
	}
	w.pages.Add(1)
	return nil
}

// File writes one file of static/ as the theme publishes it (minified,
// fingerprinted), data at the plain relative slash path p: it counts as a
// static file, not a page.
func (w *Writer) File(p string, data []byte) error {
	if err := w.write(p, data); err != nil {
		return err
	}
	w.files.Add(1)
	return nil
}

// ValidPath reports whether p is a path a build may write: a plain
// relative slash path, without "..", backslashes or NUL bytes.
func ValidPath(p string) bool {
	return fs.ValidPath(p) && p != "." && !strings.ContainsAny(p, "\\\x00")
}

// mkdir makes the folder dir of the new folder once.
func (w *Writer) mkdir(dir string) error {
	if _, done := w.dirs.Load(dir); done {
		return nil
	}
	if err := mkdir(filepath.Join(w.tmp, filepath.FromSlash(dir))); err != nil {
		return err
	}
	w.dirs.Store(dir, true)
	return nil
}

// write writes one file inside the new folder, refusing any path that is
// not a plain relative slash path. Paths are resolved by the kernel from the
// folder's absolute name: going through os.Root instead, which opens each
// folder of the path in turn, doubled the system calls of a build.
func (w *Writer) write(p string, data []byte) error {
	if !ValidPath(p) {
		return fmt.Errorf("refusing to write %q: not a path inside the output folder", p)
	}
	if dir := path.Dir(p); dir != "." {
		if err := w.mkdir(dir); err != nil {
			return err
		}
	}
	if err := os.WriteFile(filepath.Join(w.tmp, filepath.FromSlash(p)), data, 0o644); err != nil {
		return err
	}
	w.bytes.Add(int64(len(data)))
	return nil
}

// mkdir makes a folder: one system call when its parent is there, as it
// mostly is, where os.MkdirAll makes three.
func mkdir(dir string) error {
	err := os.Mkdir(dir, 0o755)
	if err == nil || errors.Is(err, fs.ErrExist) {
		return nil
	}
	return os.MkdirAll(dir, 0o755)
}

// Commit puts the new folder in the place of the output folder.
func (w *Writer) Commit() (Result, error) {
	res := Result{Pages: int(w.pages.Load()), Files: int(w.files.Load()), Bytes: w.bytes.Load()}
	if err := swap(w.tmp, w.out); err != nil {
		w.Abort()
		return res, fmt.Errorf("publish %s: %w", w.out, err)
	}
	w.release()
	return res, nil
}

// Abort removes the new folder; the output folder stays as it was.
func (w *Writer) Abort() {
	_ = os.RemoveAll(w.tmp) // best effort: a leftover is removed by the next Begin
	w.release()
}

// release lets the next build of the output folder begin.
func (w *Writer) release() {
	if w.unlock != nil {
		w.unlocked.Do(w.unlock)
	}
}

// A Page is one file of the output folder: its plain relative slash path
// and its bytes.
type Page struct {
	Path string
	Data []byte
}

// Write publishes pages (static files included) in one go.
func Write(out string, pages []Page) (Result, error) {
	w, err := Begin(out)
	if err != nil {
		return Result{}, err
	}
	for _, p := range pages {
		if err := w.Page(p.Path, p.Data); err != nil {
			w.Abort()
			return Result{}, err
		}
	}
	return w.Commit()
}

func tempPrefix(name string) string { return "." + name + ".new-" }

// removeLeftovers deletes the temporary folders of builds that were killed.
func removeLeftovers(parent, name string) {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return // nothing to clean, or nothing we may read: Begin reports real problems
	}
	for _, e := range entries {
		if e.IsDir() && (strings.HasPrefix(e.Name(), tempPrefix(name)) || strings.HasPrefix(e.Name(), "."+name+".old-")) {
			_ = os.RemoveAll(filepath.Join(parent, e.Name())) // leftovers only; failure leaves litter, not damage
		}
	}
}

// swap puts the folder tmp in the place of out and removes the old output.
func swap(tmp, out string) error {
	if _, err := os.Lstat(out); errors.Is(err, fs.ErrNotExist) {
		return os.Rename(tmp, out)
	}
	if err := CheckOutput(out); err != nil {
		return err // the folder changed hands while the build ran
	}
	var moved []string // entries of keep moved from out into tmp
	putBack := func() {
		for _, name := range moved {
			_ = os.Rename(filepath.Join(tmp, name), filepath.Join(out, name)) // best effort: the caller reports the first error
		}
	}
	for _, name := range keep {
		if _, err := os.Lstat(filepath.Join(out, name)); err != nil {
			continue
		}
		if err := os.Rename(filepath.Join(out, name), filepath.Join(tmp, name)); err != nil {
			putBack()
			return err
		}
		moved = append(moved, name)
	}
	if err := exchange(tmp, out); err == nil {
		return os.RemoveAll(tmp) // tmp now holds the previous output
	}
	old := filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".old-"+filepath.Base(tmp))
	if err := os.Rename(out, old); err != nil {
		putBack()
		return err
	}
	if err := os.Rename(tmp, out); err != nil {
		_ = os.Rename(old, out) // put the previous output back; err says what failed
		putBack()
		return err
	}
	return os.RemoveAll(old)
}
