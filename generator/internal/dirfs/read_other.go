//go:build !unix

package dirfs

import "os"

// readFile is os.ReadFile (see read_unix.go).
func readFile(name string) ([]byte, error) { return os.ReadFile(name) }
