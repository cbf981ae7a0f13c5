package markdown

import (
	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
)

// Where a footnote reference and its sidenote may stand in valid HTML.
//
// A reference in a link's text, [text[^1]](url), would put the reference's
// <a> inside the link's: outOfLink moves the reference after the link. A
// sidenote is a span with role=note that repeats the note, links and all,
// so it stands neither in a link's text (the reference was moved out of
// it) nor in a heading, where the Nu HTML checker refuses it:
// addSidenote puts it after the heading, between blocks. A note with no
// text to repeat (a note that is only a code block) gets no sidenote.

// outOfLink moves the footnote reference l after the outermost link or
// image whose text holds it.
func outOfLink(l *extast.FootnoteLink) {
	var outer ast.Node
	for p := l.Parent(); p != nil && p.Type() == ast.TypeInline; p = p.Parent() {
		switch p.Kind() {
		case ast.KindLink, ast.KindImage:
			outer = p
		}
	}
	if outer == nil {
		return
	}
	l.Parent().RemoveChild(l.Parent(), l)
	outer.Parent().InsertAfter(outer.Parent(), outer, l)
}

// addSidenote puts sn after the reference l, or after the heading that
// holds l.
func addSidenote(l *extast.FootnoteLink, sn *Sidenote) {
	at := ast.Node(l)
	for p := l.Parent(); p != nil; p = p.Parent() {
		if p.Kind() == ast.KindHeading {
			at = p
			sn.Block = true
			// after the heading and the sidenotes already put there
			for next := p.NextSibling(); next != nil && next.Kind() == KindSidenote; next = next.NextSibling() {
				at = next
			}
			break
		}
	}
	at.Parent().InsertAfter(at.Parent(), at, sn)
}

// hasText reports whether a sidenote of note would show anything: whether
// the note holds a paragraph or heading with something in it.
func hasText(note *extast.Footnote) bool {
	found := false
	_ = ast.Walk(note, func(n ast.Node, entering bool) (ast.WalkStatus, error) { // the walker never fails
		if n.Kind() == extast.KindFootnoteBacklink {
			return ast.WalkStop, nil // the backlinks end the note
		}
		if !entering {
			return ast.WalkContinue, nil
		}
		if n.Type() == ast.TypeBlock && isTextBlock(n) {
			for c := n.FirstChild(); c != nil; c = c.NextSibling() {
				if c.Kind() != extast.KindFootnoteBacklink {
					found = true
					return ast.WalkStop, nil
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return found
}

// maxRepeated bounds the bytes of notes that sidenotes repeat in one
// document: each reference repeats its note, so a long note referred to
// many times would multiply the page (40 kB of "[^a]" and a 10 kB note
// make 100 MB).
const maxRepeated = 1 << 22

// noteSize returns the bytes of source in note's blocks.
func noteSize(note *extast.Footnote) int {
	n := 0
	_ = ast.Walk(note, func(c ast.Node, entering bool) (ast.WalkStatus, error) { // the walker never fails
		if c.Kind() == extast.KindFootnoteBacklink {
			return ast.WalkStop, nil
		}
		if entering && c.Type() == ast.TypeBlock {
			for i := range c.Lines().Len() {
				seg := c.Lines().At(i)
				n += seg.Stop - seg.Start
			}
		}
		return ast.WalkContinue, nil
	})
	return n
}
