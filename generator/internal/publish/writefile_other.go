//go:build !unix

package publish

import "os"

// writeFile is os.WriteFile (see writefile_unix.go).
func writeFile(name string, data []byte) error { return os.WriteFile(name, data, 0o644) }
