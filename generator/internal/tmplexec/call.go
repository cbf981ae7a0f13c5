package tmplexec

import (
	"fmt"
	"reflect"
	"text/template/parse"
)

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
	if b := builtinFor(name); b != nil {
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
