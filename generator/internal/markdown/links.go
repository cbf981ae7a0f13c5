package markdown

import (
	"bytes"
	"strconv"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	ghtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/sitrep-dev/sitrep/generator/internal/sitefiles"
)

// # Links and images that name files of the site
//
// A link or image destination that is a path (not a URL with a scheme,
// not //host, not a bare #fragment) names a file of the site (package
// sitefiles): relative to the markdown file, or to the site folder with a
// leading /. With Env.Files set, it is rewritten to the URL the file is
// published at; a .md file gives its brief's or profile's page. A file the
// table does not know is an error at the destination. Images get the
// width and height of their file, loading="lazy" and decoding="async"
// after the first of the document, and an image alone in its paragraph
// with a title is a figure captioned with the title. An image without alt
// text is a warning.

// KindFigure is the node kind of a figure.
var KindFigure = ast.NewNodeKind("Figure")

// A Figure is an image alone in its paragraph with a title, its caption.
type Figure struct {
	ast.BaseBlock
	Caption []byte
}

func (n *Figure) Kind() ast.NodeKind { return KindFigure }
func (n *Figure) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Caption": string(n.Caption)}, nil)
}

// linkResolver rewrites the destinations of links and images.
type linkResolver struct{}

func (linkResolver) Transform(doc *ast.Document, _ text.Reader, pc parser.Context) {
	st, _ := pc.Get(envKey).(*state)
	if st == nil {
		return
	}
	var figures []*ast.Paragraph
	images := 0
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) { // the walker never fails
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := n.(type) {
		case *ast.Link:
			t.Destination = st.resolveDest(t, t.Destination, nil)
		case *ast.Image:
			dest := t.Destination
			t.Destination = st.resolveDest(t, dest, t)
			if images++; images > 1 {
				t.SetAttributeString("loading", []byte("lazy"))
				t.SetAttributeString("decoding", []byte("async"))
			}
			if !hasAltText(t, st.src) {
				st.warnf(st.destOffset(t, dest), "image without alt text: say what it shows between the brackets, ![a map of the front line](…)")
			}
			if p, ok := t.Parent().(*ast.Paragraph); ok && len(t.Title) > 0 && p.ChildCount() == 1 {
				figures = append(figures, p)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, p := range figures {
		img := p.FirstChild().(*ast.Image)
		f := &Figure{Caption: img.Title}
		img.Title = nil
		f.AppendChild(f, img)
		p.Parent().ReplaceChild(p.Parent(), p, f)
	}
}

// hasAltText reports whether an image has any text to stand for it.
func hasAltText(img *ast.Image, src []byte) bool {
	found := false
	_ = ast.Walk(img, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := n.(*ast.Text); ok && entering && len(bytes.TrimSpace(t.Segment.Value(src))) > 0 {
			found = true
			return ast.WalkStop, nil
		}
		if s, ok := n.(*ast.String); ok && entering && len(bytes.TrimSpace(s.Value)) > 0 {
			found = true
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	return found
}

// resolveDest returns what the destination dest of the link or image n
// becomes, and sets an image's size.
func (st *state) resolveDest(n ast.Node, dest []byte, img *ast.Image) []byte {
	if st.env.Files == nil {
		return dest
	}
	d, ok, err := sitefiles.Parse(st.env.File, string(dest))
	if !ok {
		return dest
	}
	what := "link"
	if img != nil {
		what = "image"
	}
	if err != nil {
		st.errorf(st.destOffset(n, dest), "%s %v", what, err)
		return dest
	}
	tg, l, err := st.env.Files.Ask(d.File)
	st.files = append(st.files, l)
	if err != nil {
		st.errorf(st.destOffset(n, dest), "%s %q: %v", what, dest, err)
		return dest
	}
	if img != nil && tg.Width > 0 && tg.Height > 0 {
		img.SetAttributeString("width", []byte(strconv.Itoa(tg.Width)))
		img.SetAttributeString("height", []byte(strconv.Itoa(tg.Height)))
	}
	return []byte(d.URL(tg))
}

// destOffset finds where the destination dest of n is written in the
// source: after the link's text, else in a definition, else at the text.
func (st *state) destOffset(n ast.Node, dest []byte) int {
	start := -1
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			start = t.Segment.Stop
			return ast.WalkContinue, nil // the last text's end
		}
		return ast.WalkContinue, nil
	})
	if start < 0 {
		for p := n.Parent(); p != nil; p = p.Parent() {
			if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
				start = p.Lines().At(0).Start
				break
			}
		}
	}
	start = max(start, 0)
	if len(dest) > 0 {
		if i := bytes.Index(st.src[start:], dest); i >= 0 {
			return start + i
		}
		if i := bytes.Index(st.src, dest); i >= 0 {
			return i
		}
	}
	return start
}

// figure renders a Figure: the image, then its caption.
func (r *nodeRenderer) figure(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		_, _ = w.WriteString("<figure>")
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString("<figcaption>")
	ghtml.DefaultWriter.Write(w, n.(*Figure).Caption)
	_, _ = w.WriteString("</figcaption></figure>\n")
	return ast.WalkContinue, nil
}
