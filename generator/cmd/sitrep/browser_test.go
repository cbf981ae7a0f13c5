package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/sitrep-dev/sitrep/generator/internal/browsertest"
)

// browser starts a headless Chromium for the test; see browsertest.Start.
func browser(t *testing.T) (context.Context, func() []string) {
	return browsertest.Start(t, 90*time.Second)
}

// TestBrowserLiveReload drives Chromium against `sitrep serve`: an edit
// shows in the open page with no manual reload, a broken front matter shows
// the overlay with the located error, the fix takes it away, and a
// stylesheet edit is applied without reloading the page.
func TestBrowserLiveReload(t *testing.T) {
	ctx, problems := browser(t)
	dir := fixtureCopy(t)
	s := startServe(t, dir)
	brief := filepath.Join(dir, "content/briefs/2023-04-30-tehran-meeting.md")

	eval := func(expr string) (bool, error) {
		return chromedp.Run(ctx, chromedp.Evaluate[bool](expr))
	}
	// waitFor evaluates a predicate until it holds; it survives reloads
	waitFor := func(what, expr string) {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for {
			ok, err := eval(expr)
			if ok && err == nil {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: %s is still false (%v)", what, expr, err)
			}
			time.Sleep(50 * time.Millisecond) // a polling interval, not a wait for an outcome
		}
	}
	mark := func() {
		t.Helper()
		if _, err := eval(`(window.sitrepMark = true)`); err != nil {
			t.Fatal(err)
		}
	}

	if err := chromedp.Do(ctx, chromedp.Navigate(s.url+"briefs/2023-04-30-tehran-meeting/")); err != nil {
		t.Fatal(err)
	}
	title, err := chromedp.Run(ctx, chromedp.Title())
	if err != nil || title != "Khamenei presses Rashid on US troops · Fixture Briefings" {
		t.Fatalf("title = %q, %v", title, err)
	}
	waitFor("event stream open", `window.sitrepLive === true`)

	// an edit reloads the page by itself
	mark()
	replaceIn(t, brief, "Rashid did not answer", "Rashid never answered")
	waitFor("edited text shown", `document.body.innerText.indexOf("Rashid never answered") >= 0`)
	if reloaded, _ := eval(`window.sitrepMark === undefined`); !reloaded {
		t.Error("the text changed without a reload?")
	}

	// a broken front matter shows the overlay, the page stays
	replaceIn(t, brief, "date: 2023-04-30", "date: 2023-04-31")
	waitFor("overlay shown", `!!document.getElementById("sitrep-overlay") && document.getElementById("sitrep-overlay").textContent.indexOf("content/briefs/2023-04-30-tehran-meeting.md:3:") >= 0`)
	if ok, _ := eval(`document.body.innerText.indexOf("Rashid never answered") >= 0`); !ok {
		t.Error("the last good page is gone under the overlay")
	}
	// the fix takes it away
	replaceIn(t, brief, "date: 2023-04-31", "date: 2023-04-30")
	waitFor("overlay gone", `!document.getElementById("sitrep-overlay")`)

	// a stylesheet edit applies without a reload
	waitFor("event stream open again", `document.readyState === "complete" && window.sitrepLive === true`)
	mark()
	css := filepath.Join(dir, "static/style.css")
	data, err := os.ReadFile(css)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(css, append(data, "\nbody { outline: 3px solid rgb(1, 2, 3); }\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor("new style applied", `getComputedStyle(document.body).outlineColor === "rgb(1, 2, 3)"`)
	if kept, _ := eval(`window.sitrepMark === true`); !kept {
		t.Error("the page reloaded for a stylesheet change; want the stylesheet swapped in place")
	}

	var real []string
	for _, p := range problems() {
		if !strings.Contains(p, "_sitrep/events") { // an event stream cut by a reload is not a page problem
			real = append(real, p)
		}
	}
	if len(real) > 0 {
		t.Errorf("browser problems:\n%s", strings.Join(real, "\n"))
	}
}
