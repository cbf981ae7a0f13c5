// Package watch tells when files change under some folders, in batches.
//
// It wraps fsnotify, whose watches are neither recursive nor safe with
// editors that save by writing a temporary file and renaming it over the old
// one. So it watches folders, never single files: every folder under the
// given ones, and every folder created later, as soon as its creation is
// seen. Events on names the caller's Options.Ignore reports (editor noise:
// swap and backup files, vim's 4913 probe, Emacs lock files, hidden
// temporary files) and attribute changes (Chmod) are dropped, and ignored
// folders are not watched. What remains is coalesced, without waiting: the
// first change of a burst is offered as a batch at once (with the events
// fsnotify already has ready beside it, such as the write after a
// truncate), and the changes that come while the receiver is busy with it
// make one next batch. Only a
// batch in which a file went away waits (Quiet, 50 ms, after the last
// change), in case an editor that saves by renaming brings it back.
//
// A batch lists the changed paths relative to the root, with slashes: files
// written, created, renamed (both names) or removed, and folders created or
// removed (a folder created with files already in it is listed as the
// folder). When events were lost (the kernel queue overflowed), the batch says
// Rescan, and the receiver must assume that anything changed.
package watch

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// DefaultQuiet is how long a batch in which a file went away waits for more
// events (to see it come back, as in a rename save); other batches do not wait.
const DefaultQuiet = 50 * time.Millisecond

// A Batch is one debounced group of changes.
type Batch struct {
	Paths  []string // slash paths relative to the root, sorted, without duplicates
	Rescan bool     // events were lost: anything may have changed
	Err    error    // a problem watching (a folder that could not be watched); the watch goes on
}

// Options configure Start.
type Options struct {
	Root  string        // the folder paths are relative to
	Dirs  []string      // folders under Root to watch recursively, e.g. content, templates, static
	Quiet time.Duration // how long a removal waits to see the file come back; default DefaultQuiet
	// Ignore reports whether a file or folder name (one element of a path)
	// is noise: events on it or under it are dropped. Nil ignores nothing.
	Ignore func(name string) bool
}

// A Watcher sends batches until its context ends.
type Watcher struct {
	// Batches receives the batches; it is closed when the watcher stops.
	Batches <-chan Batch
	done    chan struct{}
}

// Wait blocks until the watcher's goroutines have exited (after its
// context ended).
func (w *Watcher) Wait() { <-w.done }

// Start watches opts.Dirs under opts.Root until ctx ends. Folders in Dirs
// that do not exist yet are watched from the moment they are created.
func Start(ctx context.Context, opts Options) (*Watcher, error) {
	if opts.Quiet <= 0 {
		opts.Quiet = DefaultQuiet
	}
	root, err := filepath.Abs(opts.Root)
	if err != nil {
		return nil, err
	}
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	l := &loop{fw: fw, root: root, dirs: opts.Dirs, ignore: opts.Ignore}
	if l.ignore == nil {
		l.ignore = func(string) bool { return false }
	}
	// the root itself, non-recursively, to see watched folders appear
	if err := fw.Add(root); err != nil {
		_ = fw.Close() // the Add error says what went wrong
		return nil, err
	}
	for _, d := range opts.Dirs {
		if err := l.addTree(filepath.Join(root, filepath.FromSlash(d))); err != nil && !errors.Is(err, fs.ErrNotExist) {
			_ = fw.Close() // as above
			return nil, err
		}
	}
	events := make(chan change)
	out := make(chan Batch)
	w := &Watcher{Batches: out, done: make(chan struct{})}
	loopDone := make(chan struct{})
	go func() { // owner: Start; exits when ctx ends or fsnotify closes its channels
		defer close(loopDone)
		defer close(events)
		l.run(ctx, events)
	}()
	go func() { // owner: Start; exits when events is closed
		coalesce(ctx, events, out, opts.Quiet)
		<-loopDone
		_ = fw.Close() // nothing is left to report it to
		close(w.done)
	}()
	return w, nil
}

// A change is one filtered event: a path, a lost-events mark or an error.
type change struct {
	path    string
	created bool // the event made the path (Create)
	gone    bool // the event took the path away (Remove, or Rename from it)
	rescan  bool
	err     error
	more    bool // another change of the same group follows at once
}

type loop struct {
	fw     *fsnotify.Watcher
	root   string
	dirs   []string
	ignore func(name string) bool // never nil
}

// addTree watches dir and every folder under it, skipping noise folders.
func (l *loop) addTree(dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir {
				return err
			}
			return nil // a folder removed while walking
		}
		if !d.IsDir() {
			return nil
		}
		if p != dir && l.ignore(d.Name()) {
			return filepath.SkipDir
		}
		return l.fw.Add(p)
	})
}

// rel returns the slash path of name relative to the root, and whether it
// lies in a watched folder and is not noise.
func (l *loop) rel(name string) (string, bool) {
	r, err := filepath.Rel(l.root, name)
	if err != nil || r == "." || strings.HasPrefix(r, "..") {
		return "", false
	}
	r = filepath.ToSlash(r)
	parts := strings.Split(r, "/")
	if !slices.Contains(l.dirs, parts[0]) {
		return "", false
	}
	for _, p := range parts[1:] {
		if l.ignore(p) {
			return "", false
		}
	}
	return r, true
}

func (l *loop) run(ctx context.Context, out chan<- change) {
	send := func(c change) bool {
		select {
		case out <- c:
			return true
		case <-ctx.Done():
			return false
		}
	}
	for {
		select {
		case <-ctx.Done():
			return
		case err, ok := <-l.fw.Errors:
			if !ok {
				return
			}
			c := change{err: err}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				c = change{rescan: true}
			}
			if !send(c) {
				return
			}
		case ev, ok := <-l.fw.Events:
			if !ok {
				return
			}
			// the events already there come as one group (a truncate
			// and the write after it, say): no batch is offered between
			// them, though none is waited for
			group := l.changes(ev, nil)
			for len(group) < 64 {
				select {
				case ev, ok := <-l.fw.Events:
					if ok {
						group = l.changes(ev, group)
						continue
					}
				default:
				}
				break
			}
			for i, c := range group {
				c.more = i < len(group)-1
				if !send(c) {
					return
				}
			}
		}
	}
}

// changes appends to group the changes an event makes: none for an
// attribute change or a path outside the watch, one otherwise, after an
// error when a folder created could not be watched.
func (l *loop) changes(ev fsnotify.Event, group []change) []change {
	if ev.Op == fsnotify.Chmod {
		return group
	}
	r, ok := l.rel(ev.Name)
	if !ok {
		return group
	}
	if ev.Has(fsnotify.Create) {
		if fi, err := lstatDir(ev.Name); err == nil && fi {
			if err := l.addTree(ev.Name); err != nil && !errors.Is(err, fs.ErrNotExist) {
				group = append(group, change{err: err})
			}
		}
	}
	gone := ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename)
	return append(group, change{path: r, created: ev.Has(fsnotify.Create) && !gone, gone: gone})
}

// bulk is the number of changed paths beyond which a batch waits for quiet.
const bulk = 256

// coalesce gathers changes from in and offers them on out as one batch as
// soon as it has any: the receiver, idle, starts rebuilding at the first
// event of a burst, and the changes that come while it is busy wait for it
// as one batch. A path that was created and then went away within one batch
// (the temporary file of an editor or of sed -i, renamed over the real one)
// changed nothing and is left out.
//
// The one wait is for a file that went away (removed, or renamed away)
// without having been created within the last second: the batch holding it
// waits until no change has come for quiet, as vim and Emacs save by
// renaming the file to a backup and writing it anew, and a rebuild between
// the two would see the brief deleted. A batch of more than bulk paths
// waits for quiet as well. It returns, closing out, when in is closed or
// ctx ends.
func coalesce(ctx context.Context, in <-chan change, out chan<- Batch, quiet time.Duration) {
	defer close(out)
	timer := time.NewTimer(quiet)
	timer.Stop()
	type state struct{ born, gone bool } // born: first seen being created
	pending := map[string]*state{}
	born := map[string]time.Time{} // paths seen created lately, when
	var pruned time.Time           // when born was last rid of old entries
	var b Batch
	have, settled := false, false // settled: quiet has passed since the last change
	partial := false              // the last change said more follow at once
	for {
		var send chan<- Batch // nil (never ready) unless a batch is offered
		var next Batch
		// a batch of more than bulk paths (a checkout, a copied folder)
		// waits for quiet too: it is not built again at every event
		if have && !partial && (len(pending) <= bulk || settled) {
			hold := false
			next = Batch{Rescan: b.Rescan, Err: b.Err}
			for p, st := range pending {
				if st.born && st.gone {
					continue
				}
				next.Paths = append(next.Paths, p)
				if t, ok := born[p]; st.gone && (!ok || time.Since(t) > time.Second) {
					hold = true
				}
			}
			slices.Sort(next.Paths)
			switch {
			case len(next.Paths) == 0 && !next.Rescan && next.Err == nil:
				pending, have, b = map[string]*state{}, false, Batch{} // only transient files came and went
			case !hold || settled:
				send = out
			}
		}
		select {
		case <-ctx.Done():
			return
		case c, ok := <-in:
			if !ok {
				return
			}
			switch {
			case c.err != nil:
				b.Err = errors.Join(b.Err, c.err)
			case c.rescan:
				b.Rescan = true
			default:
				st := pending[c.path]
				if st == nil {
					st = &state{born: c.created}
					pending[c.path] = st
				}
				st.gone = c.gone
				now := time.Now()
				if c.created {
					born[c.path] = now
				}
				if now.Sub(pruned) > time.Second { // once a second: a checkout makes thousands
					pruned = now
					for p, t := range born {
						if now.Sub(t) > time.Second {
							delete(born, p)
						}
					}
				}
			}
			have, settled, partial = true, false, c.more
			timer.Reset(quiet)
		case <-timer.C:
			settled = true
		case send <- next:
			pending, have, b = map[string]*state{}, false, Batch{}
		}
	}
}

// lstatDir reports whether name is a folder (not a link to one).
func lstatDir(name string) (bool, error) {
	fi, err := os.Lstat(name)
	if err != nil {
		return false, err
	}
	return fi.IsDir(), nil
}
