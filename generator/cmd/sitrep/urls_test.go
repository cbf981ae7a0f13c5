package main

import (
	"bytes"
	"image"
	"image/png"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"
	"golang.org/x/net/html"
)

// cmdMkPNG writes a blank PNG image of a size: mkpng FILE WIDTH HEIGHT.
func cmdMkPNG(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: mkpng FILE WIDTH HEIGHT")
	}
	w, err1 := strconv.Atoi(args[1])
	h, err2 := strconv.Atoi(args[2])
	if err1 != nil || err2 != nil {
		ts.Fatalf("mkpng: bad size %s×%s", args[1], args[2])
	}
	var buf bytes.Buffer
	ts.Check(png.Encode(&buf, image.NewGray(image.Rect(0, 0, w, h))))
	ts.Check(os.MkdirAll(filepath.Dir(ts.MkAbs(args[0])), 0o755))
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), buf.Bytes(), 0o644))
}

// cmdSiteURLs checks every URL of the site in the HTML of a built folder:
// siteurls DIR BASEURL. Each href and src of an element, and each content
// of a meta tag holding a URL, that points into the site (a path, or an
// absolute URL under BASEURL) must lie under BASEURL's path and name a
// file of DIR (a folder's index.html for a URL ending in /). It prints how
// many URLs it checked; with !, it expects at least one to fail.
func cmdSiteURLs(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: siteurls DIR BASEURL")
	}
	dir := ts.MkAbs(args[0])
	base, err := url.Parse(args[1])
	ts.Check(err)
	var bad []string
	checked := 0
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		page := base.JoinPath(path.Dir(filepath.ToSlash(rel)) + "/")
		for _, u := range pageURLs(data) {
			ref, err := url.Parse(u)
			if err != nil {
				bad = append(bad, rel+": "+u+": "+err.Error())
				continue
			}
			abs := page.ResolveReference(ref)
			if abs.Scheme != base.Scheme || abs.Host != base.Host {
				continue // another site
			}
			checked++
			if !strings.HasPrefix(abs.Path, base.Path) {
				bad = append(bad, rel+": "+u+" leaves the base path "+base.Path)
				continue
			}
			f := strings.TrimPrefix(abs.Path, base.Path)
			if f == "" || strings.HasSuffix(f, "/") {
				f += "index.html"
			}
			if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(f))); err != nil {
				bad = append(bad, rel+": "+u+": no file "+f)
			}
		}
		return nil
	})
	ts.Check(err)
	ts.Logf("siteurls: %d URLs into the site checked", checked)
	switch {
	case neg && len(bad) == 0:
		ts.Fatalf("siteurls: every one of %d URLs resolves", checked)
	case !neg && len(bad) > 0:
		ts.Fatalf("siteurls: %d of %d URLs do not resolve:\n%s", len(bad), checked, strings.Join(bad, "\n"))
	case !neg && checked == 0:
		ts.Fatalf("siteurls: no URL into the site")
	}
}

// pageURLs returns the URLs of an HTML page: href, src, and the content of
// meta tags whose property or name ends in :image or :url.
func pageURLs(data []byte) []string {
	var out []string
	z := html.NewTokenizer(bytes.NewReader(data))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		t := z.Token()
		var content, prop string
		for _, a := range t.Attr {
			switch a.Key {
			case "href", "src":
				out = append(out, a.Val)
			case "content":
				content = a.Val
			case "property", "name":
				prop = a.Val
			}
		}
		if t.Data == "meta" && (strings.HasSuffix(prop, ":image") || strings.HasSuffix(prop, ":url")) {
			out = append(out, content)
		}
	}
}
