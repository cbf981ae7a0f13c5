package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Sitrep's [[…]] and [@…] are read only where CommonMark leaves the
// brackets as text. refParser sees them at their first '[', before
// goldmark's link parser, and gives way (returns nil, so that the link
// parser reads the brackets) when CommonMark would read them otherwise:
//
//   - a link: [@potus](https://…), [@x][ref], [@x][] and [@x] with a
//     definition [@x]: url; [[x]](url) and [[x]][ref], whose text is "[x]";
//     [[x]] with a definition [x]: url, whose inner brackets are the link;
//   - a code span, autolink or raw HTML that starts inside the brackets
//     binds tighter than they do: [[a `b]] c` is "[[a " and a code span;
//     a name holding '`' or '<' is left to goldmark;
//   - "[[[x]]]" and "![[x]]": the brackets belong to an outer bracket or
//     an image (goldmark's link parser takes "![" before refParser sees
//     the '[' that follows);
//   - "[[x]]: /url" at the start of a paragraph, which reads as a link
//     reference definition that CommonMark turns down (a label cannot hold
//     brackets): the text is kept as it is, with a warning.
//
// The link tests below follow goldmark's own link parser (parser/link.go,
// whose helpers are not exported), so that Sitrep gives way exactly where
// goldmark makes a link.

// linked reports whether goldmark's link parser would make a link of the
// brackets whose text is label, given the reader positioned just after the
// closing ']': an inline link "(…)", a full "[ref]" or collapsed "[]"
// reference, or a shortcut reference. The reader's position is kept.
func linked(label []byte, block text.Reader, pc parser.Context) bool {
	line, pos := block.Position()
	defer block.SetPosition(line, pos)
	switch block.Peek() {
	case '(':
		if inlineLinkTail(block) {
			return true
		}
		block.SetPosition(line, pos)
	case '[':
		ref, found := referenceLabel(block)
		if found {
			if util.IsBlank(ref) { // collapsed: [label][]
				ref = label
			}
			return defined(ref, pc)
		}
		block.SetPosition(line, pos)
	}
	return defined(label, pc) // shortcut: [label]
}

// defined reports whether a link reference definition has label.
func defined(label []byte, pc parser.Context) bool {
	if len(label) > 999 { // CommonMark: at most 999 characters
		return false
	}
	_, ok := pc.Reference(util.ToLinkReference(label))
	return ok
}

// inlineLinkTail reports whether "(destination "title")" follows, as
// goldmark's linkParser.parseLink reads it.
func inlineLinkTail(block text.Reader) bool {
	block.Advance(1) // '('
	block.SkipSpaces()
	if block.Peek() == ')' {
		return true
	}
	if !linkDestination(block) {
		return false
	}
	block.SkipSpaces()
	if block.Peek() == ')' {
		return true
	}
	if !linkTitle(block) {
		return false
	}
	block.SkipSpaces()
	return block.Peek() == ')'
}

// linkDestination is goldmark's parseLinkDestination.
func linkDestination(block text.Reader) bool {
	block.SkipSpaces()
	line, _ := block.PeekLine()
	if block.Peek() == '<' {
		for i := 1; i < len(line); i++ {
			if c := line[i]; c == '\\' && i < len(line)-1 && util.IsPunct(line[i+1]) {
				i++
			} else if c == '>' {
				block.Advance(i + 1)
				return true
			}
		}
		return false
	}
	opened, i := 0, 0
	for ; i < len(line); i++ {
		c := line[i]
		if c == '\\' && i < len(line)-1 && util.IsPunct(line[i+1]) {
			i++
			continue
		} else if c == '(' {
			opened++
		} else if c == ')' {
			opened--
			if opened < 0 {
				break
			}
		} else if util.IsSpace(c) {
			break
		}
	}
	block.Advance(i)
	return i != 0
}

// closureOptions are goldmark's linkFindClosureOptions.
var closureOptions = text.FindClosureOptions{Nesting: false, Newline: true, Advance: true}

// linkTitle is goldmark's parseLinkTitle.
func linkTitle(block text.Reader) bool {
	block.SkipSpaces()
	opener := block.Peek()
	if opener != '"' && opener != '\'' && opener != '(' {
		return false
	}
	closer := opener
	if opener == '(' {
		closer = ')'
	}
	block.Advance(1)
	_, found := block.FindClosure(opener, closer, closureOptions)
	return found
}

// referenceLabel reads "[label]" as goldmark's parseReferenceLink does.
func referenceLabel(block text.Reader) ([]byte, bool) {
	block.Advance(1) // '['
	segs, found := block.FindClosure('[', ']', closureOptions)
	if !found {
		return nil, false
	}
	var label []byte
	for i := range segs.Len() {
		label = append(label, block.Value(segs.At(i))...)
	}
	return label, true
}

// escapedAt reports whether src[i] is escaped by a backslash.
func escapedAt(src []byte, i int) bool {
	n := 0
	for i > 0 && src[i-1] == '\\' {
		n++
		i--
	}
	return n%2 == 1
}

// afterBracket reports whether the '[' at src[at] follows an unescaped '['.
func afterBracket(src []byte, at int) bool {
	return at > 0 && src[at-1] == '[' && !escapedAt(src, at-1)
}

// definitionLike reports whether rest, what follows "[[x]]" at the start
// of a paragraph, reads as the rest of a link reference definition on one
// line: ':', a destination, maybe a title, and nothing else.
func definitionLike(rest []byte) bool {
	if len(rest) == 0 || rest[0] != ':' {
		return false
	}
	rest = bytes.TrimLeft(rest[1:], " \t")
	if len(rest) == 0 || rest[0] == '\n' || rest[0] == '\r' {
		return false
	}
	// the destination
	if rest[0] == '<' {
		end := bytes.IndexByte(rest, '>')
		if end < 0 {
			return false
		}
		rest = rest[end+1:]
	} else {
		end := bytes.IndexAny(rest, " \t\r\n")
		if end < 0 {
			end = len(rest)
		}
		rest = rest[end:]
	}
	rest = bytes.TrimLeft(rest, " \t")
	// maybe a title, closed on the same line
	if len(rest) > 0 && (rest[0] == '"' || rest[0] == '\'' || rest[0] == '(') {
		closer := rest[0]
		if closer == '(' {
			closer = ')'
		}
		end := bytes.IndexByte(rest[1:], closer)
		if end < 0 {
			return false
		}
		rest = bytes.TrimLeft(rest[end+2:], " \t")
	}
	return len(rest) == 0 || rest[0] == '\n' || rest[0] == '\r'
}

// paragraphStart reports whether the segment starts parent, a paragraph.
func paragraphStart(parent ast.Node, seg text.Segment) bool {
	if parent.Kind() != ast.KindParagraph || parent.Lines().Len() == 0 {
		return false
	}
	return parent.Lines().At(0).Start == seg.Start
}
