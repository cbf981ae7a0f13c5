package frontmatter

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	"gopkg.in/yaml.v3"

	"github.com/sitrep-dev/sitrep/generator/internal/diag"
)

// A format is a front-matter syntax.
type format int

const (
	formatYAML format = iota + 1
	formatTOML
	formatJSON
)

// Split finds the front matter of a file. It returns the tree of the front
// matter, the body and the line the body starts on. Problems are added to
// diags; tree is nil when there is no usable front matter.
func Split(file string, data []byte, diags *diag.List) (tree *Node, body []byte, bodyLine int) {
	c, bodyStart, err := librarySplit(data)
	if err != nil { // the reader is in memory: only a capture error is possible
		diags.Errorf(file, diag.Pos{Line: 1, Col: 1}, "cannot read front matter: %v", err)
		return nil, nil, 0
	}
	first, firstLine, firstStart, firstEnd := firstLine(data)
	if c.format == 0 {
		switch first {
		case "---", "---yaml", "+++", "---toml", ";;;", "---json":
			diags.Errorf(file, diag.Pos{Line: firstLine, Col: 1}, "front matter opened by %q is never closed (want a line %q after it)", first, closer(first))
		default:
			diags.Errorf(file, diag.Pos{Line: max(firstLine, 1), Col: 1}, "no front matter: a file must start with a line \"---\", then keys such as title: and date:, then \"---\" again (or +++ for TOML, ;;; for JSON)")
		}
		return nil, nil, 0
	}
	start := firstEnd
	if first == "{" { // the JSON object format keeps its braces
		start = firstStart
	}
	if !bytes.HasPrefix(data[start:], c.data) {
		start = max(bytes.Index(data, c.data), 0)
	}
	fmLine := 1 + bytes.Count(data[:start], []byte("\n"))
	bodyLine = 1 + bytes.Count(data[:bodyStart], []byte("\n"))
	if TooLarge(file, c.data, fmLine, diags) {
		return nil, nil, 0
	}
	switch c.format {
	case formatYAML:
		tree = ParseYAML(file, c.data, fmLine, diags)
	case formatTOML:
		tree = parseTOML(file, c.data, fmLine, diags)
	case formatJSON:
		tree = parseJSON(file, c.data, fmLine, diags)
	}
	return tree, data[bodyStart:], bodyLine
}

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// yamlParserErrors are the messages of yaml.v3's parser (as opposed to its
// scanner), whose "line N" counts from 0: N+1 is the line of the construct
// that is left unfinished.
var yamlParserErrors = []string{
	"did not find expected <document start>",
	"did not find expected node content",
	"did not find expected key",
	"did not find expected '-' indicator",
	"did not find expected ',' or ']'",
	"did not find expected ',' or '}'",
}

// ParseYAML parses a YAML document, such as site.yaml, whose first line is
// line fmLine of file. Problems are added to diags; the tree is nil when
// the document cannot be read.
func ParseYAML(file string, data []byte, fmLine int, diags *diag.List) *Node {
	if n, ok := fastYAML(data, fmLine); ok && withinLimits(n, data) {
		return n
	}
	return slowYAML(file, data, fmLine, diags)
}

// slowYAML parses any YAML with yaml.v3.
func slowYAML(file string, data []byte, fmLine int, diags *diag.List) *Node {
	data = loneCRToSpace(data)
	lines := bytes.Count(data, []byte("\n"))
	if !bytes.HasSuffix(data, []byte("\n")) {
		lines++
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		msg, line := err.Error(), 1
		if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = m[2]
		} else {
			msg = strings.TrimPrefix(msg, "yaml: ")
		}
		if slices.Contains(yamlParserErrors, msg) {
			line++ // yaml.v3 numbers the lines of parser errors from 0
		}
		line = max(min(line, lines), 1) // at the end of the text: its last line
		if open, ok := map[string]string{"did not find expected ',' or ']'": "[", "did not find expected ',' or '}'": "{"}[msg]; ok {
			// point at the bracket left open: on this line or one above
			text := strings.Split(string(data), "\n")
			for l := line; l >= 1; l-- {
				if strings.Contains(text[l-1], open) {
					line = l
					break
				}
			}
		}
		text := strings.Split(string(data), "\n")
		if msg == "found unexpected end of stream" {
			// a quote left open: point at it rather than at the end
			if l, c, ok := openQuote(text[:line]); ok {
				diags.Errorf(file, diag.Pos{Line: fmLine + l - 1, Col: c}, "YAML syntax error: %s (this quote is never closed)", msg)
				return nil
			}
		}
		msg, col := yamlHint(msg, text[line-1])
		diags.Errorf(file, diag.Pos{Line: fmLine + line - 1, Col: col}, "YAML syntax error: %s", msg)
		return nil
	}
	if doc.Kind == 0 {
		return &Node{Kind: Mapping, Pos: diag.Pos{Line: fmLine, Col: 1}}
	}
	y := yamlTree{fmLine: fmLine, last: fmLine + max(lines, 1) - 1}
	if err := checkYAML(y, &doc); err != nil {
		diags.Errorf(file, err.pos, "%s", err.msg)
		return nil
	}
	return y.node(&doc, 0)
}

// yamlTree converts yaml.v3 nodes, shifting their positions by the line the
// front matter starts on (fmLine) and keeping them on its lines: yaml.v3
// puts an empty document one line past the end.
type yamlTree struct {
	fmLine, last int
}

func (t yamlTree) pos(line, col int) diag.Pos {
	if l := t.fmLine + line - 1; l <= t.last {
		return diag.Pos{Line: l, Col: col}
	}
	return diag.Pos{Line: t.last, Col: 1}
}

// loneCRToSpace returns data with every '\r' that does not start a "\r\n"
// turned into a space. YAML would count such a CR as a line break, and its
// positions would no longer match the file's lines, which end in '\n'.
func loneCRToSpace(data []byte) []byte {
	var out []byte
	for i, c := range data {
		if c == '\r' && (i+1 == len(data) || data[i+1] != '\n') {
			if out == nil {
				out = bytes.Clone(data)
			}
			out[i] = ' '
		}
	}
	if out == nil {
		return data
	}
	return out
}

func (t yamlTree) node(y *yaml.Node, depth int) *Node {
	pos := t.pos(y.Line, y.Column)
	if depth > 64 {
		return &Node{Kind: Null, Pos: pos}
	}
	switch y.Kind {
	case yaml.DocumentNode:
		if len(y.Content) == 0 {
			return &Node{Kind: Mapping, Pos: pos}
		}
		return t.node(y.Content[0], depth+1)
	case yaml.AliasNode:
		n := t.node(y.Alias, depth+1)
		n.Pos = pos
		return n
	case yaml.MappingNode:
		n := &Node{Kind: Mapping, Pos: pos}
		for i := 0; i+1 < len(y.Content); i += 2 {
			k := y.Content[i]
			n.Keys = append(n.Keys, Entry{
				Key:    k.Value,
				KeyPos: t.pos(k.Line, k.Column),
				Val:    t.node(y.Content[i+1], depth+1),
			})
		}
		return n
	case yaml.SequenceNode:
		n := &Node{Kind: List, Pos: pos}
		for _, c := range y.Content {
			n.Items = append(n.Items, t.node(c, depth+1))
		}
		return n
	}
	tag := strings.TrimPrefix(y.ShortTag(), "!!")
	if tag == "null" {
		return &Node{Kind: Null, Pos: pos}
	}
	return &Node{Kind: Scalar, Pos: pos, Value: y.Value, Tag: tag}
}

func parseJSON(file string, data []byte, fmLine int, diags *diag.List) *Node {
	p := &jsonParser{data: data, dec: json.NewDecoder(bytes.NewReader(data)), cur: newCursor(string(data), fmLine)}
	p.dec.UseNumber()
	n, err := p.value(0)
	if le, ok := asLimit(err); ok {
		diags.Errorf(file, le.pos, "%s", le.msg)
		return nil
	}
	if err != nil {
		off := len(data)
		var se *json.SyntaxError
		if errors.As(err, &se) {
			off = int(se.Offset)
		}
		msg := strings.TrimPrefix(err.Error(), "json: ")
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			msg = "unexpected end of JSON"
		}
		diags.Errorf(file, diag.PosAt(data, off, fmLine), "JSON syntax error: %s", msg)
		return nil
	}
	if n.Kind != Mapping {
		diags.Errorf(file, n.Pos, "JSON front matter must be an object, got %s", n.Kind)
		return nil
	}
	return n
}

type jsonParser struct {
	data   []byte
	dec    *json.Decoder
	cur    *cursor // positions of the tokens, in order
	values int
}

// next returns the position of the next token.
func (p *jsonParser) next() diag.Pos {
	off := int(p.dec.InputOffset())
	for off < len(p.data) && strings.IndexByte(" \t\r\n,:", p.data[off]) >= 0 {
		off++
	}
	return p.cur.at(off)
}

func (p *jsonParser) value(depth int) (*Node, error) {
	pos := p.next()
	if depth >= maxDepth {
		return nil, &limitError{pos: pos, msg: fmt.Sprintf("value nested more than %d deep", maxDepth)}
	}
	if p.values++; p.values > maxValues {
		return nil, &limitError{pos: pos, msg: fmt.Sprintf("front matter of more than %d values", maxValues)}
	}
	tok, err := p.dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			n := &Node{Kind: Mapping, Pos: pos}
			for p.dec.More() {
				keyPos := p.next()
				k, err := p.dec.Token()
				if err != nil {
					return nil, err
				}
				key, _ := k.(string) // the decoder guarantees a string key inside an object
				v, err := p.value(depth + 1)
				if err != nil {
					return nil, err
				}
				n.Keys = append(n.Keys, Entry{Key: key, KeyPos: keyPos, Val: v})
			}
			_, err := p.dec.Token() // '}'
			return n, err
		case '[':
			n := &Node{Kind: List, Pos: pos}
			for p.dec.More() {
				v, err := p.value(depth + 1)
				if err != nil {
					return nil, err
				}
				n.Items = append(n.Items, v)
			}
			_, err := p.dec.Token() // ']'
			return n, err
		}
		return nil, fmt.Errorf("json: unexpected %q", t)
	case string:
		return &Node{Kind: Scalar, Pos: pos, Value: t, Tag: "str"}, nil
	case json.Number:
		tag := "float"
		if _, err := t.Int64(); err == nil {
			tag = "int"
		}
		return &Node{Kind: Scalar, Pos: pos, Value: t.String(), Tag: tag}, nil
	case bool:
		return &Node{Kind: Scalar, Pos: pos, Value: strconv.FormatBool(t), Tag: "bool"}, nil
	}
	return &Node{Kind: Null, Pos: pos}, nil
}

func parseTOML(file string, data []byte, fmLine int, diags *diag.List) *Node {
	if !utf8.Valid(data) {
		diags.Errorf(file, diag.Pos{Line: fmLine, Col: 1}, "TOML front matter is not valid UTF-8")
		return nil
	}
	if off, ok := tomlDepth(string(data)); !ok {
		diags.Errorf(file, diag.PosAt(data, off, fmLine), "value nested more than %d deep", maxDepth)
		return nil
	}
	var m map[string]any
	if _, err := toml.Decode(string(data), &m); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			msg, col := strings.TrimSuffix(pe.Message, "."), max(pe.Position.Col, 1)
			if strings.HasPrefix(msg, "Key '") { // "Key 'title' has already been defined": point at the key
				msg = "k" + msg[1:]
				if lines := strings.Split(string(data), "\n"); pe.Position.Line >= 1 && pe.Position.Line <= len(lines) {
					l := lines[pe.Position.Line-1]
					col = len([]rune(l[:len(l)-len(strings.TrimLeft(l, " \t"))])) + 1
				}
			}
			// the decoder may count past a line's end, or report line 0
			lines := strings.Split(string(data), "\n")
			line := min(max(pe.Position.Line, 1), len(lines))
			col = min(col, utf8.RuneCountInString(strings.TrimSuffix(lines[line-1], "\r"))+1)
			diags.Errorf(file, diag.Pos{Line: fmLine + line - 1, Col: col}, "TOML syntax error: %s", msg)
		} else {
			diags.Errorf(file, diag.Pos{Line: fmLine, Col: 1}, "TOML error: %v", err)
		}
		return nil
	}
	if key, over := tomlValues(m); over {
		diags.Errorf(file, tomlKeyPos(string(data), key, fmLine), "front matter of more than %d values, or of keys too long for them", maxValues)
		return nil
	}
	locs := tomlKeyLines(string(data))
	return fromTOML(m, "", diag.Pos{Line: fmLine, Col: 1}, locs, fmLine)
}

// tomlLocs locates keys and values in TOML text, which BurntSushi/toml
// does not report. Both maps go from a dotted path ("title",
// "sources.0.url", "actors.1") to a 0-based line and column: keys holds
// keys and [[header]] lines of array-of-tables items ("sources.0"); vals
// holds the start of a key's value and of each item of an inline array.
type tomlLocs struct {
	keys, vals map[string]diag.Pos
}

func tomlKeyLines(text string) tomlLocs {
	locs := tomlLocs{keys: map[string]diag.Pos{}, vals: map[string]diag.Pos{}}
	prefix := ""
	counts := map[string]int{}
	lineStart := 0
	for i, line := range strings.Split(text, "\n") {
		t := strings.TrimSpace(line)
		lead := strings.Index(line, t) // t starts at the first non-space byte
		col := utf8.RuneCountInString(line[:lead])
		switch {
		case t == "":
		case strings.HasPrefix(t, "[["):
			name := strings.TrimSpace(strings.Trim(t, "[] \t"))
			prefix = name + "." + strconv.Itoa(counts[name]) + "."
			locs.keys[strings.TrimSuffix(prefix, ".")] = diag.Pos{Line: i, Col: col}
			counts[name]++
		case strings.HasPrefix(t, "["):
			prefix = strings.TrimSpace(strings.Trim(t, "[] \t")) + "."
			locs.keys[strings.TrimSuffix(prefix, ".")] = diag.Pos{Line: i, Col: col}
		default:
			if eq := strings.IndexByte(t, '='); eq > 0 && !strings.HasPrefix(t, "#") {
				key := strings.Trim(strings.TrimSpace(t[:eq]), `"'`)
				if _, seen := locs.keys[prefix+key]; !seen {
					locs.keys[prefix+key] = diag.Pos{Line: i, Col: col}
					v := lineStart + lead + eq + 1
					for v < len(text) && (text[v] == ' ' || text[v] == '\t') {
						v++
					}
					if v < len(text) && text[v] != '\n' {
						at := diag.Pos{Line: i, Col: utf8.RuneCountInString(text[lineStart:v])}
						locs.vals[prefix+key] = at
						if text[v] == '[' {
							tomlItems(text, v, at, prefix+key, locs.vals)
						}
					}
				}
			}
		}
		lineStart += len(line) + 1
	}
	return locs
}

// tomlItems records where each item of the inline array opening at text[off]
// starts, as path.0, path.1, …
func tomlItems(text string, off int, at diag.Pos, path string, vals map[string]diag.Pos) {
	depth, idx, expect := 0, 0, true
	cur := &cursor{text: text, off: off, line: at.Line, col: at.Col + 1} // counts columns from 1
	item := func(i int) {
		if depth == 1 && expect {
			p := cur.at(i)
			vals[path+"."+strconv.Itoa(idx)] = diag.Pos{Line: p.Line, Col: p.Col - 1}
			expect = false
		}
	}
	for i := off; i < len(text); i++ {
		switch c := text[i]; c {
		case ' ', '\t', '\r', '\n':
		case '#':
			if nl := strings.IndexByte(text[i:], '\n'); nl >= 0 {
				i += nl
			} else {
				return
			}
		case '"', '\'':
			item(i)
			if q := strings.Repeat(string(c), 3); strings.HasPrefix(text[i:], q) {
				end := strings.Index(text[i+3:], q)
				if end < 0 {
					return
				}
				i += 3 + end + 2
				continue
			}
			for i++; i < len(text) && text[i] != c && text[i] != '\n'; i++ {
				if c == '"' && text[i] == '\\' {
					i++
				}
			}
		case '[', '{':
			item(i)
			depth++
		case ']', '}':
			if depth--; depth == 0 {
				return
			}
		case ',':
			if depth == 1 {
				idx, expect = idx+1, true
			}
		default:
			item(i)
		}
	}
}

func fromTOML(v any, path string, at diag.Pos, locs tomlLocs, fmLine int) *Node {
	abs := func(p diag.Pos) diag.Pos { return diag.Pos{Line: fmLine + p.Line, Col: p.Col + 1} }
	posOf := func(path string) diag.Pos {
		if p, ok := locs.keys[path]; ok {
			return abs(p)
		}
		return at
	}
	valOf := func(path string, key diag.Pos) diag.Pos {
		if p, ok := locs.vals[path]; ok {
			return abs(p)
		}
		return key
	}
	join := func(k string) string {
		if path == "" {
			return k
		}
		return path + "." + k
	}
	switch t := v.(type) {
	case map[string]any:
		n := &Node{Kind: Mapping, Pos: at}
		for k, val := range t {
			kp := posOf(join(k))
			n.Keys = append(n.Keys, Entry{Key: k, KeyPos: kp, Val: fromTOML(val, join(k), valOf(join(k), kp), locs, fmLine)})
		}
		slices.SortFunc(n.Keys, func(a, b Entry) int {
			if a.KeyPos.Line != b.KeyPos.Line {
				return a.KeyPos.Line - b.KeyPos.Line
			}
			return strings.Compare(a.Key, b.Key)
		})
		return n
	case []map[string]any:
		n := &Node{Kind: List, Pos: at}
		for i, item := range t {
			p := join(strconv.Itoa(i))
			n.Items = append(n.Items, fromTOML(item, p, valOf(p, posOf(p)), locs, fmLine))
		}
		return n
	case []any:
		n := &Node{Kind: List, Pos: at}
		for i, item := range t {
			p := join(strconv.Itoa(i))
			n.Items = append(n.Items, fromTOML(item, p, valOf(p, posOf(p)), locs, fmLine))
		}
		return n
	case string:
		return &Node{Kind: Scalar, Pos: at, Value: t, Tag: "str"}
	case int64:
		return &Node{Kind: Scalar, Pos: at, Value: strconv.FormatInt(t, 10), Tag: "int"}
	case float64:
		return &Node{Kind: Scalar, Pos: at, Value: strconv.FormatFloat(t, 'g', -1, 64), Tag: "float"}
	case bool:
		return &Node{Kind: Scalar, Pos: at, Value: strconv.FormatBool(t), Tag: "bool"}
	case time.Time:
		layout := time.RFC3339
		switch t.Location().String() {
		case "date-local":
			layout = time.DateOnly
		case "datetime-local":
			layout = "2006-01-02T15:04:05"
		}
		return &Node{Kind: Scalar, Pos: at, Value: t.Format(layout), Tag: "timestamp"}
	}
	return &Node{Kind: Scalar, Pos: at, Value: fmt.Sprint(v), Tag: "str"}
}
