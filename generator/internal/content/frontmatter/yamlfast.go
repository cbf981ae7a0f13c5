package frontmatter

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep/generator/internal/diag"
)

// fastYAML parses the plain shape that nearly all front matter has, and
// gives up (ok false) at the first thing outside it, leaving the document
// to yaml.v3. Reading a brief's front matter with yaml.v3 took a sixth of a
// full build; this takes a few microseconds. Where it succeeds, the tree is
// the one slowYAML makes of yaml.v3's nodes, positions included:
// FuzzFastYAML checks that on every input.
//
// The shape: a block mapping of plain keys; values that are double-quoted
// strings without escapes, single-quoted strings without doubled quotes,
// plain strings that start with a letter, booleans, dates (2006-01-02), flow
// sequences of such scalars on one line, and block sequences of scalars or
// of mappings of such scalars (a brief's sources and events). Comments on
// lines of their own and blank lines are skipped. Anything else (escapes,
// numbers, null, anchors, tags, block scalars, multi-line plain
// scalars, tabs, carriage returns, duplicate keys, trailing comments) makes
// it give up.
func fastYAML(data []byte, fmLine int) (n *Node, ok bool) {
	if !plainText(data) {
		return nil, false
	}
	p := &fastParser{fmLine: fmLine, lines: make([]string, 0, 32)}
	text := string(data) // one copy, that every line and value slices
	for len(text) > 0 {
		i := strings.IndexByte(text, '\n')
		line := text
		if i >= 0 {
			line, text = text[:i], text[i+1:]
		} else {
			text = ""
		}
		p.lines = append(p.lines, line)
	}
	p.skip()
	if p.i == len(p.lines) {
		return nil, false // an empty document: yaml.v3 decides what it is
	}
	n, ok = p.mapping(0)
	if !ok {
		return nil, false
	}
	p.skip()
	return n, p.i == len(p.lines)
}

type fastParser struct {
	lines  []string
	i      int // current line
	fmLine int // file line of lines[0]
}

// skip passes blank lines and lines holding only a comment.
func (p *fastParser) skip() {
	for ; p.i < len(p.lines); p.i++ {
		t := strings.TrimLeft(p.lines[p.i], " ")
		if t != "" && t[0] != '#' {
			return
		}
	}
}

// indent returns the indentation of the current line, or -1 at the end or
// on a line that the fast path does not read (tabs, carriage returns).
func (p *fastParser) indent() int {
	if p.i >= len(p.lines) {
		return -1
	}
	l := p.lines[p.i]
	if strings.IndexByte(l, '\t') >= 0 || strings.IndexByte(l, '\r') >= 0 { // faster than ContainsAny on short lines
		return -1
	}
	return len(l) - len(strings.TrimLeft(l, " "))
}

func (p *fastParser) pos(col int) diag.Pos {
	return diag.Pos{Line: p.fmLine + p.i, Col: utf8.RuneCountInString(p.lines[p.i][:col]) + 1}
}

// mapping reads a block mapping whose keys sit at column ind; the current
// line is its first key. first, when not empty, is the text of the first
// entry after a sequence's "- " (which starts at column ind).
func (p *fastParser) mapping(ind int) (*Node, bool) {
	n := &Node{Kind: Mapping, Pos: p.pos(ind)}
	for {
		if p.indent() != ind {
			return nil, false
		}
		line := p.lines[p.i]
		rest := line[ind:]
		colon := strings.Index(rest, ":")
		if colon <= 0 || !plainKey(rest[:colon]) {
			return nil, false
		}
		key := rest[:colon]
		if len(n.Keys) == 64 {
			return nil, false // the check for duplicates below is quadratic
		}
		for _, e := range n.Keys {
			if e.Key == key {
				return nil, false // yaml.v3 reports duplicate keys
			}
		}
		e := Entry{Key: key, KeyPos: p.pos(ind)}
		after := rest[colon+1:]
		if after != "" && after[0] != ' ' {
			return nil, false
		}
		val := strings.TrimLeft(after, " ")
		col := len(line) - len(val)
		if val == "" {
			// a nested block: a sequence at this indentation or deeper
			p.i++
			p.skip()
			in := p.indent()
			if in < ind || in >= 0 && !strings.HasPrefix(p.lines[p.i][in:], "- ") {
				return nil, false // an empty value, or a nested mapping
			}
			v, ok := p.sequence(in)
			if !ok {
				return nil, false
			}
			e.Val = v
		} else {
			v, ok := p.inline(val, col)
			if !ok {
				return nil, false
			}
			e.Val = v
			p.i++
			p.skip()
		}
		n.Keys = append(n.Keys, e)
		if in := p.indent(); in != ind {
			if in > ind {
				return nil, false // a continuation the fast path does not read
			}
			return n, true
		}
	}
}

// sequence reads a block sequence whose dashes sit at column ind.
func (p *fastParser) sequence(ind int) (*Node, bool) {
	n := &Node{Kind: List, Pos: p.pos(ind)}
	for p.indent() == ind && strings.HasPrefix(p.lines[p.i][ind:], "- ") {
		line := p.lines[p.i]
		item := strings.TrimLeft(line[ind+2:], " ")
		col := len(line) - len(item)
		if col != ind+2 || item == "" {
			return nil, false
		}
		if c := strings.Index(item, ":"); c > 0 && plainKey(item[:c]) && (len(item) == c+1 || item[c+1] == ' ') {
			// a mapping whose first key follows the dash: read it as if the
			// dash were a space (the line is not read again)
			p.lines[p.i] = strings.Repeat(" ", col) + item
			m, ok := p.mapping(col)
			if !ok {
				return nil, false
			}
			n.Items = append(n.Items, m)
		} else {
			v, ok := p.inline(item, col)
			if !ok {
				return nil, false
			}
			n.Items = append(n.Items, v)
			p.i++
			p.skip()
		}
		if in := p.indent(); in > ind {
			return nil, false
		}
	}
	return n, true
}

// inline reads a value that ends its line: a scalar or a flow sequence.
func (p *fastParser) inline(val string, col int) (*Node, bool) {
	if val[0] == '[' {
		return p.flow(val, col)
	}
	v, tag, n, ok := scalar(val, false)
	if !ok || strings.TrimRight(val[n:], " ") != "" {
		return nil, false
	}
	return &Node{Kind: Scalar, Pos: p.pos(col), Value: v, Tag: tag}, true
}

// flow reads a flow sequence of scalars that closes on its line.
func (p *fastParser) flow(val string, col int) (*Node, bool) {
	n := &Node{Kind: List, Pos: p.pos(col)}
	rest, at := val[1:], col+1
	// the items' columns, counted on from the last: a long line is not
	// counted from its start for each item
	cur := &cursor{text: p.lines[p.i], off: col, line: n.Pos.Line, col: n.Pos.Col}
	for {
		trim := strings.TrimLeft(rest, " ")
		at += len(rest) - len(trim)
		rest = trim
		if rest == "" {
			return nil, false
		}
		if rest[0] == ']' {
			if len(n.Items) > 0 || strings.TrimSpace(rest[1:]) != "" {
				return nil, false // a trailing comma, or text after the sequence
			}
			return n, true
		}
		v, tag, used, ok := scalar(rest, true)
		if !ok {
			return nil, false
		}
		n.Items = append(n.Items, &Node{Kind: Scalar, Pos: cur.at(at), Value: v, Tag: tag})
		rest, at = rest[used:], at+used
		trim = strings.TrimLeft(rest, " ")
		at += len(rest) - len(trim)
		rest = trim
		switch {
		case strings.HasPrefix(rest, ","):
			rest, at = rest[1:], at+1
			if strings.TrimLeft(rest, " ") == "" || strings.TrimLeft(rest, " ")[0] == ']' {
				return nil, false
			}
		case strings.HasPrefix(rest, "]"):
			if strings.TrimSpace(rest[1:]) != "" {
				return nil, false
			}
			return n, true
		default:
			return nil, false
		}
	}
}

// scalar reads one scalar at the start of s and returns its value, its tag
// and the bytes it used. In a flow sequence, plain scalars stop at ',' and ']'.
func scalar(s string, inFlow bool) (value, tag string, used int, ok bool) {
	switch s[0] {
	case '"':
		end := strings.IndexByte(s[1:], '"')
		if end < 0 || strings.IndexByte(s[1:1+end], '\\') >= 0 {
			return "", "", 0, false
		}
		return s[1 : 1+end], "str", end + 2, true
	case '\'':
		end := strings.IndexByte(s[1:], '\'')
		if end < 0 || strings.HasPrefix(s[2+end:], "'") {
			return "", "", 0, false
		}
		return s[1 : 1+end], "str", end + 2, true
	}
	end := len(s)
	if inFlow {
		if i := strings.IndexAny(s, ",]"); i >= 0 {
			end = i
		}
	}
	v := strings.TrimRight(s[:end], " ")
	if v == "" || strings.ContainsAny(v, "{}[]\"") || strings.Contains(v, ": ") || strings.Contains(v, " #") || strings.HasSuffix(v, ":") {
		return "", "", 0, false
	}
	if inFlow && strings.IndexByte(v, ',') >= 0 {
		return "", "", 0, false
	}
	if isDate(v) {
		if _, err := time.Parse(time.DateOnly, v); err != nil {
			return "", "", 0, false
		}
		return v, "timestamp", len(v), true
	}
	if r, _ := utf8.DecodeRuneInString(v); !isLetter(r) || inFlow && strings.Contains(v, ":") {
		return "", "", 0, false
	}
	switch v {
	case "true", "True", "TRUE", "false", "False", "FALSE":
		return v, "bool", len(v), true
	case "null", "Null", "NULL":
		return "", "", 0, false
	}
	return v, "str", len(v), true
}

// plainKey reports whether k is a key the fast path reads: up to 64 ASCII
// letters, digits, '_' and '-', starting with a letter (libyaml refuses
// keys over 1024 characters).
func plainKey(k string) bool {
	if len(k) > 64 {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && (c >= '0' && c <= '9' || c == '_' || c == '-')) {
			return false
		}
	}
	return k != "" && k != "true" && k != "false" && k != "null"
}

func isDate(v string) bool {
	if len(v) != 10 || v[4] != '-' || v[7] != '-' {
		return false
	}
	for i := 0; i < 10; i++ {
		if i != 4 && i != 7 && (v[i] < '0' || v[i] > '9') {
			return false
		}
	}
	return true
}

func isLetter(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= 0x80 && unicode.IsLetter(r)
}

// plainText reports whether data holds only characters that YAML reads as
// ordinary text: no control characters, no BOM, none of the line breaks of
// YAML 1.1 (NEL, U+2028, U+2029) and no non-characters.
func plainText(data []byte) bool {
	for i := 0; i < len(data); {
		c := data[i]
		if c < utf8.RuneSelf {
			if c < ' ' && c != '\n' || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError || r < 0xA0 || r == 0x2028 || r == 0x2029 || r == 0xFEFF || r >= 0xD800 && r < 0xE000 || r == 0xFFFE || r == 0xFFFF {
			return false
		}
		i += size
	}
	return true
}
