package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestServeContentOnly serves a site folder holding content/ alone, with
// the built-in theme, then follows a templates/ folder made while serving:
// its brief.html replaces the built-in one, and deleting it brings that
// back.
func TestServeContentOnly(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "content"), os.DirFS("../../internal/build/testdata/site/content")); err != nil {
		t.Fatal(err)
	}
	s := startServe(t, dir)
	page := s.url + "briefs/2023-04-30-tehran-meeting/"
	if code, body := get(t, page); code != 200 || !strings.Contains(body, `<header class="site-header">`) {
		t.Fatalf("GET brief = %d, want the page in the built-in theme", code)
	}

	templates := filepath.Join(dir, "templates")
	if err := os.Mkdir(templates, 0o755); err != nil {
		t.Fatal(err)
	}
	s.waitLine(t, "rebuilt after templates")
	mine := filepath.Join(templates, "brief.html")
	if err := os.WriteFile(mine, []byte(`{{define "main"}}<h1 class="mine">{{.Title}}</h1>{{end}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	// the file's creation and its write may make two rebuilds: wait for the page
	if body := waitBody(t, page, func(body string) bool { return strings.Contains(body, `class="mine"`) }); !strings.Contains(body, `<h1 class="mine">Khamenei presses Rashid on US troops</h1>`) || !strings.Contains(body, `<header class="site-header">`) {
		t.Errorf("the brief is not rendered by the site's brief.html inside the built-in base.html:\n%s", body[:200])
		for len(s.lines) > 0 {
			t.Log(<-s.lines)
		}
	}

	if err := os.Remove(mine); err != nil {
		t.Fatal(err)
	}
	if body := waitBody(t, page, func(body string) bool { return !strings.Contains(body, `class="mine"`) }); strings.Contains(body, `class="mine"`) {
		t.Error("the site's brief.html is gone, but the page still uses it")
	}
	if code := s.stop(); code != 0 {
		t.Errorf("exit status %d after Ctrl-C, want 0; stderr:\n%s", code, s.errs)
	}
}
