package markdown

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// autolinkCheck tells Convert whether a document parsed without GFM's
// autolinks would have parsed differently with them.
//
// goldmark's autolink parser is tried after every space (and every line
// start, '*', '_', '~' and '('), which stops goldmark's inline loop at every
// word: without it, parsing a brief takes about a quarter less time. The
// parser turns down a place unless the text there (after that one character)
// starts with "http:", "https:", "ftp:" or "www.", or is an e-mail address:
// a run of address characters, of which the first is a letter or digit, then
// "@". Until the first place it takes, a parse with it and one without build
// the same tree but for how a line's text is cut into Text nodes, which
// renders the same, except before a line break: the split text keeps white
// space there that the unsplit one trims (see spaceBeforeBreak, which sends
// such documents to the parse with autolinks). At the first place it takes,
// the parse without it goes on with the same characters, and since the first
// of "http", "ftp", "www" and of an address is a letter or digit, which
// starts no inline syntax, they land in a Text node. So if no Text node of
// the parse without autolinks starts one of those at one of its characters,
// the parse with them would have been the same. The check reads only what
// the Text nodes cover, so a URL in a link's destination, [text](https://…),
// does not count; it errs only towards parsing again. FuzzAutolinks holds
// Convert with the check to Convert without it.
//
// The check runs before every other AST transformer.
type autolinkCheck struct{}

func (autolinkCheck) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(autolinkCheck{}, -1)))
}

func (autolinkCheck) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	if spaceBeforeBreak(src) {
		pc.Get(envKey).(*state).autolinks = true
		return
	}
	// the source is searched once; the Text nodes are then compared with
	// the few places found (in a brief, the URLs of its links)
	if spans := linkStarts(src); len(spans) > 0 && covers(doc, spans) {
		pc.Get(envKey).(*state).autolinks = true
	}
}

// A span is where the first byte of an autolink could be: [lo, hi).
type span struct{ lo, hi int }

// linkStarts returns where an autolink could start in src: at each
// "http:", "https:", "ftp:" and "www.", and up to 64 bytes before each "@"
// that follows an address character. It looks for the rarer bytes ':', '.'
// and '@' and then at what comes before them.
func linkStarts(src []byte) []span {
	var spans []span
	each(src, ':', func(i int) {
		for _, scheme := range [...]string{"http", "https", "ftp"} {
			if bytes.HasSuffix(src[:i], []byte(scheme)) {
				spans = append(spans, span{i - len(scheme), i - len(scheme) + 1})
			}
		}
	})
	each(src, '.', func(i int) {
		if bytes.HasSuffix(src[:i], []byte("www")) {
			spans = append(spans, span{i - 3, i - 2})
		}
	})
	each(src, '@', func(i int) {
		if i > 0 && emailChar[src[i-1]] {
			spans = append(spans, span{max(0, i-64), i})
		}
	})
	return spans
}

// each calls f with the index of every c in src.
func each(src []byte, c byte, f func(int)) {
	for i := 0; ; i++ {
		j := bytes.IndexByte(src[i:], c)
		if j < 0 {
			return
		}
		i += j
		f(i)
	}
}

// covers reports whether a Text node under n covers a byte of one of spans.
func covers(n ast.Node, spans []span) bool {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if t, ok := c.(*ast.Text); ok {
			for _, s := range spans {
				if t.Segment.Start < s.hi && s.lo < t.Segment.Stop {
					return true
				}
			}
		} else if covers(c, spans) {
			return true
		}
	}
	return false
}

// spaceBeforeBreak reports whether a line of src ends with two or more
// white space characters. The text of a line is split at every space when
// autolinks are on, and then only the last piece has its trailing white
// space trimmed: "a    \n" gives "a <br>" with them, "a<br>" without.
func spaceBeforeBreak(src []byte) bool {
	for i := 0; ; {
		j := bytes.IndexByte(src[i:], '\n')
		end := i + j
		if j < 0 {
			end = len(src)
		}
		if end >= 2 && blank(src[end-1]) && blank(src[end-2]) {
			return true
		}
		if j < 0 {
			return false
		}
		i += j + 1
	}
}

// blank reports whether c is white space other than a newline.
func blank(c byte) bool { return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r' }

// emailChar holds the bytes goldmark accepts before the "@" of an address
// (util.FindEmailIndex).
var emailChar = func() (t [256]bool) {
	for _, c := range []byte("!#$%&'*+-./=?^_`{|}~") {
		t[c] = true
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = true, true
	}
	return t
}()
