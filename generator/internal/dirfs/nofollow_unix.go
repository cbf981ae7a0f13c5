//go:build unix

package dirfs

import (
	"io/fs"
	"os"
	"syscall"
)

// openNoFollow opens name for reading, without waiting on a FIFO, and fails
// with errLinked when its last part is a symbolic link.
func openNoFollow(name string) (int, error) {
	for {
		fd, err := syscall.Open(name, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NONBLOCK|syscall.O_NOCTTY|syscall.O_NOFOLLOW, 0)
		if err == nil {
			return fd, nil
		}
		if err == syscall.EINTR {
			continue
		}
		// ELOOP on most systems, EMLINK on FreeBSD, EFTYPE on NetBSD
		if fi, lerr := os.Lstat(name); lerr == nil && fi.Mode()&fs.ModeSymlink != 0 {
			return -1, errLinked
		}
		return -1, err
	}
}
