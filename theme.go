// Package sitrep holds the default theme, compiled into the sitrep binary.
//
// This file sits at the root of the module, not beside the command in
// generator/cmd/sitrep, because //go:embed reads only files in the folder
// of the Go file that names them and below it (it cannot reach a parent
// folder), and the repository layout of DESIGN.md fixes the theme at the
// root: templates/ and static/ beside content/. Everything else of Sitrep
// lives under generator/.
package sitrep

import (
	"embed"
	"io/fs"
)

// theme is templates/*.html and static/. Embedding a folder leaves out the
// files whose names begin with "." or "_" below it: the build skips
// hidden static files anyway, and TestThemeEmbedsEverything fails if
// static/ ever holds a file with a leading "_". Templates are named by
// pattern, so that the partials (_partials.html) are in.
//
//go:embed templates/*.html static
var theme embed.FS

// Theme returns the default theme: the files templates/*.html and
// static/**, by the same slash paths as in a site folder. A site's own
// templates/ and static/ override it (see generator/internal/overlay).
func Theme() fs.FS { return theme }
