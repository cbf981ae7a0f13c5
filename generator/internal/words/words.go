// Package words splits text and markdown into words as search matches them
// (package search and static/search.js): runs of letters, numbers and
// marks, folded (Fold) to lower case without diacritics. It uses no
// regular expression: a build splits every body.
package words

import (
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MaxWord is the longest word the index keeps, in runes: longer runs of
// letters (hashes, base64) are not words anyone searches for.
const MaxWord = 40

// Fold is how the index and static/search.js compare words: decomposed
// (NFD), the combining diacritical marks U+0300–U+036F dropped, lower case,
// a final sigma as σ. The script does the same with
// s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().
func Fold(s string) string {
	ascii := true
	for i := 0; i < len(s) && ascii; i++ {
		ascii = s[i] < utf8.RuneSelf
	}
	if ascii {
		return strings.ToLower(s)
	}
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case r >= 0x300 && r <= 0x36f:
		case r == 'ς':
			b.WriteRune('σ')
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// isWord reports whether r is part of a word: a letter, number or mark, as
// the script's /[\p{L}\p{N}\p{M}]/u.
func isWord(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r)
}

// A tokenizer splits text into folded words; it keeps one copy of each word
// it has seen, so that the words of thousands of bodies share their bytes.
// It is not safe for concurrent use (see tokenizers).
type tokenizer struct {
	index map[string]int32 // a word as written (ASCII lowered) → its entry
	words []entry
	scans uint32 // the number of this scan
	buf   []byte
	out   []string // the words of a scan, reused
}

// An entry is a word seen: folded, and the last scan that emitted it.
type entry struct {
	folded string
	scan   uint32
}

var tokenizers = sync.Pool{New: func() any { return &tokenizer{index: map[string]int32{}} }}

// Markdown returns the words of a markdown body, folded, sorted and each once.
// Markdown syntax is not words: link destinations, URLs, HTML tags,
// citations ([@id]), footnote labels ([^1]) and entities (&amp;) are
// skipped; the shown text and the name of an entity link
// ([[shown|Name]]) are words. It uses no regular expression and is safe
// for concurrent use.
func Markdown(md []byte) []string {
	t := tokenizers.Get().(*tokenizer)
	defer tokenizers.Put(t)
	if len(t.words) > 1<<16 || t.scans == 1<<32-1 { // a pooled memo does not grow forever
		clear(t.index)
		t.words, t.scans = t.words[:0], 0
	}
	t.scans++
	t.out = t.scan(md, t.out[:0])
	slices.Sort(t.out)
	out := slices.Compact(t.out) // two spellings may fold alike (Chloé, chloe)
	if len(out) == 0 {
		return nil
	}
	return slices.Clone(out) // no room to spare: a build keeps the words of every body
}

// Text returns the folded words of plain text (a title, a summary, a
// name), sorted, each once.
func Text(s string) []string { return Markdown([]byte(s)) }

// scan appends to out each word of md not seen before in this scan.
func (t *tokenizer) scan(md []byte, out []string) []string {
	for i := 0; i < len(md); {
		c := md[i]
		if skip := syntax(md, i); skip > i {
			i = skip
			continue
		}
		if c < utf8.RuneSelf && !isWord(rune(c)) {
			i++
			continue
		}
		// a run of word characters
		start, ascii, upper, n := i, true, false, 0
		for i < len(md) {
			r, size := rune(md[i]), 1
			if r >= utf8.RuneSelf {
				r, size = utf8.DecodeRune(md[i:])
				ascii = false
			}
			if !isWord(r) {
				break
			}
			upper = upper || 'A' <= r && r <= 'Z'
			i += size
			n++
		}
		if start == i { // a non-word rune outside ASCII
			_, size := utf8.DecodeRune(md[i:])
			i += size
			continue
		}
		if n > MaxWord {
			continue
		}
		out = t.add(out, md[start:i], ascii, upper)
	}
	return out
}

// add folds one word and appends it to out the first time in this scan.
func (t *tokenizer) add(out []string, raw []byte, ascii, upper bool) []string {
	key := raw
	if ascii && upper {
		t.buf = append(t.buf[:0], raw...)
		for j, c := range t.buf {
			if 'A' <= c && c <= 'Z' {
				t.buf[j] = c + 'a' - 'A'
			}
		}
		key = t.buf
	}
	i, ok := t.index[string(key)]
	if !ok {
		w := string(key)
		if !ascii {
			w = Fold(w)
		}
		i = int32(len(t.words))
		t.words = append(t.words, entry{folded: w})
		t.index[string(key)] = i
	}
	e := &t.words[i]
	if e.scan == t.scans || e.folded == "" {
		return out
	}
	e.scan = t.scans
	return append(out, e.folded)
}

// syntax returns where the markdown syntax starting at md[i] ends, or i
// when none starts there.
func syntax(md []byte, i int) int {
	c := md[i]
	switch {
	case c == ']' && i+1 < len(md) && md[i+1] == '(': // a link destination
		return closing(md, i+2, '(', ')')
	case c == '[' && i+1 < len(md) && (md[i+1] == '@' || md[i+1] == '^'): // citation, footnote
		return closing(md, i+2, '[', ']')
	case c == '<' && i+1 < len(md) && (md[i+1] == '/' || md[i+1] == '!' || asciiLetter(md[i+1])):
		return closing(md, i+1, '<', '>')
	case c == '&':
		j := i + 1
		if j < len(md) && md[j] == '#' {
			j++
		}
		for j < len(md) && j-i < 32 && (asciiLetter(md[j]) || '0' <= md[j] && md[j] <= '9') {
			j++
		}
		if j < len(md) && md[j] == ';' && j > i+1 {
			return j + 1
		}
	case (c == 'h' || c == 'w') && (i == 0 || !isWordByte(md[i-1])):
		for _, p := range [...]string{"https://", "http://", "www."} {
			if len(md)-i >= len(p) && string(md[i:i+len(p)]) == p {
				j := i
				for j < len(md) && md[j] != ' ' && md[j] != '\n' && md[j] != '\t' && md[j] != ')' && md[j] != '>' {
					j++
				}
				return j
			}
		}
	}
	return i
}

func asciiLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func isWordByte(c byte) bool { return c >= utf8.RuneSelf || isWord(rune(c)) }

// closing returns the index after the bracket closing the one opened before
// md[j], or j when it is not closed on the same line (then the bracket was
// text, not syntax).
func closing(md []byte, j int, open, close byte) int {
	depth := 1
	for k := j; k < len(md) && k-j < 2048; k++ {
		switch md[k] {
		case open:
			depth++
		case close:
			depth--
			if depth == 0 {
				return k + 1
			}
		case '\n':
			return j
		}
	}
	return j
}
