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
// parser turns down a place unless the text there (after that one
// character) starts with "http:", "https:", "ftp:" or "www.", or is an
// e-mail address: a run of address characters, of which the first is a
// letter or digit, then "@". Until the first place it takes, a parse with
// it and one without build the same nodes: the text around each place it
// turns down is merged back into one Text node. At that place the parse
// without it goes on with the same characters, and since the first of
// "http", "ftp", "www" and of an address is a letter or digit, which starts
// no inline syntax, they land in a Text node. So if no Text node of the
// parse without autolinks starts one of those at one of its characters,
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
	found := spaceBeforeBreak(src)
	if !found {
		_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if t, ok := n.(*ast.Text); ok && entering && mayAutolink(src, t.Segment.Start, t.Segment.Stop) {
				found = true
				return ast.WalkStop, nil
			}
			return ast.WalkContinue, nil
		})
	}
	if found {
		pc.Get(envKey).(*state).autolinks = true
	}
}

// spaceBeforeBreak reports whether a line of src ends with two or more
// white space characters. The text before a line break is split at every space when
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

// mayAutolink reports whether an autolink could start at one of the bytes
// src[start:stop]: a URL ("http:", "https:", "ftp:", "www.") or an e-mail
// address, whose "@" comes at most 64 bytes after its first byte.
func mayAutolink(src []byte, start, stop int) bool {
	for _, prefix := range [...]string{"http", "ftp:", "www."} {
		if bytes.Contains(src[start:min(len(src), stop+len(prefix)-1)], []byte(prefix)) {
			return true
		}
	}
	// the "@" of an address follows an address character
	end := min(len(src), stop+64)
	for i := start + 1; i < end; i++ {
		j := bytes.IndexByte(src[i:end], '@')
		if j < 0 {
			break
		}
		i += j
		if emailChar[src[i-1]] {
			return true
		}
	}
	return false
}

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
