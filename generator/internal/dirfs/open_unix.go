//go:build unix && !linux

package dirfs

// openFile opens name for reading, without waiting on a FIFO, and fails
// with errLinked when its last part is a symbolic link (the folders on the
// way were checked by the walk, or are followed by the kernel: Check
// reports the links among them that the FS refuses).
func openFile(name string) (int, error) { return openNoFollow(name) }
