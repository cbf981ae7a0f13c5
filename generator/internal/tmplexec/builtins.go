package tmplexec

import "reflect"

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
