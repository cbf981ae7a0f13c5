package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// samplePage is one page the browser checks open.
type samplePage struct {
	site  *builtSite
	label string // "fixture brief briefs/x/"
	url   string
	is404 bool
	// waitFor, when set, is a CSS selector the checks wait for after
	// loading the page (the search results' data-total)
	waitFor string
}

// samples picks the home page, the longest page of each kind (the one that
// tests the layout hardest), every index, the timeline, the search page and
// a missing page three folders deep (served with 404.html). With a report,
// it notes a missing search page as a skip.
func samples(s *builtSite, rep *report) []samplePage {
	longest := map[string]string{}
	size := map[string]int64{}
	var kinds []string
	for _, rel := range s.pages {
		k := pageKind(rel)
		st, err := os.Stat(filepath.Join(s.dir, filepath.FromSlash(rel)))
		if err != nil {
			continue
		}
		if _, ok := longest[k]; !ok {
			kinds = append(kinds, k)
		}
		if _, ok := longest[k]; !ok || st.Size() > size[k] {
			longest[k], size[k] = rel, st.Size()
		}
	}
	slices.Sort(kinds)
	var out []samplePage
	for _, k := range kinds {
		if k == "404" {
			continue
		}
		rel := longest[k]
		out = append(out, samplePage{s, s.name + " " + k + " " + strings.TrimSuffix(rel, "index.html"), s.url(rel), false, ""})
	}
	out = append(out, samplePage{s, s.name + " 404 (missing page three folders deep)", s.baseURL + "no/such/page/", true, ""})
	if rep != nil && !slices.Contains(kinds, "search") && !slices.Contains(kinds, "search index") {
		rep.skip("search", "%s: no search page was built yet (the publish branch adds search/)", s.name)
	}
	return out
}

// browser starts a headless Chromium and records, per page, console errors,
// exceptions and failed requests.
type browser struct {
	ctx    context.Context
	cancel func()
	mu     sync.Mutex
	seen   []string
}

func chromiumPath() (string, error) {
	if p := os.Getenv("CHROME_PATH"); p != "" {
		return p, nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("chromium is not installed (apt-get install chromium)")
}

func newBrowser(ctx context.Context, tmp string) (*browser, error) {
	path, err := chromiumPath()
	if err != nil {
		return nil, err
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(tmp),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	cctx, cancelCtx := chromedp.NewContext(actx)
	b := &browser{ctx: cctx, cancel: func() { cancelCtx(); cancelAlloc() }}
	err = chromedp.Listen(cctx, func(ev any) {
		b.mu.Lock()
		defer b.mu.Unlock()
		switch e := ev.(type) {
		case *runtime.EventExceptionThrown:
			b.seen = append(b.seen, "exception: "+e.ExceptionDetails.Text)
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.ConsoleAPICalledTypeError {
				b.seen = append(b.seen, fmt.Sprintf("console error: %v", e.Args))
			}
		case *network.EventResponseReceived:
			if e.Response.Status >= 400 {
				b.seen = append(b.seen, fmt.Sprintf("HTTP %d for %s", e.Response.Status, e.Response.URL))
			}
		case *network.EventLoadingFailed:
			b.seen = append(b.seen, fmt.Sprintf("request failed: %s", e.ErrorText))
		}
	})
	if err == nil {
		_, err = chromedp.Call(cctx, network.Enable, network.EnableParams{})
	}
	if err != nil {
		b.cancel()
		return nil, fmt.Errorf("start Chromium: %w", err)
	}
	return b, nil
}

// problems returns and clears what the browser saw since the last call.
func (b *browser) problems() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	p := b.seen
	b.seen = nil
	return p
}

// open sets the viewport and colour scheme, then loads url.
func (b *browser) open(url string, width int64, dark bool) error {
	ctx, cancel := context.WithTimeout(b.ctx, 60*time.Second)
	defer cancel()
	scheme := "light"
	if dark {
		scheme = "dark"
	}
	var vp chromedp.Action[chromedp.Void]
	if width < 800 {
		vp = chromedp.EmulateViewport(width, 844, chromedp.EmulateMobile)
	} else {
		vp = chromedp.EmulateViewport(width, 900)
	}
	if err := chromedp.Do(ctx, vp); err != nil {
		return err
	}
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
	}); err != nil {
		return err
	}
	return chromedp.Do(ctx, chromedp.Navigate(url))
}

// waitFor waits, up to 30 seconds, for an element matching the CSS
// selector sel in the open page.
func (b *browser) waitFor(sel string) error {
	_, err := chromedp.Run(b.ctx, chromedp.PollFunction[bool](`sel => document.querySelector(sel) !== null`,
		chromedp.WithPollingArgs(sel), chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(30*time.Second)))
	return err
}

// axeViolation is one rule axe-core found broken, with the nodes breaking it.
type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

const axeRun = `axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map(v => ({
  id: v.id, impact: v.impact || '', help: v.help,
  nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + (n.failureSummary ? ' — ' + n.failureSummary.split('\n').slice(1).join(' ').trim() : ''))
})))`

// overflowJS measures horizontal overflow and names the elements that
// stick out past the viewport's right edge.
const overflowJS = `(() => {
  const w = Math.min(document.documentElement.clientWidth, window.innerWidth);
  const over = document.documentElement.scrollWidth - w;
  const culprits = [];
  if (over > 0) {
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.right > w + 0.5 && culprits.length < 5) {
        culprits.push(el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ').join('.') : '') +
          ' (right edge ' + Math.round(r.right) + ' px: ' + JSON.stringify(el.outerHTML.slice(0, 80)) + ')');
      }
    }
  }
  return {over, culprits};
})()`

// printJS lists what is wrong with the page as printed: navigation shown,
// sidenotes in the margin instead of footnotes below, external links and
// sources without their address.
const printJS = `(() => {
  const shown = el => el && getComputedStyle(el).display !== 'none';
  const bad = [];
  if (shown(document.querySelector('.site-header nav'))) bad.push('the site navigation is printed');
  if (document.querySelector('.sidenote')) {
    if (shown(document.querySelector('.sidenote'))) bad.push('sidenotes are printed in the margin');
    if (!shown(document.querySelector('.footnotes'))) bad.push('the footnote list is not printed');
  }
  for (const a of document.querySelectorAll('.prose a[href^="http"], .sources a[href^="http"], .footnotes a[href^="http"]')) {
    if (!getComputedStyle(a, '::after').content.includes(a.getAttribute('href'))) bad.push('no printed address after the link to ' + a.href);
  }
  return bad;
})()`

// checkAxe opens every sample page at 1280 and 390 px in both colour
// schemes and runs axe-core, checks the page as printed, then measures
// horizontal overflow at 390 and 320 px.
func checkAxe(ctx context.Context, cfg config, sites []*builtSite, rep *report) error {
	axeSrc, err := axeSource(cfg)
	if err != nil {
		return err
	}
	var pages []samplePage
	for _, s := range sites {
		pages = append(pages, samples(s, rep)...)
	}
	return axePages(ctx, axeSrc, pages, rep, "")
}

// axePages runs the checks of checkAxe on pages and writes their summary
// lines, each starting with prefix.
func axePages(ctx context.Context, axeSrc []byte, pages []samplePage, rep *report, prefix string) error {
	tmp, err := os.MkdirTemp("", "sitrep-audit-chromium-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	b, err := newBrowser(ctx, tmp)
	if err != nil {
		return err
	}
	defer b.cancel()
	a := &axeAudit{b: b, axeSrc: axeSrc, rep: rep}
	for _, p := range pages {
		if err := a.axe(p); err != nil {
			return err
		}
		if err := a.print(p); err != nil {
			return err
		}
		if err := a.overflow(p); err != nil {
			return err
		}
	}
	rep.line("%saxe: %d violations in %d page×width×scheme checks (%d pages at 1280 and 390 px, light and dark)", prefix, a.violations, a.checks, len(pages))
	rep.line("%soverflow: %d pages scroll sideways in %d page×width checks (390 and 320 px)", prefix, a.overflows, a.overflowChecks)
	rep.line("%sprint: %d problems in %d pages printed (no navigation, footnotes below the text, link addresses shown)", prefix, a.printFindings, a.printChecks)
	rep.line("%sbrowser: %d console errors or failed requests", prefix, a.browserProblems)
	return nil
}

// axeSource returns axe-core's script, from the npm tools folder.
func axeSource(cfg config) ([]byte, error) {
	p, err := toolPath(cfg, "axe-core/axe.min.js")
	if err != nil {
		return nil, err
	}
	return os.ReadFile(p)
}

// axeAudit is one run of checkAxe: the browser, axe-core's source, where
// findings go, and what it counted over the pages.
type axeAudit struct {
	b                          *browser
	axeSrc                     []byte
	rep                        *report
	checks, violations         int
	overflowChecks, overflows  int
	printChecks, printFindings int
	browserProblems            int
}

// reportBrowser reports what the browser saw on page p, viewed as what,
// since the last call; a 404 page's own HTTP 404 is expected.
func (a *axeAudit) reportBrowser(p samplePage, what string) {
	for _, pr := range a.b.problems() {
		if p.is404 && strings.Contains(pr, "HTTP 404 for "+p.url) {
			continue // the missing page itself
		}
		a.browserProblems++
		a.rep.find("browser", "%s, %s: %s", p.label, what, pr)
	}
}

// axe runs axe-core on page p at 1280 and 390 px, in the light then the
// dark colour scheme.
func (a *axeAudit) axe(p samplePage) error {
	for _, v := range []struct {
		width int64
		dark  bool
	}{{1280, false}, {390, false}, {1280, true}, {390, true}} {
		what := fmt.Sprintf("%d px", v.width)
		if v.dark {
			what += " dark"
		}
		if err := a.b.open(p.url, v.width, v.dark); err != nil {
			return fmt.Errorf("%s at %s: %w", p.label, what, err)
		}
		if p.waitFor != "" {
			if err := a.b.waitFor(p.waitFor); err != nil {
				a.rep.find("axe", "%s at %s: no %s after 30 s (%v)", p.label, what, p.waitFor, err)
			}
		}
		if dark, err := chromedp.Run(a.b.ctx, chromedp.Evaluate[bool](`matchMedia('(prefers-color-scheme: dark)').matches`)); err != nil || dark != v.dark {
			return fmt.Errorf("%s at %s: the colour scheme emulation did not take (dark = %v, %v)", p.label, what, dark, err)
		}
		if _, err := chromedp.Run(a.b.ctx, chromedp.Evaluate[bool](string(a.axeSrc)+"\n;true")); err != nil {
			return fmt.Errorf("inject axe-core: %w", err)
		}
		found, err := chromedp.Run(a.b.ctx, chromedp.Evaluate[[]axeViolation](axeRun, chromedp.EvalAwaitPromise))
		if err != nil {
			return fmt.Errorf("axe.run on %s: %w", p.label, err)
		}
		a.checks++
		for _, f := range found {
			a.violations++
			a.rep.find("axe", "%s at %s: %s (%s, %s)\n      %s", p.label, what, f.ID, f.Impact, f.Help, strings.Join(f.Nodes, "\n      "))
		}
		a.reportBrowser(p, what)
	}
	return nil
}

// print opens page p at 800 px in print media, reports what printJS finds
// wrong, then clears the emulated media.
func (a *axeAudit) print(p samplePage) error {
	err := a.b.open(p.url, 800, false)
	if err == nil {
		_, err = chromedp.Call(a.b.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
	}
	if err != nil {
		return fmt.Errorf("%s in print: %w", p.label, err)
	}
	bad, err := chromedp.Run(a.b.ctx, chromedp.Evaluate[[]string](printJS))
	if err != nil {
		return err
	}
	a.printChecks++
	for _, m := range bad {
		a.printFindings++
		a.rep.find("print", "%s: %s", p.label, m)
	}
	_, err = chromedp.Call(a.b.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{})
	return err
}

// overflow opens page p at 390 and 320 px and reports it when it scrolls
// sideways, with the elements that stick out.
func (a *axeAudit) overflow(p samplePage) error {
	for _, w := range []int64{390, 320} {
		if err := a.b.open(p.url, w, false); err != nil {
			return fmt.Errorf("%s at %d px: %w", p.label, w, err)
		}
		res, err := chromedp.Run(a.b.ctx, chromedp.Evaluate[struct {
			Over     float64  `json:"over"`
			Culprits []string `json:"culprits"`
		}](overflowJS))
		if err != nil {
			return err
		}
		a.overflowChecks++
		if res.Over > 0 {
			a.overflows++
			a.rep.find("overflow", "%s at %d px: the page scrolls sideways by %.0f px; wide elements: %s", p.label, w, res.Over, strings.Join(res.Culprits, ", "))
		}
		a.reportBrowser(p, fmt.Sprintf("%d px", w))
	}
	return nil
}

// screenshots captures the longest brief and the longest actor page of the
// site at 1280 and 390 px, as PNG files for the README.
func screenshots(ctx context.Context, cfg config, s *builtSite) error {
	if err := os.MkdirAll(cfg.screenshots, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "sitrep-audit-chromium-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	b, err := newBrowser(ctx, tmp)
	if err != nil {
		return err
	}
	defer b.cancel()
	for _, p := range samples(s, nil) {
		var name string
		switch {
		case strings.Contains(p.label, " brief "):
			name = "brief"
		case strings.Contains(p.label, " actor "):
			name = "actor"
		default:
			continue
		}
		for _, w := range []int64{1280, 390} {
			if err := b.open(p.url, w, false); err != nil {
				return err
			}
			png, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
			if err != nil {
				return err
			}
			file := filepath.Join(cfg.screenshots, fmt.Sprintf("%s-%d.png", name, w))
			if err := os.WriteFile(file, png, 0o644); err != nil {
				return err
			}
			fmt.Fprintf(cfg.out, "wrote %s (%s, %d bytes)\n", file, p.url, len(png))
		}
	}
	return nil
}
