//go:build unix

package publish

import (
	"context"
	"errors"
	"io/fs"
	"os"

	"golang.org/x/sys/unix"
)

// lockFile takes the exclusive lock (flock) of the file name, making the
// file if need be. While another build holds it, lockFile calls waiting
// (when not nil) once and waits, until the other build lets go or ctx
// ends. unlock removes the file, then lets go of the lock, so that nothing
// is left beside the output: a build that was waiting on the removed file
// finds it gone once it has the lock, and locks the file at name anew.
func lockFile(ctx context.Context, name string, waiting func()) (unlock func(), err error) {
	for {
		f, err := lockOnce(ctx, name, waiting)
		if err != nil {
			return nil, err
		}
		if current(f, name) {
			return func() {
				_ = os.Remove(name) // while locked: see above
				_ = f.Close()       // lets go of the lock; nothing was written
			}, nil
		}
		_ = f.Close() // a removed lock file: try again with the one at name
		waiting = nil // said once
	}
}

// current reports whether the open file f is still the file at name.
func current(f *os.File, name string) bool {
	a, err1 := f.Stat()
	b, err2 := os.Stat(name)
	return err1 == nil && err2 == nil && os.SameFile(a, b)
}

// lockOnce opens the file name and takes its lock, waiting as lockFile does.
func lockOnce(ctx context.Context, name string, waiting func()) (*os.File, error) {
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	fd := int(f.Fd())
	err = flock(fd, unix.LOCK_EX|unix.LOCK_NB)
	if err == nil {
		return f, nil
	}
	if !errors.Is(err, unix.EWOULDBLOCK) {
		_ = f.Close() // err says what went wrong
		return nil, &fs.PathError{Op: "lock", Path: name, Err: err}
	}
	if waiting != nil {
		waiting()
	}
	done := make(chan error, 1)
	// owner: lockOnce, or the goroutine below once ctx has ended; it ends
	// when the other build lets go of the lock
	go func() { done <- flock(fd, unix.LOCK_EX) }()
	select {
	case err := <-done:
		if err != nil {
			_ = f.Close() // err says what went wrong
			return nil, &fs.PathError{Op: "lock", Path: name, Err: err}
		}
		return f, nil
	case <-ctx.Done():
		// owner: lockOnce; ends with the wait above, letting go of the
		// lock it may get at last (f is not closed under a waiting flock,
		// whose descriptor could be another file's by then)
		go func() {
			<-done
			_ = f.Close() // nothing was written
		}()
		return nil, ctx.Err()
	}
}

func flock(fd, how int) error {
	for {
		if err := unix.Flock(fd, how); err != unix.EINTR {
			return err
		}
	}
}
