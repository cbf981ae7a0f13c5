//go:build unix

package dirfs

import (
	"errors"
	"path/filepath"
	"syscall"
	"testing"
)

// TestOpenNoFollow checks the open of systems without openat2 (and of
// Linux before 5.6): a link as the last part is told, a FIFO does not wait.
func TestOpenNoFollow(t *testing.T) {
	dir := t.TempDir()
	mustWrite(t, filepath.Join(dir, "a"), "a")
	mustSymlink(t, "a", filepath.Join(dir, "link"))
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := openNoFollow(filepath.Join(dir, "link")); !errors.Is(err, errLinked) {
		t.Errorf("openNoFollow(link) = %v, want errLinked", err)
	}
	for _, name := range []string{"a", "fifo"} {
		fd, err := openNoFollow(filepath.Join(dir, name))
		if err != nil {
			t.Errorf("openNoFollow(%s) = %v", name, err)
			continue
		}
		syscall.Close(fd)
	}
}
