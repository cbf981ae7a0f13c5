// Package markdown converts brief and profile bodies to HTML with one
// configured goldmark instance: CommonMark, GFM (tables, strikethrough,
// autolinks, task lists), footnotes, typographic quotes and heading IDs, plus
// Sitrep's own inline syntax:
//
//	[[Lloyd Austin]]                 link to an entity page by name or alias
//	[[the secretary|Lloyd Austin]]   the same, showing other text
//	[@irna]  [@irna; @cnn]           cite the brief's sources by id
//
// Sitrep's syntax is read only where CommonMark leaves the brackets as text
// (see commonmark.go): [@potus](https://…) is a link, and so is [[x]] when
// a definition [x]: url exists. TestCommonMarkSpec runs the spec's examples.
//
// Footnotes are annotations: each reference is followed by a sidenote (a
// span that the theme floats into the margin on wide screens), and the usual
// footnote list is kept at the end for narrow screens and print.
//
// Raw HTML is shown escaped, as text, unless WithUnsafeHTML is given. It is
// the only package that imports goldmark.
package markdown

import (
	"bufio"
	"bytes"
	"html"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	ghtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/sitrep-dev/sitrep/generator/internal/diag"
	"github.com/sitrep-dev/sitrep/generator/internal/sitefiles"
	"github.com/sitrep-dev/sitrep/generator/internal/words"
)

// A Resolver maps an entity name such as "Lloyd Austin" (or an alias, in any
// case) to its page URL and canonical name.
type Resolver interface {
	Resolve(name string) (url, canonical string, ok bool)
	Suggest(name string) string
}

// A Source is what a citation can point at.
type Source struct {
	ID   string
	Name string
}

// SourceAnchor returns the fragment id of a source in a brief's source list.
func SourceAnchor(id string) string { return "source-" + id }

// Env is what one conversion needs to know about its document.
type Env struct {
	File     string // for diagnostics
	Line     int    // the line of File that the markdown starts on
	Entities Resolver
	Sources  []Source // the brief's sources
	Brief    bool     // false for profiles, which cannot cite
	// Files are the files of the site that links and images may name
	// (see links.go); nil leaves every destination as it is
	Files *sitefiles.Table
}

// Result is one converted document.
type Result struct {
	HTML    string
	Summary string // plain text of the first paragraph
	Diags   diag.List
	Files   []sitefiles.Lookup // the files its links and images named, for incremental builds
	Words   []string           // a brief's words, for the search index (package words)
}

// Markdown is a configured converter. It is not safe for concurrent use:
// give each worker its own.
type Markdown struct {
	md     goldmark.Markdown // CommonMark, GFM and the rest
	plain  goldmark.Markdown // the same but GFM's autolinks; nil to always use md
	unsafe bool
	buf    bytes.Buffer  // where documents are rendered, reused
	out    *bufio.Writer // goldmark's buffered writer over buf, reused
}

// An Option configures New.
type Option func(*Markdown)

// WithUnsafeHTML passes raw HTML in markdown through instead of escaping it.
func WithUnsafeHTML(on bool) Option { return func(m *Markdown) { m.unsafe = on } }

// New returns a converter.
func New(opts ...Option) *Markdown {
	m := &Markdown{}
	m.out = bufio.NewWriter(&m.buf)
	for _, o := range opts {
		o(m)
	}
	rendererOpts := []renderer.Option{}
	if m.unsafe {
		rendererOpts = append(rendererOpts, ghtml.WithUnsafe())
	}
	with := func(exts ...goldmark.Extender) goldmark.Markdown {
		return goldmark.New(
			goldmark.WithExtensions(append(exts, extension.Footnote, extension.Typographer, &sitrepSyntax{m: m})...),
			goldmark.WithParserOptions(parser.WithAutoHeadingID()),
			goldmark.WithRendererOptions(rendererOpts...),
		)
	}
	m.md = with(gfm{})
	// GFM is autolinks, tables, strikethrough and task lists
	m.plain = with(extension.Table, extension.Strikethrough, extension.TaskList, autolinkCheck{})
	return m
}

var envKey = parser.NewContextKey()

// state is the per-conversion state kept in the parser context.
type state struct {
	env       *Env
	src       []byte
	diags     diag.List
	autolinks bool // set by autolinkCheck
	at        posCache
	files     []sitefiles.Lookup
}

func (st *state) errorf(off int, format string, args ...any) {
	st.diags.Errorf(st.env.File, st.pos(off), format, args...)
}

func (st *state) warnf(off int, format string, args ...any) {
	st.diags.Warnf(st.env.File, st.pos(off), format, args...)
}

// Convert renders src. Problems (unknown entities, citations of missing
// sources) are returned located in env.File; the HTML is produced anyway.
func (m *Markdown) Convert(src []byte, env *Env) Result {
	if e := checkLimits(src); e != nil {
		var d diag.List
		d.Errorf(env.File, diag.PosAt(src, e.off, env.Line), "%s", e.msg)
		return Result{Diags: d}
	}
	// GFM's autolinks cost a quarter of the parse (see autolinkCheck), and
	// most documents have none: parse without them first, and again with
	// them when the first parse shows that they could matter.
	var doc ast.Node
	var st *state
	if m.plain != nil {
		doc, st = parse(m.plain, src, env)
	}
	if st == nil || st.autolinks {
		doc, st = parse(m.md, src, env)
	}
	// goldmark writes through a bufio.Writer, which it would allocate
	// for every document if not given one.
	m.buf.Reset()
	m.out.Reset(&m.buf)
	err := m.md.Renderer().Render(m.out, src, doc)
	if err == nil {
		err = m.out.Flush()
	}
	if err != nil {
		st.diags.Errorf(env.File, diag.Pos{Line: env.Line}, "cannot render markdown: %v", err)
	}
	r := Result{HTML: m.buf.String(), Summary: summary(doc, src), Diags: st.diags, Files: st.files}
	if env.Brief {
		r.Words = words.Markdown(src)
	}
	return r
}

// parse parses src with md.
func parse(md goldmark.Markdown, src []byte, env *Env) (ast.Node, *state) {
	st := &state{env: env, src: src}
	pc := parser.NewContext()
	pc.Set(envKey, st)
	return md.Parser().Parse(text.NewReader(src), parser.WithContext(pc)), st
}

// summary returns the plain text of the first top-level paragraph.
func summary(doc ast.Node, src []byte) string {
	for c := doc.FirstChild(); c != nil; c = c.NextSibling() {
		if c.Kind() == ast.KindParagraph {
			var b strings.Builder
			plainText(&b, c, src)
			return tidy(b.String())
		}
	}
	return ""
}

// tidy collapses each run of white space in s to one space, trims it, and
// drops a space before . , ; : ! or ?, which a dropped citation leaves
// before the punctuation that followed it.
func tidy(s string) string {
	var out []byte // nil until s changes
	last := 0      // s[last:i] is still to be copied to out
	for i := 0; i < len(s); {
		size := 1
		if c := s[i]; c >= utf8.RuneSelf {
			size = spaceAt(s, i)
			if size == 0 {
				_, size = utf8.DecodeRuneInString(s[i:])
				i += size
				continue
			}
		} else if !asciiSpace(c) {
			i++
			continue
		}
		k := i + size // the white space is s[i:k]
		for k < len(s) {
			n := spaceAt(s, k)
			if n == 0 {
				break
			}
			k += n
		}
		// one space between words, none at either end or before punctuation
		space := i > 0 && k < len(s) && strings.IndexByte(".,;:!?", s[k]) < 0
		if space && k == i+1 && s[i] == ' ' {
			i = k
			continue
		}
		if out == nil {
			out = make([]byte, 0, len(s))
		}
		out = append(out, s[last:i]...)
		if space {
			out = append(out, ' ')
		}
		last, i = k, k
	}
	if out == nil {
		return s
	}
	return string(append(out, s[last:]...))
}

// asciiSpace reports whether c is ASCII white space.
func asciiSpace(c byte) bool {
	return c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r' || c == ' '
}

// spaceAt returns the length of the white space character at s[i], 0 if
// there is none.
func spaceAt(s string, i int) int {
	if c := s[i]; c < utf8.RuneSelf {
		if asciiSpace(c) {
			return 1
		}
		return 0
	}
	if r, size := utf8.DecodeRuneInString(s[i:]); unicode.IsSpace(r) {
		return size
	}
	return 0
}

func plainText(b *strings.Builder, n ast.Node, src []byte) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch t := c.(type) {
		case *ast.Text:
			b.Write(t.Segment.Value(src))
			if t.SoftLineBreak() || t.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.WriteString(html.UnescapeString(string(t.Value)))
		case *EntityRef:
			b.WriteString(t.Shown)
		case *Citation, *Sidenote, *extast.FootnoteLink, *ast.RawHTML:
		default:
			plainText(b, c, src)
		}
	}
}

// sitrepSyntax is the goldmark extension for entity links, citations,
// sidenotes and escaped raw HTML.
type sitrepSyntax struct{ m *Markdown }

func (e *sitrepSyntax) Extend(md goldmark.Markdown) {
	md.Parser().AddOptions(
		parser.WithInlineParsers(util.Prioritized(refParser{}, 102)),                                           // after footnotes (101), before links (200)
		parser.WithASTTransformers(util.Prioritized(resolver{}, 1000), util.Prioritized(linkResolver{}, 1001)), // after footnote numbering (999)
	)
	md.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(&nodeRenderer{m: e.m}, 100)))
}

// Baseline returns a converter with goldmark's own extensions configured as
// New configures them (GFM, footnotes, typographer, heading IDs) and none of
// Sitrep's syntax: the "markdown only" yardstick that `make bench` compares
// full builds with. Like a Markdown, it is not safe for concurrent use.
func Baseline() func(w io.Writer, src []byte) error {
	md := goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.Typographer),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
	)
	return func(w io.Writer, src []byte) error { return md.Convert(src, w) }
}
