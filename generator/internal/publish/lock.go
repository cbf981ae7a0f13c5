package publish

import "path/filepath"

// lockName is the lock file of the output folder out, beside it:
// ".public.lock" for "public". It is there while a build runs.
func lockName(out string) string {
	return filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".lock")
}
