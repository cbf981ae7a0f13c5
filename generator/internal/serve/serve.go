// Package serve is the development server of `sitrep serve`: it serves a
// built site from memory, as a static host would serve the published
// folder, and keeps open pages up to date.
//
// # Serving
//
// The site is mounted at the path of its base URL ("/" or, say,
// "/briefing/"); a request for "/" redirects there. A folder path serves its
// index.html, a folder path without its final slash redirects to it, and an
// unknown path gets the site's 404.html with status 404. Paths are looked up
// in the in-memory tree only, after cleaning, so no request (with "..",
// encoded dots or slashes, or a Windows-style path) can read anything else.
// Only GET and HEAD are allowed. Responses are never cached.
//
// # Hosts
//
// The preview shows drafts and the site before it is published, so it
// answers only requests addressed to this machine. A web page the editor
// visits could otherwise read it through DNS rebinding: its own name,
// evil.example, made to resolve to 127.0.0.1, sends "Host: evil.example",
// and the browser lets the page read the answer as its own. As webpack's
// and Vite's dev servers do (allowedHosts), a request is answered only when
// its Host is a loopback name (localhost, *.localhost, 127.0.0.0/8, ::1) or
// the host of an address the server listens on (AllowHosts); others get
// 403 Forbidden. A request for the event stream whose Origin is present
// and not such a host gets 403 too.
//
// # Live reload
//
// Every HTML response gets a small script, added as it is sent (never
// stored), which listens to the Server-Sent Events stream at EventsPath:
//
//	event: hello    data: {}     (sets window.sitrepLive)
//	event: reload   data: {"paths": ["/briefing/briefs/x/", ...]}
//	event: css      data: {"swaps": [{"old": "/static/style.css", "new": "/static/style.css"}]}
//	event: errors   data: {"lines": ["content/briefs/x.md:3:7: ..."]}
//	event: ok       data: {}
//
// A page reloads when its own path is among the reloaded ones; a change that
// only touches stylesheets (edited, or renamed by fingerprinting, with pages
// changed only in the link to it) swaps the stylesheet links in place; a
// failed build shows its diagnostics in an overlay over the page, which
// goes away with the next good build.
package serve

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"path"
	"strings"
	"sync"
)

// EventsPath is where the event stream is served (outside the site's base path).
const EventsPath = "/_sitrep/events"

// A Server serves a tree of files, by slash path ("index.html",
// "briefs/x/index.html"), and streams changes to open pages. Its methods may
// be called from several goroutines.
type Server struct {
	base string // "/" or "/briefing/"

	mu     sync.RWMutex
	files  map[string][]byte
	get    func(name string) ([]byte, bool) // asked for files not in files, until the next Update
	errors []string                         // the diagnostics of a failed build, nil after a good one
	subs   map[chan message]struct{}
	allow  hostList // hosts answered besides the loopback names (hosts.go)
	closed chan struct{}
	once   sync.Once
}

type message struct {
	event string
	data  []byte
}

// New returns a server for a site whose base URL has the path base; it
// serves nothing until the first Update.
func New(base string) *Server {
	return &Server{base: cleanBase(base), subs: map[chan message]struct{}{}, closed: make(chan struct{})}
}

func cleanBase(base string) string {
	if !strings.HasPrefix(base, "/") {
		base = "/" + base
	}
	if !strings.HasSuffix(base, "/") {
		base += "/"
	}
	return base
}

// Close ends every event stream, so that an http.Server can shut down.
func (s *Server) Close() { s.once.Do(func() { close(s.closed) }) }

// URL returns the URL path of a file of the tree: "briefs/x/index.html"
// gives "/base/briefs/x/".
func (s *Server) URL(file string) string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.url(file)
}

func (s *Server) url(file string) string {
	if file == "index.html" {
		return s.base
	}
	return s.base + strings.TrimSuffix(file, "index.html")
}

// Update replaces the tree after a good build. changed lists the files
// added, changed or removed since the previous tree: open pages among them
// reload, stylesheets are swapped in place, and an error overlay goes away.
// The server keeps files; the caller must not modify it afterwards.
func (s *Server) Update(base string, files map[string][]byte, changed []string) {
	base = cleanBase(base)
	s.mu.Lock()
	old := s.files
	moved := base != s.base
	s.files, s.base, s.get = files, base, nil
	hadErrors := s.errors != nil
	s.errors = nil
	s.mu.Unlock()
	if hadErrors {
		s.broadcast(message{"ok", []byte("{}")})
	}
	reload, swaps := s.plan(old, files, changed)
	if moved {
		reload, swaps = []string{"*"}, nil // every URL changed
	}
	if len(swaps) > 0 {
		data, _ := json.Marshal(map[string]any{"swaps": swaps}) // plain strings always marshal
		s.broadcast(message{"css", data})
	}
	if len(reload) > 0 {
		data, _ := json.Marshal(map[string]any{"paths": reload}) // as above
		s.broadcast(message{"reload", data})
	}
}

// UpdateLazy serves a site that is still being rendered: get returns a
// file, rendering it if need be, and may block until it can tell. It serves
// until the next Update, which should give the finished tree (with changed
// empty, as no page served changes).
func (s *Server) UpdateLazy(base string, get func(name string) ([]byte, bool)) {
	s.mu.Lock()
	s.files, s.get, s.base = map[string][]byte{}, get, cleanBase(base)
	hadErrors := s.errors != nil
	s.errors = nil
	s.mu.Unlock()
	if hadErrors {
		s.broadcast(message{"ok", []byte("{}")})
	}
}

// lookup finds a file in the tree, or asks get.
func lookup(files map[string][]byte, get func(string) ([]byte, bool), name string) ([]byte, bool) {
	data, ok := files[name]
	if !ok && get != nil {
		data, ok = get(name)
	}
	return data, ok
}

// Fail shows the diagnostics of a failed build (one line each) in every
// open page, and in pages opened later, until the next Update.
func (s *Server) Fail(lines []string) {
	if lines == nil {
		lines = []string{}
	}
	s.mu.Lock()
	s.errors = lines
	s.mu.Unlock()
	s.broadcast(errorsMessage(lines))
}

func errorsMessage(lines []string) message {
	data, _ := json.Marshal(map[string]any{"lines": lines}) // plain strings always marshal
	return message{"errors", data}
}

// A swap tells pages to point links to old at new.
type swap struct {
	Old string `json:"old"`
	New string `json:"new"`
}

// plan decides which page URLs reload and which stylesheets are swapped.
func (s *Server) plan(old, files map[string][]byte, changed []string) (reload []string, swaps []swap) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var added, removed []string // stylesheets
	var pages []string
	reloadAll := false
	for _, p := range changed {
		_, inOld := old[p]
		_, inNew := files[p]
		switch {
		case strings.HasSuffix(p, ".css") && inOld && inNew:
			swaps = append(swaps, swap{s.url(p), s.url(p)})
		case strings.HasSuffix(p, ".css") && inNew:
			added = append(added, p)
		case strings.HasSuffix(p, ".css"):
			removed = append(removed, p)
		case strings.HasSuffix(p, ".html"):
			pages = append(pages, p)
		default:
			reloadAll = true // a script, an image, a feed: any page may show it
		}
	}
	// a fingerprinted stylesheet: one file renamed, pages changed only in the link
	var renamed *swap
	if len(added) == 1 && len(removed) == 1 {
		renamed = &swap{s.url(removed[0]), s.url(added[0])}
		swaps = append(swaps, *renamed)
	} else if len(added)+len(removed) > 0 {
		reloadAll = true
	}
	for _, p := range pages {
		o, inOld := old[p]
		n, inNew := files[p]
		if renamed != nil && inOld && inNew && bytes.Equal(bytes.ReplaceAll(o, []byte(renamed.Old), []byte(renamed.New)), n) {
			continue
		}
		reload = append(reload, s.url(p))
	}
	if reloadAll {
		reload = append(reload, "*")
	}
	return reload, swaps
}

func (s *Server) broadcast(m message) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	for c := range s.subs {
		select {
		case c <- m:
		default: // a stalled client misses this one; it catches up on its next reload
		}
	}
}

// ServeHTTP serves the tree and the event stream.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !s.allowedHost(r.Host) {
		refuse(w, "Host "+quote(r.Host))
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	p := r.URL.Path
	if p == EventsPath {
		s.events(w, r)
		return
	}
	if !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\\\x00") {
		s.notFound(w)
		return
	}
	clean := path.Clean(p)
	if strings.HasSuffix(p, "/") && clean != "/" {
		clean += "/"
	}
	if clean != p {
		// "/a/../b" and "//x" never reach a file: send the browser to the clean path
		http.Redirect(w, r, clean, http.StatusMovedPermanently)
		return
	}
	s.mu.RLock()
	base, files, get := s.base, s.files, s.get
	s.mu.RUnlock()
	if files == nil {
		s.notFound(w) // no good build yet: a page that shows the errors and waits for one
		return
	}
	if p == "/" && base != "/" {
		http.Redirect(w, r, base, http.StatusFound)
		return
	}
	rel, ok := strings.CutPrefix(p, base)
	if !ok {
		if p+"/" == base {
			http.Redirect(w, r, base, http.StatusMovedPermanently)
			return
		}
		s.notFound(w)
		return
	}
	name := rel
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	data, found := lookup(files, get, name)
	switch {
	case found:
		s.send(w, name, data, http.StatusOK)
	case isDir(files, get, name):
		http.Redirect(w, r, p+"/", http.StatusMovedPermanently)
	default:
		s.notFound(w)
	}
}

// isDir reports whether name is a folder with an index.html.
func isDir(files map[string][]byte, get func(string) ([]byte, bool), name string) bool {
	_, ok := lookup(files, get, name+"/index.html")
	return ok
}

func (s *Server) notFound(w http.ResponseWriter) {
	s.mu.RLock()
	files, get := s.files, s.get
	empty := s.files == nil
	s.mu.RUnlock()
	data, ok := lookup(files, get, "404.html")
	switch {
	case empty:
		data = []byte("<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>Sitrep: no good build yet</title></head>\n<body><p>Sitrep has no good build of this site yet. This page reloads when there is one.</p></body></html>\n")
		s.send(w, "waiting.html", data, http.StatusServiceUnavailable)
		return
	case !ok:
		http.Error(w, "404 page not found", http.StatusNotFound)
		return
	}
	s.send(w, "404.html", data, http.StatusNotFound)
}

// send writes a file, with the live-reload script in HTML.
func (s *Server) send(w http.ResponseWriter, name string, data []byte, status int) {
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = http.DetectContentType(data)
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if strings.HasPrefix(ctype, "text/html") {
		data = inject(data, status == http.StatusNotFound)
	}
	w.WriteHeader(status)
	_, _ = w.Write(data) // a client gone away is not our problem
}

// inject adds the live-reload script before </body>, or at the end.
func inject(page []byte, notFound bool) []byte {
	script := fmt.Sprintf("<script>%s</script>\n", strings.Replace(clientJS, "NOTFOUND", fmt.Sprint(notFound), 1))
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		i = len(page)
	}
	out := make([]byte, 0, len(page)+len(script))
	out = append(out, page[:i]...)
	out = append(out, script...)
	return append(out, page[i:]...)
}

// events streams changes to one page until it goes away or the server closes.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	if o := r.Header.Get("Origin"); !s.allowedOrigin(o) {
		refuse(w, "Origin "+quote(o))
		return
	}
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	c := make(chan message, 16)
	s.mu.Lock()
	s.subs[c] = struct{}{}
	errs := s.errors
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.subs, c)
		s.mu.Unlock()
	}()
	write := func(m message) bool {
		_, err := fmt.Fprintf(w, "event: %s\ndata: %s\n\n", m.event, m.data)
		flusher.Flush()
		return err == nil
	}
	if !write(message{"hello", []byte("{}")}) {
		return
	}
	if errs != nil && !write(errorsMessage(errs)) {
		return
	}
	for {
		select {
		case <-r.Context().Done():
			return
		case <-s.closed:
			return
		case m := <-c:
			if !write(m) {
				return
			}
		}
	}
}

// clientJS is the live-reload client. NOTFOUND is replaced by true on the
// 404 page, which reloads when the 404 page changes.
const clientJS = `(function () {
  var notFound = NOTFOUND;
  var es = new EventSource("` + EventsPath + `");
  function data(e) { return JSON.parse(e.data); }
  es.addEventListener("hello", function () { window.sitrepLive = true; });
  es.addEventListener("reload", function (e) {
    var paths = data(e).paths || [];
    var here = location.pathname;
    if (paths.indexOf("*") >= 0 || paths.indexOf(here) >= 0 ||
        (notFound && paths.some(function (p) { return p.slice(-9) === "/404.html"; }))) {
      location.reload();
    }
  });
  es.addEventListener("css", function (e) {
    var swaps = data(e).swaps || [];
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var u = new URL(links[i].href, location.href);
      for (var j = 0; j < swaps.length; j++) {
        if (u.pathname === swaps[j].old) {
          links[i].href = swaps[j].new + "?v=" + Date.now();
        }
      }
    }
  });
  function overlay() { return document.getElementById("sitrep-overlay"); }
  es.addEventListener("errors", function (e) {
    var lines = data(e).lines || [];
    var box = overlay();
    if (!box) {
      box = document.createElement("div");
      box.id = "sitrep-overlay";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;z-index:2147483647;" +
        "margin:0;padding:1em 1.25em;background:#2b0d0d;color:#ffd9d9;border-top:4px solid #e5484d;" +
        "font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;white-space:pre-wrap";
      document.body.appendChild(box);
    }
    box.textContent = "sitrep: the last build failed; showing the last good version of the site\n\n" + lines.join("\n");
  });
  es.addEventListener("ok", function () {
    var box = overlay();
    if (box) { box.remove(); }
  });
})();`
