package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

const (
	atomNS    = "http://www.w3.org/2005/Atom"
	sitemapNS = "http://www.sitemaps.org/schemas/sitemap/0.9"
)

// node is a generic XML element.
type node struct {
	XMLName  xml.Name
	Attrs    []xml.Attr `xml:",any,attr"`
	Children []node     `xml:",any"`
	Text     string     `xml:",chardata"`
}

func (n node) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name && a.Name.Space == "" {
			return a.Value
		}
	}
	return ""
}

// kids returns the children in namespace ns named local.
func (n node) kids(ns, local string) []node {
	var out []node
	for _, c := range n.Children {
		if c.XMLName.Space == ns && c.XMLName.Local == local {
			out = append(out, c)
		}
	}
	return out
}

// checkXML runs xmllint over every .xml file, validates the sitemap against
// the sitemaps.org schema and Atom feeds and JSON Feeds against their specs,
// and resolves every link they carry.
func checkXML(ctx context.Context, cfg config, sites []*builtSite, rep *report) {
	xsd, err := filepath.Abs(filepath.Join(cfg.toolsDir, "sitemap.xsd"))
	if err == nil {
		_, err = os.Stat(xsd)
	}
	if err != nil {
		rep.find("xml", "the sitemaps.org schema %s is missing: %v", xsd, err)
		return
	}
	a := &xmlAudit{xsd: xsd, rep: rep}
	for _, s := range sites {
		a.site(ctx, s)
	}
	rep.line("xml: %d XML files well formed, %d Atom feeds, %d JSON Feeds, %d sitemaps valid, %d links resolved", a.xmlFiles, a.atom, a.jsonFeeds, a.sitemaps, a.links)
	if !a.hasFeed {
		rep.skip("feeds", "no Atom feed or JSON Feed was built yet (the publish branch adds them)")
	}
	if !a.hasSitemap {
		rep.skip("sitemap", "no sitemap.xml was built yet (the publish branch adds it)")
	}
	if !a.hasRobots {
		rep.skip("robots", "no robots.txt was built yet (the publish branch adds it)")
	}
}

// xmlAudit is one run of checkXML: the sitemaps.org schema, where findings
// go, and what it counted and saw over the sites.
type xmlAudit struct {
	xsd                                        string
	rep                                        *report
	xmlFiles, atom, jsonFeeds, sitemaps, links int
	hasFeed, hasSitemap, hasRobots             bool
}

// site checks every .xml and .json file of one site, then the sitemaps its
// robots.txt names.
func (a *xmlAudit) site(ctx context.Context, s *builtSite) {
	files, err := xmlFiles(s.dir)
	if err != nil {
		a.rep.find("xml", "%s: %v", s.name, err)
		return
	}
	link := a.linker(s)
	for _, file := range files {
		a.file(ctx, s, file, link)
	}
	a.robots(s, link)
}

// xmlFiles lists the .xml and .json files under dir, in lexical order.
func xmlFiles(dir string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".xml") || strings.HasSuffix(p, ".json")) {
			files = append(files, p)
		}
		return err
	})
	return files, err
}

// linker returns the function that counts and checks one link found at
// where: an absolute URL that, on the site's own host, names a built file
// under its base URL. Links to other hosts are counted only.
func (a *xmlAudit) linker(s *builtSite) func(where, u string) {
	return func(where, u string) {
		a.links++
		if u == "" {
			a.rep.find("xml", "%s: empty link", where)
			return
		}
		if pu, err := url.Parse(u); err != nil || !pu.IsAbs() {
			a.rep.find("xml", "%s: link %q is not an absolute URL", where, u)
			return
		} else if !strings.HasPrefix(s.baseURL, pu.Scheme+"://"+pu.Host+"/") {
			return // another site: a source, say
		}
		if file, ok, exists := s.resolve(u); !ok {
			a.rep.find("xml", "%s: link %q is not under the site's base URL %s", where, u, s.baseURL)
		} else if !exists {
			a.rep.find("xml", "%s: link %q: no built file %s", where, u, file)
		}
	}
}

// file checks one .xml or .json file of the site: a JSON file only when it
// is a JSON Feed; an XML file must be well formed, then is checked by its
// root element.
func (a *xmlAudit) file(ctx context.Context, s *builtSite, file string, link func(where, u string)) {
	rel, _ := filepath.Rel(s.dir, file) // file is inside s.dir
	where := s.name + " " + filepath.ToSlash(rel)
	data, err := os.ReadFile(file)
	if err != nil {
		a.rep.find("xml", "%s: %v", where, err)
		return
	}
	if strings.HasSuffix(file, ".json") {
		if isJSONFeed(data) {
			a.jsonFeeds++
			a.hasFeed = true
			checkJSONFeed(where, data, link, a.rep)
		}
		return
	}
	a.xmlFiles++
	if out, err := exec.CommandContext(ctx, "xmllint", "--noout", file).CombinedOutput(); err != nil {
		a.rep.find("xml", "%s: xmllint: %v\n%s", where, err, out)
		return
	}
	var root node
	if err := xml.Unmarshal(data, &root); err != nil {
		a.rep.find("xml", "%s: %v", where, err)
		return
	}
	a.root(ctx, file, rel, where, root, link)
}

// root checks one well-formed XML file by its root element: a sitemap
// (valid against the schema, at most 50,000 URLs) or a sitemap index, whose
// locations must resolve, or an Atom feed. Any other root is a finding.
func (a *xmlAudit) root(ctx context.Context, file, rel, where string, root node, link func(where, u string)) {
	switch root.XMLName {
	case xml.Name{Space: sitemapNS, Local: "urlset"}:
		a.sitemaps++
		a.hasSitemap = a.hasSitemap || rel == "sitemap.xml"
		if out, err := exec.CommandContext(ctx, "xmllint", "--noout", "--schema", a.xsd, file).CombinedOutput(); err != nil {
			a.rep.find("xml", "%s: not valid against the sitemaps.org schema: %v\n%s", where, err, out)
		}
		urls := root.kids(sitemapNS, "url")
		if len(urls) > 50000 {
			a.rep.find("xml", "%s: %d URLs, more than the 50,000 a sitemap may hold", where, len(urls))
		}
		for _, u := range urls {
			for _, loc := range u.kids(sitemapNS, "loc") {
				link(where, strings.TrimSpace(loc.Text))
			}
		}
	case xml.Name{Space: sitemapNS, Local: "sitemapindex"}:
		a.sitemaps++
		a.hasSitemap = a.hasSitemap || rel == "sitemap.xml"
		for _, sm := range root.kids(sitemapNS, "sitemap") {
			for _, loc := range sm.kids(sitemapNS, "loc") {
				link(where, strings.TrimSpace(loc.Text))
			}
		}
	case xml.Name{Space: atomNS, Local: "feed"}:
		a.atom++
		a.hasFeed = true
		checkAtom(where, root, link, a.rep)
	default:
		a.rep.find("xml", "%s: unexpected root element {%s}%s", where, root.XMLName.Space, root.XMLName.Local)
	}
}

// robots reads the site's robots.txt, when there is one, and resolves the
// sitemaps its Sitemap: lines name.
func (a *xmlAudit) robots(s *builtSite, link func(where, u string)) {
	data, err := os.ReadFile(filepath.Join(s.dir, "robots.txt"))
	if err != nil {
		return
	}
	a.hasRobots = true
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.EqualFold(strings.TrimSpace(k), "sitemap") {
			link(s.name+" robots.txt", strings.TrimSpace(v))
		}
	}
}

// checkAtom checks the elements RFC 4287 requires (section 4.1, and the
// schema of its Appendix B): a feed has exactly one id, title and updated,
// an author unless every entry has one, and should link to itself; an entry
// has exactly one id, title and updated, content or an alternate link, and a
// summary when its content is out of line. Dates are RFC 3339; ids are
// absolute IRIs. Every link must resolve.
func checkAtom(where string, feed node, link func(where, u string), rep *report) {
	one := func(what string, n node, local string) []node {
		k := n.kids(atomNS, local)
		if len(k) != 1 {
			rep.find("xml", "%s: %s has %d atom:%s elements, RFC 4287 requires exactly one", where, what, len(k), local)
		}
		return k
	}
	date := func(what string, ns []node) {
		for _, n := range ns {
			if _, err := time.Parse(time.RFC3339, strings.TrimSpace(n.Text)); err != nil {
				rep.find("xml", "%s: %s: %q is not an RFC 3339 date", where, what, n.Text)
			}
		}
	}
	iri := func(what string, ns []node) {
		for _, n := range ns {
			id := strings.TrimSpace(n.Text)
			if i := strings.Index(id, ":"); i <= 0 {
				rep.find("xml", "%s: %s: id %q is not an absolute IRI", where, what, id)
			}
		}
	}
	person := func(what string, ns []node) {
		for _, p := range ns {
			if len(p.kids(atomNS, "name")) != 1 {
				rep.find("xml", "%s: %s: atom:author needs exactly one atom:name", where, what)
			}
		}
	}
	links := func(what string, n node) (alternate bool) {
		seen := map[string]bool{}
		for _, l := range n.kids(atomNS, "link") {
			rel := l.attr("rel")
			if rel == "" {
				rel = "alternate"
			}
			if rel == "alternate" {
				alternate = true
				key := l.attr("type") + " " + l.attr("hreflang")
				if seen[key] {
					rep.find("xml", "%s: %s has two alternate links of type %q", where, what, l.attr("type"))
				}
				seen[key] = true
			}
			link(where+" "+what, l.attr("href"))
		}
		return alternate
	}

	iri("feed", one("the feed", feed, "id"))
	one("the feed", feed, "title")
	date("feed updated", one("the feed", feed, "updated"))
	person("the feed", feed.kids(atomNS, "author"))
	links("the feed", feed)
	self := false
	for _, l := range feed.kids(atomNS, "link") {
		self = self || l.attr("rel") == "self"
	}
	if !self {
		rep.find("xml", "%s: the feed has no link rel=\"self\"", where)
	}
	feedAuthor := len(feed.kids(atomNS, "author")) > 0
	for i, e := range feed.kids(atomNS, "entry") {
		what := fmt.Sprintf("entry %d", i+1)
		if t := e.kids(atomNS, "title"); len(t) == 1 {
			what += fmt.Sprintf(" (%q)", strings.TrimSpace(t[0].Text))
		}
		ids := one(what, e, "id")
		iri(what, ids)
		one(what, e, "title")
		date(what+" updated", one(what, e, "updated"))
		date(what+" published", e.kids(atomNS, "published"))
		person(what, e.kids(atomNS, "author"))
		if !feedAuthor && len(e.kids(atomNS, "author")) == 0 && len(e.kids(atomNS, "source")) == 0 {
			rep.find("xml", "%s: %s has no atom:author and the feed has none", where, what)
		}
		alternate := links(what, e)
		content := e.kids(atomNS, "content")
		if len(content) > 1 {
			rep.find("xml", "%s: %s has %d atom:content elements", where, what, len(content))
		}
		if len(content) == 0 && !alternate {
			rep.find("xml", "%s: %s has neither atom:content nor an alternate link", where, what)
		}
		if len(content) == 1 && content[0].attr("src") != "" && len(e.kids(atomNS, "summary")) == 0 {
			rep.find("xml", "%s: %s has out-of-line content and no atom:summary", where, what)
		}
	}
}

func isJSONFeed(data []byte) bool {
	var v struct {
		Version string `json:"version"`
	}
	return json.Unmarshal(data, &v) == nil && strings.HasPrefix(v.Version, "https://jsonfeed.org/version/")
}

// checkJSONFeed checks JSON Feed 1.1's required members: version, title,
// items, and an id and a content_html or content_text per item; and that its
// URLs resolve.
func checkJSONFeed(where string, data []byte, link func(where, u string), rep *report) {
	var f struct {
		Version     string `json:"version"`
		Title       string `json:"title"`
		HomePageURL string `json:"home_page_url"`
		FeedURL     string `json:"feed_url"`
		Items       []struct {
			ID          any    `json:"id"`
			URL         string `json:"url"`
			Title       string `json:"title"`
			ContentHTML any    `json:"content_html"`
			ContentText any    `json:"content_text"`
			Date        string `json:"date_published"`
		} `json:"items"`
	}
	if err := json.Unmarshal(data, &f); err != nil {
		rep.find("xml", "%s: %v", where, err)
		return
	}
	if f.Version != "https://jsonfeed.org/version/1.1" && f.Version != "https://jsonfeed.org/version/1" {
		rep.find("xml", "%s: unknown JSON Feed version %q", where, f.Version)
	}
	if f.Title == "" {
		rep.find("xml", "%s: no title", where)
	}
	if f.Items == nil {
		rep.find("xml", "%s: no items array", where)
	}
	for _, u := range []string{f.HomePageURL, f.FeedURL} {
		if u != "" {
			link(where, u)
		}
	}
	for i, it := range f.Items {
		what := fmt.Sprintf("%s item %d", where, i+1)
		if id, ok := it.ID.(string); !ok || id == "" {
			rep.find("xml", "%s: no id string", what)
		}
		_, okHTML := it.ContentHTML.(string)
		_, okText := it.ContentText.(string)
		if !okHTML && !okText {
			rep.find("xml", "%s: neither content_html nor content_text", what)
		}
		if it.Date != "" {
			if _, err := time.Parse(time.RFC3339, it.Date); err != nil {
				rep.find("xml", "%s: date_published %q is not RFC 3339", what, it.Date)
			}
		}
		if it.URL != "" {
			link(what, it.URL)
		}
	}
}
