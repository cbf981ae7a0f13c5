package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// queryResult is what one first query cost.
type queryResult struct {
	query
	url        string
	total      string // the data-total shown; "" when none appeared
	requests   int
	bytes      int64 // encoded bytes received, over every request
	indexBytes int64 // of which for files under search/ other than the page
	elapsed    time.Duration
	problem    string // why the results did not show, or requests that failed
}

// resultsTimeout is how long a query may take to show its results;
// giveUpQuiet, how long the network may stay quiet before they show.
const (
	resultsTimeout = 30 * time.Second
	giveUpQuiet    = 5 * time.Second
)

// totalJS finds the element carrying data-total; "n=" keeps a total of 0
// truthy for Poll.
const totalJS = `(() => { const e = document.querySelector('[data-total]'); return e ? 'n=' + e.getAttribute('data-total') : null })()`

// firstQueries opens /search/?… for each query in a fresh browser context
// (nothing cached, nothing shared with the previous query) and measures
// what it fetches until the results show.
func firstQueries(ctx context.Context, base string, queries []query) ([]queryResult, error) {
	chrome, err := chromium()
	if err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp("", "sitrep-archive-chromium-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chrome),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(tmp),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(actx)
	defer cancelBrowser()
	if err := chromedp.Do(bctx); err != nil { // starts the browser
		return nil, fmt.Errorf("start Chromium: %w", err)
	}
	var out []queryResult
	for _, q := range queries {
		r, err := firstQuery(bctx, base+"search/?"+q.params.Encode(), base+"search/")
		if err != nil {
			return nil, fmt.Errorf("%s: %w", q.label, err)
		}
		r.query = q
		out = append(out, r)
	}
	return out, nil
}

func chromium() (string, error) {
	if p := os.Getenv("CHROME_PATH"); p != "" {
		return p, nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("chromium is not installed (apt-get install chromium), or run with -browser=false")
}

// traffic adds up the requests of one tab.
type traffic struct {
	mu       sync.Mutex
	urls     map[network.RequestID]string
	pending  map[network.RequestID]bool
	last     time.Time // when a request last started or ended
	requests int
	bytes    int64
	index    int64
	failed   []string
}

func (tr *traffic) listen(searchDir, page string) func(ev any) {
	return func(ev any) {
		tr.mu.Lock()
		defer tr.mu.Unlock()
		switch e := ev.(type) {
		case *network.EventRequestWillBeSent:
			if _, ok := tr.urls[e.RequestID]; !ok {
				tr.requests++
			}
			tr.urls[e.RequestID] = e.Request.URL
			tr.pending[e.RequestID] = true
		case *network.EventLoadingFinished:
			n := int64(e.EncodedDataLength)
			tr.bytes += n
			if u := tr.urls[e.RequestID]; strings.HasPrefix(u, searchDir) && !strings.HasPrefix(u, page) {
				tr.index += n
			}
			delete(tr.pending, e.RequestID)
		case *network.EventResponseReceived:
			if e.Response.Status >= 400 {
				tr.failed = append(tr.failed, fmt.Sprintf("HTTP %d for %s", e.Response.Status, e.Response.URL))
			}
			return
		case *network.EventLoadingFailed:
			tr.failed = append(tr.failed, tr.urls[e.RequestID]+": "+e.ErrorText)
			delete(tr.pending, e.RequestID)
		default:
			return
		}
		tr.last = time.Now()
	}
}

// quiet reports whether no request is under way and none started or ended
// in the last half second.
func (tr *traffic) quiet() bool { return tr.quietFor(500 * time.Millisecond) }

// quietFor reports whether no request is under way and none started or
// ended for d.
func (tr *traffic) quietFor(d time.Duration) bool {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	return len(tr.pending) == 0 && time.Since(tr.last) > d
}

// waitTotal waits for the element with data-total and returns its value
// prefixed "n=". It gives up, returning "", after resultsTimeout, or once
// the network has been quiet for giveUpQuiet (a page that fetched all it
// wanted and shows no total will not show one).
func waitTotal(ctx context.Context, tr *traffic) (string, error) {
	deadline := time.Now().Add(resultsTimeout)
	for time.Now().Before(deadline) && !tr.quietFor(giveUpQuiet) {
		v, err := chromedp.Run(ctx, chromedp.Evaluate[*string](totalJS))
		if err != nil {
			return "", fmt.Errorf("look for data-total: %w", err)
		}
		if v != nil {
			return *v, nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	return "", nil
}

// firstQuery loads pageURL in a new browser context with the cache off,
// waits for data-total, then for the network to be quiet.
func firstQuery(bctx context.Context, pageURL, searchDir string) (queryResult, error) {
	tctx, cancel := chromedp.NewContext(bctx, chromedp.WithNewBrowserContext())
	defer cancel()
	tr := &traffic{urls: map[network.RequestID]string{}, pending: map[network.RequestID]bool{}}
	if err := chromedp.Listen(tctx, tr.listen(searchDir, searchDir+"?")); err != nil {
		return queryResult{}, err
	}
	if _, err := chromedp.Call(tctx, network.Enable, network.EnableParams{}); err != nil {
		return queryResult{}, err
	}
	if _, err := chromedp.Call(tctx, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true}); err != nil {
		return queryResult{}, err
	}
	r := queryResult{url: pageURL}
	start := time.Now()
	if err := chromedp.Do(tctx, chromedp.Navigate(pageURL)); err != nil {
		return queryResult{}, fmt.Errorf("load %s: %w", pageURL, err)
	}
	total, err := waitTotal(tctx, tr)
	r.elapsed = time.Since(start)
	if err != nil {
		return queryResult{}, err
	}
	if total == "" {
		r.problem = "no element with data-total"
	}
	r.total = strings.TrimPrefix(total, "n=")
	for deadline := time.Now().Add(10 * time.Second); !tr.quiet() && time.Now().Before(deadline); {
		time.Sleep(50 * time.Millisecond)
	}
	tr.mu.Lock()
	defer tr.mu.Unlock()
	r.requests, r.bytes, r.indexBytes = tr.requests, tr.bytes, tr.index
	if len(tr.failed) > 0 {
		r.problem = strings.TrimPrefix(r.problem+"; failed: "+strings.Join(tr.failed, ", "), "; ")
	}
	return r, nil
}
