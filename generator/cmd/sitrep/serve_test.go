package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// fixtureCopy copies the build fixture site and the default theme into a
// temporary folder.
func fixtureCopy(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for src, dst := range map[string]string{
		"../../internal/build/testdata/site/content": "content",
		"../../../templates":                         "templates",
		"../../../static":                            "static",
	} {
		if err := os.CopyFS(filepath.Join(dir, dst), os.DirFS(src)); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// served is a running `sitrep serve`.
type served struct {
	url   string        // the site's URL, ending in its base path
	lines chan string   // stdout, line by line
	stop  func() int    // Ctrl-C, then the exit status
	errs  *bytes.Buffer // stderr, readable after stop
}

// startServe runs `sitrep serve` on a free loopback port over dir.
func startServe(t testing.TB, dir string, extra ...string) *served {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	s := &served{lines: make(chan string, 100), errs: &bytes.Buffer{}}
	var errMu sync.Mutex
	status := make(chan int, 1)
	go func() { // owner: the test; ends when run returns
		args := append([]string{"serve", "-site", dir, "-addr", "127.0.0.1:0"}, extra...)
		code := run(ctx, args, pw, lockedWriter{&errMu, s.errs})
		pw.Close()
		status <- code
	}()
	go func() { // owner: the test; ends when the pipe is closed
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			s.lines <- sc.Text()
		}
		close(s.lines)
	}()
	var once sync.Once
	code := -1
	s.stop = func() int {
		once.Do(func() {
			cancel()
			for range s.lines { // drain, so that run can finish writing
			}
			code = <-status
		})
		return code
	}
	t.Cleanup(func() { s.stop() })
	for line := range s.lines {
		if u, ok := strings.CutPrefix(line, "serving "); ok {
			s.url = strings.TrimSuffix(u, " (Ctrl-C to stop)")
			return s
		}
	}
	t.Fatalf("sitrep serve stopped before serving (status %d): %s", s.stop(), s.errs)
	return nil
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// waitLine waits for a line of output containing want.
func (s *served) waitLine(t testing.TB, want string) string {
	t.Helper()
	return s.waitLineWithin(t, want, 20*time.Second)
}

// waitLineWithin is waitLine with another deadline.
func (s *served) waitLineWithin(t testing.TB, want string, within time.Duration) string {
	t.Helper()
	deadline := time.After(within)
	for {
		select {
		case line, ok := <-s.lines:
			if !ok {
				t.Fatalf("sitrep serve ended without printing %q", want)
			}
			if strings.Contains(line, want) {
				return line
			}
		case <-deadline:
			t.Fatalf("no line with %q within %s", want, within)
		}
	}
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

// waitBody gets url until its body satisfies ok, for up to 20 s, and
// returns the last body.
func waitBody(t *testing.T, url string, ok func(body string) bool) string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		_, body := get(t, url)
		if ok(body) || time.Now().After(deadline) {
			return body
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func replaceIn(t *testing.T, name, old, new string) {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(old)) {
		t.Fatalf("%s lacks %q", name, old)
	}
	if err := os.WriteFile(name, bytes.Replace(data, []byte(old), []byte(new), 1), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestServe runs the command: it serves the fixture under its base path,
// rebuilds after an edit, keeps the last good site on an error, writes
// nothing into the site folder, and stops cleanly.
func TestServe(t *testing.T) {
	dir := fixtureCopy(t)
	s := startServe(t, dir)
	if !strings.HasSuffix(s.url, "/briefing/") {
		t.Fatalf("serving %q, want the base path /briefing/", s.url)
	}
	page := s.url + "briefs/2023-04-30-tehran-meeting/"
	if code, body := get(t, page); code != 200 || !strings.Contains(body, "Khamenei presses Rashid") {
		t.Fatalf("GET brief = %d", code)
	}
	if code, body := get(t, s.url+"no/such/page/"); code != 404 || !strings.Contains(body, "Page not found") {
		t.Errorf("GET unknown = %d, want the site's 404 page", code)
	}

	brief := filepath.Join(dir, "content/briefs/2023-04-30-tehran-meeting.md")
	replaceIn(t, brief, "Rashid did not answer", "Rashid never answered")
	s.waitLine(t, "rebuilt after content/briefs/2023-04-30-tehran-meeting.md: 1 page rendered")
	if _, body := get(t, page); !strings.Contains(body, "Rashid never answered") {
		t.Error("the page lacks the edit after the rebuild")
	}

	replaceIn(t, brief, "date: 2023-04-30", "date: 2023-04-31")
	s.waitLine(t, "failed with 1 error")
	if _, body := get(t, page); !strings.Contains(body, "Rashid never answered") {
		t.Error("the last good page is not served after a failed rebuild")
	}
	replaceIn(t, brief, "date: 2023-04-31", "date: 2023-04-30")
	s.waitLine(t, "rebuilt after")

	if code := s.stop(); code != 0 {
		t.Errorf("exit status %d after Ctrl-C, want 0; stderr:\n%s", code, s.errs)
	}
	if !strings.Contains(s.errs.String(), "2023-04-31") {
		t.Errorf("stderr lacks the located diagnostic:\n%s", s.errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "public")); err == nil {
		t.Error("sitrep serve wrote public/")
	}
}

// TestServeBusyPort checks that a port in use is a clear error, status 1.
func TestServeBusyPort(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"serve", "-site", fixtureCopy(t), "-addr", ln.Addr().String()}, &stdout, &stderr)
	if code != 1 || !strings.Contains(stderr.String(), "cannot listen on "+ln.Addr().String()) || !strings.Contains(stderr.String(), "address already in use") {
		t.Errorf("status %d, stderr %q", code, stderr.String())
	}
}

// TestServeForeignHost asks the running server for a page as a page of
// another site would through DNS rebinding (Host: its own name), and for
// the event stream from another origin: both are refused.
func TestServeForeignHost(t *testing.T) {
	s := startServe(t, fixtureCopy(t))
	u, err := url.Parse(s.url)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		host, path, origin string
		want               int
	}{
		{u.Host, u.Path, "", http.StatusOK},
		{"evil.example", u.Path, "", http.StatusForbidden},
		{"evil.example:" + u.Port(), u.Path + "briefs/2023-04-30-tehran-meeting/", "", http.StatusForbidden},
		{"evil.example", "/_sitrep/events", "", http.StatusForbidden},
		{u.Host, "/_sitrep/events", "http://evil.example", http.StatusForbidden},
		{u.Host, "/_sitrep/events", "http://" + u.Host, http.StatusOK},
	} {
		req, err := http.NewRequest("GET", "http://"+u.Host+c.path, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Host = c.host
		if c.origin != "" {
			req.Header.Set("Origin", c.origin)
		}
		ctx, cancel := context.WithCancel(context.Background())
		resp, err := http.DefaultClient.Do(req.WithContext(ctx))
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != c.want {
			t.Errorf("GET %s with Host %s, Origin %q = %d, want %d", c.path, c.host, c.origin, resp.StatusCode, c.want)
		}
		cancel() // ends an event stream
		resp.Body.Close()
	}
}

// TestDescribeQuotes names edited files with escape sequences in the line
// serve prints after a rebuild: they are quoted, not sent to the terminal.
func TestDescribeQuotes(t *testing.T) {
	for _, c := range []struct {
		paths []string
		want  string
	}{
		{[]string{"content/briefs/a.md"}, "content/briefs/a.md"},
		{[]string{"content/briefs/\x1b[2J.md"}, `"content/briefs/\x1b[2J.md"`},
		{[]string{"a.md", "b\u202e.md"}, `a.md and "b\u202e.md"`},
		{[]string{"\x1b.md", "b.md", "c.md"}, `"\x1b.md" and 2 more`},
	} {
		if got := describe(c.paths); got != c.want {
			t.Errorf("describe(%q) = %q, want %q", c.paths, got, c.want)
		}
	}
}

// TestServeDrafts checks that serve shows drafts by default, marked as such
// and kept out of search engines, and that -drafts=false previews the site
// as published: the draft's page is not found.
func TestServeDrafts(t *testing.T) {
	dir := fixtureCopy(t)
	const draft = "briefs/2023-05-10-outlook/"
	s := startServe(t, dir)
	code, body := get(t, s.url+draft)
	if code != 200 {
		t.Fatalf("GET draft = %d, want 200", code)
	}
	for _, want := range []string{
		`<meta name="robots" content="noindex">`,
		`<p class="draft-banner" role="note"><span class="draft">Draft</span>`,
		"Not published without -drafts.",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the draft's page lacks %q", want)
		}
	}
	if _, home := get(t, s.url); !strings.Contains(home, "Outlook (draft)") || !strings.Contains(home, `<span class="draft">Draft</span>`) {
		t.Error("the home page does not list the draft with its marker")
	}
	page := "briefs/2023-04-30-tehran-meeting/"
	if _, body := get(t, s.url+page); strings.Contains(body, "noindex") || strings.Contains(body, "draft-banner") {
		t.Error("a published brief is marked as a draft")
	}

	p := startServe(t, dir, "-drafts=false")
	if code, body := get(t, p.url+draft); code != 404 || !strings.Contains(body, "Page not found") {
		t.Errorf("GET draft with -drafts=false = %d, want the site's 404 page", code)
	}
	if code, _ := get(t, p.url+page); code != 200 {
		t.Errorf("GET published brief with -drafts=false = %d", code)
	}
}

// TestServeBaseURL checks that -base-url serves the site under its path,
// with links that work as published, and that / redirects there.
func TestServeBaseURL(t *testing.T) {
	s := startServe(t, fixtureCopy(t), "-base-url", "https://example.com/desk/news/")
	if !strings.HasSuffix(s.url, "/desk/news/") {
		t.Fatalf("serving %q, want the base path /desk/news/", s.url)
	}
	root := strings.TrimSuffix(s.url, "desk/news/")
	code, body := get(t, s.url)
	if code != 200 || !strings.Contains(body, `href="/desk/news/briefs/2023-04-30-tehran-meeting/"`) {
		t.Fatalf("GET home = %d, or its links are not under /desk/news/", code)
	}
	if !strings.Contains(body, `<link rel="canonical" href="https://example.com/desk/news/">`) {
		t.Error("the canonical URL does not use -base-url")
	}
	if code, _ := get(t, s.url+"briefs/2023-04-30-tehran-meeting/"); code != 200 {
		t.Errorf("GET a brief under the base path = %d", code)
	}
	if code, _ := get(t, root+"briefing/"); code != 404 {
		t.Errorf("GET site.yaml's base path = %d, want 404", code)
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(root)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusFound || loc != "/desk/news/" {
		t.Errorf("GET / = %d to %q, want 302 to /desk/news/", resp.StatusCode, loc)
	}
}

// TestServeMidWrite saves a brief as a slow editor would, in two writes
// with a pause between them: the first leaves the file with its front
// matter not closed, which a rebuild at that moment reads. The open page
// must not see an error overlay, only the reload once the file is whole;
// a file that stays bad is still reported.
func TestServeMidWrite(t *testing.T) {
	dir := fixtureCopy(t)
	s := startServe(t, dir)
	s.waitLine(t, "built:")
	events := openEvents(t, s.url)
	name := filepath.Join(dir, "content/briefs/2023-04-30-tehran-meeting.md")
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	whole := bytes.Replace(data, []byte("Rashid did not answer"), []byte("Rashid never answered"), 1)
	for i, cut := range []int{0, 40} { // empty, then front matter not yet closed
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_TRUNC, 0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.Write(whole[:cut]); err != nil {
			t.Fatal(err)
		}
		// long enough for a rebuild to read the half-written file (the
		// fixture rebuilds in a few ms), shorter than the wait for more
		time.Sleep(40 * time.Millisecond)
		if _, err := f.Write(whole[cut:]); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
		if before := waitEvent(t, events, "reload"); len(before) > 0 {
			t.Errorf("save %d: events %q before the reload, want none (no error overlay)", i, before)
		}
		drain(events, 150*time.Millisecond)
		whole = data // the next save puts the original back
	}

	// a file that stays bad is reported, after the wait
	if err := os.WriteFile(name, data[:40], 0o644); err != nil {
		t.Fatal(err)
	}
	if before := waitEvent(t, events, "errors"); len(before) > 0 {
		t.Errorf("events %q before the errors", before)
	}
}
