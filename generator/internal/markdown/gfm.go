package markdown

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// gfm is goldmark's GFM extension (autolinks, tables, strikethrough, task
// lists) with autolinks that keep GFM's rule on what may come before them:
// the start of a line, white space, or one of * _ ~ (. goldmark's autolink
// parser is also tried right after any inline node, where it takes the
// place for a line's start, so "see [[Iraq]]www.example.org" or
// "<b>x</b>www.example.org" would link "www.example.org".
type gfm struct{}

func (gfm) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(
		util.Prioritized(linkifyParser{extension.NewLinkifyParser()}, 999), // as extension.Linkify
	))
	extension.Table.Extend(m)
	extension.Strikethrough.Extend(m)
	extension.TaskList.Extend(m)
}

// linkifyParser is goldmark's autolink parser, tried only where GFM allows
// an autolink to start.
type linkifyParser struct{ parser.InlineParser }

func (p linkifyParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if len(line) > 0 && !autolinkMayFollow(line[0]) && !lineHead(parent, block) &&
		seg.Start > 0 && !autolinkMayFollow(block.Source()[seg.Start-1]) {
		return nil
	}
	return p.InlineParser.Parse(parent, block, pc)
}

// autolinkMayFollow reports whether an autolink may start after c.
func autolinkMayFollow(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\r', '\v', '\f', '*', '_', '~', '(':
		return true
	}
	return false
}

// lineHead reports whether the reader is at the start of one of parent's
// lines (a table cell's text starts one).
func lineHead(parent ast.Node, block text.Reader) bool {
	l, pos := block.Position()
	lines := parent.Lines()
	return l >= 0 && l < lines.Len() && lines.At(l).Start == pos.Start
}
