package publish

import "path/filepath"

// lockName is the lock file of the output folder out, beside it:
// ".public.lock" for "public". It stays there once made: removing it would
// let a third build lock a new file while the second still waits on the old.
func lockName(out string) string {
	return filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".lock")
}
