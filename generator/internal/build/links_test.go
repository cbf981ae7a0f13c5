//go:build unix

package build

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/generator/internal/diag"
	"github.com/sitrep-dev/sitrep/generator/internal/dirfs"
)

func mustSymlink(tb testing.TB, target, link string) {
	tb.Helper()
	if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.Symlink(target, link); err != nil {
		tb.Fatal(err)
	}
}

func mustRename(tb testing.TB, from, to string) {
	tb.Helper()
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.Rename(from, to); err != nil {
		tb.Fatal(err)
	}
}

const secret = "-----BEGIN OPENSSH PRIVATE KEY----- not for publishing"

// runWithin runs a build, failing the test if it takes longer than
// half a minute (a build reading a FIFO waits for a writer forever).
func runWithin(t *testing.T, cfg Config) (Report, error) {
	t.Helper()
	type result struct {
		rep Report
		err error
	}
	done := make(chan result, 1)
	go func() { // owner: runWithin; ends with the build
		rep, err := Run(context.Background(), cfg)
		done <- result{rep, err}
	}()
	select {
	case r := <-done:
		return r.rep, r.err
	case <-time.After(30 * time.Second):
		t.Fatal("the build hangs")
		return Report{}, nil
	}
}

// TestSymbolicLinks holds the rule for links and special files in the site
// folder: a link that resolves to a file or folder inside the site folder is
// followed; a link that leads outside it, nowhere, into the output folder or
// round in a loop, and any device or FIFO, is an error naming it, all of
// them at once, and the previous output stays as it was.
func TestSymbolicLinks(t *testing.T) {
	brief := func(title string) []byte {
		return []byte("---\ntitle: " + title + "\ndate: 2023-05-01\n---\nBody of " + title + ".\n")
	}
	cases := []struct {
		name string
		// setup changes the site folder; outside is a folder beside it
		// holding the file "secret" and the folder "briefs" (with a brief)
		setup func(t *testing.T, site, outside string)
		want  []string // the errors, with SITE and OUTSIDE for the folders; none: the build succeeds
		// more allows other errors than want's: those that follow from a
		// whole folder refused ("no content folder", say)
		more  bool
		check func(t *testing.T, files map[string][]byte)
	}{{
		name:  "file outside",
		setup: func(t *testing.T, site, outside string) { mustSymlink(t, outside+"/secret", site+"/static/key.txt") },
		want:  []string{"static/key.txt: symbolic link to OUTSIDE/secret leads outside the site folder"},
	}, {
		name: "relative link outside",
		setup: func(t *testing.T, site, outside string) {
			mustSymlink(t, "../../outside/secret", site+"/static/key.txt")
		},
		want: []string{"static/key.txt: symbolic link to ../../outside/secret leads outside the site folder"},
	}, {
		name:  "device outside",
		setup: func(t *testing.T, site, outside string) { mustSymlink(t, "/dev/null", site+"/static/null.css") },
		want:  []string{"static/null.css: symbolic link to /dev/null leads outside the site folder"},
	}, {
		name: "device inside",
		setup: func(t *testing.T, site, outside string) {
			if err := syscall.Mknod(site+"/static/null", syscall.S_IFCHR|0o666, 1<<8|3); err != nil {
				t.Skipf("cannot make a device here: %v", err)
			}
		},
		want: []string{"static/null: a device, not a file or folder"},
	}, {
		name: "fifo",
		setup: func(t *testing.T, site, outside string) {
			if err := syscall.Mkfifo(site+"/static/pipe.css", 0o644); err != nil {
				t.Fatal(err)
			}
			mustSymlink(t, "../../static/pipe.css", site+"/content/briefs/pipe.md")
		},
		want: []string{
			"content/briefs/pipe.md: symbolic link to ../../static/pipe.css leads to a FIFO, not a file or folder",
			"static/pipe.css: a FIFO, not a file or folder",
		},
	}, {
		name:  "dangling",
		setup: func(t *testing.T, site, outside string) { mustSymlink(t, "missing.css", site+"/static/aaa.css") },
		want:  []string{"static/aaa.css: symbolic link to missing.css leads nowhere (nothing is there)"},
	}, {
		name:  "file inside",
		setup: func(t *testing.T, site, outside string) { mustSymlink(t, "style.css", site+"/static/copy.css") },
		check: func(t *testing.T, files map[string][]byte) {
			if c := files["static/copy.css"]; len(c) == 0 || !bytes.Equal(c, files["static/style.css"]) {
				t.Errorf("static/copy.css = %d bytes, want those of static/style.css (%d)", len(c), len(files["static/style.css"]))
			}
		},
	}, {
		name: "brief inside",
		setup: func(t *testing.T, site, outside string) {
			mustWrite(t, site+"/drafts/kept.md", brief("Kept Inside"))
			mustSymlink(t, "../../drafts/kept.md", site+"/content/briefs/kept.md")
		},
		check: func(t *testing.T, files map[string][]byte) {
			if !bytes.Contains(files["briefs/kept/index.html"], []byte("Kept Inside")) {
				t.Error("the linked brief was not published")
			}
		},
	}, {
		name: "brief outside",
		setup: func(t *testing.T, site, outside string) {
			mustSymlink(t, outside+"/briefs/stolen.md", site+"/content/briefs/stolen.md")
		},
		want: []string{"content/briefs/stolen.md: symbolic link to OUTSIDE/briefs/stolen.md leads outside the site folder"},
	}, {
		name: "brief folder inside",
		setup: func(t *testing.T, site, outside string) {
			mustWrite(t, site+"/more/linked.md", brief("Linked Folder"))
			mustSymlink(t, "../../more", site+"/content/briefs/more")
		},
		check: func(t *testing.T, files map[string][]byte) {
			if !bytes.Contains(files["briefs/linked/index.html"], []byte("Linked Folder")) {
				t.Error("the brief in the linked folder was not published")
			}
		},
	}, {
		name: "brief folder outside",
		setup: func(t *testing.T, site, outside string) {
			mustSymlink(t, outside+"/briefs", site+"/content/briefs/ext")
		},
		want: []string{"content/briefs/ext: symbolic link to OUTSIDE/briefs leads outside the site folder"},
	}, {
		name: "folder loop",
		setup: func(t *testing.T, site, outside string) {
			mustSymlink(t, "..", site+"/content/briefs/up")
			mustSymlink(t, "../../static", site+"/static/sub/again")
		},
		want: []string{
			"content/briefs/up: symbolic link to .. leads to a folder that holds it (a loop)",
			"static/sub/again: symbolic link to ../../static leads to a folder that holds it (a loop)",
		},
	}, {
		name: "static folder inside",
		setup: func(t *testing.T, site, outside string) {
			mustRename(t, site+"/static", site+"/theme/static")
			mustSymlink(t, "theme/static", site+"/static")
		},
		check: func(t *testing.T, files map[string][]byte) {
			if len(files["static/style.css"]) == 0 {
				t.Error("static/style.css was not published through the linked static/")
			}
		},
	}, {
		name: "static folder outside",
		setup: func(t *testing.T, site, outside string) {
			mustRename(t, site+"/static", outside+"/static")
			mustSymlink(t, outside+"/static", site+"/static")
		},
		want: []string{"static: symbolic link to OUTSIDE/static leads outside the site folder"},
		more: true,
	}, {
		name: "content folder outside",
		setup: func(t *testing.T, site, outside string) {
			mustRename(t, site+"/content", outside+"/content")
			mustSymlink(t, outside+"/content", site+"/content")
		},
		want: []string{"content: symbolic link to OUTSIDE/content leads outside the site folder"},
		more: true,
	}, {
		name:  "into the output",
		setup: func(t *testing.T, site, outside string) { mustSymlink(t, "../public", site+"/static/previous") },
		want:  []string{"static/previous: symbolic link to ../public leads into the output folder"},
	}, {
		name: "all at once",
		setup: func(t *testing.T, site, outside string) {
			mustSymlink(t, outside+"/secret", site+"/static/key.txt")
			mustSymlink(t, "nowhere.html", site+"/templates/extra.html")
			mustSymlink(t, outside+"/briefs/stolen.md", site+"/content/briefs/a/stolen.md")
		},
		want: []string{
			"content/briefs/a/stolen.md: symbolic link to OUTSIDE/briefs/stolen.md leads outside the site folder",
			"static/key.txt: symbolic link to OUTSIDE/secret leads outside the site folder",
			"templates/extra.html: symbolic link to nowhere.html leads nowhere (nothing is there)",
		},
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			site := filepath.Join(dir, "site")
			if err := os.CopyFS(site, os.DirFS(diskSite(t, 0))); err != nil {
				t.Fatal(err)
			}
			outside := filepath.Join(dir, "outside")
			mustWrite(t, outside+"/secret", []byte(secret))
			mustWrite(t, outside+"/briefs/stolen.md", brief("Stolen "+secret))
			out := filepath.Join(site, "public")
			if _, err := runWithin(t, Config{Site: dirfs.New(site), Out: out, Now: fixedNow}); err != nil {
				t.Fatalf("first build: %v", err)
			}
			before := readTree(t, out)
			tc.setup(t, site, outside)

			rep, err := runWithin(t, Config{Site: dirfs.New(site), Out: out, Now: fixedNow})
			after := readTree(t, out)
			for p, data := range after {
				if bytes.Contains(data, []byte(secret)) {
					t.Errorf("%s publishes the secret from outside the site folder", p)
				}
			}
			if tc.want == nil {
				if err != nil {
					t.Fatalf("build: %v", err)
				}
				tc.check(t, after)
				return
			}
			var de *diag.Errors
			if !errors.As(err, &de) {
				t.Fatalf("build = %v, want diagnostics", err)
			}
			var got []string
			for _, d := range rep.Diags {
				if d.Severity == diag.Error {
					got = append(got, d.String())
				}
			}
			want := make([]string, len(tc.want))
			for i, w := range tc.want {
				want[i] = strings.NewReplacer("SITE", site, "OUTSIDE", outside).Replace(w)
			}
			if tc.more {
				got = slices.DeleteFunc(got, func(d string) bool { return !slices.Contains(want, d) })
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			if len(after) != len(before) {
				t.Errorf("the output changed: %d files before, %d after", len(before), len(after))
			}
			for p, data := range before {
				if !bytes.Equal(after[p], data) {
					t.Errorf("the output changed: %s", p)
				}
			}
		})
	}
}

// TestServeRefusesLinks: serve builds in memory from the same folder, by
// the same rule.
func TestServeRefusesLinks(t *testing.T) {
	site := diskSite(t, 0)
	outside := filepath.Join(t.TempDir(), "secret")
	mustWrite(t, outside, []byte(secret))
	sess := NewSession(Config{Site: dirfs.New(site), Now: fixedNow, PlainAssets: true})
	up, err := sess.Rebuild(context.Background(), nil)
	if err != nil {
		t.Fatalf("first build: %v", err)
	}
	mustSymlink(t, outside, filepath.Join(site, "static", "key.txt"))
	up, err = sess.Rebuild(context.Background(), []string{"static/key.txt"})
	var de *diag.Errors
	if !errors.As(err, &de) || !strings.Contains(err.Error(), "static/key.txt: symbolic link to "+outside+" leads outside the site folder") {
		t.Errorf("rebuild with a link outside = %v", err)
	}
	if _, ok := up.Tree["static/key.txt"]; ok {
		t.Error("serve publishes the file outside the site folder")
	}
	// an edit elsewhere keeps the error
	if _, err := sess.Rebuild(context.Background(), []string{"static/style.css"}); !errors.As(err, &de) {
		t.Errorf("rebuild after another edit = %v, want the link's error still", err)
	}
	// the link replaced by a file of the site: that file is served
	if err := os.Remove(filepath.Join(site, "static", "key.txt")); err != nil {
		t.Fatal(err)
	}
	mustWrite(t, filepath.Join(site, "static", "key.txt"), []byte("public key"))
	up, err = sess.Rebuild(context.Background(), []string{"static/key.txt"})
	if err != nil {
		t.Fatalf("rebuild once the link is a file: %v", err)
	}
	if got := string(up.Tree["static/key.txt"]); got != "public key" {
		t.Errorf("static/key.txt = %q, want the site's own file", got)
	}
	// a FIFO made later is refused at once, and serve does not wait on it
	if err := syscall.Mkfifo(filepath.Join(site, "static", "pipe.css"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := sess.Rebuild(context.Background(), []string{"static/pipe.css"}); !errors.As(err, &de) || !strings.Contains(err.Error(), "static/pipe.css: a FIFO, not a file or folder") {
		t.Errorf("rebuild with a FIFO = %v", err)
	}
}

// TestCheckOutThroughLinks: an -out inside content/, templates/ or static/
// is refused when that folder is a symbolic link too, whichever path names
// it, so that a build never reads its own previous output.
func TestCheckOutThroughLinks(t *testing.T) {
	dir := t.TempDir()
	site := filepath.Join(dir, "site")
	mustWrite(t, filepath.Join(site, "theme", "static", "style.css"), []byte("body{}"))
	mustSymlink(t, "theme/static", filepath.Join(site, "static"))
	mustWrite(t, filepath.Join(dir, "shared", "content", "site.yaml"), []byte("title: X\n"))
	mustSymlink(t, filepath.Join(dir, "shared", "content"), filepath.Join(site, "content"))
	for _, bad := range []string{
		filepath.Join(site, "static", "x"),
		filepath.Join(site, "theme", "static", "x"),
		filepath.Join(site, "content", "x"),
		filepath.Join(dir, "shared", "content", "x"),
	} {
		if err := CheckOut(site, bad); err == nil {
			t.Errorf("CheckOut(%s) accepted", bad)
		}
	}
	if err := CheckOut(site, filepath.Join(site, "public")); err != nil {
		t.Errorf("CheckOut(public) = %v", err)
	}
}
