// Package tmplexec executes the templates of an html/template set faster
// than html/template does, with the same output.
//
// html/template escapes a template once, by rewriting its parse tree: every
// action that prints gets a chain of escaper functions appended to its
// pipeline ({{.URL}} in an href becomes {{.URL | _html_template_urlfilter |
// _html_template_urlnormalizer | _html_template_attrescaper}}). Executing
// the tree is then text/template's work, which looks every field up by name
// and calls every function, the escapers included, through
// reflect.Value.Call: at 10,000 briefs, a third of a build.
//
// A Set compiles each escaped tree once into a tree of Go closures: fields
// are found by index (cached per type), the escapers html/template
// inserts for text, attributes, RCDATA and URLs are run natively and write
// straight into the output, and the builtins and, or, not, len, eq, ne, lt,
// le, gt, ge, print, printf and println are direct calls. Other functions
// and methods are still called by reflection.
//
// The compiled code handles what themes do; anything else is left to
// html/template, which stays the reference. A template that uses a
// construct the compiler does not know (an escaper for CSS or JavaScript
// strings, index, slice, call…) is executed by html/template every time;
// and whenever a compiled template meets, while running, a value it does
// not handle the way text/template would (a nil pointer, a missing map key,
// a value whose printing needs fmt, an error from a function…), its output
// so far is thrown away and html/template executes the template again from
// the start. So output and errors are html/template's, byte for byte; the
// tests hold the two to that on every page of the fixture sites and on
// fuzzed input.
package tmplexec

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"reflect"
	"sync"
	"sync/atomic"
	"text/template/parse"
)

// A Set executes the templates of one html/template set. It is safe for
// concurrent use, like the set itself. The set must not be given options
// (template.Option): the compiled code assumes the defaults.
type Set struct {
	html  *template.Template
	funcs map[string]reflect.Value

	mu    sync.Mutex // serialises compiling
	progs sync.Map   // template name → *entry
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
