package tmplexec

import (
	"reflect"
	"sync"
	"sync/atomic"
	"text/template/parse"
)

// fieldChain compiles .X.Y.Z, the last of which gets args (and the final
// value of the pipeline).
func (c *compiler) fieldChain(idents []string, args []parse.Node) func(s *state, dot, recv, final reflect.Value, has bool) reflect.Value {
	fields := make([]*fieldRef, len(idents))
	for i, name := range idents {
		fields[i] = &fieldRef{name: name, resolutions: &c.set.resolutions}
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
	name        string
	last        atomic.Pointer[resolution]
	resolutions *sync.Map // the Set's: resolutionKey → *resolution
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

// resolve says what name means for typ, through the cache resolutions.
func resolve(resolutions *sync.Map, typ reflect.Type, addr bool, name string) *resolution {
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
		r = resolve(f.resolutions, typ, addr, f.name)
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
