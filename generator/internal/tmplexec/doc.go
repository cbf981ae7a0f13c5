// Package tmplexec executes the templates of an html/template set faster
// than html/template does, with the same output.
//
// # Why
//
// html/template escapes a template once, by rewriting its parse tree: every
// action that prints gets a chain of escaper functions appended to its
// pipeline ({{.URL}} in an href becomes {{.URL | _html_template_urlfilter |
// _html_template_urlnormalizer | _html_template_attrescaper}}). But every
// execution of the tree is then text/template's interpreter at work: for
// every action of every page it looks each field up by name and calls each
// function, the escapers included, through reflect.Value.Call, boxing the
// arguments and the results. A site build executes the same few templates
// thousands of times, so that work is repeated thousands of times.
//
// # What it does
//
// A Set compiles each escaped tree once into a tree of Go closures: fields
// are found by index (resolved once per type), the escapers html/template
// inserts for text, quoted attributes, RCDATA (<title>, <textarea>), URLs
// and trusted script values (template.JS, as in JSON-LD) run natively and
// write straight into the output, and the builtins and, or, not, len, eq,
// ne, lt, le, gt, ge, print, printf and println are direct calls. Other functions and methods are still called by
// reflection. The escaping itself is html/template's: tmplexec runs the
// escaped tree and never decides a context.
//
// # What it guarantees
//
// Output and errors are html/template's, byte for byte, for every template
// and every value; html/template stays the reference. The tests hold the
// two to that: the differential fuzzers FuzzEscapers (the native escapers
// against html/template's on any string, in every context they serve, as
// plain text and as trusted content) and FuzzTemplates (any template that
// parses, executed both ways), the cases of TestSameAsHTMLTemplate, and in
// package build every page of the fixture, sample, generated and hostile
// sites, plain and minified.
//
// # How it falls back
//
// The compiled code handles what themes do; anything else is left to
// html/template, at three levels:
//
//   - The first execution of a template is html/template's, which escapes
//     it (and every template it calls); it is compiled after that.
//   - A template using a construct the compiler does not know (an escaper
//     for CSS, JavaScript strings or unquoted attributes, index, slice,
//     call…) is not compiled and is executed by html/template every time;
//     [Set.Uncompiled] says why.
//   - When a compiled template meets, while running, a value it does not
//     handle the way text/template would (a nil pointer, a missing map key,
//     a value whose printing needs fmt, an error or a panic from a
//     function…), its output so far is thrown away and html/template
//     executes the template again from the start. A page that falls back
//     is executed twice, so once most executions of a template have fallen
//     back (16 of them, and over half), it is left to html/template for
//     good; [Set.Fallbacks] counts them.
//
// A site can also bypass the package: sitrep build, check and serve take
// -templates=html to run every template on html/template alone.
package tmplexec
