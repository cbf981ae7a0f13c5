// Package pagestat measures a built site as a reader receives it: it walks
// the output folder, classifies each HTML page by its path (home, brief,
// actor, country or topic page and their sub-pages, indexes, timeline,
// search), counts the elements of each page as a browser's parser builds
// them (golang.org/x/net/html), gzips it as a static host would, and serves
// the folder under a sub-path, gzipped, the way such a host does. It reads
// only the output, so it measures whatever layout a build makes.
package pagestat

import (
	"strings"
)

// entityDirs are the top-level folders whose sub-folders are entity pages,
// with the kind each page is.
var entityDirs = map[string]string{
	"briefs":    "brief",
	"actors":    "actor",
	"countries": "country",
	"topics":    "topic",
}

// Kind says which kind of page the built HTML file at rel (a slash path
// relative to the output folder) is, and for a page of an entity or brief,
// which one (its folder's name):
//
//	index.html                     home
//	404.html                       404
//	search/…                       search
//	timeline/index.html            timeline
//	timeline/…/index.html          timeline sub-page
//	actors/index.html              actor index
//	actors/<slug>/index.html       actor (entity <slug>)
//	actors/<slug>/…/index.html     actor sub-page (entity <slug>)
//
// and the same for briefs/ (brief), countries/ (country) and topics/
// (topic). A folder under actors/ that has no index.html of its own
// (actors/page/2/ when actors/page/ is not a page) belongs to the index:
// isPage says whether a slash path was built. Any other folder is a kind
// of its own, named after it ("about", "about sub-page").
func Kind(rel string, isPage func(rel string) bool) (kind, entity string) {
	switch rel {
	case "index.html":
		return "home", ""
	case "404.html":
		return "404", ""
	}
	parts := strings.Split(rel, "/")
	top := parts[0]
	if len(parts) == 1 {
		return strings.TrimSuffix(top, ".html"), ""
	}
	if top == "search" {
		return "search", ""
	}
	single, ok := entityDirs[top]
	if !ok {
		if rel == top+"/index.html" {
			return top, ""
		}
		return top + " sub-page", ""
	}
	switch {
	case len(parts) == 2:
		return single + " index", ""
	case !isPage(top + "/" + parts[1] + "/index.html"):
		return single + " index", ""
	case len(parts) == 3 && parts[2] == "index.html":
		return single, parts[1]
	default:
		return single + " sub-page", parts[1]
	}
}

// IsEntity reports whether kind is the page of an actor, a country or a
// topic, or one of its sub-pages.
func IsEntity(kind string) bool {
	k := strings.TrimSuffix(kind, " sub-page")
	return k == "actor" || k == "country" || k == "topic"
}
