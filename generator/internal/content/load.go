package content

import (
	"bytes"
	"errors"
	"io/fs"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep/generator/internal/content/frontmatter"
	"github.com/sitrep-dev/sitrep/generator/internal/diag"
	"github.com/sitrep-dev/sitrep/generator/internal/parallel"
)

// A Corpus is everything read from content/.
type Corpus struct {
	Site     *Site
	Briefs   []*Brief   // sorted by file
	Profiles []*Profile // sorted by file
	// Attachments are the files beside briefs and profiles, published
	// beside their pages; sorted by file
	Attachments []*Attachment
}

// SiteFile is the path of the site settings inside the site folder.
const SiteFile = "content/site.yaml"

// Load reads content/ from fsys, the site folder. It returns what it could
// read together with every problem found; a corpus with errors must not be
// published.
func Load(fsys fs.FS) (*Corpus, diag.List) {
	c := &Corpus{}
	files, diags, err := Files(fsys)
	if err != nil {
		c.Site = defaultSite()
		return c, diags
	}
	// read and parse on every core; each file has its own diagnostics, joined
	// in file order so that output never depends on scheduling
	results := make([]File, len(files))
	parallel.For(len(files), func(i int) {
		results[i] = ReadFile(fsys, files[i])
	})
	for _, r := range results {
		c.add(r, &diags)
	}
	c.finish(files, &diags)
	return c, diags
}

// defaultSite stands in for a missing or broken site.yaml, so that the
// rest of the content can still be checked.
func defaultSite() *Site { return &Site{Title: "Sitrep", BaseURL: "/", Language: "en"} }

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// A FileClass says what a file of content/ is, by its path.
type FileClass int

const (
	UnexpectedFile FileClass = iota // anything else: an error, unless Ignored
	SettingsFile                    // SiteFile, the site settings
	BriefFile                       // an .md file anywhere under content/briefs/
	ProfileFile                     // an .md file right inside content/actors/, countries/ or topics/, or NAME/index.md there
	BundleFile                      // any other file under content/briefs/, or under content/actors/NAME/ and the like
)

// Classify tells what the content file p (a slash path from the site
// folder) is, and for a ProfileFile the kind of its entity.
func Classify(p string) (FileClass, Kind) {
	if p == SiteFile {
		return SettingsFile, 0
	}
	md := path.Ext(p) == ".md"
	dir, rest, _ := strings.Cut(strings.TrimPrefix(p, "content/"), "/")
	if dir == "briefs" && rest != "" {
		if md {
			return BriefFile, 0
		}
		return BundleFile, 0
	}
	for _, k := range Kinds {
		if dir != k.Plural() || rest == "" {
			continue
		}
		name, inner, nested := strings.Cut(rest, "/")
		switch {
		case !nested && md, nested && inner == "index.md" && name != "":
			return ProfileFile, k
		case nested && name != "" && inner != "":
			return BundleFile, 0
		}
	}
	return UnexpectedFile, 0
}

// bundleName is the name a brief or profile takes its slug from: its file
// name without .md, or its folder's name for an index.md.
func bundleName(file string) string {
	if path.Base(file) == "index.md" {
		return path.Base(path.Dir(file))
	}
	return strings.TrimSuffix(path.Base(file), ".md")
}

// Ignored reports whether a file or folder name is editor or system noise,
// which content/ may hold without complaint and whose changes sitrep serve
// does not watch: hidden files (which covers .#lock files, .DS_Store and
// most temporary files), Emacs autosaves (#name#), backups (name~), vim's
// swap files (.swp, .swx, .swo) and its 4913 probe, .tmp files, and
// JetBrains' safe-write temporaries (name___jb_tmp___, name___jb_old___).
func Ignored(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "#") ||
		strings.HasSuffix(name, "~") || name == "4913" ||
		strings.HasSuffix(name, ".swp") || strings.HasSuffix(name, ".swx") || strings.HasSuffix(name, ".swo") ||
		strings.HasSuffix(name, ".tmp") || strings.HasSuffix(name, "___jb_tmp___") || strings.HasSuffix(name, "___jb_old___")
}

// text checks that data is a non-empty UTF-8 text file and strips a BOM.
func text(file string, data []byte, diags *diag.List) ([]byte, bool) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	switch {
	case len(bytes.TrimSpace(data)) == 0:
		diags.Errorf(file, diag.Pos{Line: 1, Col: 1}, "empty file")
		return nil, false
	case bytes.IndexByte(data, 0) >= 0:
		diags.Errorf(file, diag.PosAt(data, bytes.IndexByte(data, 0), 1), "binary file (holds a NUL byte): not markdown text")
		return nil, false
	case !utf8.Valid(data):
		off := 0
		for off < len(data) {
			r, n := utf8.DecodeRune(data[off:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			off += n
		}
		diags.Errorf(file, diag.PosAt(data, off, 1), "not UTF-8 text: save the file as UTF-8")
		return nil, false
	}
	return data, true
}

// ParseBrief reads one brief. It returns nil when the front matter is
// unusable; problems are added to diags.
func ParseBrief(file string, data []byte, diags *diag.List) *Brief {
	defer clampPositions(file, data, diags, len(*diags))
	data, ok := text(file, data, diags)
	if !ok {
		return nil
	}
	tree, body, bodyLine := frontmatter.Split(file, data, diags)
	if tree == nil {
		return nil
	}
	b := decodeBrief(file, tree, diags)
	b.Body, b.BodyLine = body, bodyLine
	device := windowsDevices(file, diags)
	if b.Slug == "" {
		slug, err := ParseSlug(bundleName(file))
		if err != nil && !device {
			diags.Errorf(file, diag.Pos{}, "file name %v: rename the file or set slug:", err)
		}
		b.Slug = slug
	}
	return b
}

// ParseProfile reads one entity profile.
func ParseProfile(file string, kind Kind, data []byte, diags *diag.List) *Profile {
	defer clampPositions(file, data, diags, len(*diags))
	data, ok := text(file, data, diags)
	if !ok {
		return nil
	}
	tree, body, bodyLine := frontmatter.Split(file, data, diags)
	if tree == nil {
		return nil
	}
	if windowsDevices(file, diags) {
		return nil
	}
	slug, err := ParseSlug(bundleName(file))
	if err != nil {
		diags.Errorf(file, diag.Pos{}, "file name %v: rename the file", err)
		return nil
	}
	p := decodeProfile(file, kind, slug, tree, diags)
	p.Body, p.BodyLine = body, bodyLine
	if p.Name == "" {
		return nil
	}
	return p
}

// ParseSite reads content/site.yaml.
func ParseSite(file string, data []byte, diags *diag.List) *Site {
	defer clampPositions(file, data, diags, len(*diags))
	data, ok := text(file, data, diags)
	if !ok {
		return nil
	}
	if frontmatter.TooLarge(file, data, 1, diags) {
		return nil
	}
	tree := frontmatter.ParseYAML(file, data, 1, diags)
	if tree == nil {
		return nil
	}
	return decodeSite(file, tree, diags)
}

// clampPositions keeps the positions of the diagnostics about file added to
// diags since index from inside data, the file's bytes: a decoder that
// counts past the end of a line, or past the last line, must not send an
// editor to a place that does not exist.
func clampPositions(file string, data []byte, diags *diag.List, from int) {
	var lines [][]byte
	var runes map[int]int // of the lines counted so far: one long line may hold many diagnostics
	for i := from; i < len(*diags); i++ {
		d := &(*diags)[i]
		if d.File != file || d.Pos.Line <= 0 {
			continue
		}
		if lines == nil {
			lines, runes = bytes.Split(data, []byte("\n")), map[int]int{}
		}
		d.Pos.Line = min(d.Pos.Line, len(lines))
		n, ok := runes[d.Pos.Line]
		if !ok {
			n = utf8.RuneCount(lines[d.Pos.Line-1])
			runes[d.Pos.Line] = n
		}
		d.Pos.Col = min(d.Pos.Col, n+1)
	}
}

// windowsDevices reports the names of file's folders below content/, and
// its own name, that Windows reserves for devices (content/briefs/con.md,
// content/briefs/aux/x.md): a site holding them cannot be checked out
// there. It returns whether there was any.
func windowsDevices(file string, diags *diag.List) bool {
	found := false
	rest := strings.TrimPrefix(file, "content/")
	for elem := range strings.SplitSeq(rest, "/") {
		if WindowsDevice(elem) {
			what := "folder"
			if elem == path.Base(file) {
				what = "file"
			}
			diags.Errorf(file, diag.Pos{}, "%s name %q is a device name on Windows, which no file or folder there may have: rename it", what, elem)
			found = true
		}
	}
	return found
}
