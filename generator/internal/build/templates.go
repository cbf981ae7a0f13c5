package build

import "fmt"

// Templates says what executes a site's templates.
type Templates string

const (
	// TemplatesCompiled runs them compiled by tmplexec, which leaves to
	// html/template what it does not compile: the default, as is "".
	TemplatesCompiled Templates = "compiled"
	// TemplatesHTML runs every template with html/template alone,
	// bypassing tmplexec: the same pages, more slowly.
	TemplatesHTML Templates = "html"
)

// MarshalText returns the name of t.
func (t Templates) MarshalText() ([]byte, error) { return []byte(t), nil }

// UnmarshalText sets t from its name, compiled or html; with MarshalText,
// it makes Templates a flag (flag.TextVar).
func (t *Templates) UnmarshalText(b []byte) error {
	switch v := Templates(b); v {
	case TemplatesCompiled, TemplatesHTML:
		*t = v
		return nil
	}
	return fmt.Errorf("want %s or %s", TemplatesCompiled, TemplatesHTML)
}
