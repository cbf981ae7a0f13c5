package serve

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

func tree() map[string][]byte {
	return map[string][]byte{
		"index.html":          []byte("<html><body>home</body></html>"),
		"briefs/a/index.html": []byte("<html><body>brief a</body></html>"),
		"404.html":            []byte("<html><body>not here</body></html>"),
		"static/style.css":    []byte("body{}"),
	}
}

func newServer(t *testing.T) (*Server, *httptest.Server) {
	t.Helper()
	s := New("/briefing/")
	s.Update("/briefing/", tree(), nil)
	hs := httptest.NewServer(s)
	t.Cleanup(func() { s.Close(); hs.Close() })
	return s, hs
}

// raw sends a request line as it is, without a client cleaning the path,
// and returns the status, Location and body.
func raw(t *testing.T, addr, target string) (int, string, string) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", target)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("GET %s: %v", target, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header.Get("Location"), string(body)
}

func TestServe(t *testing.T) {
	_, hs := newServer(t)
	addr := hs.Listener.Addr().String()
	for _, c := range []struct {
		target   string
		status   int
		location string
		body     string
	}{
		{"/briefing/", 200, "", "home"},
		{"/", 302, "/briefing/", ""},
		{"/briefing", 301, "/briefing/", ""},
		{"/briefing/briefs/a/", 200, "", "brief a"},
		{"/briefing/briefs/a", 301, "/briefing/briefs/a/", ""},
		{"/briefing/briefs/a/index.html", 200, "", "brief a"},
		{"/briefing/static/style.css", 200, "", "body{}"},
		{"/briefing/nothing/", 404, "", "not here"},
		{"/elsewhere", 404, "", "not here"},
	} {
		status, loc, body := raw(t, addr, c.target)
		if status != c.status || loc != c.location || !strings.Contains(body, c.body) {
			t.Errorf("GET %s = %d %q %q, want %d %q and a body with %q", c.target, status, loc, body, c.status, c.location, c.body)
		}
	}
	// the script is added to HTML only
	if _, _, body := raw(t, addr, "/briefing/"); !strings.Contains(body, EventsPath) || !strings.Contains(body, "</script>\n</body>") {
		t.Errorf("home page without the live-reload script before </body>: %q", body)
	}
	if _, _, body := raw(t, addr, "/briefing/static/style.css"); body != "body{}" {
		t.Errorf("stylesheet changed in transit: %q", body)
	}
	resp, err := http.Post(hs.URL+"/briefing/", "text/plain", strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST = %d, want 405", resp.StatusCode)
	}
}

// TestTraversal sends paths that try to leave the site: none may serve
// anything but a redirect to a clean path, a refusal or the 404 page.
func TestTraversal(t *testing.T) {
	_, hs := newServer(t)
	addr := hs.Listener.Addr().String()
	for _, target := range []string{
		"/briefing/../../../../etc/passwd",
		"/briefing/%2e%2e/%2e%2e/etc/passwd",
		"/briefing/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
		"/briefing/..%2f..%2f..%2fetc%2fpasswd",
		"/briefing/static/..%5c..%5cetc%5cpasswd",
		"/briefing/static/..\\..\\etc\\passwd",
		"//etc/passwd",
		"/briefing//etc/passwd",
		"/briefing/%00/x",
		"/etc/passwd",
		"http://localhost/etc/passwd",
		"/briefing/./../briefing/../etc/passwd",
	} {
		status, loc, body := raw(t, addr, target)
		switch {
		case status == 404 && strings.Contains(body, "not here"), status == 400:
		case status == 301 || status == 302:
			if !strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, "//") || strings.Contains(loc, "..") {
				t.Errorf("GET %s redirects to %q", target, loc)
			}
			if s2, _, b2 := raw(t, addr, loc); s2 != 404 && s2 != 301 || strings.Contains(b2, "root:") {
				t.Errorf("GET %s -> %s = %d %q", target, loc, s2, b2)
			}
		default:
			t.Errorf("GET %s = %d %q", target, status, body)
		}
	}
}

// stream reads server-sent events.
type stream struct {
	r    *bufio.Reader
	resp *http.Response
}

func openStream(t *testing.T, url string) *stream {
	t.Helper()
	resp, err := http.Get(url + EventsPath)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("Content-Type %q", ct)
	}
	st := &stream{r: bufio.NewReader(resp.Body), resp: resp}
	if ev, _ := st.next(t); ev != "hello" {
		t.Fatalf("first event %q, want hello", ev)
	}
	return st
}

func (st *stream) next(t *testing.T) (event, data string) {
	t.Helper()
	timer := time.AfterFunc(10*time.Second, func() { st.resp.Body.Close() }) // a hang becomes a read error
	defer timer.Stop()
	for {
		line, err := st.r.ReadString('\n')
		if err != nil {
			t.Fatalf("event stream: %v", err)
		}
		line = strings.TrimRight(line, "\n")
		switch {
		case strings.HasPrefix(line, "event: "):
			event = line[7:]
		case strings.HasPrefix(line, "data: "):
			data = line[6:]
		case line == "" && event != "":
			return event, data
		}
	}
}

func TestEvents(t *testing.T) {
	s, hs := newServer(t)
	st := openStream(t, hs.URL)

	next := tree()
	next["briefs/a/index.html"] = []byte("<html><body>brief a, edited</body></html>")
	s.Update("/briefing/", next, []string{"briefs/a/index.html"})
	if ev, data := st.next(t); ev != "reload" || data != `{"paths":["/briefing/briefs/a/"]}` {
		t.Errorf("after a page edit: %s %s", ev, data)
	}

	s.Fail([]string{"content/briefs/a.md:3:7: unknown actor \"X\""})
	if ev, data := st.next(t); ev != "errors" || !strings.Contains(data, `a.md:3:7: unknown actor \"X\"`) {
		t.Errorf("after a failed build: %s %s", ev, data)
	}
	// a page opened while the site is broken gets the errors at once
	late := openStream(t, hs.URL)
	if ev, _ := late.next(t); ev != "errors" {
		t.Errorf("a new stream while broken starts with %q, want errors", ev)
	}
	s.Update("/briefing/", next, nil)
	if ev, _ := st.next(t); ev != "ok" {
		t.Errorf("after the fix: %s, want ok", ev)
	}
}

func TestPlan(t *testing.T) {
	s := New("/b/")
	old := map[string][]byte{
		"index.html":           []byte(`<link href="/b/static/style.1.css"> home`),
		"x/index.html":         []byte(`<link href="/b/static/style.1.css"> x`),
		"static/style.1.css":   []byte("a"),
		"static/plain.css":     []byte("a"),
		"static/logo.svg":      []byte("<svg/>"),
		"feeds/index.html":     []byte("feeds"),
		"unchanged/index.html": []byte("same"),
	}
	fp := map[string][]byte{}
	for k, v := range old {
		fp[k] = v
	}
	delete(fp, "static/style.1.css")
	fp["static/style.2.css"] = []byte("b")
	fp["index.html"] = []byte(`<link href="/b/static/style.2.css"> home`)
	fp["x/index.html"] = []byte(`<link href="/b/static/style.2.css"> x, edited`)
	reload, swaps := s.plan(old, fp, []string{"index.html", "static/style.1.css", "static/style.2.css", "x/index.html"})
	if !slices.Equal(reload, []string{"/b/x/"}) || len(swaps) != 1 || swaps[0] != (swap{"/b/static/style.1.css", "/b/static/style.2.css"}) {
		t.Errorf("fingerprinted stylesheet: reload %q, swaps %v; want /b/x/ only and one swap", reload, swaps)
	}
	reload, swaps = s.plan(old, old, []string{"static/plain.css"})
	if len(reload) != 0 || len(swaps) != 1 || swaps[0] != (swap{"/b/static/plain.css", "/b/static/plain.css"}) {
		t.Errorf("edited stylesheet: reload %q, swaps %v", reload, swaps)
	}
	reload, _ = s.plan(old, old, []string{"static/logo.svg"})
	if !slices.Equal(reload, []string{"*"}) {
		t.Errorf("image: reload %q, want every page", reload)
	}
}

// TestUpdateLazy serves a site still being rendered: files come from the
// get function (each asked for as requested), folders and the 404 page
// included, until an Update brings the finished tree.
func TestUpdateLazy(t *testing.T) {
	s := New("/")
	var mu sync.Mutex
	var asked []string
	askedSoFar := func() []string { mu.Lock(); defer mu.Unlock(); return slices.Clone(asked) }
	files := tree()
	s.UpdateLazy("/briefing/", func(name string) ([]byte, bool) {
		mu.Lock()
		defer mu.Unlock()
		asked = append(asked, name)
		data, ok := files[name]
		return data, ok
	})
	hs := httptest.NewServer(s)
	t.Cleanup(func() { s.Close(); hs.Close() })
	addr := hs.Listener.Addr().String()
	for _, c := range []struct {
		target, location, body string
		status                 int
	}{
		{"/briefing/briefs/a/", "", "brief a", http.StatusOK},
		{"/briefing/briefs/a", "/briefing/briefs/a/", "", http.StatusMovedPermanently},
		{"/briefing/missing/", "", "not here", http.StatusNotFound},
		{"/", "/briefing/", "", http.StatusFound},
	} {
		status, location, body := raw(t, addr, c.target)
		if status != c.status || location != c.location || !strings.Contains(body, c.body) {
			t.Errorf("GET %s = %d %q %q, want %d %q %q", c.target, status, location, body, c.status, c.location, c.body)
		}
	}
	if a := askedSoFar(); !slices.Contains(a, "briefs/a/index.html") || !slices.Contains(a, "404.html") {
		t.Errorf("asked for %q", a)
	}
	// the finished tree replaces the function
	done := tree()
	done["briefs/a/index.html"] = []byte("<html><body>brief a, final</body></html>")
	s.Update("/briefing/", done, nil)
	n := len(askedSoFar())
	if _, _, body := raw(t, addr, "/briefing/briefs/a/"); !strings.Contains(body, "brief a, final") || len(askedSoFar()) != n {
		t.Errorf("after Update: body %q, asked %q", body, askedSoFar()[n:])
	}
}
