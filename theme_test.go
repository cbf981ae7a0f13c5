package sitrep

import (
	"io/fs"
	"os"
	"slices"
	"strings"
	"testing"
)

// TestThemeEmbedsEverything checks that the binary carries every file of
// templates/ and static/ that a build of the repository's own folders
// reads: the embed patterns leave none out.
func TestThemeEmbedsEverything(t *testing.T) {
	list := func(fsys fs.FS) []string {
		var names []string
		for _, dir := range []string{"templates", "static"} {
			err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
				if err != nil {
					return err
				}
				if !d.IsDir() && !strings.HasPrefix(d.Name(), ".") {
					names = append(names, p)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		slices.Sort(names)
		return names
	}
	got, want := list(Theme()), list(os.DirFS("."))
	if !slices.Equal(got, want) {
		t.Errorf("embedded theme:\n%s\nwant the files of the repository:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, name := range want {
		a, err1 := fs.ReadFile(Theme(), name)
		b, err2 := os.ReadFile(name)
		if err1 != nil || err2 != nil || string(a) != string(b) {
			t.Errorf("%s: embedded copy differs (%v, %v)", name, err1, err2)
		}
	}
}
