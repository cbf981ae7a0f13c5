package dirfs

import (
	"path/filepath"
	"runtime"
	"strings"
)

// local reports whether name, a valid fs path, names a file under the
// folder on this system (no volume names or backslashes on Windows), as
// os.DirFS checks.
func local(name string) bool {
	if runtime.GOOS == "windows" {
		return !strings.ContainsAny(name, `\:`) && filepath.IsLocal(filepath.FromSlash(name))
	}
	return true
}
