package markdown

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/sitrep-dev/sitrep/generator/internal/content"
	"github.com/sitrep-dev/sitrep/generator/internal/diag"
)

// KindEntityRef, KindCitation and KindSidenote are the node kinds of
// Sitrep's inline syntax.
var (
	KindEntityRef = ast.NewNodeKind("EntityRef")
	KindCitation  = ast.NewNodeKind("Citation")
	KindSidenote  = ast.NewNodeKind("Sidenote")
)

// An EntityRef is [[Name]] or [[shown text|Name]].
type EntityRef struct {
	ast.BaseInline
	Shown     string // what the reader sees
	Name      string // the entity name or alias it points at
	Offset    int    // byte offset of "[[" in the source
	URL       string // set by the resolver; empty when unknown
	Canonical string
}

func (n *EntityRef) Kind() ast.NodeKind { return KindEntityRef }
func (n *EntityRef) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Shown": n.Shown, "Name": n.Name, "URL": n.URL}, nil)
}

// A Citation is [@id] or [@id1; @id2].
type Citation struct {
	ast.BaseInline
	IDs       []string
	Offset    int      // byte offset of "[" in the source
	IDOffsets []int    // byte offset of each id's "@" from Offset, in the order of IDs
	Sources   []Source // resolved, in the order of IDs; unknown ids are left out
}

func (n *Citation) Kind() ast.NodeKind { return KindCitation }
func (n *Citation) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"IDs": strings.Join(n.IDs, ";")}, nil)
}

// A Sidenote follows each footnote reference and repeats the note's text
// inline, for the margin.
type Sidenote struct {
	ast.BaseInline
	Index int
	Note  *extast.Footnote
	Block bool // stands between blocks, after a heading
}

func (n *Sidenote) Kind() ast.NodeKind { return KindSidenote }
func (n *Sidenote) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Index": fmt.Sprint(n.Index)}, nil)
}

// refParser recognises [[…]] and [@…] where a '[' starts.
type refParser struct{}

func (refParser) Trigger() []byte { return []byte{'['} }

func (refParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if len(line) < 3 {
		return nil
	}
	switch line[1] {
	case '[':
		n, size := parseEntityRef(line)
		if n == nil || !entityText(line[:size], parent, block, seg, pc) {
			return nil
		}
		n.Offset = seg.Start
		n.AppendChild(n, altText(n.Shown))
		block.Advance(size)
		return n
	case '@':
		n, size := parseCitation(line)
		if n == nil || linkedAfter(line[1:size-1], size, block, pc) {
			return nil
		}
		n.Offset = seg.Start
		block.Advance(size)
		return n
	}
	return nil
}

// entityText reports whether CommonMark leaves ref, "[[x]]" at the start
// of the reader's line, as text, so that it may be an entity link (see
// commonmark.go).
func entityText(ref []byte, parent ast.Node, block text.Reader, seg text.Segment, pc parser.Context) bool {
	inner := ref[2 : len(ref)-2]
	if bytes.ContainsAny(inner, "`<") || afterBracket(block.Source(), seg.Start) {
		return false
	}
	if defined(inner, pc) || linkedAfter(ref[1:len(ref)-1], len(ref), block, pc) {
		return false
	}
	if rest, _ := block.PeekLine(); paragraphStart(parent, seg) && definitionLike(rest[len(ref):]) {
		if st, _ := pc.Get(envKey).(*state); st != nil {
			st.warnf(seg.Start, "%s is not a link reference definition (a label cannot hold brackets): shown as text", ref)
		}
		return false
	}
	return true
}

// linkedAfter reports whether goldmark would make a link of the size
// bytes at the start of the reader's line, whose text is label.
func linkedAfter(label []byte, size int, block text.Reader, pc parser.Context) bool {
	line, pos := block.Position()
	defer block.SetPosition(line, pos)
	block.Advance(size)
	return linked(label, block, pc)
}

// altText is the child of an entity link that gives its shown text to an
// image's alt text, which goldmark renders from the text nodes under the
// image; Sitrep's renderer skips it.
func altText(shown string) ast.Node {
	s := ast.NewString(util.EscapeHTML([]byte(shown)))
	s.SetCode(true) // written as it is: escaped above
	return s
}

// parseEntityRef reads "[[text|name]]" at the start of line and returns the
// node and the bytes it spans, or nil. A backslash escapes ASCII
// punctuation as in CommonMark, except that an escaped bracket is refused
// like a bare one ([[x\]] is text), and an escaped '|' splits shown text
// from name like a bare one: in a GFM table cell, "\|" is how a '|' is
// written.
func parseEntityRef(line []byte) (*EntityRef, int) {
	var inner []byte // what is between the brackets, unescaped
	escapes := false
	end := -1
	for i := 2; i < len(line) && end < 0; i++ {
		switch c := line[i]; {
		case c == '\\' && i+1 < len(line) && util.IsPunct(line[i+1]):
			if line[i+1] == '[' || line[i+1] == ']' {
				return nil, 0
			}
			if !escapes {
				inner = append([]byte(nil), line[2:i]...)
				escapes = true
			}
			inner = append(inner, line[i+1])
			i++
		case c == '[' || c == '\n' || c == '\r':
			return nil, 0
		case c == ']':
			if i+1 >= len(line) || line[i+1] != ']' {
				return nil, 0
			}
			end = i
		default:
			if escapes {
				inner = append(inner, c)
			}
		}
	}
	if end < 0 {
		return nil, 0
	}
	if !escapes {
		inner = line[2:end]
	}
	n := &EntityRef{}
	if i := bytes.IndexByte(inner, '|'); i >= 0 {
		n.Shown, n.Name = collapse(inner[:i]), collapse(inner[i+1:])
	} else {
		n.Name = collapse(inner)
		n.Shown = n.Name
	}
	if n.Name == "" || strings.Contains(n.Name, "|") {
		return nil, 0
	}
	if n.Shown == "" {
		n.Shown = n.Name
	}
	return n, end + 2
}

// parseCitation reads "[@a; @b]" at the start of line.
func parseCitation(line []byte) (*Citation, int) {
	end := bytes.IndexByte(line, ']')
	if end < 0 {
		return nil, 0
	}
	n := &Citation{}
	inner := string(line[1:end])
	for start := 0; start <= len(inner); {
		stop := strings.IndexAny(inner[start:], ";,")
		if stop < 0 {
			stop = len(inner) - start
		}
		part := inner[start : start+stop]
		if trimmed := strings.TrimSpace(part); trimmed != "" {
			id, ok := strings.CutPrefix(trimmed, "@")
			if !ok || id == "" || !validID(id) {
				return nil, 0
			}
			n.IDs = append(n.IDs, id)
			n.IDOffsets = append(n.IDOffsets, 1+start+strings.IndexByte(part, '@'))
		}
		start += stop + 1
	}
	if len(n.IDs) == 0 {
		return nil, 0
	}
	return n, end + 1
}

func validID(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_.:", r)) {
			return false
		}
	}
	return true
}

// collapse is content.Collapse of b: a name in [[…]] is matched as a name
// in front matter is.
func collapse(b []byte) string { return content.Collapse(string(b)) }

// resolver resolves entity links and citations against the Env, and adds a
// sidenote after every footnote reference.
type resolver struct{}

func (resolver) Transform(doc *ast.Document, _ text.Reader, pc parser.Context) {
	st, _ := pc.Get(envKey).(*state)
	if st == nil {
		return // converted outside Convert: nothing to resolve against
	}
	notes := map[int]*extast.Footnote{}
	var links []*extast.FootnoteLink
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) { // the walker never fails
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := n.(type) {
		case *EntityRef:
			st.resolveEntity(t)
		case *Citation:
			st.resolveCitation(t)
		case *extast.Footnote:
			notes[t.Index] = t
		case *extast.FootnoteLink:
			links = append(links, t)
		}
		return ast.WalkContinue, nil
	})
	type noteInfo struct {
		text bool // a sidenote would show something
		size int
	}
	info := map[*extast.Footnote]*noteInfo{}
	repeated := 0
	for _, l := range links {
		outOfLink(l)
		// a reference inside a note gets no sidenote: the sidenote repeats
		// its note, so a note citing itself (or two citing each other)
		// would repeat without end
		note := notes[l.Index]
		if inFootnote(l) || note == nil || l.Parent() == nil || repeated > maxRepeated {
			continue
		}
		in := info[note]
		if in == nil {
			in = &noteInfo{text: hasText(note), size: noteSize(note)}
			info[note] = in
		}
		if !in.text {
			continue
		}
		if repeated += in.size; repeated > maxRepeated {
			st.errorf(l.Pos(), "footnotes repeated in the margin as sidenotes come to more than %d MiB here: refer to long notes fewer times", maxRepeated>>20)
			continue
		}
		addSidenote(l, &Sidenote{Index: l.Index, Note: note})
	}
}

func inFootnote(n ast.Node) bool {
	for p := n.Parent(); p != nil; p = p.Parent() {
		if _, ok := p.(*extast.Footnote); ok {
			return true
		}
	}
	return false
}

func (st *state) resolveEntity(r *EntityRef) {
	if st.env.Entities == nil {
		return
	}
	url, canonical, ok := st.env.Entities.Resolve(r.Name)
	if ok {
		r.URL, r.Canonical = url, canonical
		return
	}
	if s := st.env.Entities.Suggest(r.Name); s != "" {
		st.errorf(r.Offset, "unknown name %q in [[…]] (did you mean %q?)", r.Name, s)
	} else {
		st.errorf(r.Offset, "unknown name %q in [[…]]: name it in a brief's actors, countries or topics, or give it a profile", r.Name)
	}
}

func (st *state) resolveCitation(c *Citation) {
	if !st.env.Brief {
		st.errorf(c.Offset, "citation [@%s] outside a brief: only briefs have sources", c.IDs[0])
		return
	}
	for i, id := range c.IDs {
		at := c.Offset + c.IDOffsets[i]
		found := false
		for _, s := range st.env.Sources {
			if s.ID == id {
				c.Sources = append(c.Sources, s)
				found = true
				break
			}
		}
		if !found {
			known := make([]string, len(st.env.Sources))
			for i, s := range st.env.Sources {
				known[i] = s.ID
			}
			if len(known) == 0 {
				st.errorf(at, "citation [@%s]: this brief has no sources", id)
			} else {
				hint := ""
				if near := diag.Suggest(id, known); near != "" {
					hint = fmt.Sprintf(": did you mean [@%s]?", near)
				}
				st.errorf(at, "citation [@%s]: no source with that id (this brief's sources: %s)%s", id, strings.Join(known, ", "), hint)
			}
		}
	}
}
