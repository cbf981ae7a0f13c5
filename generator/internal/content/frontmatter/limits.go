package frontmatter

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/sitrep-dev/sitrep/generator/internal/diag"
)

// Limits on front matter. Front matter is user input, and some of it is
// written to hurt: a YAML alias bomb of 440 bytes stands for billions of
// values, and a few kilobytes of nested TOML tables keep BurntSushi/toml
// busy for minutes. Past these limits a file is a located error, found in
// time and memory proportional to its size.
const (
	// maxFrontMatter is the most bytes of front matter read, and the most
	// bytes of text (keys and values) it may stand for once its YAML
	// aliases are expanded.
	maxFrontMatter = 1 << 20
	// maxValues is the most values (scalars, lists and mappings) front
	// matter may hold, each use of an alias counting the values it stands for.
	maxValues = 100_000
	// maxDepth is the deepest nesting of lists and mappings.
	maxDepth = 64
)

// A limitError is front matter over a limit, at the value that crosses it.
type limitError struct {
	pos diag.Pos
	msg string
}

func (e *limitError) Error() string { return e.msg }

// TooLarge reports front matter of more than maxFrontMatter bytes.
func TooLarge(file string, data []byte, fmLine int, diags *diag.List) bool {
	if len(data) <= maxFrontMatter {
		return false
	}
	diags.Errorf(file, diag.Pos{Line: fmLine, Col: 1}, "front matter of %d bytes: at most %d (1 MiB) are read", len(data), maxFrontMatter)
	return true
}

// A size is what a value stands for once its aliases are expanded: the
// values in it, the bytes of its keys and scalars, and how deep it nests
// (a scalar is 1 deep). Sums stop just past the limits, so that the sizes
// of an alias bomb do not overflow.
type size struct {
	values, text, depth int
}

func (s size) add(o size) size {
	return size{min(s.values+o.values, maxValues+1), min(s.text+o.text, maxFrontMatter+1), max(s.depth, o.depth)}
}

// yamlLimits checks a document from yaml.v3 against the limits before it is
// turned into nodes, which expands every alias: it walks the document once,
// in order, adding up what each value and each alias stands for, and stops
// at the first alias or value past a limit. The size of an anchored value is
// measured once and remembered, so a bomb costs no more than its text.
type yamlLimits struct {
	t     yamlTree
	sizes map[*yaml.Node]size // anchored values measured so far
	open  map[*yaml.Node]bool // anchored values being measured
	total size
	err   *limitError
}

func checkYAML(t yamlTree, doc *yaml.Node) *limitError {
	l := &yamlLimits{t: t, sizes: map[*yaml.Node]size{}, open: map[*yaml.Node]bool{}}
	l.walk(doc, 0)
	return l.err
}

// walk goes through the document as written; depth counts the lists and
// mappings above n.
func (l *yamlLimits) walk(n *yaml.Node, depth int) {
	if l.err != nil {
		return
	}
	pos := l.t.pos(n.Line, n.Column)
	switch n.Kind {
	case yaml.DocumentNode:
		for _, c := range n.Content {
			l.walk(c, depth)
		}
		return
	case yaml.AliasNode:
		s, ok := l.measure(n.Alias)
		switch {
		case !ok:
			l.fail(pos, "alias *%s is used inside its own anchor", n.Value)
		case depth+s.depth > maxDepth:
			l.fail(pos, "alias *%s nests values more than %d deep", n.Value, maxDepth)
		default:
			l.total = l.total.add(s)
			if l.total.values > maxValues {
				l.fail(pos, "alias *%s expands the front matter to more than %d values (an alias bomb?)", n.Value, maxValues)
			} else if l.total.text > maxFrontMatter {
				l.fail(pos, "alias *%s expands the front matter to more than %d bytes of text (an alias bomb?)", n.Value, maxFrontMatter)
			}
		}
		return
	}
	if depth >= maxDepth {
		l.fail(pos, "value nested more than %d deep", maxDepth)
		return
	}
	l.total = l.total.add(size{values: 1, text: len(n.Value)})
	if l.total.values > maxValues {
		l.fail(pos, "front matter of more than %d values", maxValues)
		return
	}
	if n.Anchor != "" {
		l.open[n] = true // an alias inside n to n itself is a loop
	}
	for i, c := range n.Content {
		if n.Kind == yaml.MappingNode && i%2 == 0 {
			l.total = l.total.add(size{text: len(c.Value)}) // a key: only its text counts
			continue
		}
		l.walk(c, depth+1)
	}
	delete(l.open, n)
}

// measure returns the size of the value n, aliases expanded; ok is false
// when n holds an alias to itself.
func (l *yamlLimits) measure(n *yaml.Node) (s size, ok bool) {
	if s, ok := l.sizes[n]; ok {
		return s, true
	}
	if l.open[n] {
		return size{}, false
	}
	switch n.Kind {
	case yaml.AliasNode:
		return l.measure(n.Alias)
	case yaml.DocumentNode:
		return size{}, true
	}
	l.open[n] = true
	s = size{values: 1, text: len(n.Value), depth: 1}
	for i, c := range n.Content {
		if n.Kind == yaml.MappingNode && i%2 == 0 {
			s = s.add(size{text: len(c.Value)})
			continue
		}
		cs, ok := l.measure(c)
		if !ok {
			return size{}, false // open stays set: the walk stops here
		}
		cs.depth = min(cs.depth+1, maxDepth+1)
		s = s.add(cs)
	}
	delete(l.open, n)
	if n.Anchor != "" {
		l.sizes[n] = s
	}
	return s, true
}

func (l *yamlLimits) fail(pos diag.Pos, format string, args ...any) {
	l.err = &limitError{pos: pos, msg: fmt.Sprintf(format, args...)}
}

// withinLimits reports whether a tree from the fast path is within
// maxValues. It holds no aliases and at most a few levels, and each of
// its values takes at least two bytes of text, so only a long text can
// be over.
func withinLimits(n *Node, data []byte) bool {
	if len(data) < 2*maxValues {
		return true
	}
	count := 0
	var walk func(n *Node)
	walk = func(n *Node) {
		count++
		for _, e := range n.Keys {
			walk(e.Val)
		}
		for _, it := range n.Items {
			walk(it)
		}
	}
	walk(n)
	return count <= maxValues
}

// tomlDepth finds where TOML text nests tables and arrays more than
// maxDepth deep, counting brackets and braces and the parts of dotted keys
// and table headers, outside strings and comments. BurntSushi/toml takes
// time that grows with the cube of the nesting (30 s for 8,000 inline
// tables), so it must not see such text. ok is false when too deep, with
// the byte offset of the place.
func tomlDepth(text string) (off int, ok bool) {
	var open []byte // the brackets and braces open at i
	dots := 0       // dots of the key or header being read
	header := 0     // depth of the last table header
	key := true     // a key or header may start here
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case c == '#':
			if nl := strings.IndexByte(text[i:], '\n'); nl >= 0 {
				i += nl - 1 // the newline is read next
			} else {
				i = len(text)
			}
		case c == '"' || c == '\'':
			q := text[i : i+1]
			if strings.HasPrefix(text[i:], strings.Repeat(q, 3)) {
				end := strings.Index(text[i+3:], strings.Repeat(q, 3))
				if end < 0 {
					return 0, true // unclosed: the decoder reports it
				}
				i += 3 + end + 2
				for i+1 < len(text) && text[i+1] == c { // """a"""" ends in a quote
					i++
				}
				continue
			}
			for i++; i < len(text) && text[i] != c && text[i] != '\n'; i++ {
				if c == '"' && text[i] == '\\' {
					i++
				}
			}
		case c == '\n':
			if len(open) == 0 {
				key, dots = true, 0
			}
		case c == '.' && key:
			dots++
			if header+len(open)+dots >= maxDepth {
				return i, false
			}
		case c == '=' && key:
			key = false
		case c == '[' && key && len(open) == 0:
			// a table header: [a.b] or [[a.b]]
			header, dots = 0, 0
			if strings.HasPrefix(text[i:], "[[") {
				header = 1 // an array of tables is a list of them
				i++
			}
			for i++; i < len(text) && text[i] != ']' && text[i] != '\n'; i++ {
				switch text[i] {
				case '.':
					if header++; header >= maxDepth {
						return i, false
					}
				case '"', '\'':
					if end := strings.IndexByte(text[i+1:], text[i]); end >= 0 {
						i += 1 + end
					}
				}
			}
			header++
			for i+1 < len(text) && text[i+1] == ']' {
				i++
			}
		case c == '[' || c == '{':
			open = append(open, c)
			if header+len(open)+dots >= maxDepth {
				return i, false
			}
			key = c == '{'
			if !key {
				dots = 0
			}
		case c == ']' || c == '}':
			if len(open) > 0 {
				open = open[:len(open)-1]
			}
		case c == ',' && len(open) > 0 && open[len(open)-1] == '{':
			key = true
		}
	}
	return 0, true
}

// tomlValues checks decoded TOML against maxValues, and against the
// bytes of key paths ("sources.0.url") that locating its values takes: the
// sum, over the values, of the length of the path to each. over is true
// when either is past its limit; key is then the top-level key holding the
// most values.
func tomlValues(m map[string]any) (key string, over bool) {
	var values, paths, most int
	var walk func(v any, path int)
	walk = func(v any, path int) {
		values++
		paths += path
		if values > maxValues || paths > maxTOMLPaths {
			return
		}
		switch t := v.(type) {
		case map[string]any:
			for k, c := range t {
				walk(c, path+len(k)+1)
			}
		case []map[string]any:
			for i, c := range t {
				walk(c, path+len(strconv.Itoa(i))+1)
			}
		case []any:
			for i, c := range t {
				walk(c, path+len(strconv.Itoa(i))+1)
			}
		}
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		before := values
		walk(m[k], len(k))
		if n := values - before; n > most {
			key, most = k, n
		}
	}
	return key, values > maxValues || paths > maxTOMLPaths
}

// maxTOMLPaths bounds the key paths tomlKeyLines and fromTOML make.
const maxTOMLPaths = 16 << 20

// tomlKeyPos returns the position of a top-level key: the first line that
// assigns it (key = …, key.sub = …) or opens a table under it ([key],
// [[key.sub]]), else the first line of the front matter.
func tomlKeyPos(text, key string, fmLine int) diag.Pos {
	for i, line := range strings.Split(text, "\n") {
		t := strings.TrimLeft(line, " \t")
		t = strings.TrimLeft(t, "[")
		for _, k := range []string{key, `"` + key + `"`, "'" + key + "'"} {
			if rest, ok := strings.CutPrefix(t, k); ok && (rest == "" || strings.ContainsRune(" \t=.]", rune(rest[0]))) {
				return diag.Pos{Line: fmLine + i, Col: utf8.RuneCountInString(line[:len(line)-len(strings.TrimLeft(line, " \t"))]) + 1}
			}
		}
	}
	return diag.Pos{Line: fmLine, Col: 1}
}

// A cursor turns increasing byte offsets into a text into positions, in
// time linear in the text overall: diag.PosAt counts from the start each
// time, which makes a long list quadratic. The text is valid UTF-8.
type cursor struct {
	text      string
	off       int
	line, col int
}

func newCursor(text string, firstLine int) *cursor {
	return &cursor{text: text, line: firstLine, col: 1}
}

// at returns the position of off, which is not before the last offset asked.
func (c *cursor) at(off int) diag.Pos {
	off = min(max(off, c.off), len(c.text))
	for ; c.off < off; c.off++ {
		switch b := c.text[c.off]; {
		case b == '\n':
			c.line, c.col = c.line+1, 1
		case b < utf8.RuneSelf || utf8.RuneStart(b):
			c.col++
		}
	}
	return diag.Pos{Line: c.line, Col: c.col}
}

// asLimit returns the limitError in err, if any.
func asLimit(err error) (*limitError, bool) {
	var le *limitError
	ok := errors.As(err, &le)
	return le, ok
}
