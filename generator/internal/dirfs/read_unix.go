//go:build unix

package dirfs

import (
	"io/fs"
	"syscall"
)

// readFile reads a regular file with the system calls alone: open, fstat,
// read, close (the read asks for one byte more than the file's size, so
// that its coming back short tells the end). os.ReadFile also registers
// the file with the runtime's poller, which a regular file refuses, and
// reads and sets its flags: six more system calls a file, 60,000 for a site
// of 10,000 briefs. The error wraps errLinked when there is a symbolic
// link on the way (see openFile); it is a *LinkError for a device, a FIFO
// or a socket, which are opened without waiting and never read.
func readFile(name string) ([]byte, error) {
	fd, err := openFile(name)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: err}
	}
	switch st.Mode & syscall.S_IFMT {
	case syscall.S_IFREG:
	case syscall.S_IFDIR:
		return nil, &fs.PathError{Op: "read", Path: name, Err: syscall.EISDIR}
	case syscall.S_IFIFO:
		return nil, &fs.PathError{Op: "read", Path: name, Err: &LinkError{Reason: kind(fs.ModeNamedPipe) + ", not a file or folder"}}
	case syscall.S_IFSOCK:
		return nil, &fs.PathError{Op: "read", Path: name, Err: &LinkError{Reason: kind(fs.ModeSocket) + ", not a file or folder"}}
	default:
		return nil, &fs.PathError{Op: "read", Path: name, Err: &LinkError{Reason: kind(fs.ModeDevice) + ", not a file or folder"}}
	}
	data := make([]byte, 0, int(st.Size)+1) // one more, to see the end at once
	for {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		want := cap(data) - len(data)
		n, err := syscall.Read(fd, data[len(data):cap(data)])
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, &fs.PathError{Op: "read", Path: name, Err: err}
		}
		if n == 0 {
			return data, nil
		}
		data = data[:len(data)+n]
		// a regular file read short at the size it had is at its end:
		// no need for one more read to be told so
		if n < want && len(data) == int(st.Size) && st.Mode&syscall.S_IFMT == syscall.S_IFREG {
			return data, nil
		}
	}
}
