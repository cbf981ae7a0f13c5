package tmplexec

import "reflect"

// A builtin compiles a call given its arguments.
type builtin func(args []expr) cmdFn

// builtinFor is the builtin called name that runs natively, or nil; print,
// printf and println are compiled by compiler.print. Builtins are looked up
// only while compiling.
func builtinFor(name string) builtin {
	switch name {
	case "and":
		return andOr(false)
	case "or":
		return andOr(true)
	case "not":
		return not
	case "len":
		return length
	case "eq":
		return eq
	case "ne":
		return comparison(func(c int) bool { return c != 0 }, true)
	case "lt":
		return comparison(func(c int) bool { return c < 0 }, false)
	case "le":
		return comparison(func(c int) bool { return c <= 0 }, false)
	case "gt":
		return comparison(func(c int) bool { return c > 0 }, false)
	case "ge":
		return comparison(func(c int) bool { return c >= 0 }, false)
	}
	return nil
}

// not compiles not, which takes one argument.
func not(args []expr) cmdFn {
	return func(s *state, dot, final reflect.Value, has bool) reflect.Value {
		vs := values(s, dot, args, final, has)
		if len(vs) != 1 {
			fallback()
		}
		return reflect.ValueOf(!truth(vs[0]))
	}
}

// length compiles len, of an array, channel, map, slice or string.
func length(args []expr) cmdFn {
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
}

// eq compiles eq, true when its first argument equals any of the others.
func eq(args []expr) cmdFn {
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
