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
	c := &linkCheck{rep: rep}
	for _, s := range sites {
		c.site(s)
	}
	rep.line("links: %d internal and external links in %d pages checked, %d pages with OpenGraph, %d JSON-LD blocks", c.links, c.pages, c.withOG, c.ldBlocks)
	if c.withOG == 0 {
		rep.skip("opengraph", "no page has OpenGraph tags yet (the publish branch adds them)")
	}
	if c.ldBlocks == 0 {
		rep.skip("json-ld", "no page has JSON-LD yet (the publish branch adds it)")
	}
}

// linkCheck is one run of checkLinks: where findings go, and what it
// counted over the sites.
type linkCheck struct {
	rep                            *report
	pages, links, withOG, ldBlocks int
}

// linkedSite is one site as the link check sees it: its base URL parsed and
// its pages read, by path relative to the site's folder.
type linkedSite struct {
	*builtSite
	base  *url.URL
	infos map[string]*pageInfo
}

// site reads every page of one site, then checks each page it could read.
func (c *linkCheck) site(s *builtSite) {
	infos := map[string]*pageInfo{}
	for _, rel := range s.pages {
		info, err := readPage(filepath.Join(s.dir, filepath.FromSlash(rel)))
		if err != nil {
			c.rep.find("links", "%s %s: %v", s.name, rel, err)
			continue
		}
		infos[rel] = info
	}
	base, err := url.Parse(s.baseURL)
	if err != nil {
		c.rep.find("links", "%s: base URL: %v", s.name, err)
		return
	}
	ls := &linkedSite{s, base, infos}
	for _, rel := range s.pages {
		if info := infos[rel]; info != nil {
			c.page(ls, rel, info)
		}
	}
}

// page checks one page: its links, its canonical URL (but for 404.html's),
// its OpenGraph tags and its JSON-LD blocks. 404.html's links must not be
// relative.
func (c *linkCheck) page(s *linkedSite, rel string, info *pageInfo) {
	c.pages++
	pageURL, err := url.Parse(s.url(rel))
	if err != nil {
		c.rep.find("links", "%s %s: %v", s.name, rel, err)
		return
	}
	if rel == "404.html" {
		check404Links(s.name, info.links, c.rep)
	}
	for _, l := range info.links {
		c.links++
		c.link(s, rel, pageURL, l)
	}
	if rel != "404.html" {
		checkCanonical(s.name, rel, pageURL, info.canonical, c.rep)
	}
	if len(info.og) > 0 {
		c.withOG++
		checkOpenGraph(s.name, rel, info.og, c.rep)
	}
	for _, block := range info.jsonLD {
		c.ldBlocks++
		checkJSONLD(s.name, rel, block, c.rep)
	}
}

// check404Links reports the relative links of 404.html: it is served at any
// depth, so its links must be absolute paths or absolute URLs to work
// everywhere.
func check404Links(site string, links []string, rep *report) {
	for _, l := range links {
		if u, err := url.Parse(l); err == nil && u.Scheme == "" && !strings.HasPrefix(l, "/") && !strings.HasPrefix(l, "#") {
			rep.find("links", "%s 404.html: relative link %q breaks when the page is served at another depth", site, l)
		}
	}
}

// link checks one link l of the page rel, at pageURL: a link to the site's
// own host must stay under the sub-path and name a built file, and its
// fragment, on an HTML page, an id of that page. Other links are not
// followed.
func (c *linkCheck) link(s *linkedSite, rel string, pageURL *url.URL, l string) {
	u, err := pageURL.Parse(l)
	if err != nil {
		c.rep.find("links", "%s %s: bad URL %q: %v", s.name, rel, l, err)
		return
	}
	if u.Host != s.base.Host || (u.Scheme != "http" && u.Scheme != "https") {
		return // external, mailto:, data:
	}
	if !strings.HasPrefix(u.Path, s.base.Path) {
		c.rep.find("links", "%s %s: link %q leaves the sub-path %s", s.name, rel, l, s.base.Path)
		return
	}
	frag := u.Fragment
	u.Fragment, u.RawQuery = "", ""
	file, _, exists := s.resolve(u.String())
	if !exists {
		c.rep.find("links", "%s %s: link %q: no built file %s", s.name, rel, l, file)
		return
	}
	if frag != "" && strings.HasSuffix(file, ".html") {
		target, _ := filepath.Rel(s.dir, file) // file is inside s.dir
		if t := s.infos[filepath.ToSlash(target)]; t != nil && !t.ids[frag] {
			c.rep.find("links", "%s %s: link %q: no id %q on the target page", s.name, rel, l, frag)
		}
	}
}

// checkCanonical checks that the page rel has a canonical URL and that it
// is the page's own address, pageURL.
func checkCanonical(site, rel string, pageURL *url.URL, canonical string, rep *report) {
	if canonical == "" {
		rep.find("links", "%s %s: no <link rel=canonical>", site, rel)
	} else if c, err := pageURL.Parse(canonical); err != nil || c.Host != pageURL.Host || c.Path != pageURL.Path {
		rep.find("links", "%s %s: canonical URL %q is not the page's address %s", site, rel, canonical, pageURL)
	}
}

// checkOpenGraph checks that the page rel's OpenGraph tags include the
// title, type and URL.
func checkOpenGraph(site, rel string, og map[string]string, rep *report) {
	for _, k := range []string{"og:title", "og:type", "og:url"} {
		if og[k] == "" {
			rep.find("links", "%s %s: OpenGraph tags without %s", site, rel, k)
		}
	}
}

// checkJSONLD checks that one JSON-LD block of the page rel is a JSON
// object with an @context and an @type or @graph.
func checkJSONLD(site, rel, block string, rep *report) {
	var v map[string]any
	if err := json.Unmarshal([]byte(block), &v); err != nil {
		rep.find("links", "%s %s: JSON-LD is not a JSON object: %v", site, rel, err)
		return
	}
	_, graph := v["@graph"]
	if v["@context"] == nil || (v["@type"] == nil && !graph) {
		rep.find("links", "%s %s: JSON-LD block without @context or @type", site, rel)
	}
}
