package tmplexec

import (
	"reflect"
	"strings"
	"text/template/parse"
)

// An expr evaluates a pipeline or an argument.
type expr func(s *state, dot reflect.Value) reflect.Value

// A cmdFn evaluates one command of a pipeline; final is the value of the
// command before it, if has.
type cmdFn func(s *state, dot, final reflect.Value, has bool) reflect.Value

// An argFn evaluates an argument for a parameter of type typ (nil: any
// value, as the receiver of a chain).
type argFn func(s *state, dot reflect.Value, typ reflect.Type) reflect.Value

var (
	reflectValueType = reflect.TypeFor[reflect.Value]()
	anyType          = reflect.TypeFor[any]()
	errorType        = reflect.TypeFor[error]()
)

// pipeline compiles a pipeline, with its variable declarations.
func (c *compiler) pipeline(p *parse.PipeNode) expr {
	if p == nil {
		return func(*state, reflect.Value) reflect.Value { return reflect.Value{} }
	}
	cmds := make([]cmdFn, len(p.Cmds))
	for i, cmd := range p.Cmds {
		cmds[i] = c.command(cmd)
	}
	var names []string
	for _, d := range p.Decl {
		names = append(names, d.Ident[0])
	}
	assign := p.IsAssign
	return func(s *state, dot reflect.Value) reflect.Value {
		var v reflect.Value
		for i, cmd := range cmds {
			v = cmd(s, dot, v, i > 0)
			if v.Kind() == reflect.Interface && v.Type().NumMethod() == 0 {
				v = v.Elem()
			}
		}
		for _, name := range names {
			if assign {
				s.vars[s.lookup(name)].value = v
			} else {
				s.push(name, v)
			}
		}
		return v
	}
}

// escapedPrint compiles an action whose pipeline ends in escapers that
// run natively: the value is converted once and the last escaper writes
// into the output. nil if the pipeline is not of that shape.
func (c *compiler) escapedPrint(p *parse.PipeNode) walker {
	n := len(p.Cmds)
	first := n
	for first > 0 {
		cmd := p.Cmds[first-1]
		id, ok := cmd.Args[0].(*parse.IdentifierNode)
		if !ok || len(cmd.Args) != 1 || escapers[id.Ident] == nil {
			break
		}
		first--
	}
	if first == n || first == 0 {
		return nil
	}
	prefix := c.pipeline(&parse.PipeNode{Cmds: p.Cmds[:first]})
	var chain []escaper
	for _, cmd := range p.Cmds[first:] {
		chain = append(chain, escapers[cmd.Args[0].(*parse.IdentifierNode).Ident])
	}
	last := chain[len(chain)-1]
	chain = chain[:len(chain)-1]
	return func(s *state, dot reflect.Value) ctl {
		str, ct := stringify(s, prefix(s, dot))
		for _, e := range chain {
			str, ct = e(nil, str, ct), contentPlain
		}
		last(s.w, str, ct)
		return ctlNone
	}
}

// command compiles one command of a pipeline.
func (c *compiler) command(cmd *parse.CommandNode) cmdFn {
	switch n := cmd.Args[0].(type) {
	case *parse.FieldNode:
		chain := c.fieldChain(n.Ident, cmd.Args[1:])
		return func(s *state, dot, final reflect.Value, has bool) reflect.Value {
			return chain(s, dot, dot, final, has)
		}
	case *parse.ChainNode:
		recv := c.receiver(n.Node)
		chain := c.fieldChain(n.Field, cmd.Args[1:])
		return func(s *state, dot, final reflect.Value, has bool) reflect.Value {
			return chain(s, dot, recv(s, dot), final, has)
		}
	case *parse.IdentifierNode:
		return c.function(n.Ident, cmd.Args[1:])
	case *parse.VariableNode:
		name := n.Ident[0]
		if len(n.Ident) == 1 {
			c.noArgs(cmd)
			return func(s *state, _, _ reflect.Value, has bool) reflect.Value {
				if has {
					fallback()
				}
				return s.vars[s.lookup(name)].value
			}
		}
		chain := c.fieldChain(n.Ident[1:], cmd.Args[1:])
		return func(s *state, dot, final reflect.Value, has bool) reflect.Value {
			return chain(s, dot, s.vars[s.lookup(name)].value, final, has)
		}
	case *parse.PipeNode:
		c.noArgs(cmd)
		pipe := c.pipeline(n)
		return func(s *state, dot, _ reflect.Value, has bool) reflect.Value {
			if has {
				fallback()
			}
			return pipe(s, dot)
		}
	case *parse.DotNode:
		c.noArgs(cmd)
		return func(_ *state, dot, _ reflect.Value, has bool) reflect.Value {
			if has {
				fallback()
			}
			return dot
		}
	}
	c.noArgs(cmd)
	v := constant(cmd.Args[0])
	return func(_ *state, _, _ reflect.Value, has bool) reflect.Value {
		if has {
			fallback()
		}
		return v
	}
}

// noArgs rejects a command that gives arguments to a non-function.
func (c *compiler) noArgs(cmd *parse.CommandNode) {
	if len(cmd.Args) > 1 {
		unsupported("arguments to non-function %s", cmd.Args[0])
	}
}

// constant is the value of a literal where the type is not known.
func constant(n parse.Node) reflect.Value {
	switch n := n.(type) {
	case *parse.BoolNode:
		return reflect.ValueOf(n.True)
	case *parse.StringNode:
		return reflect.ValueOf(n.Text)
	case *parse.NumberNode:
		switch {
		case n.IsComplex:
			return reflect.ValueOf(n.Complex128)
		case n.IsFloat && !isHexInt(n.Text) && !isRuneInt(n.Text) && strings.ContainsAny(n.Text, ".eEpP"):
			return reflect.ValueOf(n.Float64)
		case n.IsInt && int64(int(n.Int64)) == n.Int64:
			return reflect.ValueOf(int(n.Int64))
		}
	}
	unsupported("constant %s", n)
	return reflect.Value{}
}

func isRuneInt(s string) bool { return len(s) > 0 && s[0] == '\'' }

func isHexInt(s string) bool {
	return len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && !strings.ContainsAny(s, "pP")
}

// receiver compiles the operand of a chain, (pipeline).Field.
func (c *compiler) receiver(n parse.Node) expr {
	switch n.(type) {
	case *parse.PipeNode, *parse.FieldNode, *parse.VariableNode, *parse.IdentifierNode, *parse.ChainNode:
		return c.value(n)
	}
	unsupported("chain on %s", n)
	return nil
}

// value compiles an argument evaluated without a type to convert to: the
// arguments of the builtins, which take reflect.Values, and the receiver
// of a chain. It is the node run as a command of its own, nil aside.
func (c *compiler) value(n parse.Node) expr {
	if _, ok := n.(*parse.NilNode); ok {
		return func(*state, reflect.Value) reflect.Value { return reflect.Value{} }
	}
	cmd := c.command(&parse.CommandNode{Args: []parse.Node{n}})
	return func(s *state, dot reflect.Value) reflect.Value { return cmd(s, dot, reflect.Value{}, false) }
}

// arg compiles an argument of a function or method, converted to the type
// of its parameter as text/template does.
func (c *compiler) arg(n parse.Node) argFn {
	switch n := n.(type) {
	case *parse.NilNode:
		return func(_ *state, _ reflect.Value, typ reflect.Type) reflect.Value {
			if !canBeNil(typ) {
				fallback()
			}
			return reflect.Zero(typ)
		}
	case *parse.DotNode, *parse.FieldNode, *parse.VariableNode, *parse.PipeNode, *parse.IdentifierNode, *parse.ChainNode:
		v := c.value(n)
		return func(s *state, dot reflect.Value, typ reflect.Type) reflect.Value {
			return validateType(v(s, dot), typ)
		}
	case *parse.BoolNode, *parse.StringNode, *parse.NumberNode:
	default:
		unsupported("argument %s", n)
	}
	ideal := constant(n) // as an empty interface or reflect.Value gets it
	return func(_ *state, _ reflect.Value, typ reflect.Type) reflect.Value {
		switch {
		case typ == nil:
			fallback()
		case typ.Kind() == reflect.Interface && typ.NumMethod() == 0:
			return ideal
		case typ == reflectValueType:
			return reflect.ValueOf(ideal)
		}
		v := reflect.New(typ).Elem()
		switch n := n.(type) {
		case *parse.BoolNode:
			if typ.Kind() != reflect.Bool {
				fallback()
			}
			v.SetBool(n.True)
		case *parse.StringNode:
			if typ.Kind() != reflect.String {
				fallback()
			}
			v.SetString(n.Text)
		case *parse.NumberNode:
			switch typ.Kind() {
			case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
				if !n.IsInt {
					fallback()
				}
				v.SetInt(n.Int64)
			case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
				if !n.IsUint {
					fallback()
				}
				v.SetUint(n.Uint64)
			case reflect.Float32, reflect.Float64:
				if !n.IsFloat {
					fallback()
				}
				v.SetFloat(n.Float64)
			default:
				fallback()
			}
		}
		return v
	}
}

// canBeNil reports whether an untyped nil can be assigned to typ.
func canBeNil(typ reflect.Type) bool {
	switch typ.Kind() {
	case reflect.Chan, reflect.Func, reflect.Interface, reflect.Map, reflect.Pointer, reflect.Slice:
		return true
	case reflect.Struct:
		return typ == reflectValueType
	}
	return false
}

// validateType converts value for a parameter of type typ the way
// text/template does, or falls back where it would fail.
func validateType(value reflect.Value, typ reflect.Type) reflect.Value {
	if !value.IsValid() {
		if typ == nil {
			return reflect.Value{}
		}
		if canBeNil(typ) {
			return reflect.Zero(typ)
		}
		fallback()
	}
	if typ == reflectValueType && value.Type() != typ {
		return reflect.ValueOf(value)
	}
	if typ != nil && !value.Type().AssignableTo(typ) {
		if value.Kind() == reflect.Interface && !value.IsNil() {
			value = value.Elem()
			if value.Type().AssignableTo(typ) {
				return value
			}
		}
		switch {
		case value.Kind() == reflect.Pointer && value.Type().Elem().AssignableTo(typ):
			value = value.Elem()
			if !value.IsValid() {
				fallback()
			}
		case reflect.PointerTo(value.Type()).AssignableTo(typ) && value.CanAddr():
			value = value.Addr()
		default:
			fallback()
		}
	}
	return value
}

// isTrue is text/template's truth: not the zero value of its type.
func isTrue(val reflect.Value) (truth, ok bool) {
	if !val.IsValid() {
		return false, true
	}
	switch val.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return val.Len() > 0, true
	case reflect.Bool:
		return val.Bool(), true
	case reflect.Complex64, reflect.Complex128:
		return val.Complex() != 0, true
	case reflect.Chan, reflect.Func, reflect.Pointer, reflect.UnsafePointer, reflect.Interface:
		return !val.IsNil(), true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return val.Int() != 0, true
	case reflect.Float32, reflect.Float64:
		return val.Float() != 0, true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return val.Uint() != 0, true
	case reflect.Struct:
		return true, true
	}
	return false, false
}

// truth is isTrue of a value that may be an interface.
func truth(v reflect.Value) bool {
	t, _ := isTrue(indirectInterface(v))
	return t
}

// indirect follows pointers and interfaces; isNil reports a nil one.
func indirect(v reflect.Value) (rv reflect.Value, isNil bool) {
	for ; v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface; v = v.Elem() {
		if v.IsNil() {
			return v, true
		}
	}
	return v, false
}

// indirectInterface returns the value inside an interface, or v.
func indirectInterface(v reflect.Value) reflect.Value {
	if v.Kind() != reflect.Interface {
		return v
	}
	if v.IsNil() {
		return reflect.Value{}
	}
	return v.Elem()
}
