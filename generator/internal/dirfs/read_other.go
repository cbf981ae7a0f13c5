//go:build !unix

package dirfs

import (
	"io/fs"
	"os"
	"syscall"
)

// readFile is os.ReadFile (see read_unix.go), but for a symbolic link
// (errLinked) or anything other than a regular file (*LinkError).
func readFile(name string) ([]byte, error) {
	fi, err := os.Lstat(name)
	switch {
	case err != nil:
		return nil, err
	case fi.Mode()&fs.ModeSymlink != 0:
		return nil, &fs.PathError{Op: "open", Path: name, Err: errLinked}
	case fi.IsDir():
		return nil, &fs.PathError{Op: "read", Path: name, Err: syscall.EISDIR}
	case !fi.Mode().IsRegular():
		return nil, &fs.PathError{Op: "read", Path: name, Err: &LinkError{Reason: kind(fi.Mode()) + ", not a file or folder"}}
	}
	return os.ReadFile(name)
}
