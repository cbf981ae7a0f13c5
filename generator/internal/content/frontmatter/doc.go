// Package frontmatter finds the front matter at the start of a content file
// and parses it, in any of its syntaxes, into one tree of values that carry
// their positions in the file. It knows nothing of briefs or profiles:
// package content decodes the tree into its model and says which keys a
// kind has.
//
// # Syntaxes
//
// [Split] reads the front matter a file starts with (blank lines before it
// are allowed):
//
//	---            YAML, closed by ---   (also opened by ---yaml)
//	+++            TOML, closed by +++   (also ---toml, closed by ---)
//	;;;            JSON, closed by ;;;   (also ---json, closed by ---)
//	{              a bare JSON object, whose last line is }
//
// The body is what follows the closing line. Files are split by
// github.com/adrg/frontmatter (a hand-written split of the common "---"
// case gained nothing measurable and was removed). YAML is read by yaml.v3, or first by a fast path for the plain
// shape nearly all front matter has (yamlfast.go; FuzzFastYAML holds it to
// yaml.v3's tree); TOML by BurntSushi/toml; JSON by encoding/json.
// [ParseYAML] reads a whole YAML document, such as site.yaml.
//
// # The tree
//
// A [Node] is a [Scalar], a [Mapping] (its [Entry] values, in file order),
// a [List] or [Null]. Scalars keep their value as text (dates as
// 2006-01-02 or RFC 3339) and a tag: "str", "int", "float", "bool" or
// "timestamp". Every node and every key has a diag.Pos: the 1-based line
// of the file, not of the front matter, and the column in characters.
//
// # Errors
//
// Problems are added to a diag.List with their position, and the tree is
// then nil: front matter that is never closed, or missing, and syntax
// errors, each with a hint where editors' usual mistakes are recognised (an
// unquoted ": " in a value, a tab used to indent, a quote or bracket left
// open, which is pointed at rather than the end of the text). A key given
// twice in YAML or JSON is kept twice in the tree, for the decoder to
// report; TOML refuses it as a syntax error.
package frontmatter
