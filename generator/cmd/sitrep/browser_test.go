package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// chromium finds Debian's Chromium; the browser test is skipped, loudly,
// only where it is not installed.
func chromium(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("Chromium is not installed: .ci/run must install Debian's chromium package")
	}
	t.Skip("SKIPPING THE LIVE-RELOAD BROWSER TEST: Chromium is not installed (apt-get install chromium)")
	return ""
}

// browser starts a headless Chromium and returns a context for it, plus the
// console errors and failed requests it saw.
func browser(t *testing.T) (context.Context, func() []string) {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	var mu sync.Mutex
	var problems []string
	err := chromedp.Listen(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch e := ev.(type) {
		case *runtime.EventExceptionThrown:
			problems = append(problems, "exception: "+e.ExceptionDetails.Text)
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.ConsoleAPICalledTypeError {
				problems = append(problems, fmt.Sprintf("console error: %v", e.Args))
			}
		case *network.EventResponseReceived:
			if e.Response.Status >= 400 {
				problems = append(problems, fmt.Sprintf("HTTP %d for %s", e.Response.Status, e.Response.URL))
			}
		}
	})
	if err == nil {
		_, err = chromedp.Call(ctx, network.Enable, network.EnableParams{})
	}
	if err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return ctx, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), problems...)
	}
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
