package content

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"sitrep/generator/internal/diag"
)

// Kind is the kind of an entity: an actor, a country or a topic.
type Kind int

const (
	Actor Kind = iota
	Country
	Topic
)

// Kinds lists every entity kind in display order.
var Kinds = [...]Kind{Actor, Country, Topic}

var kindNames = [...]struct{ one, many, title string }{
	{"actor", "actors", "Actors"},
	{"country", "countries", "Countries"},
	{"topic", "topics", "Topics"},
}

// String returns the singular name: "actor".
func (k Kind) String() string { return kindNames[k].one }

// Plural returns the plural, which is also the folder and URL part: "actors".
func (k Kind) Plural() string { return kindNames[k].many }

// Title returns the plural for headings: "Actors".
func (k Kind) Title() string { return kindNames[k].title }

// A Ref is an entity name as written in front matter, with its position.
type Ref struct {
	Name string
	Pos  diag.Pos
}

// A Source is one entry of a brief's sources list; inline citations [@id]
// point at it.
type Source struct {
	ID   string
	Name string
	URL  string
	Date time.Time // zero if not given
	Note string
	Pos  diag.Pos
}

// An Event is a dated happening a brief mentions, shown on timelines.
type Event struct {
	Date  time.Time
	Title string
	Pos   diag.Pos
}

// A Brief is one file of content/briefs.
type Brief struct {
	File     string // slash path from the site folder: content/briefs/a.md
	Title    string
	Date     time.Time
	DatePos  diag.Pos // of the date value
	Summary  string   // plain text; empty means "the first paragraph"
	Refs     [len(Kinds)][]Ref
	Sources  []Source
	Events   []Event
	Draft    bool
	Updated  time.Time // zero if not given
	Slug     Slug      // from the slug key, else from the file name
	SlugPos  diag.Pos  // of the slug value; zero when the slug comes from the file name
	Body     []byte    // markdown
	BodyLine int       // line of the file the body starts on
}

// A Profile is one file of content/actors, content/countries or content/topics.
type Profile struct {
	File     string
	Kind     Kind
	Slug     Slug // from the file name
	Name     string
	NamePos  diag.Pos
	Aliases  []Ref
	Summary  string
	Role     string    // actors
	Type     ActorType // actors: person (the default) or organization
	Country  Ref       // actors: the country they belong to
	Code     string    // countries: ISO 3166 code
	Body     []byte
	BodyLine int
}

// ActorType says whether an actor is a person or an organization; it
// decides the actor's schema.org type in the page's JSON-LD.
type ActorType int

const (
	Person ActorType = iota
	Organization
)

// Site is content/site.yaml.
type Site struct {
	Title       string
	Description string
	BaseURL     string // absolute http(s) URL or a path, always ending in '/'
	Language    string
	UnsafeHTML  bool
}

var (
	briefKeys   = []string{"title", "date", "summary", "actors", "countries", "topics", "sources", "events", "draft", "updated", "slug"}
	profileKeys = [len(Kinds)][]string{
		{"name", "aliases", "summary", "role", "country", "type"},
		{"name", "aliases", "summary", "code"},
		{"name", "aliases", "summary"},
	}
	sourceKeys = []string{"id", "name", "url", "date", "note"}
	eventKeys  = []string{"date", "title"}
	siteKeys   = []string{"title", "description", "base_url", "language", "unsafe_html"}
)

// decoder turns front-matter trees into typed values, reporting every
// problem with its position.
type decoder struct {
	file  string
	diags *diag.List
}

func (d *decoder) errorf(p diag.Pos, format string, args ...any) {
	d.diags.Errorf(d.file, p, format, args...)
}

// fields walks the keys of a mapping, warns about unknown ones with a
// did-you-mean, and calls f for each known one.
func (d *decoder) fields(n *node, what string, known []string, f func(e entry)) {
	if n.kind != mapNode {
		d.errorf(n.pos, "%s must be a mapping of keys to values, got %s", what, n.kind)
		return
	}
	seen := map[string]diag.Pos{}
	for _, e := range n.keys {
		if p, dup := seen[e.key]; dup {
			d.errorf(e.keyPos, "key %q is given twice (first on line %d)", e.key, p.Line)
			continue
		}
		seen[e.key] = e.keyPos
		if !slices.Contains(known, e.key) {
			if s := diag.Suggest(e.key, known); s != "" {
				d.diags.Warnf(d.file, e.keyPos, "unknown key %q in %s (did you mean %q?)", e.key, what, s)
			} else {
				d.diags.Warnf(d.file, e.keyPos, "unknown key %q in %s (known keys: %s)", e.key, what, strings.Join(known, ", "))
			}
			continue
		}
		f(e)
	}
}

func (d *decoder) text(e entry) string {
	switch e.val.kind {
	case scalarNode:
		return strings.TrimSpace(e.val.value)
	case nullNode:
		return ""
	}
	d.errorf(e.val.pos, "%s: want text, got %s", e.key, e.val.kind)
	return ""
}

func (d *decoder) flag(e entry) bool {
	if e.val.kind == scalarNode {
		switch strings.ToLower(e.val.value) {
		case "true", "yes":
			return true
		case "false", "no":
			return false
		}
	}
	if e.val.kind == nullNode {
		return false
	}
	d.errorf(e.val.pos, "%s: want true or false, got %s", e.key, describe(e.val))
	return false
}

// names reads a list of names; a single name is read as a one-item list.
func (d *decoder) names(e entry) []Ref {
	var items []*node
	switch e.val.kind {
	case nullNode:
		return nil
	case scalarNode:
		items = []*node{e.val}
	case listNode:
		items = e.val.items
	default:
		d.errorf(e.val.pos, "%s: want a list of names, got %s", e.key, e.val.kind)
		return nil
	}
	var refs []Ref
	for _, it := range items {
		name := Collapse(cleanText(it.value))
		switch {
		case it.kind != scalarNode:
			d.errorf(it.pos, "%s: want a name, got %s", e.key, it.kind)
		case name == "":
			d.errorf(it.pos, "%s: empty name", e.key)
		default:
			refs = append(refs, Ref{Name: name, Pos: it.pos})
		}
	}
	return refs
}

// dateLayouts are the accepted date forms, tried in order.
var dateLayouts = []string{time.DateOnly, time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02 15:04:05Z07:00"}

func (d *decoder) date(key string, n *node) time.Time {
	if n.kind != scalarNode {
		d.errorf(n.pos, "%s: want a date like 2023-04-29, got %s", key, n.kind)
		return time.Time{}
	}
	v := strings.TrimSpace(n.value)
	t, err := ParseDate(v)
	if err != nil {
		d.errorf(n.pos, "%s: %v", key, err)
	}
	return t
}

// ParseDate reads 2006-01-02 (taken as midnight UTC) or RFC 3339.
func ParseDate(v string) (time.Time, error) {
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, v); err == nil {
			return t, nil
		}
	}
	if len(v) >= 10 {
		// a well-formed but impossible date or time: say which part is wrong
		_, err := time.Parse(time.DateOnly, v[:10])
		if err == nil && len(v) > 10 {
			_, err = time.Parse(time.RFC3339, v)
		}
		if err != nil && strings.HasSuffix(err.Error(), "out of range") {
			msg := err.Error()
			return time.Time{}, fmt.Errorf("invalid date %q: %s", v, msg[strings.LastIndex(msg, ": ")+2:])
		}
	}
	return time.Time{}, fmt.Errorf("invalid date %q: want YYYY-MM-DD or RFC 3339 (2023-04-29T10:00:00Z)", v)
}

func describe(n *node) string {
	if n.kind == scalarNode {
		return fmt.Sprintf("%q", n.value)
	}
	return n.kind.String()
}

// list returns the items of a list-valued key, reporting other shapes.
func (d *decoder) list(e entry, want string) []*node {
	switch e.val.kind {
	case listNode:
		return e.val.items
	case nullNode:
		return nil
	case mapNode:
		return []*node{e.val} // a single entry written without the list dash
	}
	d.errorf(e.val.pos, "%s: want a list of %s, got %s", e.key, want, describe(e.val))
	return nil
}

func decodeBrief(file string, tree *node, diags *diag.List) *Brief {
	d := &decoder{file: file, diags: diags}
	b := &Brief{File: file}
	var hasTitle, hasDate bool
	updatedPos := tree.pos
	d.fields(tree, "brief front matter", briefKeys, func(e entry) {
		switch e.key {
		case "title":
			b.Title, hasTitle = d.prose(e), true
			if b.Title == "" && (e.val.kind == scalarNode || e.val.kind == nullNode) {
				d.errorf(e.val.pos, "title is empty")
			}
		case "date":
			b.Date, b.DatePos, hasDate = d.date("date", e.val), e.val.pos, true
		case "summary":
			b.Summary = d.prose(e)
		case "actors":
			b.Refs[Actor] = d.names(e)
		case "countries":
			b.Refs[Country] = d.names(e)
		case "topics":
			b.Refs[Topic] = d.names(e)
		case "sources":
			b.Sources = d.sources(e)
		case "events":
			b.Events = d.events(e)
		case "draft":
			b.Draft = d.flag(e)
		case "updated":
			b.Updated, updatedPos = d.date("updated", e.val), e.val.pos
		case "slug":
			if s := d.text(e); s != "" {
				slug, err := ParseSlug(s)
				if err != nil {
					d.errorf(e.val.pos, "slug %q %v", s, err)
				}
				b.Slug, b.SlugPos = slug, e.val.pos
			}
		}
	})
	if !hasTitle {
		d.errorf(tree.pos, "missing title (every brief needs title: and date:)")
	}
	if !hasDate {
		d.errorf(tree.pos, "missing date (every brief needs a date: like 2023-04-29)")
	}
	if !b.Updated.IsZero() && !b.Date.IsZero() && b.Updated.Before(b.Date) {
		d.diags.Warnf(file, updatedPos, "updated %s is before date %s", b.Updated.Format(time.DateOnly), b.Date.Format(time.DateOnly))
	}
	return b
}

func (d *decoder) sources(e entry) []Source {
	var out []Source
	ids := map[string]diag.Pos{}
	for _, it := range d.list(e, "sources ({id, name, url, date, note})") {
		s := Source{Pos: it.pos}
		d.fields(it, "a source", sourceKeys, func(e entry) {
			switch e.key {
			case "id":
				s.ID = d.text(e)
				if s.ID != "" && !validID(s.ID) {
					d.errorf(e.val.pos, "source id %q: use letters, digits, '-', '_', '.' or ':' only", s.ID)
				}
			case "name":
				s.Name = d.prose(e)
			case "url":
				s.URL = d.text(e)
				if s.URL != "" {
					if err := checkURL(s.URL); err != nil {
						d.errorf(e.val.pos, "source url %q %v", s.URL, err)
						s.URL = ""
					}
				}
			case "date":
				s.Date = d.date("source date", e.val)
			case "note":
				s.Note = d.prose(e)
			}
		})
		if it.kind != mapNode {
			continue
		}
		switch {
		case s.ID == "":
			d.errorf(it.pos, "source without an id (citations [@id] need one)")
			continue
		case ids[s.ID] != diag.Pos{}:
			d.errorf(it.pos, "duplicate source id %q (first on line %d)", s.ID, ids[s.ID].Line)
			continue
		}
		ids[s.ID] = it.pos
		if s.Name == "" {
			s.Name = s.ID
		}
		out = append(out, s)
	}
	return out
}

func (d *decoder) events(e entry) []Event {
	var out []Event
	for _, it := range d.list(e, "events ({date, title})") {
		ev := Event{Pos: it.pos}
		var hasDate bool
		d.fields(it, "an event", eventKeys, func(e entry) {
			switch e.key {
			case "date":
				ev.Date, hasDate = d.date("event date", e.val), true
			case "title":
				ev.Title = d.prose(e)
			}
		})
		if it.kind != mapNode {
			continue
		}
		if !hasDate {
			d.errorf(it.pos, "event without a date")
		}
		if ev.Title == "" {
			d.errorf(it.pos, "event without a title")
		}
		if !ev.Date.IsZero() && ev.Title != "" {
			out = append(out, ev)
		}
	}
	return out
}

func validID(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_.:", r)) {
			return false
		}
	}
	return true
}

// checkURL accepts absolute http and https URLs only.
func checkURL(s string) error {
	u, err := url.Parse(s)
	if err != nil {
		return fmt.Errorf("is not a valid URL")
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("must start with http:// or https://")
	}
	if u.Host == "" {
		return fmt.Errorf("has no host")
	}
	return nil
}

func decodeProfile(file string, kind Kind, slug Slug, tree *node, diags *diag.List) *Profile {
	d := &decoder{file: file, diags: diags}
	p := &Profile{File: file, Kind: kind, Slug: slug}
	d.fields(tree, kind.String()+" profile", profileKeys[kind], func(e entry) {
		switch e.key {
		case "name":
			p.Name, p.NamePos = Collapse(d.prose(e)), e.val.pos
		case "aliases":
			p.Aliases = d.names(e)
		case "summary":
			p.Summary = d.prose(e)
		case "role":
			p.Role = d.prose(e)
		case "type":
			switch v := strings.ToLower(d.text(e)); v {
			case "person", "":
				p.Type = Person
			case "organization", "organisation":
				p.Type = Organization
			default:
				d.errorf(e.val.pos, "type: want person or organization, got %q", v)
			}
		case "country":
			if refs := d.names(e); len(refs) == 1 {
				p.Country = refs[0]
			} else if len(refs) > 1 {
				d.errorf(e.val.pos, "country: want one country name, got %d", len(refs))
			}
		case "code":
			p.Code = strings.ToUpper(d.text(e))
		}
	})
	if p.Name == "" {
		d.errorf(tree.pos, "missing name (a profile needs name:)")
	}
	return p
}

func decodeSite(file string, tree *node, diags *diag.List) *Site {
	d := &decoder{file: file, diags: diags}
	s := &Site{BaseURL: "/", Language: "en"}
	d.fields(tree, "site.yaml", siteKeys, func(e entry) {
		switch e.key {
		case "title":
			s.Title = d.prose(e)
		case "description":
			s.Description = d.prose(e)
		case "base_url":
			v := d.text(e)
			if err := checkBaseURL(v); err != nil {
				d.errorf(e.val.pos, "base_url %q %v", v, err)
				return
			}
			s.BaseURL = v
		case "language":
			s.Language = d.text(e)
		case "unsafe_html":
			s.UnsafeHTML = d.flag(e)
		}
	})
	if s.Title == "" {
		d.errorf(tree.pos, "missing title (site.yaml needs title:)")
	}
	s.BaseURL = NormalizeBaseURL(s.BaseURL)
	return s
}

// checkBaseURL accepts an absolute http(s) URL or a path starting with '/'.
func checkBaseURL(v string) error {
	u, err := url.Parse(v)
	switch {
	case err != nil:
		return fmt.Errorf("is not a valid URL")
	case u.Scheme == "" && u.Host == "" && strings.HasPrefix(u.Path, "/"):
		return nil
	case u.Scheme != "http" && u.Scheme != "https":
		return fmt.Errorf("must be an http(s) URL such as https://example.org/briefing/, or a path such as /briefing/")
	case u.Host == "":
		return fmt.Errorf("has no host")
	case u.RawQuery != "" || u.Fragment != "":
		return fmt.Errorf("must not have a query or fragment")
	}
	return nil
}

// CheckBaseURL validates a base URL given on the command line.
func CheckBaseURL(v string) error {
	if err := checkBaseURL(v); err != nil {
		return fmt.Errorf("base URL %q %v", v, err)
	}
	return nil
}

// NormalizeBaseURL makes sure the base URL ends in '/'.
func NormalizeBaseURL(v string) string {
	if v == "" {
		return "/"
	}
	if !strings.HasSuffix(v, "/") {
		v += "/"
	}
	return v
}

// Collapse trims s and turns every run of white space in it into one
// space, without a copy when that changes nothing: names mostly are single
// spaced already. Names are matched in this form, in front matter and in
// the bodies' [[links]] alike.
func Collapse(s string) string {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c == ' ' && (i == 0 || i == len(s)-1 || s[i+1] == ' ') || c != ' ' && asciiSpace[c] {
				return strings.Join(strings.Fields(s), " ")
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			return strings.Join(strings.Fields(s), " ")
		}
		i += size
	}
	return s
}

// asciiSpace holds the ASCII bytes that strings.Fields splits at.
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}
