package build

import (
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// TestReport checks the counts of the summary line: the drafts left out,
// and the number and size of the static files (not of every file written).
func TestReport(t *testing.T) {
	rep, out := mustBuild(t, Config{Site: fixtureSite(t)})
	var files int
	var size int64
	err := filepath.WalkDir(filepath.Join(out, "static"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		fi, err := d.Info()
		files++
		size += fi.Size()
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Files != files || rep.Bytes != size {
		t.Errorf("Report: %d static files of %d bytes, want %d of %d (the files in %s/static)", rep.Files, rep.Bytes, files, size, out)
	}
	if rep.Drafts != 1 {
		t.Errorf("Report.Drafts = %d, want 1", rep.Drafts)
	}
	if s := rep.Summary("public"); !strings.HasSuffix(s, "; 1 draft left out (build with -drafts to include them)") {
		t.Errorf("Summary = %q, want the draft left out at its end", s)
	}
	rep, _ = mustBuild(t, Config{Site: fixtureSite(t), Drafts: true})
	if rep.Drafts != 0 || strings.Contains(rep.Summary("public"), "draft") {
		t.Errorf("with Drafts: Report.Drafts = %d, Summary %q; want no drafts left out", rep.Drafts, rep.Summary("public"))
	}
}
