package dirfs

import "golang.org/x/sys/unix"

// openFile opens name for reading, without waiting on a FIFO, and fails
// with errLinked when any part of name is a symbolic link (openat2 with
// RESOLVE_NO_SYMLINKS: one system call, as open). Where openat2 is missing
// (before Linux 5.6) or forbidden, only the last part is checked, as on
// other systems: the folders on the way were checked by the walk.
func openFile(name string) (int, error) {
	how := unix.OpenHow{Flags: unix.O_RDONLY | unix.O_CLOEXEC | unix.O_NONBLOCK | unix.O_NOCTTY, Resolve: unix.RESOLVE_NO_SYMLINKS}
	for {
		fd, err := unix.Openat2(unix.AT_FDCWD, name, &how)
		switch err {
		case nil:
			return fd, nil
		case unix.EINTR:
			continue
		case unix.ELOOP:
			return -1, errLinked
		case unix.ENOSYS, unix.EPERM, unix.E2BIG:
			return openNoFollow(name)
		}
		return -1, err
	}
}
