package frontmatter

import (
	"strings"
	"unicode/utf8"
)

// openQuote finds the first quote that opens a value ("key: " or "- "
// then ' or ") and is not closed on its line: the likely cause when YAML
// ends inside a string. It gives the quote's line and column, 1-based.
func openQuote(lines []string) (line, col int, ok bool) {
	for i, l := range lines {
		rest, off := l, 0
		for {
			trimmed := strings.TrimLeft(rest, " ")
			off += len(rest) - len(trimmed)
			rest = trimmed
			if after, found := strings.CutPrefix(rest, "- "); found {
				off += 2
				rest = after
				continue
			}
			break
		}
		if k := strings.Index(rest, ": "); k >= 0 && !strings.HasPrefix(rest, `"`) && !strings.HasPrefix(rest, "'") {
			v := strings.TrimLeft(rest[k+2:], " ")
			off += len(rest) - len(v)
			rest = v
		}
		if rest == "" || rest[0] != '"' && rest[0] != '\'' {
			continue
		}
		if !closes(rest) {
			return i + 1, utf8.RuneCountInString(l[:off]) + 1, true
		}
	}
	return 0, 0, false
}

// closes reports whether the quoted scalar that s starts with ends on s.
func closes(s string) bool {
	q := s[0]
	for j := 1; j < len(s); j++ {
		switch {
		case q == '"' && s[j] == '\\':
			j++ // an escape
		case s[j] == q && q == '\'' && j+1 < len(s) && s[j+1] == '\'':
			j++ // '' inside single quotes
		case s[j] == q:
			return true
		}
	}
	return false
}

// yamlHint explains the YAML mistakes editors make most, and finds their
// column on the line yaml.v3 names (it reports no column).
func yamlHint(msg, line string) (string, int) {
	col := func(off int) int { return utf8.RuneCountInString(line[:off]) + 1 }
	value := -1 // offset of the value after the first "key: "
	if i := strings.Index(line, ": "); i >= 0 {
		value = i + 2
		for value < len(line) && line[value] == ' ' {
			value++
		}
	}
	switch msg {
	case "found unexpected end of stream":
		return msg + " (is a quote or a bracket left open?)", 1
	case "mapping values are not allowed in this context":
		if value >= 0 {
			if j := strings.Index(line[value:], ": "); j >= 0 {
				return msg + ` (a value holding ": " must be quoted, e.g. title: "Iraq: the vote")`, col(value + j)
			}
		}
		if indent := len(line) - len(strings.TrimLeft(line, " ")); indent > 0 {
			return msg + " (is this line indented by mistake?)", col(indent)
		}
	case "did not find expected ',' or ']'", "did not find expected ',' or '}'":
		open := "["
		if strings.HasSuffix(msg, "'}'") {
			open = "{"
		}
		if i := strings.LastIndex(line, open); i >= 0 {
			return msg + " (is a bracket left open?)", col(i)
		}
	case "found character that cannot start any token", "found a tab character that violates indentation":
		if t := strings.IndexByte(line, '\t'); t >= 0 && strings.TrimLeft(line[:t], " ") == "" {
			return msg + " (indent with spaces, not tabs)", col(t)
		}
		if value >= 0 && value < len(line) && (line[value] == '@' || line[value] == '`') {
			return msg + " (a value starting with " + line[value:value+1] + " must be quoted)", col(value)
		}
	}
	return msg, 1
}
