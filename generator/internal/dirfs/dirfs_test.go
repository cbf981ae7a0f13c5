package dirfs

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
)

// TestSameAsDirFS holds FS to os.DirFS: the same bytes, and errors with
// the same operation-independent meaning, for files, folders and bad paths.
func TestSameAsDirFS(t *testing.T) {
	dir := t.TempDir()
	big := bytes.Repeat([]byte("0123456789abcdef"), 70000) // more than one read
	files := map[string][]byte{"a.md": []byte("hello\n"), "empty": nil, "sub/b.txt": []byte("ç\x00"), "sub/big": big}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ours, std := New(dir), os.DirFS(dir)
	for _, name := range []string{"a.md", "empty", "sub/b.txt", "sub/big", "missing", "sub", "../x", "/abs", "a.md/", "", ".", "sub/../a.md"} {
		got, gerr := fs.ReadFile(ours, name)
		want, werr := fs.ReadFile(std, name)
		if !bytes.Equal(got, want) || (gerr == nil) != (werr == nil) {
			t.Errorf("%q: got %d bytes, %v; os.DirFS %d bytes, %v", name, len(got), gerr, len(want), werr)
		}
		if gerr != nil {
			var ge, we *fs.PathError
			if !errorsAs(gerr, &ge) || !errorsAs(werr, &we) || ge.Path != we.Path {
				t.Errorf("%q: error %v, os.DirFS %v", name, gerr, werr)
			}
		}
	}
	if err := fstest.TestFS(ours, "a.md", "empty", "sub/b.txt", "sub/big"); err != nil {
		t.Error(err)
	}
}

func errorsAs(err error, target **fs.PathError) bool {
	e, ok := err.(*fs.PathError)
	*target = e
	return ok
}
