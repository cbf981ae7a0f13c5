package tmplexec

import (
	"fmt"
	"reflect"
	"text/template/parse"
)

// Walk results: how a list ended.
type ctl int

const (
	ctlNone ctl = iota
	ctlBreak
	ctlContinue
)

// A walker executes a node.
type walker func(s *state, dot reflect.Value) ctl

// compiler compiles the trees of one entry template and the templates it
// calls.
type compiler struct {
	set   *Set
	tmpls map[string]*tmpl
}

// compileEntry compiles the template called name and what it calls.
func (c *compiler) compileEntry(name string) (t *tmpl, why string) {
	defer func() {
		if r := recover(); r != nil {
			// a construct left to html/template, or a panic the compiler
			// should not have had: either way html/template runs it
			t, why = nil, fmt.Sprint(r)
		}
	}()
	return c.template(name), ""
}

// template returns the compiled template called name, compiling it first
// if needed; recursive calls get the same *tmpl, filled in at the end.
func (c *compiler) template(name string) *tmpl {
	if t, ok := c.tmpls[name]; ok {
		return t
	}
	ht := c.set.html.Lookup(name)
	if ht == nil || ht.Tree == nil || ht.Tree.Root == nil {
		unsupported("template %q is not in the set", name)
	}
	t := &tmpl{name: name}
	c.tmpls[name] = t
	t.root = c.list(ht.Tree.Root)
	return t
}

// list compiles a list of nodes.
func (c *compiler) list(l *parse.ListNode) walker {
	if l == nil {
		return func(*state, reflect.Value) ctl { return ctlNone }
	}
	var ws []walker
	for _, n := range l.Nodes {
		if w := c.node(n); w != nil {
			ws = append(ws, w)
		}
	}
	switch len(ws) {
	case 0:
		return func(*state, reflect.Value) ctl { return ctlNone }
	case 1:
		return ws[0]
	}
	return func(s *state, dot reflect.Value) ctl {
		for _, w := range ws {
			if r := w(s, dot); r != ctlNone {
				return r
			}
		}
		return ctlNone
	}
}

// node compiles one node; nil for nodes that do nothing.
func (c *compiler) node(n parse.Node) walker {
	switch n := n.(type) {
	case *parse.TextNode:
		text := n.Text
		return func(s *state, _ reflect.Value) ctl {
			s.w.Write(text)
			return ctlNone
		}
	case *parse.CommentNode:
		return nil
	case *parse.ActionNode:
		return c.action(n)
	case *parse.IfNode:
		return c.ifOrWith(n.Pipe, n.List, n.ElseList, false)
	case *parse.WithNode:
		return c.ifOrWith(n.Pipe, n.List, n.ElseList, true)
	case *parse.RangeNode:
		return c.rangeNode(n)
	case *parse.TemplateNode:
		return c.templateNode(n)
	case *parse.BreakNode:
		return func(*state, reflect.Value) ctl { return ctlBreak }
	case *parse.ContinueNode:
		return func(*state, reflect.Value) ctl { return ctlContinue }
	}
	unsupported("node %s", n)
	return nil
}

// action compiles {{pipeline}}: printed unless it declares variables.
func (c *compiler) action(n *parse.ActionNode) walker {
	if len(n.Pipe.Decl) == 0 {
		if w := c.escapedPrint(n.Pipe); w != nil {
			return w
		}
	}
	pipe := c.pipeline(n.Pipe)
	if len(n.Pipe.Decl) > 0 {
		return func(s *state, dot reflect.Value) ctl {
			pipe(s, dot)
			return ctlNone
		}
	}
	return func(s *state, dot reflect.Value) ctl {
		printValue(s, pipe(s, dot))
		return ctlNone
	}
}

// ifOrWith compiles {{if}} and {{with}}.
func (c *compiler) ifOrWith(p *parse.PipeNode, list, elseList *parse.ListNode, with bool) walker {
	pipe := c.pipeline(p)
	body := c.list(list)
	var els walker
	if elseList != nil {
		els = c.list(elseList)
	}
	return func(s *state, dot reflect.Value) ctl {
		mark := len(s.vars)
		val := pipe(s, dot)
		truth, ok := isTrue(indirectInterface(val))
		if !ok {
			fallback()
		}
		r := ctlNone
		switch {
		case truth && with:
			r = body(s, val)
		case truth:
			r = body(s, dot)
		case els != nil:
			r = els(s, dot)
		}
		s.vars = s.vars[:mark]
		return r
	}
}

// rangeNode compiles {{range}} over slices, arrays and integers; other
// values are left to html/template when met.
func (c *compiler) rangeNode(n *parse.RangeNode) walker {
	pipe := c.pipeline(n.Pipe)
	body := c.list(n.List)
	var els walker
	if n.ElseList != nil {
		els = c.list(n.ElseList)
	}
	decls := len(n.Pipe.Decl)
	assign := n.Pipe.IsAssign
	var names []string
	for _, d := range n.Pipe.Decl {
		names = append(names, d.Ident[0])
	}
	return func(s *state, dot reflect.Value) ctl {
		outer := len(s.vars)
		val, _ := indirect(pipe(s, dot))
		mark := len(s.vars)
		set := func(index, elem reflect.Value) {
			switch {
			case decls == 0:
			case assign && decls == 1:
				s.vars[s.lookup(names[0])].value = elem
			case assign:
				s.vars[s.lookup(names[0])].value = index
				s.vars[s.lookup(names[1])].value = elem
			case decls == 1:
				s.vars[mark-1].value = elem
			default:
				s.vars[mark-1].value = elem
				s.vars[mark-2].value = index
			}
		}
		ran := false
		switch val.Kind() {
		case reflect.Array, reflect.Slice:
			for i := 0; i < val.Len(); i++ {
				ran = true
				var index reflect.Value
				if decls > 1 {
					index = reflect.ValueOf(i)
				}
				elem := val.Index(i)
				set(index, elem)
				r := body(s, elem)
				s.vars = s.vars[:mark]
				if r == ctlBreak {
					break
				}
			}
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			if decls > 1 {
				fallback()
			}
			for elem := range val.Seq() {
				ran = true
				set(reflect.Value{}, elem)
				r := body(s, elem)
				s.vars = s.vars[:mark]
				if r == ctlBreak {
					break
				}
			}
		case reflect.Invalid:
		default:
			fallback() // maps (sorted keys), channels, iterators
		}
		if !ran && els != nil {
			els(s, dot)
		}
		s.vars = s.vars[:outer]
		return ctlNone
	}
}

// templateNode compiles {{template "name" pipeline}}.
func (c *compiler) templateNode(n *parse.TemplateNode) walker {
	var pipe func(*state, reflect.Value) reflect.Value
	if n.Pipe != nil {
		pipe = c.pipeline(n.Pipe)
	}
	t := c.template(n.Name)
	return func(s *state, dot reflect.Value) ctl {
		var d reflect.Value
		if pipe != nil {
			d = pipe(s, dot)
		}
		if s.depth >= maxDepth {
			fallback()
		}
		base := s.base
		s.depth++
		s.base = len(s.vars)
		s.push("$", d)
		t.root(s, d)
		s.vars = s.vars[:s.base]
		s.base = base
		s.depth--
		return ctlNone
	}
}

// printValue prints a value the way text/template does, when that needs
// no fmt: a string without methods.
func printValue(s *state, v reflect.Value) {
	if v.Kind() == reflect.String && v.Type().NumMethod() == 0 {
		s.w.WriteString(v.String())
		return
	}
	fallback()
}
