package frontmatter

import (
	"fmt"
	"strings"

	"github.com/sitrep-dev/sitrep/generator/internal/diag"
)

// CompareYAML parses doc with the fast path and with yaml.v3 and returns
// both trees printed; ok is false when the fast path gave up, err is
// yaml.v3's error.
func CompareYAML(doc string) (fast, slow string, ok bool, err error) {
	f, ok := fastYAML([]byte(doc), 3)
	if !ok || !withinLimits(f, []byte(doc)) {
		return "", "", false, nil
	}
	var diags diag.List
	s := slowYAML("x.md", []byte(doc), 3, &diags)
	return dump(f), dump(s), true, diags.Err()
}

func dump(n *Node) string {
	if n == nil {
		return "nil"
	}
	switch n.Kind {
	case Mapping:
		var b strings.Builder
		fmt.Fprintf(&b, "map@%v{", n.Pos)
		for _, e := range n.Keys {
			fmt.Fprintf(&b, "%s@%v: %s, ", e.Key, e.KeyPos, dump(e.Val))
		}
		return b.String() + "}"
	case List:
		var b strings.Builder
		fmt.Fprintf(&b, "list@%v[", n.Pos)
		for _, it := range n.Items {
			b.WriteString(dump(it) + ", ")
		}
		return b.String() + "]"
	}
	return fmt.Sprintf("%v@%v(%q %s)", n.Kind, n.Pos, n.Value, n.Tag)
}
