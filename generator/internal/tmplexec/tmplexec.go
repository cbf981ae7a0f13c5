package tmplexec

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"reflect"
	"sync"
	"sync/atomic"
)

// A Set executes the templates of one html/template set. It is safe for
// concurrent use, like the set itself. The set must not be given options
// (template.Option): the compiled code assumes the defaults.
type Set struct {
	html  *template.Template
	funcs map[string]reflect.Value

	mu    sync.Mutex // serialises compiling
	progs sync.Map   // template name → *entry

	resolutions sync.Map // what field names mean per type: resolutionKey → *resolution
}

// An entry is a template executed as an entry point: its compiled form,
// or (prog nil) why it has none.
type entry struct {
	prog *tmpl
	why  string // why not, when prog is nil

	// runs and fallbacks count the executions of prog and those given up;
	// when most are given up, prog is no longer tried (off)
	runs, fallbacks atomic.Int64
	off             atomic.Bool
}

// giveUpAfter is how many executions of a template must have fallen back,
// and more than half of all, before the compiled code is no longer tried:
// a page that falls back is executed twice.
const giveUpAfter = 16

// compiled reports whether the entry runs compiled, and if not, why.
func (e *entry) compiled() (bool, string) {
	switch {
	case e.prog == nil:
		return false, e.why
	case e.off.Load():
		return false, fmt.Sprintf("compiled, but left to html/template after %d of %d executions fell back", e.fallbacks.Load(), e.runs.Load())
	}
	return true, ""
}

// New returns a Set that executes the templates of t, whose functions are
// funcs (every FuncMap given to t.Funcs, in the same order).
func New(t *template.Template, funcs ...template.FuncMap) *Set {
	s := &Set{html: t, funcs: map[string]reflect.Value{}}
	for _, m := range funcs {
		for name, fn := range m {
			s.funcs[name] = reflect.ValueOf(fn)
		}
	}
	return s
}

// Execute applies the template called name to data and appends the output
// to w. On an error, w may hold part of the output, as with html/template.
func (s *Set) Execute(w *bytes.Buffer, name string, data any) error {
	e, ok := s.progs.Load(name)
	if !ok {
		// The first execution is html/template's: it escapes the template
		// and every template it calls, which compiling needs.
		err := s.html.ExecuteTemplate(w, name, data)
		if err == nil {
			s.compile(name)
		}
		return err
	}
	if en := e.(*entry); en.prog != nil && !en.off.Load() {
		runs := en.runs.Add(1)
		n := w.Len()
		if en.prog.execute(w, data) {
			return nil
		}
		w.Truncate(n)
		if f := en.fallbacks.Add(1); f >= giveUpAfter && 2*f > runs {
			en.off.Store(true)
		}
	}
	return s.html.ExecuteTemplate(w, name, data)
}

// Compiled reports whether the template called name runs compiled, and if
// not, why; ok is false until it has been executed once.
func (s *Set) Compiled(name string) (compiled bool, why string, ok bool) {
	e, ok := s.progs.Load(name)
	if !ok {
		return false, "", false
	}
	compiled, why = e.(*entry).compiled()
	return compiled, why, true
}

// Fallbacks is how many executions of compiled templates were given up
// and left to html/template.
func (s *Set) Fallbacks() (n int64) {
	s.progs.Range(func(_, v any) bool {
		n += v.(*entry).fallbacks.Load()
		return true
	})
	return n
}

// Uncompiled lists the templates executed so far that html/template runs
// every time, each with the reason.
func (s *Set) Uncompiled() map[string]string {
	out := map[string]string{}
	s.progs.Range(func(k, v any) bool {
		if ok, why := v.(*entry).compiled(); !ok {
			out[k.(string)] = why
		}
		return true
	})
	return out
}

// compile compiles the template called name, which html/template has
// executed (and so escaped) at least once.
func (s *Set) compile(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.progs.Load(name); ok {
		return
	}
	c := &compiler{set: s, tmpls: map[string]*tmpl{}}
	e := &entry{}
	e.prog, e.why = c.compileEntry(name)
	s.progs.Store(name, e)
}

// errUnsupported is what the compiler panics with on a construct it leaves
// to html/template.
type errUnsupported struct{ why string }

func (e errUnsupported) Error() string { return e.why }

func unsupported(format string, args ...any) {
	panic(errUnsupported{fmt.Sprintf(format, args...)})
}

// fallback is what compiled code panics with when html/template must
// execute the template instead.
var errFallback = errors.New("tmplexec: left to html/template")

func fallback() { panic(errFallback) }

// A tmpl is one compiled template.
type tmpl struct {
	name string
	root walker
}

// execute runs the compiled template into w and reports whether it could;
// on false, w holds part of the output.
func (t *tmpl) execute(w *bytes.Buffer, data any) (ok bool) {
	defer func() {
		// Any panic (a fallback, or one from a method or function that
		// html/template would recover from and report) is
		// html/template's to handle.
		if r := recover(); r != nil {
			ok = false
		}
	}()
	dot := reflect.ValueOf(data)
	st := &state{w: w}
	st.vars = append(st.vars, variable{"$", dot})
	t.root(st, dot)
	return true
}

// state is the state of one execution.
type state struct {
	w     *bytes.Buffer
	vars  []variable // the variable stack
	base  int        // where the current template's variables start
	depth int        // template calls
	tmp   []byte     // scratch for number formatting
}

type variable struct {
	name  string
	value reflect.Value
}

// maxDepth bounds template recursion; deeper calls are left to
// html/template, which has its own limit and error.
const maxDepth = 1000

func (s *state) push(name string, v reflect.Value) { s.vars = append(s.vars, variable{name, v}) }

func (s *state) lookup(name string) int {
	for i := len(s.vars) - 1; i >= s.base; i-- {
		if s.vars[i].name == name {
			return i
		}
	}
	fallback() // cannot happen: the parser checks variables are declared
	return 0
}
