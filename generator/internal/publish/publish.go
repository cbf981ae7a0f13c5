// Package publish writes a rendered site to the output folder. A build is
// written into a fresh sibling folder and swapped into place only once every
// file is there, so readers and a failed or killed build never see a half
// written site: the previous output stays as it was. Every write goes through
// os.Root, so no page path can escape the output folder.
package publish

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"sitrep/generator/internal/render"
)

// Result counts what Write wrote.
type Result struct {
	Pages int   // HTML and other rendered files
	Files int   // files copied from static/
	Bytes int64 // bytes written in all
}

// StaticDir is the folder of the output (and of the site) holding static files.
const StaticDir = "static"

// Write publishes pages and the files of static (which may be nil) into
// out, replacing what was there only when everything was written.
func Write(out string, pages []render.Page, static fs.FS) (Result, error) {
	var res Result
	out, err := filepath.Abs(out)
	if err != nil {
		return res, err
	}
	parent, name := filepath.Dir(out), filepath.Base(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return res, err
	}
	removeLeftovers(parent, name)
	tmp, err := os.MkdirTemp(parent, tempPrefix(name))
	if err != nil {
		return res, err
	}
	if err := fill(tmp, pages, static, &res); err != nil {
		_ = os.RemoveAll(tmp) // best effort: the error that matters is err
		return res, err
	}
	if err := swap(tmp, out); err != nil {
		_ = os.RemoveAll(tmp) // best effort, as above
		return res, fmt.Errorf("publish %s: %w", out, err)
	}
	return res, nil
}

func tempPrefix(name string) string { return "." + name + ".new-" }

// removeLeftovers deletes the temporary folders of builds that were killed.
func removeLeftovers(parent, name string) {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return // nothing to clean, or nothing we may read: Write reports real problems
	}
	for _, e := range entries {
		if e.IsDir() && (strings.HasPrefix(e.Name(), tempPrefix(name)) || strings.HasPrefix(e.Name(), "."+name+".old-")) {
			_ = os.RemoveAll(filepath.Join(parent, e.Name())) // leftovers only; failure leaves litter, not damage
		}
	}
}

func fill(dir string, pages []render.Page, static fs.FS, res *Result) error {
	if err := os.Chmod(dir, 0o755); err != nil {
		return err
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return err
	}
	defer root.Close()
	for _, p := range pages {
		if err := writeFile(root, p.Path, p.Data); err != nil {
			return err
		}
		res.Pages++
		res.Bytes += int64(len(p.Data))
	}
	if static == nil {
		return nil
	}
	return fs.WalkDir(static, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == "." {
				return nil // a site without static/ is fine
			}
			return err
		}
		if d.IsDir() || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		data, err := fs.ReadFile(static, p)
		if err != nil {
			return err
		}
		res.Files++
		res.Bytes += int64(len(data))
		return writeFile(root, path.Join(StaticDir, p), data)
	})
}

// writeFile writes one file inside root, refusing any path that is not a
// plain relative slash path.
func writeFile(root *os.Root, p string, data []byte) error {
	if !fs.ValidPath(p) || p == "." || strings.ContainsAny(p, "\\\x00") {
		return fmt.Errorf("refusing to write %q: not a path inside the output folder", p)
	}
	if dir := path.Dir(p); dir != "." {
		if err := root.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	return root.WriteFile(p, data, 0o644)
}

// swap puts the folder tmp in the place of out and removes the old output.
func swap(tmp, out string) error {
	if _, err := os.Lstat(out); errors.Is(err, fs.ErrNotExist) {
		return os.Rename(tmp, out)
	}
	if err := exchange(tmp, out); err == nil {
		return os.RemoveAll(tmp) // tmp now holds the previous output
	}
	old := filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".old-"+filepath.Base(tmp))
	if err := os.Rename(out, old); err != nil {
		return err
	}
	if err := os.Rename(tmp, out); err != nil {
		_ = os.Rename(old, out) // put the previous output back; err says what failed
		return err
	}
	return os.RemoveAll(old)
}
