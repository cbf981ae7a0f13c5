// Package generator_test holds the checks of the code's shape that
// docs/architecture.md promises: small files, packages and functions, a
// package doc comment everywhere, and no init functions.
package generator_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The limits, for non-test Go files.
const (
	maxFileLines    = 600
	maxPackageLines = 2000
	maxFuncLines    = 100
)

func TestShape(t *testing.T) {
	type pkg struct {
		lines int
		doc   bool
	}
	pkgs := map[string]*pkg{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && p != "." && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		lines := strings.Count(string(src), "\n")
		if lines > maxFileLines {
			t.Errorf("%s: %d lines, more than %d", p, lines, maxFileLines)
		}
		f, err := parser.ParseFile(fset, p, src, parser.ParseComments)
		if err != nil {
			return err
		}
		dir := filepath.Dir(p)
		if pkgs[dir] == nil {
			pkgs[dir] = &pkg{}
		}
		pkgs[dir].lines += lines
		pkgs[dir].doc = pkgs[dir].doc || f.Doc != nil
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			if fn.Recv == nil && fn.Name.Name == "init" {
				t.Errorf("%s: an init function", fset.Position(fn.Pos()))
			}
			if n := fset.Position(fn.End()).Line - fset.Position(fn.Pos()).Line + 1; n > maxFuncLines {
				t.Errorf("%s: %s is %d lines, more than %d", fset.Position(fn.Pos()), fn.Name.Name, n, maxFuncLines)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(pkgs) < 10 {
		t.Fatalf("found %d packages: run from generator/", len(pkgs))
	}
	for dir, p := range pkgs {
		if p.lines > maxPackageLines {
			t.Errorf("package %s: %d lines, more than %d", dir, p.lines, maxPackageLines)
		}
		if !p.doc {
			t.Errorf("package %s has no package doc comment", dir)
		}
	}
}
