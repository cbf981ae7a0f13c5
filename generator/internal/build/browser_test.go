package build

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/chromedp/chromedp/kb"

	"github.com/sitrep-dev/sitrep/generator/internal/browsertest"
)

// browser starts a headless Chromium for the test; see browsertest.Start.
func browser(t *testing.T) (context.Context, func() []string) {
	return browsertest.Start(t, 60*time.Second)
}

// A fixtureBrowser is Chromium on the built fixture, served under
// /briefing/ as a static host would. The problems Chromium logs fail the
// test when it ends.
type fixtureBrowser struct {
	t    *testing.T
	ctx  context.Context
	base string // the site's URL: http://127.0.0.1:N/briefing/
}

func openFixture(t *testing.T, cfg Config) *fixtureBrowser {
	cfg.Site = fixtureSite(t)
	_, out := mustBuild(t, cfg)
	mux := http.NewServeMux()
	mux.Handle("/briefing/", http.StripPrefix("/briefing/", http.FileServer(http.Dir(out))))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	ctx, problems := browser(t)
	t.Cleanup(func() {
		if p := problems(); len(p) > 0 {
			t.Errorf("browser problems:\n%s", strings.Join(p, "\n"))
		}
	})
	return &fixtureBrowser{t: t, ctx: ctx, base: srv.URL + "/briefing/"}
}

// eval returns the number expr gives in the page.
func (b *fixtureBrowser) eval(expr string) float64 {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[float64](expr))
	if err != nil {
		b.t.Fatalf("%s: %v", expr, err)
	}
	return v
}

// do runs steps in the page.
func (b *fixtureBrowser) do(steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, steps...); err != nil {
		b.t.Fatal(err)
	}
}

// TestBrowser opens the built fixture in Chromium, served under /briefing/
// as a static host would: it reads a brief, follows an entity link, and
// checks that sidenotes sit in the margin on a wide screen and below the
// text on a phone.
func TestBrowser(t *testing.T) {
	b := openFixture(t, Config{})
	ctx, eval, do := b.ctx, b.eval, b.do

	text := func(a chromedp.Action[string]) string {
		t.Helper()
		v, err := chromedp.Run(ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}

	do(chromedp.EmulateViewport(1280, 900), chromedp.Navigate(b.base+"briefs/2023-04-30-tehran-meeting/"))
	if title := text(chromedp.Title()); title != "Khamenei presses Rashid on US troops · Fixture Briefings" {
		t.Errorf("title = %q", title)
	}
	sideX := eval(`document.querySelector('.sidenote').getBoundingClientRect().left`)
	sideW := eval(`document.querySelector('.sidenote').getBoundingClientRect().width`)
	paraRight := eval(`document.querySelector('.sidenote').closest('p').getBoundingClientRect().right`)
	footShown := eval(`getComputedStyle(document.querySelector('.footnotes')).display === 'none' ? 0 : 1`)
	if sideW < 100 || sideX < paraRight || footShown != 0 {
		t.Errorf("at 1280 px the sidenote should sit right of the text (sidenote left %.0f, width %.0f; paragraph right %.0f; footnote list shown %v)", sideX, sideW, paraRight, footShown)
	}

	do(chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile), chromedp.Reload())
	sideShown := eval(`getComputedStyle(document.querySelector('.sidenote')).display === 'none' ? 0 : 1`)
	footShown = eval(`getComputedStyle(document.querySelector('.footnotes')).display === 'none' ? 0 : 1`)
	overflow := eval(`document.documentElement.scrollWidth - document.documentElement.clientWidth`)
	if sideShown != 0 || footShown != 1 || overflow > 0 {
		t.Errorf("at 390 px: sidenote shown %v, footnote list shown %v, horizontal overflow %.0f px", sideShown, footShown, overflow)
	}

	do(chromedp.EmulateViewport(1280, 900),
		chromedp.Click(chromedp.CSS(`.prose a.entity[href$="/actors/abdul-latif-rashid/"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.page-actor h1`)))
	location, title := text(chromedp.Location()), text(chromedp.Title())
	if !strings.HasSuffix(location, "/briefing/actors/abdul-latif-rashid/") || !strings.HasPrefix(title, "Abdul Latif Rashid ·") {
		t.Errorf("after clicking the entity link: location %q, title %q", location, title)
	}
}

// TestBrowserSearchAndPreview types an actor's alias into the search page
// and expects the brief that names the actor, with the alias marked; then
// it focuses an entity link from the keyboard and expects its preview,
// which Escape and moving the focus away close again.
func TestBrowserSearchAndPreview(t *testing.T) {
	b := openFixture(t, Config{Minify: true})
	ctx, do := b.ctx, b.do
	str := func(expr string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr))
		if err != nil {
			t.Fatalf("%s: %v", expr, err)
		}
		return v
	}
	wait := func(expr string) {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
			t.Fatalf("waiting for %s: %v", expr, err)
		}
	}

	// a headless page has no focused window, and then no focus events
	if _, err := chromedp.Call(ctx, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true}); err != nil {
		t.Fatal(err)
	}
	// "Ayatollah" is only in an alias of Ali Khamenei; diacritics and case do not matter
	do(chromedp.EmulateViewport(1280, 900), chromedp.Navigate(b.base+"search/"),
		chromedp.SendKeys(chromedp.CSS(`#search-q`), "AYATÔLLAH"))
	wait(`new URLSearchParams(location.search).get('q') === 'AYATÔLLAH' && document.getElementById('search-results').dataset.total !== undefined`)
	if got := str(`[...document.querySelectorAll('#search-results .brief-result h2 a')].map(a => a.pathname).join(' ')`); got != "/briefing/briefs/2023-04-30-tehran-meeting/" {
		t.Errorf("search for the alias found %q", got)
	}
	if got := str(`[...document.querySelectorAll('#search mark')].map(m => m.textContent).join('|')`); !strings.Contains(got, "Ayatollah") {
		t.Errorf("marked: %q, want Ayatollah", got)
	}
	if got := str(`document.getElementById('search-status').textContent`); !strings.Contains(got, "1 brief matches") || str(`document.getElementById('search-results').dataset.total`) != "1" {
		t.Errorf("status: %q, want 1 brief", got)
	}
	// the arrow key moves from the box to the first result
	do(chromedp.KeyEvent(kb.ArrowDown))
	if got := str(`document.activeElement.closest('#search-entities') ? document.activeElement.textContent : ''`); got != "Ali Khamenei" {
		t.Errorf("after ArrowDown the focus is on %q", got)
	}
	// the query is in the address, and searching with two terms needs both
	do(chromedp.Navigate(b.base + "search/?q=baghdad+austin"))
	wait(`document.getElementById('search-results').dataset.total !== undefined`)
	if got := str(`[...document.querySelectorAll('#search-results .brief-result h2 a')].map(a => a.textContent).join('|')`); got != "Austin makes unannounced Baghdad visit" {
		t.Errorf("search for two terms: %q", got)
	}

	do(chromedp.Navigate(b.base+"briefs/2023-04-30-tehran-meeting/"),
		chromedp.Focus(chromedp.CSS(`.prose a.entity[href$="/actors/abdul-latif-rashid/"]`)))
	wait(`(t => t && !t.hidden)(document.getElementById('entity-preview'))`)
	if got := str(`document.getElementById('entity-preview').textContent`); !strings.Contains(got, "Abdul Latif Rashid") || !strings.Contains(got, "1 brief") {
		t.Errorf("preview: %q", got)
	}
	if got := str(`document.activeElement.getAttribute('aria-describedby') + ' ' + document.getElementById('entity-preview').getAttribute('role')`); got != "entity-preview tooltip" {
		t.Errorf("aria-describedby and role: %q", got)
	}
	do(chromedp.KeyEvent(kb.Escape))
	wait(`document.getElementById('entity-preview').hidden`)
	// focus another entity link, then move the focus to a plain link
	do(chromedp.Focus(chromedp.CSS(`.chips a[href$="/countries/iran/"]`)))
	wait(`!document.getElementById('entity-preview').hidden && document.getElementById('entity-preview').textContent.includes('Iran')`)
	do(chromedp.Focus(chromedp.CSS(`.site-title`)))
	wait(`document.getElementById('entity-preview').hidden`)
}
