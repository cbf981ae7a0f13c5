package build

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/sitrep-dev/sitrep/generator/internal/diag"
)

// TestDiagnostics runs testdata/diagnostics/*.txtar. Each archive is a
// mini-site: its content/, templates/ and static/ files are laid over the
// repository's default theme (a content/site.yaml with a title is added when
// the archive has none, unless it has a "-- no-site-yaml --" section), files
// named in a "-- remove --" section are taken away, and the "-- want --"
// section is the exact text `sitrep build` and `sitrep check` print on
// stderr: every diagnostic, sorted, then the count. The site is checked
// (dry run) and built for real; both must report the same.
//
// go test ./generator/internal/build -run Diagnostics -update rewrites the
// want sections from the current output; review the diff like code.
func TestDiagnostics(t *testing.T) {
	cases, err := filepath.Glob("testdata/diagnostics/*.txtar")
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) == 0 {
		t.Fatal("no cases in testdata/diagnostics")
	}
	for _, file := range cases {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			fsys, want := diagnosticsSite(t, ar)

			check, checkErr := Run(context.Background(), Config{Site: fsys, DryRun: true, Now: fixedNow})
			out := filepath.Join(t.TempDir(), "public")
			built, buildErr := Run(context.Background(), Config{Site: fsys, Out: out, Now: fixedNow})
			got := diagText(check.Diags)
			if b := diagText(built.Diags); b != got {
				t.Errorf("build and check disagree:\nbuild:\n%s\ncheck:\n%s", b, got)
			}
			for name, err := range map[string]error{"check": checkErr, "build": buildErr} {
				var de *diag.Errors
				if err != nil && !errors.As(err, &de) {
					t.Errorf("%s: not a diagnostics error: %v", name, err)
				}
				if (err != nil) != check.Diags.HasErrors() {
					t.Errorf("%s returned %v with diagnostics:\n%s", name, err, got)
				}
			}
			if _, statErr := os.Stat(out); (statErr == nil) == (buildErr != nil) {
				t.Errorf("build error %v, but output folder exists: %v", buildErr, statErr == nil)
			}

			if *update {
				for i := range ar.Files {
					if ar.Files[i].Name == "want" {
						ar.Files[i].Data = []byte(got)
					}
				}
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if got != want {
				t.Errorf("diagnostics:\n%s\nwant:\n%s\ndiff:\n%s", got, want, lineDiff(want, got))
			}
		})
	}
}

// diagText is what the command prints on stderr for a list of diagnostics.
func diagText(l diag.List) string {
	if len(l) == 0 {
		return ""
	}
	var b strings.Builder
	for _, d := range l {
		b.WriteString(d.String())
		b.WriteByte('\n')
	}
	b.WriteString(l.Summary())
	b.WriteByte('\n')
	return b.String()
}

// diagnosticsSite turns an archive into a site folder and its want section.
func diagnosticsSite(t *testing.T, ar *txtar.Archive) (fstest.MapFS, string) {
	t.Helper()
	m := fstest.MapFS{}
	addDir(t, m, "../../../templates", "templates")
	addDir(t, m, "../../../static", "static")
	var want string
	var hasWant, noSite bool
	var remove []string
	for _, f := range ar.Files {
		switch {
		case f.Name == "want":
			want, hasWant = string(f.Data), true
		case f.Name == "remove":
			remove = strings.Fields(string(f.Data))
		case f.Name == "no-site-yaml":
			noSite = true
		case strings.HasPrefix(f.Name, "content/"), strings.HasPrefix(f.Name, "templates/"), strings.HasPrefix(f.Name, "static/"):
			m[f.Name] = &fstest.MapFile{Data: unquote(f.Data)}
		default:
			t.Fatalf("archive section %q: want content/, templates/, static/, remove, no-site-yaml or want", f.Name)
		}
	}
	if !hasWant && !*update {
		t.Fatal("archive has no want section")
	}
	if _, ok := m["content/site.yaml"]; !ok && !noSite {
		m["content/site.yaml"] = &fstest.MapFile{Data: []byte("title: Diagnostics\n")}
	}
	for _, p := range remove {
		if _, ok := m[p]; !ok {
			t.Fatalf("remove: no file %s", p)
		}
		delete(m, p)
	}
	return m, want
}

// unquote lets an archive hold bytes a text file cannot show: \x00 style
// escapes are decoded in sections whose first line is "#escaped", which is
// dropped. Other sections are taken as they are.
func unquote(data []byte) []byte {
	rest, ok := strings.CutPrefix(string(data), "#escaped\n")
	if !ok {
		return data
	}
	var b []byte
	for i := 0; i < len(rest); i++ {
		if rest[i] == '\\' && i+3 < len(rest) && rest[i+1] == 'x' {
			var v byte
			if _, err := fmt.Sscanf(rest[i+2:i+4], "%02x", &v); err == nil {
				b = append(b, v)
				i += 3
				continue
			}
		}
		b = append(b, rest[i])
	}
	return b
}

// TestDiagnosticsDocumented keeps the Diagnostics section of
// docs/reference.md true: every example of its error and warning tables
// must be a line that some case of testdata/diagnostics prints.
func TestDiagnosticsDocumented(t *testing.T) {
	doc, err := os.ReadFile("../../../docs/reference.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(doc), "\n## Diagnostics\n")
	section, _, _ = strings.Cut(section, "\n### Command-line errors")
	if !ok {
		t.Fatal("docs/reference.md has no Diagnostics section")
	}
	printed := map[string]bool{}
	cases, err := filepath.Glob("testdata/diagnostics/*.txtar")
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range cases {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range ar.Files {
			if f.Name == "want" {
				for _, line := range strings.Split(string(f.Data), "\n") {
					printed[line] = true
				}
			}
		}
	}
	examples := 0
	for _, row := range strings.Split(section, "\n") {
		if !strings.HasPrefix(row, "| ") || !strings.HasSuffix(row, "` |") {
			continue
		}
		cells := strings.Split(strings.TrimSuffix(row, "` |"), "| `")
		example := strings.ReplaceAll(cells[len(cells)-1], `\|`, "|")
		examples++
		if !printed[example] {
			t.Errorf("docs/reference.md example is printed by no case in testdata/diagnostics:\n%s", example)
		}
	}
	if examples < 50 {
		t.Errorf("found %d examples in the Diagnostics section; the table format changed?", examples)
	}
}
