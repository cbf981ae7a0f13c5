//go:build windows

package publish

import (
	"context"
	"errors"
	"io/fs"
	"os"

	"golang.org/x/sys/windows"
)

// lockFile takes the exclusive lock (LockFileEx) of the file name, as the
// unix version does with flock, and removes the file when it lets go unless
// another build has it open.
func lockFile(ctx context.Context, name string, waiting func()) (unlock func(), err error) {
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	h := windows.Handle(f.Fd())
	lock := func(flags uint32) error {
		return windows.LockFileEx(h, windows.LOCKFILE_EXCLUSIVE_LOCK|flags, 0, 1, 0, new(windows.Overlapped))
	}
	unlock = func() {
		_ = windows.UnlockFileEx(h, 0, 1, 0, new(windows.Overlapped)) // closing lets go of it too
		_ = f.Close()                                                 // nothing was written
		// fails while another build has the file open (it is not opened
		// for sharing deletion): that build then holds the lock of it
		_ = os.Remove(name)
	}
	err = lock(windows.LOCKFILE_FAIL_IMMEDIATELY)
	if err == nil {
		return unlock, nil
	}
	if !errors.Is(err, windows.ERROR_LOCK_VIOLATION) {
		_ = f.Close() // err says what went wrong
		return nil, &fs.PathError{Op: "lock", Path: name, Err: err}
	}
	if waiting != nil {
		waiting()
	}
	done := make(chan error, 1)
	go func() { done <- lock(0) }() // owner: lockFile, then the goroutine below; ends when the other build lets go
	select {
	case err := <-done:
		if err != nil {
			_ = f.Close() // err says what went wrong
			return nil, &fs.PathError{Op: "lock", Path: name, Err: err}
		}
		return unlock, nil
	case <-ctx.Done():
		go func() { // owner: lockFile; ends with the wait above
			<-done
			_ = f.Close() // nothing was written
		}()
		return nil, ctx.Err()
	}
}
