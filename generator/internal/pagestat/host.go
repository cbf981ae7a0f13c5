package pagestat

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Host serves the output folder dir under prefix (such as "/briefing/") as
// GitHub Pages or a CDN bucket does: folders answer with their index.html
// (a folder without its final slash is redirected), a missing file answers
// 404 with the site's 404.html, text is gzipped at the default level for
// clients that accept it, and everything may be cached for ten minutes.
func Host(dir, prefix string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		rel, ok := strings.CutPrefix(r.URL.Path, prefix)
		if !ok {
			http.NotFound(w, r)
			return
		}
		rel = path.Clean("/" + rel)[1:]
		file := filepath.Join(dir, filepath.FromSlash(rel))
		if st, err := os.Stat(file); err == nil && st.IsDir() {
			if !strings.HasSuffix(r.URL.Path, "/") {
				http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
				return
			}
			file = filepath.Join(file, "index.html")
		}
		status := http.StatusOK
		data, err := os.ReadFile(file)
		if errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrInvalid) {
			status = http.StatusNotFound
			file = filepath.Join(dir, "404.html")
			data, err = os.ReadFile(file)
		}
		if err != nil {
			http.Error(w, err.Error(), http.StatusNotFound)
			return
		}
		ctype := mime.TypeByExtension(filepath.Ext(file))
		if ctype == "" {
			ctype = http.DetectContentType(data)
		}
		h := w.Header()
		h.Set("Content-Type", ctype)
		h.Set("Cache-Control", "max-age=600")
		h.Set("X-Content-Type-Options", "nosniff")
		if Compressible(ctype) && strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			var buf bytes.Buffer
			zw := gzip.NewWriter(&buf)
			if _, err := zw.Write(data); err == nil && zw.Close() == nil {
				data = buf.Bytes()
				h.Set("Content-Encoding", "gzip")
				h.Set("Vary", "Accept-Encoding")
			}
		}
		w.WriteHeader(status)
		if r.Method == http.MethodGet {
			// A write error means the client went away.
			_, _ = w.Write(data)
		}
	})
}

// Compressible reports whether a static host gzips files of the content
// type ctype: text, JSON, XML, feeds, scripts and SVG.
func Compressible(ctype string) bool {
	for _, p := range []string{"text/", "application/json", "application/xml", "application/atom+xml", "application/feed+json", "application/javascript", "image/svg+xml"} {
		if strings.HasPrefix(ctype, p) {
			return true
		}
	}
	return false
}
