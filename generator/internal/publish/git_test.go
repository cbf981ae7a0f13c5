package publish

import (
	"os"
	"path/filepath"
	"testing"
)

// TestFreshGitWorktree: an output folder holding only .git, as a fresh
// worktree for GitHub Pages does (.git is a file there, a folder in a
// clone), is taken, and .git comes through every build untouched.
func TestFreshGitWorktree(t *testing.T) {
	for _, kind := range []string{"file", "folder"} {
		t.Run(kind, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			gitFile := filepath.Join(out, ".git")
			want := "gitdir: /repo/.git/worktrees/public\n"
			if kind == "folder" {
				gitFile = filepath.Join(out, ".git", "HEAD")
				want = "ref: refs/heads/gh-pages\n"
				mustWriteFile(t, filepath.Join(out, ".git", "objects", "info", "packs"), "")
			}
			mustWriteFile(t, gitFile, want)
			for i, page := range []string{"first", "second"} {
				if _, err := Write(out, []Page{{Path: "index.html", Data: []byte(page)}}); err != nil {
					t.Fatalf("build %d: %v", i+1, err)
				}
				if b, err := os.ReadFile(filepath.Join(out, "index.html")); err != nil || string(b) != page {
					t.Errorf("build %d: index.html = %q, %v", i+1, b, err)
				}
				if b, err := os.ReadFile(gitFile); err != nil || string(b) != want {
					t.Errorf("build %d: %s = %q, %v; want it untouched", i+1, gitFile, b, err)
				}
			}
			if kind == "folder" {
				if _, err := os.Stat(filepath.Join(out, ".git", "objects", "info", "packs")); err != nil {
					t.Errorf(".git lost a file: %v", err)
				}
			}
		})
	}
	// .git with anything else is still not a folder a build may take
	out := filepath.Join(t.TempDir(), "public")
	mustWriteFile(t, filepath.Join(out, ".git"), "gitdir: x")
	mustWriteFile(t, filepath.Join(out, "notes.txt"), "mine")
	if _, err := Write(out, []Page{{Path: "index.html", Data: []byte("x")}}); err == nil {
		t.Error("a folder with .git and other files was taken")
	}
}
