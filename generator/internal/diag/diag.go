// Package diag holds located diagnostics: the errors and warnings that a
// build finds in content and templates, kept as values so that the terminal,
// `sitrep check` and the browser overlay of `sitrep serve` show the same text.
//
// A diagnostic prints as
//
//	content/briefs/a.md:4:3: unknown actor "Jane Do" (did you mean "Jane Doe"?)
//	content/briefs/a.md:2:1: warning: unknown key "actor" (did you mean "actors"?)
//
// Paths are slash paths relative to the site folder; lines and columns are
// 1-based, columns count characters, and 0 means unknown.
package diag

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Severity tells errors, which fail a build, from warnings, which do not.
type Severity int

const (
	Error Severity = iota
	Warning
)

// Pos is a position in a file: 1-based line and column, 0 when unknown.
type Pos struct {
	Line, Col int
}

// A Diagnostic is one located problem.
type Diagnostic struct {
	File     string
	Pos      Pos
	Severity Severity
	Msg      string
}

// String prints the diagnostic on one line. A file name holding a
// character a terminal could act on is quoted, and such characters in the
// message are escaped (see Escape).
func (d Diagnostic) String() string {
	var b strings.Builder
	b.WriteString(QuotePath(d.File))
	if d.Pos.Line > 0 {
		fmt.Fprintf(&b, ":%d", d.Pos.Line)
		if d.Pos.Col > 0 {
			fmt.Fprintf(&b, ":%d", d.Pos.Col)
		}
	}
	b.WriteString(": ")
	if d.Severity == Warning {
		b.WriteString("warning: ")
	}
	b.WriteString(Escape(d.Msg))
	return b.String()
}

// List is the diagnostics of a pass. The zero value is empty and ready to use.
type List []Diagnostic

// Errorf adds an error at file:pos.
func (l *List) Errorf(file string, pos Pos, format string, args ...any) {
	*l = append(*l, Diagnostic{File: file, Pos: pos, Severity: Error, Msg: fmt.Sprintf(format, args...)})
}

// Warnf adds a warning at file:pos.
func (l *List) Warnf(file string, pos Pos, format string, args ...any) {
	*l = append(*l, Diagnostic{File: file, Pos: pos, Severity: Warning, Msg: fmt.Sprintf(format, args...)})
}

// Add appends other lists.
func (l *List) Add(others ...List) {
	for _, o := range others {
		*l = append(*l, o...)
	}
}

// Sort orders the list by file, line, column and message, and drops exact
// duplicates, so that output is deterministic.
func (l List) Sort() List {
	slices.SortStableFunc(l, func(a, b Diagnostic) int {
		return cmp.Or(
			cmp.Compare(a.File, b.File),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Col, b.Pos.Col),
			cmp.Compare(a.Severity, b.Severity),
			cmp.Compare(a.Msg, b.Msg),
		)
	})
	return slices.Compact(l)
}

// Count returns the number of errors and of warnings.
func (l List) Count() (errs, warns int) {
	for _, d := range l {
		if d.Severity == Error {
			errs++
		} else {
			warns++
		}
	}
	return errs, warns
}

// Summary is the count line printed after the diagnostics:
// "2 errors, 1 warning".
func (l List) Summary() string {
	errs, warns := l.Count()
	return fmt.Sprintf("%d error%s, %d warning%s", errs, Plural(errs), warns, Plural(warns))
}

// Plural returns the ending of a regular English noun counted n times: ""
// for one, "s" for any other number, as in
// fmt.Sprintf("%d error%s", n, Plural(n)). Every summary line uses it.
func Plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// HasErrors reports whether any diagnostic is an error.
func (l List) HasErrors() bool {
	errs, _ := l.Count()
	return errs > 0
}

// Err returns the list as an error when it holds errors, and nil otherwise.
func (l List) Err() error {
	if !l.HasErrors() {
		return nil
	}
	return &Errors{List: l}
}

// Errors is the error a failed pass returns; it carries every diagnostic,
// warnings included.
type Errors struct {
	List List
}

func (e *Errors) Error() string {
	var b strings.Builder
	for i, d := range e.List {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(d.String())
	}
	return b.String()
}

// PosAt returns the position of byte offset off in src, counting lines from
// firstLine (the line src starts on in its file).
func PosAt(src []byte, off, firstLine int) Pos {
	off = min(max(off, 0), len(src))
	line, start := firstLine, 0
	for i := 0; i < off; i++ {
		if src[i] == '\n' {
			line++
			start = i + 1
		}
	}
	return Pos{Line: line, Col: len([]rune(string(src[start:off]))) + 1}
}

// Suggest returns the candidate closest to s by edit distance, ignoring
// case, when it is close enough to be a plausible typo; otherwise "".
func Suggest(s string, candidates []string) string {
	best, bestD := "", 0
	ls := strings.ToLower(s)
	for _, c := range candidates {
		lc := strings.ToLower(c)
		d := distance(ls, lc)
		if one := singular(lc); one != lc {
			d = min(d, distance(ls, one)+1) // "contry" is close to "countries" through "country"
		}
		if best == "" || d < bestD || (d == bestD && c < best) {
			best, bestD = c, d
		}
	}
	limit := max(1, min(len([]rune(s))/3, 4))
	if best == "" || bestD > limit {
		return ""
	}
	return best
}

// singular strips an English plural ending: "countries" → "country".
func singular(s string) string {
	if t, ok := strings.CutSuffix(s, "ies"); ok {
		return t + "y"
	}
	return strings.TrimSuffix(s, "s")
}

// distance is the edit distance between a and b in runes, counting the
// swap of two neighbours as one edit ("titel" → "title").
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	rows := [3][]int{make([]int, len(rb)+1), make([]int, len(rb)+1), make([]int, len(rb)+1)}
	for j := range rows[1] {
		rows[1][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		prev2, prev, cur := rows[0], rows[1], rows[2]
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		rows[0], rows[1], rows[2] = prev, cur, prev2
	}
	return rows[1][len(rb)]
}
