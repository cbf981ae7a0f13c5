package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
)

func cmdVersion(args []string, stdout, stderr io.Writer) error {
	flags := newFlags("version", "", stderr)
	if err := parse(flags, args); err != nil {
		return err
	}
	if flags.NArg() > 0 {
		fmt.Fprintf(stderr, "sitrep version: unexpected argument %q\n", flags.Arg(0))
		flags.Usage()
		return errUsage
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		bi = nil
	}
	fmt.Fprintln(stdout, versionLine(bi))
	return nil
}

// versionLine says which sitrep this is, from what the go command wrote
// into the binary (bi, nil when it wrote nothing): the main module's
// version ("(devel)" when unknown), the commit and its time when the binary
// was built in a git checkout, and the Go version and platform:
//
//	sitrep v0.3.0 go1.26.8 linux/amd64
//	sitrep (devel) (commit 991cdf6c1a2b, 2025-06-01T10:00:00Z, modified) go1.26.8 linux/amd64
func versionLine(bi *debug.BuildInfo) string {
	version, goVersion := "(devel)", runtime.Version()
	var rev, at string
	modified := false
	if bi != nil {
		if bi.Main.Version != "" {
			version = bi.Main.Version
		}
		if bi.GoVersion != "" {
			goVersion = bi.GoVersion
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.time":
				at = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
	}
	line := "sitrep " + version
	if rev != "" {
		line += " (commit " + rev[:min(len(rev), 12)]
		if at != "" {
			line += ", " + at
		}
		if modified {
			line += ", modified"
		}
		line += ")"
	}
	return line + " " + goVersion + " " + runtime.GOOS + "/" + runtime.GOARCH
}
