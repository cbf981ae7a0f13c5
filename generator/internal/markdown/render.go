package markdown

import (
	"strconv"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// nodeRenderer writes Sitrep's nodes, and raw HTML escaped unless unsafe.
type nodeRenderer struct {
	m *Markdown
	// inSidenote is set while a sidenote repeats its note: a footnote
	// reference there must not repeat the id its twin in the list has
	inSidenote bool
	// footnoteLink is goldmark's own renderer of footnote references
	footnoteLink renderer.NodeRendererFunc
}

func (r *nodeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindEntityRef, r.entityRef)
	reg.Register(KindCitation, r.citation)
	reg.Register(KindSidenote, r.sidenote)
	reg.Register(KindFigure, r.figure)
	extension.NewFootnoteHTMLRenderer().RegisterFuncs(funcTaker(func(k ast.NodeKind, f renderer.NodeRendererFunc) {
		if k == extast.KindFootnoteLink {
			r.footnoteLink = f
		}
	}))
	reg.Register(extast.KindFootnoteLink, r.footnoteRef)
	if !r.m.unsafe {
		reg.Register(ast.KindRawHTML, r.rawHTML)
		reg.Register(ast.KindHTMLBlock, r.htmlBlock)
	}
}

// funcTaker is a registerer that hands each registration to a function.
type funcTaker func(ast.NodeKind, renderer.NodeRendererFunc)

func (f funcTaker) Register(k ast.NodeKind, fn renderer.NodeRendererFunc) { f(k, fn) }

// footnoteRef renders a footnote reference as goldmark does, except inside a
// sidenote, where it is a bare number: no id, which the same reference in the
// footnote list carries, and no link to a list hidden on wide screens.
func (r *nodeRenderer) footnoteRef(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !r.inSidenote {
		return r.footnoteLink(w, src, n, entering)
	}
	if entering {
		_, _ = w.WriteString(`<sup class="sidenote-ref">`)
		_, _ = w.WriteString(strconv.Itoa(n.(*extast.FootnoteLink).Index))
		_, _ = w.WriteString(`</sup>`)
	}
	return ast.WalkSkipChildren, nil
}

func writeEscaped(w util.BufWriter, s string) { _, _ = w.Write(util.EscapeHTML([]byte(s))) }

// writes to a util.BufWriter go to memory; their errors surface at Flush,
// which the goldmark renderer checks, so the _ = below lose nothing.

func (r *nodeRenderer) entityRef(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	ref := n.(*EntityRef)
	if inLink(n) {
		writeEscaped(w, ref.Shown) // in a link's text, where another link may not stand
		return ast.WalkSkipChildren, nil
	}
	if ref.URL == "" {
		_, _ = w.WriteString(`<span class="entity unresolved">`)
		writeEscaped(w, ref.Shown)
		_, _ = w.WriteString(`</span>`)
		return ast.WalkSkipChildren, nil
	}
	_, _ = w.WriteString(`<a class="entity" href="`)
	_, _ = w.Write(util.EscapeHTML(util.URLEscape([]byte(ref.URL), false)))
	_, _ = w.WriteString(`"`)
	if ref.Canonical != ref.Shown {
		_, _ = w.WriteString(` title="`)
		writeEscaped(w, ref.Canonical)
		_, _ = w.WriteString(`"`)
	}
	_, _ = w.WriteString(`>`)
	writeEscaped(w, ref.Shown)
	_, _ = w.WriteString(`</a>`)
	return ast.WalkSkipChildren, nil
}

func (r *nodeRenderer) citation(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	c := n.(*Citation)
	linked := !inLink(n) // in a link's text, the names stand without links
	_, _ = w.WriteString(`<span class="cite">[`)
	for i, s := range c.Sources {
		if i > 0 {
			_, _ = w.WriteString(`; `)
		}
		if linked {
			_, _ = w.WriteString(`<a href="#`)
			writeEscaped(w, SourceAnchor(s.ID))
			_, _ = w.WriteString(`">`)
		}
		writeEscaped(w, s.Name)
		if linked {
			_, _ = w.WriteString(`</a>`)
		}
	}
	if len(c.Sources) == 0 {
		for i, id := range c.IDs {
			if i > 0 {
				_, _ = w.WriteString(`; `)
			}
			writeEscaped(w, "@"+id)
		}
	}
	_, _ = w.WriteString(`]</span>`)
	return ast.WalkSkipChildren, nil
}

// inLink reports whether n is inside the text of a link: HTML forbids a
// link inside another.
func inLink(n ast.Node) bool {
	for p := n.Parent(); p != nil; p = p.Parent() {
		switch p.Kind() {
		case ast.KindLink, ast.KindAutoLink:
			return true
		}
	}
	return false
}

// sidenote repeats the footnote's inline content in a span; block content
// (lists, quotes) is flattened to its paragraphs.
func (r *nodeRenderer) sidenote(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	sn := n.(*Sidenote)
	_, _ = w.WriteString(`<span class="sidenote" role="note"><span class="sidenote-number">`)
	_, _ = w.WriteString(strconv.Itoa(sn.Index))
	_, _ = w.WriteString(`</span> `)
	first := true
	r.inSidenote = true
	defer func() { r.inSidenote = false }()
	err := ast.Walk(sn.Note, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if c.Kind() == extast.KindFootnoteBacklink {
			return ast.WalkStop, nil // see below
		}
		if !entering || c.Type() != ast.TypeBlock || !isTextBlock(c) {
			return ast.WalkContinue, nil
		}
		if !first {
			_, _ = w.WriteString(` <span class="sidenote-break"></span>`)
		}
		first = false
		for in := c.FirstChild(); in != nil; in = in.NextSibling() {
			// goldmark ends a note with its backlinks, one for each
			// reference: a note referred to n times has n, which every
			// one of its n sidenotes would otherwise go through
			if in.Kind() == extast.KindFootnoteBacklink {
				break
			}
			if err := r.m.md.Renderer().Render(w, src, in); err != nil {
				return ast.WalkStop, err
			}
		}
		return ast.WalkSkipChildren, nil
	})
	_, _ = w.WriteString(`</span>`)
	if sn.Block {
		_ = w.WriteByte('\n')
	}
	return ast.WalkSkipChildren, err
}

func isTextBlock(n ast.Node) bool {
	switch n.Kind() {
	case ast.KindParagraph, ast.KindTextBlock, ast.KindHeading:
		return true
	}
	return false
}

func (r *nodeRenderer) rawHTML(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	segs := n.(*ast.RawHTML).Segments
	for i := 0; i < segs.Len(); i++ {
		s := segs.At(i)
		_, _ = w.Write(util.EscapeHTML(s.Value(src)))
	}
	return ast.WalkSkipChildren, nil
}

func (r *nodeRenderer) htmlBlock(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	b := n.(*ast.HTMLBlock)
	_, _ = w.WriteString(`<p class="raw-html">`)
	lines := b.Lines()
	for i := 0; i < lines.Len(); i++ {
		s := lines.At(i)
		_, _ = w.Write(util.EscapeHTML(s.Value(src)))
	}
	if b.HasClosure() {
		_, _ = w.Write(util.EscapeHTML(b.ClosureLine.Value(src)))
	}
	_, _ = w.WriteString("</p>\n")
	return ast.WalkSkipChildren, nil
}
