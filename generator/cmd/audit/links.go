package main

import (
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/net/html"
)

// pageInfo is what the link check reads from one built page.
type pageInfo struct {
	ids       map[string]bool
	links     []string // href and src values, as written
	canonical string
	og        map[string]string // OpenGraph properties
	jsonLD    []string          // bodies of application/ld+json scripts
}

func readPage(file string) (*pageInfo, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	doc, err := html.Parse(f)
	if err != nil {
		return nil, err
	}
	p := &pageInfo{ids: map[string]bool{}, og: map[string]string{}}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			attr := func(k string) string {
				for _, a := range n.Attr {
					if a.Key == k {
						return a.Val
					}
				}
				return ""
			}
			if id := attr("id"); id != "" {
				p.ids[id] = true
			}
			switch n.Data {
			case "a", "link", "area":
				if h := attr("href"); h != "" {
					p.links = append(p.links, h)
				}
				if n.Data == "link" && hasToken(attr("rel"), "canonical") {
					p.canonical = attr("href")
				}
			case "script", "img", "iframe", "source", "audio", "video":
				if s := attr("src"); s != "" {
					p.links = append(p.links, s)
				}
				if n.Data == "script" && attr("type") == "application/ld+json" && n.FirstChild != nil {
					p.jsonLD = append(p.jsonLD, n.FirstChild.Data)
				}
			case "meta":
				if prop := attr("property"); strings.HasPrefix(prop, "og:") {
					p.og[prop] = attr("content")
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return p, nil
}

func hasToken(list, tok string) bool {
	for f := range strings.FieldsSeq(strings.ToLower(list)) {
		if f == tok {
			return true
		}
	}
	return false
}

// checkLinks resolves every internal link of every page (fragments
// included) against the built files, checks that no link leaves the
// sub-path, that each page's canonical URL is its own address, and that
// OpenGraph tags and JSON-LD blocks, where there are any, are complete.
func checkLinks(sites []*builtSite, rep *report) {
	var pages, links, withOG, ldBlocks int
	for _, s := range sites {
		infos := map[string]*pageInfo{}
		for _, rel := range s.pages {
			info, err := readPage(filepath.Join(s.dir, filepath.FromSlash(rel)))
			if err != nil {
				rep.find("links", "%s %s: %v", s.name, rel, err)
				continue
			}
			infos[rel] = info
		}
		base, err := url.Parse(s.baseURL)
		if err != nil {
			rep.find("links", "%s: base URL: %v", s.name, err)
			continue
		}
		for _, rel := range s.pages {
			info := infos[rel]
			if info == nil {
				continue
			}
			pages++
			pageURL, err := url.Parse(s.url(rel))
			if err != nil {
				rep.find("links", "%s %s: %v", s.name, rel, err)
				continue
			}
			if rel == "404.html" {
				// 404.html is served at any depth: its links must be
				// absolute paths or absolute URLs to work everywhere.
				for _, l := range info.links {
					if u, err := url.Parse(l); err == nil && u.Scheme == "" && !strings.HasPrefix(l, "/") && !strings.HasPrefix(l, "#") {
						rep.find("links", "%s 404.html: relative link %q breaks when the page is served at another depth", s.name, l)
					}
				}
			}
			for _, l := range info.links {
				links++
				u, err := pageURL.Parse(l)
				if err != nil {
					rep.find("links", "%s %s: bad URL %q: %v", s.name, rel, l, err)
					continue
				}
				if u.Host != base.Host || (u.Scheme != "http" && u.Scheme != "https") {
					continue // external, mailto:, data:
				}
				if !strings.HasPrefix(u.Path, base.Path) {
					rep.find("links", "%s %s: link %q leaves the sub-path %s", s.name, rel, l, base.Path)
					continue
				}
				frag := u.Fragment
				u.Fragment, u.RawQuery = "", ""
				file, _, exists := s.resolve(u.String())
				if !exists {
					rep.find("links", "%s %s: link %q: no built file %s", s.name, rel, l, file)
					continue
				}
				if frag != "" && strings.HasSuffix(file, ".html") {
					target, _ := filepath.Rel(s.dir, file) // file is inside s.dir
					if t := infos[filepath.ToSlash(target)]; t != nil && !t.ids[frag] {
						rep.find("links", "%s %s: link %q: no id %q on the target page", s.name, rel, l, frag)
					}
				}
			}
			if rel != "404.html" {
				if info.canonical == "" {
					rep.find("links", "%s %s: no <link rel=canonical>", s.name, rel)
				} else if c, err := pageURL.Parse(info.canonical); err != nil || c.Host != pageURL.Host || c.Path != pageURL.Path {
					rep.find("links", "%s %s: canonical URL %q is not the page's address %s", s.name, rel, info.canonical, pageURL)
				}
			}
			if len(info.og) > 0 {
				withOG++
				for _, k := range []string{"og:title", "og:type", "og:url"} {
					if info.og[k] == "" {
						rep.find("links", "%s %s: OpenGraph tags without %s", s.name, rel, k)
					}
				}
			}
			for _, block := range info.jsonLD {
				ldBlocks++
				var v map[string]any
				if err := json.Unmarshal([]byte(block), &v); err != nil {
					rep.find("links", "%s %s: JSON-LD is not a JSON object: %v", s.name, rel, err)
					continue
				}
				_, graph := v["@graph"]
				if v["@context"] == nil || (v["@type"] == nil && !graph) {
					rep.find("links", "%s %s: JSON-LD block without @context or @type", s.name, rel)
				}
			}
		}
	}
	rep.line("links: %d internal and external links in %d pages checked, %d pages with OpenGraph, %d JSON-LD blocks", links, pages, withOG, ldBlocks)
	if withOG == 0 {
		rep.skip("opengraph", "no page has OpenGraph tags yet (the publish branch adds them)")
	}
	if ldBlocks == 0 {
		rep.skip("json-ld", "no page has JSON-LD yet (the publish branch adds it)")
	}
}
