package render

import (
	"cmp"
	"slices"
	"sync"

	"github.com/sitrep-dev/sitrep/generator/internal/diag"
	"github.com/sitrep-dev/sitrep/generator/internal/parallel"
)

// Files returns the output file of every page of the pass, in plan order,
// then those of its other files; call it after Render.
func (p *Pass) Files() []string {
	out := make([]string, len(p.jobs))
	for i, j := range p.jobs {
		out[i] = j.file
	}
	for _, f := range p.files {
		paths, ok := p.made[f.name]
		if !ok {
			paths = p.ca.files[f.name].paths
		}
		out = append(out, paths...)
	}
	return out
}

// Render renders the pages whose keys changed since the last Commit, like
// Converted.Render, and makes the files that are not pages whose keys
// changed; it is Lazily(emit).Finish().
func (p *Pass) Render(emit func(Page) error) (int, diag.List) { return p.Lazily(emit).Finish() }

// A Lazy renders the pages of a pass that Render would render, in any
// order: Page renders one now, Finish all the others, then the files that
// are not pages. Its methods may be called from several goroutines; each
// page is rendered, and passed to emit, once.
type Lazy struct {
	p     *Pass
	r     *runner
	jobs  []job
	once  []sync.Once
	errs  []error
	index map[string]int // jobs by output file
}

// Lazily prepares the rendering of the pass; nothing is rendered yet.
func (p *Pass) Lazily(emit func(Page) error) *Lazy {
	l := &Lazy{p: p, r: newRunner(p.c, emit), index: map[string]int{}}
	for i, j := range p.jobs {
		if k, ok := p.ca.pages[j.file]; ok && k == p.keys[i] {
			continue
		}
		l.index[j.file] = len(l.jobs)
		l.jobs = append(l.jobs, j)
	}
	l.once = make([]sync.Once, len(l.jobs))
	l.errs = make([]error, len(l.jobs))
	return l
}

func (l *Lazy) run(i int) { l.once[i].Do(func() { l.errs[i] = l.r.run(l.jobs[i]) }) }

// Page renders the page written to file, unless it was rendered already,
// and reports whether the pass renders such a page.
func (l *Lazy) Page(file string) bool {
	i, ok := l.index[file]
	if ok {
		l.run(i)
	}
	return ok
}

// Finish renders every page not rendered yet, on every core, then makes the
// files that are not pages whose keys changed; it returns the number of
// pages rendered and their problems, as Render does.
func (l *Lazy) Finish() (int, diag.List) {
	// the largest pages first, so that no worker is left with one at the
	// end while the others wait
	order := make([]int, len(l.jobs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(l.p.c.weight(l.jobs[b]), l.p.c.weight(l.jobs[a])) })
	parallel.For(len(order), func(i int) { l.run(order[i]) })
	p := l.p
	diags := jobDiags(l.jobs, l.errs)
	if diags.HasErrors() {
		return len(l.jobs), diags
	}
	var files []fileJob
	p.made = map[string][]string{}
	for i, f := range p.files {
		if st, ok := p.ca.files[f.name]; ok && st.key == p.fileKeys[i] {
			continue
		}
		makeFiles := f.make
		f.make = func() ([]Page, error) {
			pages, err := makeFiles()
			paths := outputPaths(pages)
			p.madeMu.Lock()
			defer p.madeMu.Unlock()
			p.made[f.name] = paths
			return pages, err
		}
		files = append(files, f)
	}
	return len(l.jobs), append(diags, p.c.runFiles(files, l.r.emit)...)
}

func outputPaths(pages []Page) []string {
	out := make([]string, len(pages))
	for i, pg := range pages {
		out[i] = pg.Path
	}
	return out
}

// Commit records the pages and files of the pass as the published ones;
// a one-shot cache records nothing.
func (p *Pass) Commit() {
	if p.ca.oneShot {
		return
	}
	pages := make(map[string]uint64, len(p.jobs))
	for i, j := range p.jobs {
		pages[j.file] = p.keys[i]
	}
	files := make(map[string]fileState, len(p.files))
	for i, f := range p.files {
		paths, ok := p.made[f.name]
		if !ok {
			paths = p.ca.files[f.name].paths
		}
		files[f.name] = fileState{key: p.fileKeys[i], paths: paths}
	}
	p.ca.pages, p.ca.files = pages, files
	p.ca.last = p
}
