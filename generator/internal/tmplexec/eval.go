package tmplexec

import (
	"fmt"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
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

// fieldChain compiles .X.Y.Z, the last of which gets args (and the final
// value of the pipeline).
func (c *compiler) fieldChain(idents []string, args []parse.Node) func(s *state, dot, recv, final reflect.Value, has bool) reflect.Value {
	fields := make([]*fieldRef, len(idents))
	for i, name := range idents {
		fields[i] = &fieldRef{name: name}
	}
	argv := make([]argFn, len(args))
	for i, a := range args {
		argv[i] = c.arg(a)
	}
	last := len(fields) - 1
	return func(s *state, dot, recv, final reflect.Value, has bool) reflect.Value {
		for _, f := range fields[:last] {
			recv = f.eval(s, dot, recv, nil, reflect.Value{}, false)
		}
		return fields[last].eval(s, dot, recv, argv, final, has)
	}
}

// A fieldRef is one name of a field chain, with what it resolved to for
// the type it last met.
type fieldRef struct {
	name string
	last atomic.Pointer[resolution]
}

// A resolution says what a name means for a type: a method (index in
// the method set of the type, or of its pointer), a struct field (index
// path) or a map key.
type resolution struct {
	typ   reflect.Type
	addr  bool // the receiver was addressable
	how   int
	index []int
	key   reflect.Value
}

const (
	viaNone = iota // html/template's to report
	viaMethod
	viaPtrMethod
	viaField
	viaMap
)

type resolutionKey struct {
	typ  reflect.Type
	addr bool
	name string
}

var resolutions sync.Map // resolutionKey → *resolution

func resolve(typ reflect.Type, addr bool, name string) *resolution {
	k := resolutionKey{typ, addr, name}
	if r, ok := resolutions.Load(k); ok {
		return r.(*resolution)
	}
	r := &resolution{typ: typ, addr: addr}
	if addr {
		if m, ok := reflect.PointerTo(typ).MethodByName(name); ok {
			r.how, r.index = viaPtrMethod, []int{m.Index}
		}
	} else if m, ok := typ.MethodByName(name); ok {
		r.how, r.index = viaMethod, []int{m.Index}
	}
	if r.how == viaNone {
		switch typ.Kind() {
		case reflect.Struct:
			if f, ok := typ.FieldByName(name); ok && f.IsExported() {
				r.how, r.index = viaField, f.Index
			}
		case reflect.Map:
			if nv := reflect.ValueOf(name); nv.Type().AssignableTo(typ.Key()) {
				r.how, r.key = viaMap, nv
			}
		}
	}
	resolutions.Store(k, r)
	return r
}

// eval evaluates the name on recv.
func (f *fieldRef) eval(s *state, dot, recv reflect.Value, args []argFn, final reflect.Value, has bool) reflect.Value {
	if !recv.IsValid() {
		fallback()
	}
	recv, isNil := indirect(recv)
	if isNil {
		fallback()
	}
	typ, addr := recv.Type(), recv.CanAddr()
	r := f.last.Load()
	if r == nil || r.typ != typ || r.addr != addr {
		r = resolve(typ, addr, f.name)
		f.last.Store(r)
	}
	switch r.how {
	case viaMethod:
		return call(s, dot, recv.Method(r.index[0]), args, final, has)
	case viaPtrMethod:
		return call(s, dot, recv.Addr().Method(r.index[0]), args, final, has)
	case viaField:
		if len(args) > 0 || has {
			fallback()
		}
		v := recv
		for i, x := range r.index {
			if i > 0 && v.Kind() == reflect.Pointer {
				if v.IsNil() {
					fallback()
				}
				v = v.Elem()
			}
			v = v.Field(x)
		}
		return v
	case viaMap:
		if len(args) > 0 || has {
			fallback()
		}
		v := recv.MapIndex(r.key)
		if !v.IsValid() {
			fallback() // what a missing key gives depends on the set's options
		}
		return v
	}
	fallback()
	return reflect.Value{}
}

// call calls a function or method the way text/template does.
func call(s *state, dot, fn reflect.Value, args []argFn, final reflect.Value, has bool) reflect.Value {
	typ := fn.Type()
	numIn := len(args)
	if has {
		numIn++
	}
	numFixed := len(args)
	if typ.IsVariadic() {
		numFixed = typ.NumIn() - 1
		if numIn < numFixed {
			fallback()
		}
	} else if numIn != typ.NumIn() {
		fallback()
	}
	switch typ.NumOut() {
	case 1:
	case 2:
		if typ.Out(1) != errorType {
			fallback()
		}
	default:
		fallback()
	}
	argv := make([]reflect.Value, numIn)
	i := 0
	for ; i < numFixed && i < len(args); i++ {
		argv[i] = args[i](s, dot, typ.In(i))
	}
	if typ.IsVariadic() {
		et := typ.In(typ.NumIn() - 1).Elem()
		for ; i < len(args); i++ {
			argv[i] = args[i](s, dot, et)
		}
	}
	if has {
		t := typ.In(typ.NumIn() - 1)
		if typ.IsVariadic() {
			if numIn-1 < numFixed {
				t = typ.In(numIn - 1)
			} else {
				t = t.Elem()
			}
		}
		argv[i] = validateType(final, t)
	}
	out := fn.Call(argv)
	if len(out) == 2 && !out[1].IsNil() {
		fallback() // html/template reports the error
	}
	v := out[0]
	if v.Type() == reflectValueType {
		v = v.Interface().(reflect.Value)
	}
	return v
}

// function compiles a call of a function: the set's own, an escaper, or a
// builtin.
func (c *compiler) function(name string, args []parse.Node) cmdFn {
	// html/template's escapers take precedence over the set's functions
	// of the same name, as in html/template.
	if e := escapers[name]; e != nil {
		if len(args) > 0 {
			unsupported("%s with arguments", name)
		}
		return func(s *state, _, final reflect.Value, has bool) reflect.Value {
			if !has {
				fallback()
			}
			str, ct := stringify(s, final)
			return reflect.ValueOf(e(nil, str, ct))
		}
	}
	if fn, ok := c.set.funcs[name]; ok {
		if !fn.IsValid() || fn.Kind() != reflect.Func {
			unsupported("function %s", name)
		}
		argv := make([]argFn, len(args))
		for i, a := range args {
			argv[i] = c.arg(a)
		}
		return func(s *state, dot, final reflect.Value, has bool) reflect.Value {
			return call(s, dot, fn, argv, final, has)
		}
	}
	if b := builtins[name]; b != nil {
		vals := make([]expr, len(args))
		for i, a := range args {
			vals[i] = c.value(a)
		}
		return b(vals)
	}
	if name == "print" || name == "printf" || name == "println" {
		return c.print(name, args)
	}
	unsupported("function %s", name)
	return nil
}

// print compiles print, printf and println.
func (c *compiler) print(name string, args []parse.Node) cmdFn {
	if name == "printf" && len(args) == 0 {
		unsupported("printf without a format")
	}
	argv := make([]argFn, len(args))
	for i, a := range args {
		argv[i] = c.arg(a)
	}
	stringType := reflect.TypeFor[string]()
	return func(s *state, dot, final reflect.Value, has bool) reflect.Value {
		var format string
		rest := argv
		if name == "printf" {
			format = argv[0](s, dot, stringType).String()
			rest = argv[1:]
		}
		vals := make([]any, 0, len(rest)+1)
		for _, a := range rest {
			vals = append(vals, a(s, dot, anyType).Interface())
		}
		if has {
			vals = append(vals, validateType(final, anyType).Interface())
		}
		var out string
		switch name {
		case "print":
			out = fmt.Sprint(vals...)
		case "printf":
			out = fmt.Sprintf(format, vals...)
		default:
			out = fmt.Sprintln(vals...)
		}
		return reflect.ValueOf(out)
	}
}

// A builtin compiles a call given its arguments.
type builtin func(args []expr) cmdFn

var builtins map[string]builtin

func init() {
	builtins = map[string]builtin{
		"and": andOr(false),
		"or":  andOr(true),
		"not": func(args []expr) cmdFn {
			return func(s *state, dot, final reflect.Value, has bool) reflect.Value {
				vs := values(s, dot, args, final, has)
				if len(vs) != 1 {
					fallback()
				}
				return reflect.ValueOf(!truth(vs[0]))
			}
		},
		"len": func(args []expr) cmdFn {
			return func(s *state, dot, final reflect.Value, has bool) reflect.Value {
				vs := values(s, dot, args, final, has)
				if len(vs) != 1 {
					fallback()
				}
				item, isNil := indirect(vs[0])
				if isNil {
					fallback()
				}
				switch item.Kind() {
				case reflect.Array, reflect.Chan, reflect.Map, reflect.Slice, reflect.String:
					return reflect.ValueOf(item.Len())
				}
				fallback()
				return reflect.Value{}
			}
		},
		"eq": func(args []expr) cmdFn {
			return func(s *state, dot, final reflect.Value, has bool) reflect.Value {
				vs := values(s, dot, args, final, has)
				if len(vs) < 2 {
					fallback()
				}
				for _, v := range vs[1:] {
					if compare(vs[0], v) == 0 {
						return reflect.ValueOf(true)
					}
				}
				return reflect.ValueOf(false)
			}
		},
		"ne": comparison(func(c int) bool { return c != 0 }, true),
		"lt": comparison(func(c int) bool { return c < 0 }, false),
		"le": comparison(func(c int) bool { return c <= 0 }, false),
		"gt": comparison(func(c int) bool { return c > 0 }, false),
		"ge": comparison(func(c int) bool { return c >= 0 }, false),
	}
}

// values evaluates the arguments of a builtin, the final value last.
func values(s *state, dot reflect.Value, args []expr, final reflect.Value, has bool) []reflect.Value {
	vs := make([]reflect.Value, 0, len(args)+1)
	for _, a := range args {
		vs = append(vs, a(s, dot))
	}
	if has {
		vs = append(vs, final)
	}
	return vs
}

// andOr compiles and (or: false) and or (or: true), which return the
// first argument that decides, evaluating no further.
func andOr(or bool) builtin {
	return func(args []expr) cmdFn {
		return func(s *state, dot, final reflect.Value, has bool) reflect.Value {
			if len(args) == 0 && !has {
				fallback() // text/template wants an argument
			}
			var v reflect.Value
			for _, a := range args {
				v = a(s, dot)
				if truth(v) == or {
					return v
				}
			}
			if has {
				v = final
			}
			return v
		}
	}
}

// comparison compiles ne, lt, le, gt or ge, which take two arguments.
func comparison(holds func(int) bool, equality bool) builtin {
	return func(args []expr) cmdFn {
		return func(s *state, dot, final reflect.Value, has bool) reflect.Value {
			vs := values(s, dot, args, final, has)
			if len(vs) != 2 {
				fallback()
			}
			c := compare(vs[0], vs[1])
			if !equality && (c == incomparable || basicKind(indirectInterface(vs[0])) == kindBool) {
				fallback() // lt and the others do not order booleans
			}
			return reflect.ValueOf(holds(c))
		}
	}
}

const incomparable = 2 // compare's result for values of kinds that do not order

// compare compares two values of basic kinds the way text/template's eq
// and lt do: -1, 0, 1, or incomparable for booleans that differ. Values it
// cannot compare (nil, structs, mixed kinds) are left to html/template.
func compare(a, b reflect.Value) int {
	a, b = indirectInterface(a), indirectInterface(b)
	ka, kb := basicKind(a), basicKind(b)
	if ka == kindOther || kb == kindOther {
		fallback()
	}
	if ka != kb {
		switch {
		case ka == kindInt && kb == kindUint:
			if a.Int() < 0 {
				return -1
			}
			return cmp3(uint64(a.Int()), b.Uint())
		case ka == kindUint && kb == kindInt:
			if b.Int() < 0 {
				return 1
			}
			return cmp3(a.Uint(), uint64(b.Int()))
		}
		fallback()
	}
	switch ka {
	case kindBool:
		if a.Bool() == b.Bool() {
			return 0
		}
		return incomparable
	case kindInt:
		return cmp3(a.Int(), b.Int())
	case kindUint:
		return cmp3(a.Uint(), b.Uint())
	case kindFloat:
		x, y := a.Float(), b.Float()
		if x != x || y != y { // NaN: neither less nor equal
			fallback()
		}
		return cmp3(x, y)
	case kindString:
		return strings.Compare(a.String(), b.String())
	}
	fallback()
	return 0
}

func cmp3[T int64 | uint64 | float64](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

const (
	kindOther = iota
	kindBool
	kindInt
	kindUint
	kindFloat
	kindString
)

func basicKind(v reflect.Value) int {
	switch v.Kind() {
	case reflect.Bool:
		return kindBool
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return kindInt
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return kindUint
	case reflect.Float32, reflect.Float64:
		return kindFloat
	case reflect.String:
		return kindString
	}
	return kindOther
}
