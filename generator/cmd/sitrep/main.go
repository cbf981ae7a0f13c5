// Command sitrep builds a briefing site.
//
//	sitrep build  [-site DIR] [-out DIR] [-base-url URL] [-drafts]
//	sitrep check  [-site DIR] [-drafts]
//	sitrep serve  [-site DIR] [-addr 127.0.0.1:8080] [-base-url URL] [-drafts=true] [-open]
//	sitrep new site DIR [-title T] [-base-url URL]
//	sitrep new brief [-site DIR] [-date YYYY-MM-DD] "Title"
//	sitrep new theme [-site DIR] [-force] [FILE...]
//	sitrep version
//
// A site folder needs only content/: the default theme, templates/ and
// static/, is compiled into the binary, and a site's own templates/ and
// static/ files replace or add to it (see generator/internal/overlay).
//
// Exit status: 0 success, 1 content errors, 2 usage.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/generator/internal/build"
	"github.com/sitrep-dev/sitrep/generator/internal/content"
	"github.com/sitrep-dev/sitrep/generator/internal/diag"
	"github.com/sitrep-dev/sitrep/generator/internal/dirfs"
	"github.com/sitrep-dev/sitrep/generator/internal/overlay"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

const usage = `sitrep builds a website of annotated briefings.

Usage:
  sitrep build  [-site DIR] [-out DIR] [-base-url URL] [-drafts]
  sitrep check  [-site DIR] [-drafts]
  sitrep serve  [-site DIR] [-addr 127.0.0.1:8080] [-base-url URL] [-drafts=true] [-open]
  sitrep new site DIR [-title T] [-base-url URL]
  sitrep new brief [-site DIR] [-date YYYY-MM-DD] "Title"
  sitrep new theme [-site DIR] [-force] [FILE...]
  sitrep version

A site folder holds content/ (start one with "sitrep new site DIR"); its own
templates/ and static/ files, if any, replace the built-in theme's.
Run "sitrep COMMAND -h" for the flags of a command.
Exit status: 0 success, 1 content errors, 2 usage.
`

// siteUsage describes the -site flag.
const siteUsage = "the site `folder`: content/, and templates/ and static/ files that replace the built-in theme's"

// errUsage marks errors that exit with status 2; the message was printed.
var errUsage = errors.New("usage")

// run is the whole command; it returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "build":
		err = cmdBuild(ctx, args[1:], stdout, stderr, false)
	case "check":
		err = cmdBuild(ctx, args[1:], stdout, stderr, true)
	case "serve":
		err = cmdServe(ctx, args[1:], stdout, stderr)
	case "new":
		err = cmdNew(args[1:], stdout, stderr)
	case "version":
		err = cmdVersion(args[1:], stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "sitrep: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	var de *diag.Errors
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	case errors.As(err, &de):
		return 1 // diagnostics were printed
	}
	fmt.Fprintf(stderr, "sitrep: %s\n", escapeLines(err.Error())) // it may name files of the site
	return 1
}

func newFlags(name, args string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: sitrep %s %s\n\nFlags:\n", name, args)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags, turning flag errors into errUsage.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	return nil
}

func cmdBuild(ctx context.Context, args []string, stdout, stderr io.Writer, check bool) error {
	name, synopsis := "build", "[-site DIR] [-out DIR] [-base-url URL] [-drafts] [-minify=false]"
	if check {
		name, synopsis = "check", "[-site DIR] [-drafts]"
	}
	fs := newFlags(name, synopsis, stderr)
	siteDir := fs.String("site", ".", siteUsage)
	drafts := fs.Bool("drafts", false, "include briefs marked draft: true")
	out, baseURL, minify := new(string), new(string), new(bool)
	if !check {
		minify = fs.Bool("minify", true, "minify HTML, CSS, JS, JSON and SVG")
		out = fs.String("out", "", "the output `folder` (default: SITE/public)")
		baseURL = fs.String("base-url", "", "override site.yaml's base_url, e.g. https://example.org/briefing/")
	}
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the build to `file` (see docs/performance.md)")
	memprofile := fs.String("memprofile", "", "write a profile of memory allocations to `file`")
	templates := build.TemplatesCompiled
	fs.TextVar(&templates, "templates", build.TemplatesCompiled, "run the templates in this `mode`: compiled (by tmplexec) or html (html/template alone; slower)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "sitrep %s: unexpected argument %q\n", name, fs.Arg(0))
		fs.Usage()
		return errUsage
	}
	if *baseURL != "" {
		if err := content.CheckBaseURL(*baseURL); err != nil {
			fmt.Fprintf(stderr, "sitrep %s: %v\n", name, err)
			return errUsage
		}
	}
	if info, err := os.Stat(*siteDir); err != nil || !info.IsDir() {
		fmt.Fprintf(stderr, "sitrep %s: -site %s is not a folder\n", name, *siteDir)
		return errUsage
	}
	if *out == "" {
		*out = filepath.Join(*siteDir, "public")
	}
	if !check {
		if err := build.CheckOut(*siteDir, *out); err != nil {
			fmt.Fprintf(stderr, "sitrep %s: %v\n", name, err)
			return errUsage
		}
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			return err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer func() {
			pprof.StopCPUProfile()
			_ = f.Close() // the profile is best effort
		}()
	}
	rep, err := build.Run(ctx, build.Config{
		Site:      siteFS(*siteDir),
		Out:       *out,
		BaseURL:   *baseURL,
		Drafts:    *drafts,
		Now:       time.Now(),
		DryRun:    check,
		Minify:    *minify,
		Templates: templates,
		Waiting:   func() { fmt.Fprintf(stderr, "sitrep %s: waiting for another build of %s to finish\n", name, *out) },
	})
	printDiags(stderr, rep.Diags)
	if *memprofile != "" {
		if err := writeHeapProfile(*memprofile); err != nil {
			return err
		}
	}
	if err != nil {
		return err
	}
	if check {
		fmt.Fprintf(stdout, "checked %d brief%s and %d entit%s: no errors\n", rep.Briefs, diag.Plural(rep.Briefs), rep.Entities, map[bool]string{true: "y", false: "ies"}[rep.Entities == 1])
	} else {
		fmt.Fprintln(stdout, rep.Summary(*out))
	}
	return nil
}

// siteFS is the file tree a build of the site folder dir reads: the
// folder over the theme compiled into the binary.
func siteFS(dir string) fs.FS { return overlay.New(dirfs.New(dir), sitrep.Theme()) }

func writeHeapProfile(name string) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
		_ = f.Close() // the write error matters more
		return err
	}
	return f.Close()
}

func printDiags(w io.Writer, l diag.List) {
	if len(l) == 0 {
		return
	}
	for _, d := range l {
		fmt.Fprintln(w, d)
	}
	fmt.Fprintln(w, l.Summary())
}

// escapeLines escapes what could drive the terminal in each line of s
// (diag.Escape), keeping its line breaks.
func escapeLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = diag.Escape(l)
	}
	return strings.Join(lines, "\n")
}
