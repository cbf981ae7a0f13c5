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
// ends. unlock lets go of the lock.
func lockFile(ctx context.Context, name string, waiting func()) (unlock func(), err error) {
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	fd := int(f.Fd())
	unlock = func() {
		_ = flock(fd, unix.LOCK_UN) // closing lets go of it too
		_ = f.Close()               // nothing was written
	}
	err = flock(fd, unix.LOCK_EX|unix.LOCK_NB)
	if err == nil {
		return unlock, nil
	}
	if !errors.Is(err, unix.EWOULDBLOCK) {
		_ = f.Close() // err says what went wrong
		return nil, &fs.PathError{Op: "lock", Path: name, Err: err}
	}
	if waiting != nil {
		waiting()
	}
	done := make(chan error, 1)
	// owner: lockFile, or the goroutine below once ctx has ended; it ends
	// when the other build lets go of the lock
	go func() { done <- flock(fd, unix.LOCK_EX) }()
	select {
	case err := <-done:
		if err != nil {
			_ = f.Close() // err says what went wrong
			return nil, &fs.PathError{Op: "lock", Path: name, Err: err}
		}
		return unlock, nil
	case <-ctx.Done():
		// owner: lockFile; ends with the wait above, letting go of the
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
