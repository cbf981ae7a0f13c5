package markdown

import (
	"fmt"

	"github.com/yuin/goldmark/util"
)

// Limits on what one body may hold.
//
// goldmark's parser takes time that grows faster than its input for some
// shapes of markdown: "[a](" 50,000 times takes seconds to minutes, a list
// nested 3,000 deep by indentation more than a minute, "*a_ " 10,000 times
// a second. checkLimits reads a body once, before goldmark does, and
// refuses one that goes past a limit with an error at the place where it
// does. The limits are far beyond what prose needs; each is an estimate,
// from the text, of work that goldmark does:
//
//   - nesting: how deep lists and block quotes nest, from each line's
//     leading '>' and list markers and its indentation (a nested list
//     item is indented at least two columns more than its parent);
//   - link work: what goldmark's link parser reads again at each ']' that
//     closes a '[': the text back to the '[', the rest of the paragraph's
//     lines (text.blockReader.Value), and after "](" the destination and
//     title it tries;
//   - emphasis: the openers times the closers of '*', '_' and '~' in one
//     paragraph, which goldmark's delimiter processing pairs up;
//   - size, for everything else.
const (
	maxBodyBytes = 16 << 20
	maxNesting   = 100
	maxLinkWork  = 1 << 24 // and 4 bytes for each byte of the body
	maxEmphasis  = 1 << 24
)

// linkWorkMsg is the error for a body past its link work.
func linkWorkMsg(limit int) string {
	return fmt.Sprintf("too many brackets, or links that do not close: trying them would read more than %d MiB (from this '[' on): split the paragraph, or escape them with '\\'", limit>>20)
}

// A limitError is a body that goes past a limit: where, and what.
type limitError struct {
	off int
	msg string
}

// checkLimits returns the first place where src goes past a limit, or nil.
func checkLimits(src []byte) *limitError {
	if len(src) > maxBodyBytes {
		return &limitError{0, fmt.Sprintf("the markdown is %.1f MiB: at most %d MiB", float64(len(src))/(1<<20), maxBodyBytes>>20)}
	}
	var s limitScan
	s.src = src
	s.maxWork = maxLinkWork + 4*len(src) // links read their text again, once or twice
	for start := 0; start < len(src); {
		end := start
		for end < len(src) && src[end] != '\n' {
			end++
		}
		if e := s.line(start, end); e != nil {
			return e
		}
		start = end + 1
	}
	return s.endParagraph()
}

// limitScan is checkLimits's state.
type limitScan struct {
	src     []byte
	work    int // link work so far, in the whole body
	maxWork int // and its limit

	// the current paragraph: the lines since the last blank one
	first     int   // offset of its first line
	lines     int   // lines so far
	closers   int   // ']' that close a '[', so far
	closerAt  int   // the sum of their line numbers in the paragraph
	openers   []int // offsets of the '[' not closed yet
	emOpen    int   // '*', '_' and '~' runs that may open emphasis
	emClose   int   // and that may close it
	firstOpen int   // offset of the first '[' closed, for the error
}

func (s *limitScan) line(start, end int) *limitError {
	line := s.src[start:end]
	if util.IsBlank(line) {
		if e := s.endParagraph(); e != nil {
			return e
		}
		s.first = end + 1
		return nil
	}
	if s.lines == 0 {
		s.first = start
	}
	if depth, at := nesting(line); depth > maxNesting {
		return &limitError{start + at, fmt.Sprintf("lists and block quotes nest about %d deep here: at most %d", depth, maxNesting)}
	}
	for i := 0; i < len(line); i++ {
		switch c := line[i]; c {
		case '\\':
			if i+1 < len(line) && util.IsPunct(line[i+1]) {
				i++
			}
		case '[':
			s.openers = append(s.openers, start+i)
		case ']':
			if len(s.openers) == 0 {
				continue // goldmark's link parser returns at once
			}
			open := s.openers[len(s.openers)-1]
			s.openers = s.openers[:len(s.openers)-1]
			s.work += start + i - open
			if s.closers == 0 {
				s.firstOpen = open
			}
			s.closers++
			s.closerAt += s.lines
			if i+1 < len(line) && line[i+1] == '(' {
				s.work += s.linkTail(start+i+2, end)
			}
			if s.work > s.maxWork {
				return &limitError{open, linkWorkMsg(s.maxWork)}
			}
		case '*', '_', '~':
			j := i
			for j < len(line) && line[j] == c {
				j++
			}
			open, closing := flanking(line, i, j)
			if open {
				s.emOpen++
			}
			if closing {
				s.emClose++
			}
			i = j - 1
		}
	}
	s.lines++
	return nil
}

// endParagraph checks the paragraph that a blank line or the end closes.
func (s *limitScan) endParagraph() *limitError {
	// each ']' that closed a '[' had the rest of the paragraph's lines read
	s.work += s.closers*s.lines - s.closerAt
	var e *limitError
	switch {
	case s.work > s.maxWork:
		e = &limitError{s.firstOpen, linkWorkMsg(s.maxWork)}
	case s.emOpen*s.emClose > maxEmphasis:
		e = &limitError{s.first, fmt.Sprintf("too many '*', '_' or '~' in one paragraph (%d may open emphasis and %d close it, at most %d pairs): split it with blank lines, or escape them with '\\'", s.emOpen, s.emClose, maxEmphasis)}
	}
	s.lines, s.closers, s.closerAt, s.emOpen, s.emClose = 0, 0, 0, 0, 0
	s.openers = s.openers[:0]
	return e
}

// linkTail returns how many bytes goldmark reads for the destination and
// title of an inline link that starts at src[at], "(" just before it, in
// a line that ends at end (parser/link.go parseLink).
func (s *limitScan) linkTail(at, end int) int {
	src := s.src
	i := at
	for i < end && (src[i] == ' ' || src[i] == '\t') {
		i++
	}
	if i < end && src[i] == '<' {
		for i++; i < end && src[i] != '>'; i++ {
			if src[i] == '\\' {
				i++
			}
		}
		return i - at
	}
	opened := 0
dest:
	for ; i < end; i++ {
		switch c := src[i]; {
		case c == '\\':
			i++
		case c == '(':
			opened++
		case c == ')':
			if opened--; opened < 0 {
				break dest
			}
		case util.IsSpace(c):
			break dest
		}
	}
	for i < end && (src[i] == ' ' || src[i] == '\t') {
		i++
	}
	if i >= end {
		return i - at
	}
	// a title is looked for up to its closer, or its opener, on any line
	opener, closer := src[i], src[i]
	switch opener {
	case '(':
		closer = ')'
	case '"', '\'':
	default:
		return i - at
	}
	for i++; i < len(src) && src[i] != closer && src[i] != opener; i++ {
		if src[i] == '\\' {
			i++
		}
	}
	return i - at
}

// nesting returns about how deep the containers that line opens or
// continues nest, counting its leading '>' and list markers and half the
// columns of white space beyond the one space a marker needs, and where the
// marker that goes past maxNesting is.
func nesting(line []byte) (depth, at int) {
	spaces, markers := 0, 0
	quoteOrOrdered := false // a '>' or "1." seen
	last := 0               // where the last marker is
	estimate := func() int { return markers + max(0, spaces-markers)/2 }
	i := 0
	for i < len(line) {
		switch c := line[i]; {
		case c == ' ':
			spaces++
			i++
			continue
		case c == '\t':
			spaces += 4 - spaces%4
			i++
			continue
		case c == '>':
			quoteOrOrdered = true
			i++
		case c == '-' || c == '*' || c == '+':
			if i+1 < len(line) && line[i+1] != ' ' && line[i+1] != '\t' {
				return deeper(estimate(), at, last)
			}
			i++
		case c >= '0' && c <= '9':
			j := i
			for j < len(line) && j-i < 9 && line[j] >= '0' && line[j] <= '9' {
				j++
			}
			if j >= len(line) || (line[j] != '.' && line[j] != ')') || (j+1 < len(line) && line[j+1] != ' ' && line[j+1] != '\t') {
				return deeper(estimate(), at, last)
			}
			quoteOrOrdered = true
			i = j + 1
		default:
			return deeper(estimate(), at, last)
		}
		markers++
		last = i - 1
		if estimate() > maxNesting && at == 0 {
			at = i - 1
		}
	}
	if !quoteOrOrdered {
		return 0, 0 // only bullets: a thematic break or empty items, cheap
	}
	return deeper(estimate(), at, last)
}

// deeper returns the estimate, and where the last marker is when the
// estimate goes past maxNesting only with the white space after it.
func deeper(depth, at, last int) (int, int) {
	if depth > maxNesting && at == 0 {
		at = last
	}
	return depth, at
}

// flanking reports whether the run line[i:j] of '*', '_' or '~' may open
// and may close emphasis (CommonMark's left- and right-flanking, with
// bytes outside ASCII taken for letters).
func flanking(line []byte, i, j int) (open, closing bool) {
	before, after := byte(' '), byte(' ')
	if i > 0 {
		before = line[i-1]
	}
	if j < len(line) {
		after = line[j]
	}
	space := func(c byte) bool { return c == ' ' || c == '\t' || c == '\r' }
	punct := func(c byte) bool { return c < 0x80 && util.IsPunct(c) }
	left := !space(after) && (!punct(after) || space(before) || punct(before))
	right := !space(before) && (!punct(before) || space(after) || punct(after))
	if line[i] == '_' {
		return left && (!right || punct(before)), right && (!left || punct(after))
	}
	return left, right
}
