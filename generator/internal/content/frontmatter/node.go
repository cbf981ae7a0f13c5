package frontmatter

import "github.com/sitrep-dev/sitrep/generator/internal/diag"

// A Kind is the shape of a front-matter value.
type Kind int

// The shapes of a value. A key without a value (YAML "summary:"), YAML's
// null and ~, and JSON's null are Null; TOML has no null.
const (
	Scalar  Kind = iota // text, a number, a boolean or a date
	Mapping             // keys and values
	List                // items
	Null                // nothing
)

// String describes the shape for messages: "a single value", "a mapping",
// "a list" or "nothing".
func (k Kind) String() string {
	return [...]string{"a single value", "a mapping", "a list", "nothing"}[k]
}

// A Node is one front-matter value with its position in the file, whatever
// syntax it was written in.
type Node struct {
	Kind  Kind
	Pos   diag.Pos // of the value's first character
	Value string   // scalars: the text, dates as 2006-01-02 or RFC 3339
	Tag   string   // scalars: "str", "int", "float", "bool" or "timestamp"
	Keys  []Entry  // mappings, in file order
	Items []*Node  // lists
}

// An Entry is one key of a mapping and its value.
type Entry struct {
	Key    string
	KeyPos diag.Pos // of the key's first character
	Val    *Node
}
