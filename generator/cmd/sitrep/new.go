package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/generator/internal/content"
	"github.com/sitrep-dev/sitrep/generator/internal/diag"
)

const newUsage = `Usage:
  sitrep new site DIR [-title T] [-base-url URL]
      start a site in a new folder: content/site.yaml and a first brief
  sitrep new brief [-site DIR] [-date YYYY-MM-DD] "Title"
      write a draft brief into the site's content/briefs/ (serve shows it; build leaves it out)
  sitrep new theme [-site DIR] [-force] [FILE...]
      copy the built-in theme's templates/ and static/ into the site, to change them

Run "sitrep new KIND -h" for the flags of each.
`

// cmdNew writes a new site, brief or theme.
func cmdNew(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprintf(stderr, "sitrep new: name what to make: a site, a brief or a theme\n\n%s", newUsage)
		return errUsage
	}
	switch args[0] {
	case "site":
		return newSite(args[1:], stdout, stderr)
	case "brief":
		return newBrief(args[1:], stdout, stderr)
	case "theme":
		return newTheme(args[1:], stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, newUsage)
		return flag.ErrHelp
	}
	fmt.Fprintf(stderr, "sitrep new: unknown kind %q: sitrep new makes a site, a brief or a theme\n\n%s", args[0], newUsage)
	return errUsage
}

// parseAll parses flags placed anywhere among the arguments (before and
// after DIR, say), and returns the other arguments in order. Flags end at
// "--".
func parseAll(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := parse(fs, args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			return append(pos, rest...), nil
		}
		pos, args = append(pos, rest[0]), rest[1:]
	}
}

// checkSite refuses a folder that is not a site folder: one without
// content/site.yaml. It prints why, for the command cmd.
func checkSite(cmd, dir string, stderr io.Writer) error {
	where := dir
	if dir == "." {
		where = "the current folder"
	}
	if fi, err := os.Stat(filepath.Join(dir, "content")); err != nil || !fi.IsDir() {
		fmt.Fprintf(stderr, "sitrep %s: %s is not a site folder: it has no content/ folder\n"+
			"(give the site folder with -site DIR, or start a site with: sitrep new site DIR)\n", cmd, where)
		return errUsage
	}
	if fi, err := os.Stat(filepath.Join(dir, "content", "site.yaml")); err != nil || fi.IsDir() {
		fmt.Fprintf(stderr, "sitrep %s: %s is not a site folder: it has no content/site.yaml\n"+
			"(write one holding at least a title: line, or start a site with: sitrep new site DIR)\n", cmd, where)
		return errUsage
	}
	return nil
}

// createFile writes a new file, refusing to replace one unless force.
func createFile(name string, data []byte, force bool) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if force {
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	f, err := os.OpenFile(name, flags, 0o644)
	if errors.Is(err, os.ErrExist) {
		return fmt.Errorf("%s already exists: not overwriting it", name)
	}
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

const siteYAML = `# The site's settings; see "content/site.yaml" in the Sitrep reference.
title: %s
description: %s
# where the site is published: a URL such as https://example.org/briefing/
# (with a sub-path, if any), or a path such as /briefing/
base_url: %s
language: en
`

// welcomeBrief is the first brief of a new site: a published one that
// shows every part of the syntax, and builds without a warning.
const welcomeBrief = `---
title: Welcome to your briefing site
date: {{date}}
summary: A first brief that shows how a brief is written. Edit it, then delete it once your own are in.
actors: [Jane Analyst]
countries: [Ruritania]
topics: [Getting started]
sources:
  - id: example
    name: Example News
    url: https://example.org/
    date: {{date}}
    note: a made-up source; list the ones your brief relies on
events:
  - date: {{date}}
    title: This site was started
# draft: true would keep this brief out of the published site until removed
---

This is the first brief of your site, the markdown file
` + "`content/briefs/{{file}}`" + `. Edit it and save: ` + "`sitrep serve`" + ` shows
the change at once.

The block between the ` + "`---`" + ` lines at the top is the front matter. It names
the actors, countries and topics the brief is about; each of them gets a page
that lists every brief naming it, and [[Ruritania]] has one now. The events go
on the timeline, and the sources are listed at the end of the brief.

In the text, double brackets link to an entity's page: [[Jane Analyst]], or,
in words of your own, [[the analyst|Jane Analyst]]. A citation is a source's id
after an ` + "`@`" + `, in brackets, and links to that source below [@example].
Annotations are footnotes[^margin].

Start the next brief with ` + "`sitrep new brief \"Title\"`" + `. It begins as a
draft, which ` + "`sitrep serve`" + ` shows marked as a draft and ` + "`sitrep build`" + `
leaves out until you delete its ` + "`draft: true`" + ` line.

[^margin]: On a wide screen a footnote sits in the margin, beside the line
    that refers to it; on a phone and in print it comes below the text.
`

func newSite(args []string, stdout, stderr io.Writer) error {
	const synopsis = "DIR [-title T] [-base-url URL] [-date YYYY-MM-DD]"
	flags := newFlags("new site", synopsis, stderr)
	title := flags.String("title", "", "the site's `title` (default: from the folder's name)")
	baseURL := flags.String("base-url", "/", "where the site will be published: a `URL` such as https://example.org/briefing/, or a path")
	date := flags.String("date", time.Now().Format(time.DateOnly), "the first brief's `date`, YYYY-MM-DD")
	pos, err := parseAll(flags, args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) == 0:
		fmt.Fprintln(stderr, "sitrep new site: name the folder to make, e.g. sitrep new site my-briefings")
		return errUsage
	case len(pos) > 1:
		fmt.Fprintf(stderr, "sitrep new site: unexpected argument %q (one folder at a time)\n", pos[1])
		return errUsage
	}
	dir := pos[0]
	if err := content.CheckBaseURL(*baseURL); err != nil {
		fmt.Fprintf(stderr, "sitrep new site: %v\n", err)
		return errUsage
	}
	d, err := time.Parse(time.DateOnly, *date)
	if err != nil {
		fmt.Fprintf(stderr, "sitrep new site: -date %q: want YYYY-MM-DD\n", *date)
		return errUsage
	}
	switch entries, err := os.ReadDir(dir); {
	case err == nil && len(entries) > 0:
		fmt.Fprintf(stderr, "sitrep new site: %s is not empty: give a new or empty folder (to add a brief to a site, use sitrep new brief)\n", dir)
		return errUsage
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		if fi, serr := os.Stat(dir); serr == nil && !fi.IsDir() {
			fmt.Fprintf(stderr, "sitrep new site: %s is a file, not a folder\n", dir)
			return errUsage
		}
		return err
	}
	if *title == "" {
		*title = titleOf(dir)
	}
	ds := d.Format(time.DateOnly)
	site := fmt.Sprintf(siteYAML, yamlString(*title), yamlString("Annotated briefings: short, dated analyses with their sources."), yamlString(*baseURL))
	briefName := ds + "-welcome.md"
	brief := strings.NewReplacer("{{date}}", ds, "{{file}}", briefName).Replace(welcomeBrief)
	written := []string{filepath.Join(dir, "content", "site.yaml"), filepath.Join(dir, "content", "briefs", briefName)}
	for i, data := range []string{site, brief} {
		if err := createFile(written[i], []byte(data), false); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "created %s\ncreated %s\n\nNext:\n  cd %s\n  sitrep serve   # a preview on http://127.0.0.1:8080/ that follows your edits\n  sitrep build   # the site, into public/, for any static host\n",
		written[0], written[1], shellQuote(dir))
	return nil
}

// titleOf makes a site title of a folder's name: my-briefings gives
// "My briefings".
func titleOf(dir string) string {
	name := filepath.Base(dir)
	if abs, err := filepath.Abs(dir); err == nil {
		name = filepath.Base(abs)
	}
	name = strings.Join(strings.FieldsFunc(name, func(r rune) bool {
		return r == '-' || r == '_' || r == '.' || unicode.IsSpace(r)
	}), " ")
	r, n := utf8.DecodeRuneInString(name)
	if n == 0 || r == filepath.Separator {
		return "Briefings"
	}
	return string(unicode.ToUpper(r)) + name[n:]
}

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && !strings.ContainsFunc(s, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("-_./+,:@%", r))
	}) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

const briefSkeleton = `---
title: %s
date: %s
summary:
actors: []
countries: []
topics: []
sources:
  # - id: short-id
  #   name: Publisher
  #   url: https://example.org/article
  #   date: %s
events:
  # - date: %s
  #   title: What happened
draft: true
---

Write the brief here. Link entities with ` + "`[[Name]]`" + `, cite sources with ` + "`[@short-id]`" + `,
and annotate with footnotes[^1].

[^1]: Annotations appear in the margin on wide screens.
`

func newBrief(args []string, stdout, stderr io.Writer) error {
	flags := newFlags("new brief", `[-site DIR] [-date YYYY-MM-DD] "Title"`, stderr)
	siteDir := flags.String("site", ".", "the site `folder`")
	date := flags.String("date", time.Now().Format(time.DateOnly), "the brief's date")
	words, err := parseAll(flags, args)
	if err != nil {
		return err
	}
	title := strings.TrimSpace(strings.Join(words, " "))
	if title == "" {
		fmt.Fprintln(stderr, "sitrep new brief: give the title, e.g. sitrep new brief \"Ceasefire talks resume\"")
		return errUsage
	}
	d, err := time.Parse(time.DateOnly, *date)
	if err != nil {
		fmt.Fprintf(stderr, "sitrep new brief: -date %q: want YYYY-MM-DD\n", *date)
		return errUsage
	}
	slug, err := content.ParseSlug(title)
	if err != nil {
		fmt.Fprintf(stderr, "sitrep new brief: title %q %v\n", title, err)
		return errUsage
	}
	if err := checkSite("new brief", *siteDir, stderr); err != nil {
		return err
	}
	name := filepath.Join(*siteDir, "content", "briefs", d.Format(time.DateOnly)+"-"+string(slug)+".md")
	ds := d.Format(time.DateOnly)
	if err := createFile(name, fmt.Appendf(nil, briefSkeleton, yamlString(title), ds, ds, ds), false); err != nil {
		return err
	}
	fmt.Fprintln(stdout, name)
	return nil
}

// yamlString quotes s for YAML when it would not read back as itself.
func yamlString(s string) string {
	if strings.ContainsAny(s, ":#'\"[]{},&*!|>%@`") || strings.HasPrefix(s, "-") || strings.HasPrefix(s, "?") {
		return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
	}
	return s
}

func newTheme(args []string, stdout, stderr io.Writer) error {
	flags := newFlags("new theme", "[-site DIR] [-force] [FILE...]", stderr)
	flags.Usage = func() {
		fmt.Fprint(stderr, `Usage: sitrep new theme [-site DIR] [-force] [FILE...]

Writes the built-in theme's templates/ and static/ into the site folder, to
change them. Name FILEs (templates/brief.html, static) to write only those.
A site needs none of them: each file it lacks comes from the built-in theme.

Flags:
`)
		flags.PrintDefaults()
	}
	siteDir := flags.String("site", ".", "the site `folder`")
	force := flags.Bool("force", false, "replace the files the site already has")
	want, err := parseAll(flags, args)
	if err != nil {
		return err
	}
	theme := sitrep.Theme()
	all, err := themeFiles(theme, ".")
	if err != nil {
		return err
	}
	names := all
	if len(want) > 0 {
		names = nil
		for _, w := range want {
			p := path.Clean(filepath.ToSlash(w))
			sub, err := themeFiles(theme, p)
			if err != nil || len(sub) == 0 {
				fmt.Fprintf(stderr, "sitrep new theme: the built-in theme has no %s; its files are:\n  %s\n", w, strings.Join(all, "\n  "))
				return errUsage
			}
			names = append(names, sub...)
		}
		slices.Sort(names)
		names = slices.Compact(names)
	}
	if err := checkSite("new theme", *siteDir, stderr); err != nil {
		return err
	}
	var exist []string
	for _, n := range names {
		if _, err := os.Lstat(filepath.Join(*siteDir, filepath.FromSlash(n))); err == nil {
			exist = append(exist, n)
		}
	}
	if len(exist) > 0 && !*force {
		return fmt.Errorf("not overwriting the site's own files (-force replaces them):\n  %s", strings.Join(exist, "\n  "))
	}
	count := map[string]int{}
	for _, n := range names {
		data, err := fs.ReadFile(theme, n)
		if err != nil {
			return err
		}
		if err := createFile(filepath.Join(*siteDir, filepath.FromSlash(n)), data, *force); err != nil {
			return err
		}
		count[n[:strings.IndexByte(n, '/')+1]]++
	}
	var parts []string
	for _, d := range []string{"templates/", "static/"} {
		if count[d] > 0 {
			parts = append(parts, fmt.Sprintf("%d in %s", count[d], d))
		}
	}
	fmt.Fprintf(stdout, "wrote %d file%s of the built-in theme into %s (%s)", len(names), diag.Plural(len(names)), *siteDir, strings.Join(parts, ", "))
	if len(exist) > 0 {
		fmt.Fprintf(stdout, ", replacing %d", len(exist))
	}
	fmt.Fprintln(stdout, "\nDelete the ones you do not change: a site's missing files come from the built-in theme, and follow its updates.")
	return nil
}

// themeFiles lists the files of the theme at or under name, sorted: all of
// templates/ and static/ for ".".
func themeFiles(theme fs.FS, name string) ([]string, error) {
	var files []string
	for _, top := range []string{"templates", "static"} {
		root := top
		switch {
		case name == ".":
		case name == top || strings.HasPrefix(name, top+"/"):
			root = name
		default:
			continue
		}
		err := fs.WalkDir(theme, root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() {
				files = append(files, p)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	slices.Sort(files)
	return files, nil
}
