package tmplexec

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"regexp"
	"strings"
	"testing"
	"time"
)

type kind int

func (k kind) String() string { return [...]string{"actor", "country", "topic"}[k] }

type failing string

func (f failing) Error() string { return "failed: " + string(f) }

type inner struct {
	Name string
	URL  string
}

func (i *inner) Upper() string         { return strings.ToUpper(i.Name) }
func (i inner) Join(sep string) string { return i.Name + sep + i.URL }

type page struct {
	Title   string
	Count   int
	Big     uint16
	Ratio   float64
	On      bool
	Kind    kind
	Err     error
	Body    template.HTML
	Link    template.URL
	Script  template.JS
	Style   template.CSS
	Items   []inner
	Ptrs    []*inner
	Nil     *inner
	Inner   inner
	Ptr     *inner
	Map     map[string]string
	Any     any
	NilAny  any
	Strs    []string
	None    []string
	When    time.Time
	Stringr fmt.Stringer
	*inner
}

func (p *page) Greet(who string) string  { return "hello " + who }
func (p *page) Fails() (string, error)   { return "", errors.New("method failed") }
func (p *page) Panics() string           { panic("boom") }
func (p *page) Pair(a int, b string) any { return fmt.Sprint(a, b) }

func testPage() *page {
	return &page{
		Title: `Tom & Jerry's "<best>" + more`, Count: 3, Big: 7, Ratio: 1.5, On: true, Kind: 1,
		Err: failing("x<y"), Body: "<p>Hi &amp; <b>bye</b></p>", Link: "javascript:alert(1)",
		Script: `{"a":1}`, Style: "color: red",
		Items: []inner{{"Ann", "/a/"}, {"Bob", "javascript:x"}, {"Çağla", "/ç/ğ?x=1&y=%zz#f"}},
		Ptrs:  []*inner{{"P", "/p/"}, nil},
		Inner: inner{"In", "http://example.com/a b"}, Ptr: &inner{"Pt", "mailto:a@b"},
		Map: map[string]string{"k": "v<", "e": ""}, Any: "any<", Strs: []string{"a", "b"},
		When: time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC), Stringr: kind(2),
		inner: &inner{"Embedded", "/e/"},
	}
}

var testFuncs = template.FuncMap{
	"date":  func(t time.Time) string { return t.Format("2 January 2006") },
	"upper": strings.ToUpper,
	"safe":  func(s string) template.HTML { return template.HTML(s) },
	"fail":  func() (string, error) { return "", errors.New("func failed") },
	"pair":  func(a, b string) string { return a + "|" + b },
	"nums":  func() []int { return []int{1, 2, 3} },
}

// cases are templates the compiled code must run, each on testPage, with
// html/template's output.
var cases = []string{
	`plain text only`,
	`{{.Title}}`,
	`<a href="{{.Inner.URL}}" title="{{.Title}}">{{.Inner.Name}}</a>`,
	`<title>{{.Title}} {{.Body}}</title><textarea>{{.Body}}</textarea>`,
	`{{.Body}} <p title="{{.Count}}">{{.Big}} {{.On}} {{.Kind}} {{.Err}} {{.Stringr}}</p>`,
	`<a href="{{.Link}}">x</a><a href="/q?x={{.Title}}&k={{.Link}}">y</a><a href="{{.Ptr.URL}}">m</a>`,
	`<a href="/{{.Title}}/">x</a><img src="{{.Inner.URL}}">`,
	`<script type="application/ld+json">{{.Script}}</script>`,
	`<!-- {{.Title}} -->ok`,
	`{{if .On}}on{{else}}off{{end}}{{if .Count}}c{{end}}{{if .Strs}}s{{end}}{{if .Nil}}n{{else}}no nil{{end}}`,
	`{{with .Inner}}{{.Name}} {{.URL}}{{end}}{{with .Nil}}x{{else}}none{{end}}{{with .NilAny}}x{{else}}nil any{{end}}`,
	`{{with $x := .Title}}{{$x}}{{end}}{{$y := .Count}}{{$y}}{{$y = 5}}{{$y}}`,
	`{{range .Items}}<li><a href="{{.URL}}">{{.Name}}</a>{{$.Title}}</li>{{end}}`,
	`{{range $i, $e := .Items}}{{if $i}}, {{end}}{{$i}}:{{$e.Name}}{{end}}`,
	`{{range $e := .Strs}}{{$e}}{{end}}{{range .None}}x{{else}}empty{{end}}`,
	`{{range .Items}}{{if eq .Name "Bob"}}{{break}}{{end}}{{.Name}}{{end}}|{{range .Items}}{{if eq .Name "Bob"}}{{continue}}{{end}}{{.Name}}{{end}}`,
	`{{range 3}}{{.}}{{end}}{{range $i := .Count}}[{{$i}}]{{end}}`,
	`{{range .Ptrs}}{{if .}}{{.Name}}{{end}}{{end}}`,
	`{{len .Items}} {{len .Title}} {{len .Map}} {{not .On}} {{and .On .Count}} {{or .Nil .Title}} {{and .On .Count .Title}}`,
	`{{if and .On (gt .Count 2) (lt .Count 4) (le 3 .Count) (ge .Count 3) (ne .Title "x")}}yes{{end}}`,
	`{{if eq .Count 1 2 3}}three{{end}}{{if eq .Kind 1}}kind one{{end}}{{if eq .Big 7}}seven{{end}}{{if eq .Title .Title}}same{{end}}`,
	`{{if lt .Count .Big}}mixed{{end}}{{if gt .Ratio 1.0}}float{{end}}`,
	`{{.Greet "you"}} {{.Greet .Title}} {{.Inner.Join "-"}} {{.Ptr.Upper}} {{.Inner.Upper}}`,
	`{{.Name}} {{.URL}}`, // promoted through the embedded pointer
	`{{.Map.k}} {{index .Map "k"}}`,
	`{{date .When}} {{upper .Title}} {{.Title | upper}} {{safe "<b>x</b>"}} {{pair "a" "b"}} {{"b" | pair "a"}}`,
	`{{print .Title 1 2}} {{printf "%d-%s" .Count .Title}} {{println .On}} {{printf "%v" .Ratio}}`,
	`{{define "sub"}}<b>{{.}}</b>{{end}}{{template "sub" .Title}}{{template "sub" .Count}}{{block "blk" .Inner}}{{.Name}}{{end}}`,
	`{{define "rec"}}{{if .}}{{len .}}{{template "rec" (slice . 1)}}{{end}}{{end}}{{template "rec" .Strs}}`,
	`{{(.Inner).Name}} {{(index .Items 1).Name}}`,
	`{{.Ratio}} {{.Any}} {{.NilAny}}`,
	`{{/* a comment */}}{{- .Title -}}  {{ .Count }}`,
	`{{range $k, $v := .Map}}{{$k}}={{$v}};{{end}}`,
	`{{.Nil.Name}}`,
	`{{.Missing}}`,
	`{{.Fails}}`,
	`{{fail}}`,
	`{{.Panics}}`,
	`{{.Style}}<p style="color: {{.Title}}">x</p>`,
	`<p title={{.Title}}>x</p>`,
	`<script>var x = {{.Title}};</script>`,
	`<a title="{{.Body}}">x</a>`,
	`{{range .None}}{{end}}{{with .Map.e}}x{{else}}empty key{{end}}`,
	`{{$x := 1}}{{range .Strs}}{{$x = 2}}{{end}}{{$x}}`,
	`{{if .Count}}{{$x := 1}}{{$x}}{{end}}{{range $i, $e := .Strs}}{{$i}}{{$e}}{{$.Count}}{{end}}`,
	`{{with .Inner}}{{with .Name}}{{.}}{{$.Title}}{{end}}{{end}}`,
	`{{if eq .NilAny nil}}nil{{end}}`,
	`{{nums}}{{range nums}}{{.}}{{end}}`,
	`{{len .Nil}}`,
	`{{range .Stringr}}{{end}}`,
	`{{eq .On true}}{{eq .On false}}{{lt .On true}}`,
	`{{and .On .Nil}}`,
	`{{range .Nil}}x{{end}}`,
}

// compiledOnly are the cases that must run compiled, without falling back.
var compiledOnly = func() map[int]bool {
	m := map[int]bool{}
	for i := range 33 {
		m[i] = true
	}
	for _, i := range []int{24, 28, 29, 30, 32} { // index, slice, float printing, map range
		delete(m, i)
	}
	for _, i := range []int{42, 43, 44, 45} {
		m[i] = true
	}
	return m
}()

// run executes a template source both ways on data and fails on any
// difference; it returns the Set.
func run(t *testing.T, i int, src string, data any) *Set {
	t.Helper()
	parse := func() *template.Template {
		tt, err := template.New("t").Funcs(testFuncs).Parse(src)
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		return tt
	}
	var want bytes.Buffer
	wantErr := parse().Execute(&want, data)

	set := New(parse(), testFuncs)
	for round := range 3 { // the first is html/template's, then compiled
		var got bytes.Buffer
		got.WriteString("prefix:")
		err := set.Execute(&got, "t", data)
		if (err == nil) != (wantErr == nil) || err != nil && err.Error() != wantErr.Error() {
			t.Errorf("case %d round %d: error %v, want %v", i, round, err, wantErr)
		}
		if wantErr == nil && got.String() != "prefix:"+want.String() {
			t.Errorf("case %d round %d %s:\n got %q\nwant %q", i, round, src, strings.TrimPrefix(got.String(), "prefix:"), want.String())
		}
	}
	return set
}

func TestSameAsHTMLTemplate(t *testing.T) {
	for i, src := range cases {
		set := run(t, i, src, testPage())
		compiled, why, _ := set.Compiled("t")
		if compiledOnly[i] {
			if !compiled {
				t.Errorf("case %d %s: not compiled: %s", i, src, why)
			} else if set.Fallbacks() != 0 {
				t.Errorf("case %d %s: fell back to html/template", i, src)
			}
		}
	}
}

func TestNilAndOddData(t *testing.T) {
	for _, data := range []any{nil, 5, "str", map[string]any{"Title": "m<", "Count": 2}, &page{}, page{Title: "value"}} {
		for i, src := range cases {
			run(t, i, src, data)
		}
	}
}

// TestConcurrent runs one compiled set from many goroutines (for the race
// detector).
func TestConcurrent(t *testing.T) {
	set := New(template.Must(template.New("t").Funcs(testFuncs).Parse(cases[12]+cases[22])), testFuncs)
	var first bytes.Buffer
	if err := set.Execute(&first, "t", testPage()); err != nil {
		t.Fatal(err)
	}
	done := make(chan string)
	for range 8 {
		go func() {
			var b bytes.Buffer
			for range 50 {
				b.Reset()
				_ = set.Execute(&b, "t", testPage())
			}
			done <- b.String()
		}()
	}
	for range 8 {
		if got := <-done; got != first.String() {
			t.Errorf("got %q, want %q", got, first.String())
		}
	}
}

// FuzzEscapers holds the native escapers to html/template's on any string,
// in every context they serve, as plain text and as trusted content.
func FuzzEscapers(f *testing.F) {
	for _, s := range []string{"", "a&b", `<"'+>`, "\x00", "http://x/y?z=%41%g", "JavaScript:alert(1)", "/a b/ç", "\xff\xfe", "#x:y", "%", "a%4", "mailto:x", "x/y:z"} {
		f.Add(s)
	}
	src := `{{.S}}<a href="{{.S}}" title="{{.S}}">{{.H}}</a><a href="/p?q={{.S}}&u={{.U}}">{{.U}}</a><a href="{{.U}}">x</a>` +
		`<title>{{.S}}{{.H}}</title><textarea>{{.H}}</textarea><img src="/{{.S}}/{{.U}}"><script type="application/ld+json">{{.J}}</script><!--{{.S}}-->`
	f.Fuzz(func(t *testing.T, s string) {
		data := map[string]any{"S": s, "H": template.HTML(s), "U": template.URL(s), "J": template.JS(s)}
		set := run(t, 0, src, data)
		if set.Fallbacks() != 0 {
			t.Errorf("%q fell back", s)
		}
	})
}

// bigNumber keeps the fuzzer from writing loops of millions.
var bigNumber = regexp.MustCompile(`[0-9]{4,}|[0-9][eE][0-9]|0[xXbBoO]`)

// FuzzTemplates holds compiled execution to html/template's on any template
// that parses, executed on testPage: the same output, or an error from both.
func FuzzTemplates(f *testing.F) {
	for _, src := range cases {
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if bigNumber.MatchString(src) || len(src) > 2000 {
			return
		}
		if _, err := template.New("t").Funcs(testFuncs).Parse(src); err != nil {
			return
		}
		run(t, 0, src, testPage())
	})
}

// TestGivesUp checks that a template whose executions mostly fall back
// stops being tried compiled, and keeps html/template's output.
func TestGivesUp(t *testing.T) {
	src := `{{.Title}} {{.Ratio}}` // a float: html/template's to print
	set := New(template.Must(template.New("t").Funcs(testFuncs).Parse(src)), testFuncs)
	var want bytes.Buffer
	if err := template.Must(template.New("t").Funcs(testFuncs).Parse(src)).Execute(&want, testPage()); err != nil {
		t.Fatal(err)
	}
	for range 3 * giveUpAfter {
		var got bytes.Buffer
		if err := set.Execute(&got, "t", testPage()); err != nil || got.String() != want.String() {
			t.Fatalf("got %q, %v; want %q", got.String(), err, want.String())
		}
	}
	if n := set.Fallbacks(); n != giveUpAfter {
		t.Errorf("%d fallbacks, want %d (then no more tries)", n, giveUpAfter)
	}
	if compiled, why, _ := set.Compiled("t"); compiled || why == "" {
		t.Errorf("Compiled = %v, %q; want false and a reason", compiled, why)
	}
}
