package content

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep/generator/internal/content/frontmatter"
	"github.com/sitrep-dev/sitrep/generator/internal/diag"
)

// Kind is the kind of an entity: an actor, a country or a topic.
type Kind int

// The entity kinds; Kinds lists them.
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
	Image    Image     // for og:image
}

// An Image is the image: key of front matter or site.yaml: a file of the
// brief's or profile's folder, or of the site (a leading /).
type Image struct {
	Src string   // as written; empty when not given
	Pos diag.Pos // of the value
	URL string   // resolved by the build: absolute when base_url is
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
	Image    Image     // for og:image
	Body     []byte
	BodyLine int
}

// ActorType says whether an actor is a person or an organization; it
// decides the actor's schema.org type in the page's JSON-LD.
type ActorType int

// The actor types, set by an actor profile's type key.
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
	Image       Image // the default og:image of every page
	Paginate    int   // briefs per page of an entity's list; 0 for the default
}

var (
	briefKeys   = []string{"title", "date", "summary", "actors", "countries", "topics", "sources", "events", "draft", "updated", "slug", "image"}
	profileKeys = [len(Kinds)][]string{
		{"name", "aliases", "summary", "role", "country", "type", "image"},
		{"name", "aliases", "summary", "code", "image"},
		{"name", "aliases", "summary", "image"},
	}
	sourceKeys = []string{"id", "name", "url", "date", "note"}
	eventKeys  = []string{"date", "title"}
	siteKeys   = []string{"title", "description", "base_url", "language", "unsafe_html", "image", "paginate"}
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
func (d *decoder) fields(n *frontmatter.Node, what string, known []string, f func(e frontmatter.Entry)) {
	if n.Kind != frontmatter.Mapping {
		d.errorf(n.Pos, "%s must be a mapping of keys to values, got %s", what, n.Kind)
		return
	}
	seen := map[string]diag.Pos{}
	for _, e := range n.Keys {
		if p, dup := seen[e.Key]; dup {
			d.errorf(e.KeyPos, "key %q is given twice (first on line %d)", e.Key, p.Line)
			continue
		}
		seen[e.Key] = e.KeyPos
		if !slices.Contains(known, e.Key) {
			if s := diag.Suggest(e.Key, known); s != "" {
				d.diags.Warnf(d.file, e.KeyPos, "unknown key %q in %s (did you mean %q?)", e.Key, what, s)
			} else {
				d.diags.Warnf(d.file, e.KeyPos, "unknown key %q in %s (known keys: %s)", e.Key, what, strings.Join(known, ", "))
			}
			continue
		}
		f(e)
	}
}

func (d *decoder) text(e frontmatter.Entry) string {
	switch e.Val.Kind {
	case frontmatter.Scalar:
		return strings.TrimSpace(e.Val.Value)
	case frontmatter.Null:
		return ""
	}
	d.errorf(e.Val.Pos, "%s: want text, got %s", e.Key, e.Val.Kind)
	return ""
}

func (d *decoder) flag(e frontmatter.Entry) bool {
	if e.Val.Kind == frontmatter.Scalar {
		switch strings.ToLower(e.Val.Value) {
		case "true", "yes":
			return true
		case "false", "no":
			return false
		}
	}
	if e.Val.Kind == frontmatter.Null {
		return false
	}
	d.errorf(e.Val.Pos, "%s: want true or false, got %s", e.Key, describe(e.Val))
	return false
}

// names reads a list of names; a single name is read as a one-item list.
func (d *decoder) names(e frontmatter.Entry) []Ref {
	var items []*frontmatter.Node
	switch e.Val.Kind {
	case frontmatter.Null:
		return nil
	case frontmatter.Scalar:
		items = []*frontmatter.Node{e.Val}
	case frontmatter.List:
		items = e.Val.Items
	default:
		d.errorf(e.Val.Pos, "%s: want a list of names, got %s", e.Key, e.Val.Kind)
		return nil
	}
	var refs []Ref
	for _, it := range items {
		name := Collapse(cleanText(it.Value))
		switch {
		case it.Kind != frontmatter.Scalar:
			d.errorf(it.Pos, "%s: want a name, got %s", e.Key, it.Kind)
		case name == "":
			d.errorf(it.Pos, "%s: empty name", e.Key)
		default:
			refs = append(refs, Ref{Name: name, Pos: it.Pos})
		}
	}
	return refs
}

// dateLayouts are the accepted date forms, tried in order.
var dateLayouts = []string{time.DateOnly, time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02 15:04:05Z07:00"}

func (d *decoder) date(key string, n *frontmatter.Node) time.Time {
	if n.Kind != frontmatter.Scalar {
		d.errorf(n.Pos, "%s: want a date like 2023-04-29, got %s", key, n.Kind)
		return time.Time{}
	}
	v := strings.TrimSpace(n.Value)
	t, err := ParseDate(v)
	if err != nil {
		d.errorf(n.Pos, "%s: %v", key, err)
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

func describe(n *frontmatter.Node) string {
	if n.Kind == frontmatter.Scalar {
		return fmt.Sprintf("%q", n.Value)
	}
	return n.Kind.String()
}

// list returns the items of a list-valued key, reporting other shapes.
func (d *decoder) list(e frontmatter.Entry, want string) []*frontmatter.Node {
	switch e.Val.Kind {
	case frontmatter.List:
		return e.Val.Items
	case frontmatter.Null:
		return nil
	case frontmatter.Mapping:
		return []*frontmatter.Node{e.Val} // a single entry written without the list dash
	}
	d.errorf(e.Val.Pos, "%s: want a list of %s, got %s", e.Key, want, describe(e.Val))
	return nil
}

func decodeBrief(file string, tree *frontmatter.Node, diags *diag.List) *Brief {
	d := &decoder{file: file, diags: diags}
	b := &Brief{File: file}
	var hasTitle, hasDate bool
	updatedPos := tree.Pos
	d.fields(tree, "brief front matter", briefKeys, func(e frontmatter.Entry) {
		switch e.Key {
		case "title":
			b.Title, hasTitle = d.prose(e), true
			if b.Title == "" && (e.Val.Kind == frontmatter.Scalar || e.Val.Kind == frontmatter.Null) {
				d.errorf(e.Val.Pos, "title is empty")
			}
		case "date":
			b.Date, b.DatePos, hasDate = d.date("date", e.Val), e.Val.Pos, true
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
		case "image":
			b.Image = d.image(e)
		case "updated":
			b.Updated, updatedPos = d.date("updated", e.Val), e.Val.Pos
		case "slug":
			if s := d.text(e); s != "" {
				slug, err := ParseSlug(s)
				if err != nil {
					d.errorf(e.Val.Pos, "slug %q %v", s, err)
				}
				b.Slug, b.SlugPos = slug, e.Val.Pos
			}
		}
	})
	if !hasTitle {
		d.errorf(tree.Pos, "missing title (every brief needs title: and date:)")
	}
	if !hasDate {
		d.errorf(tree.Pos, "missing date (every brief needs a date: like 2023-04-29)")
	}
	if !b.Updated.IsZero() && !b.Date.IsZero() && b.Updated.Before(b.Date) {
		d.diags.Warnf(file, updatedPos, "updated %s is before date %s", b.Updated.Format(time.DateOnly), b.Date.Format(time.DateOnly))
	}
	return b
}

func (d *decoder) sources(e frontmatter.Entry) []Source {
	var out []Source
	ids := map[string]diag.Pos{}
	for _, it := range d.list(e, "sources ({id, name, url, date, note})") {
		s := Source{Pos: it.Pos}
		d.fields(it, "a source", sourceKeys, func(e frontmatter.Entry) {
			switch e.Key {
			case "id":
				s.ID = d.text(e)
				if s.ID != "" && !validID(s.ID) {
					d.errorf(e.Val.Pos, "source id %q: use letters, digits, '-', '_', '.' or ':' only", s.ID)
				}
			case "name":
				s.Name = d.prose(e)
			case "url":
				s.URL = d.text(e)
				if s.URL != "" {
					if err := checkURL(s.URL); err != nil {
						d.errorf(e.Val.Pos, "source url %q %v", s.URL, err)
						s.URL = ""
					}
				}
			case "date":
				s.Date = d.date("source date", e.Val)
			case "note":
				s.Note = d.prose(e)
			}
		})
		if it.Kind != frontmatter.Mapping {
			continue
		}
		switch {
		case s.ID == "":
			d.errorf(it.Pos, "source without an id (citations [@id] need one)")
			continue
		case ids[s.ID] != diag.Pos{}:
			d.errorf(it.Pos, "duplicate source id %q (first on line %d)", s.ID, ids[s.ID].Line)
			continue
		}
		ids[s.ID] = it.Pos
		if s.Name == "" {
			s.Name = s.ID
		}
		out = append(out, s)
	}
	return out
}

func (d *decoder) events(e frontmatter.Entry) []Event {
	var out []Event
	for _, it := range d.list(e, "events ({date, title})") {
		ev := Event{Pos: it.Pos}
		var hasDate bool
		d.fields(it, "an event", eventKeys, func(e frontmatter.Entry) {
			switch e.Key {
			case "date":
				ev.Date, hasDate = d.date("event date", e.Val), true
			case "title":
				ev.Title = d.prose(e)
			}
		})
		if it.Kind != frontmatter.Mapping {
			continue
		}
		if !hasDate {
			d.errorf(it.Pos, "event without a date")
		}
		if ev.Title == "" {
			d.errorf(it.Pos, "event without a title")
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

func decodeProfile(file string, kind Kind, slug Slug, tree *frontmatter.Node, diags *diag.List) *Profile {
	d := &decoder{file: file, diags: diags}
	p := &Profile{File: file, Kind: kind, Slug: slug}
	d.fields(tree, kind.String()+" profile", profileKeys[kind], func(e frontmatter.Entry) {
		switch e.Key {
		case "name":
			p.Name, p.NamePos = Collapse(d.prose(e)), e.Val.Pos
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
				d.errorf(e.Val.Pos, "type: want person or organization, got %q", v)
			}
		case "country":
			if refs := d.names(e); len(refs) == 1 {
				p.Country = refs[0]
			} else if len(refs) > 1 {
				d.errorf(e.Val.Pos, "country: want one country name, got %d", len(refs))
			}
		case "code":
			p.Code = strings.ToUpper(d.text(e))
		case "image":
			p.Image = d.image(e)
		}
	})
	if p.Name == "" {
		d.errorf(tree.Pos, "missing name (a profile needs name:)")
	}
	return p
}

func decodeSite(file string, tree *frontmatter.Node, diags *diag.List) *Site {
	d := &decoder{file: file, diags: diags}
	s := &Site{BaseURL: "/", Language: "en"}
	d.fields(tree, "site.yaml", siteKeys, func(e frontmatter.Entry) {
		switch e.Key {
		case "title":
			s.Title = d.prose(e)
		case "description":
			s.Description = d.prose(e)
		case "base_url":
			v := d.text(e)
			if err := checkBaseURL(v); err != nil {
				d.errorf(e.Val.Pos, "base_url %q %v", v, err)
				return
			}
			s.BaseURL = v
		case "language":
			s.Language = d.text(e)
		case "unsafe_html":
			s.UnsafeHTML = d.flag(e)
		case "image":
			s.Image = d.image(e)
		case "paginate":
			n, err := strconv.Atoi(d.text(e))
			if err != nil || n < 1 || n > 1000 {
				d.errorf(e.Val.Pos, "paginate: want a number of briefs per page, 1 to 1000")
				return
			}
			s.Paginate = n
		}
	})
	if s.Title == "" {
		d.errorf(tree.Pos, "missing title (site.yaml needs title:)")
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

// image decodes an image: key, a path or URL resolved by the build.
func (d *decoder) image(e frontmatter.Entry) Image {
	return Image{Src: d.text(e), Pos: e.Val.Pos}
}
