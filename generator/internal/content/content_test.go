package content

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/sitrep-dev/sitrep/generator/internal/diag"
)

func mustParseBrief(tb testing.TB, file, src string) *Brief {
	tb.Helper()
	var diags diag.List
	b := ParseBrief(file, []byte(src), &diags)
	if len(diags) > 0 || b == nil {
		tb.Fatalf("ParseBrief(%s): %v", file, diags)
	}
	return b
}

const yamlBrief = `---
title: Austin visits Baghdad
date: 2023-03-07
summary: A short visit.
actors: [Lloyd Austin, Mohammed Shia al-Sudani]
countries: Iraq
topics:
  - US presence in Iraq
sources:
  - id: dod
    name: Department of Defense
    url: https://www.defense.gov/
    date: 2023-03-07
    note: Readout
events:
  - date: 2023-03-07
    title: Austin lands in Baghdad
draft: true
updated: 2023-03-08T10:00:00Z
slug: austin-in-baghdad
---
Body [@dod].
`

const tomlBrief = `+++
title = "Austin visits Baghdad"
date = 2023-03-07
summary = "A short visit."
actors = ["Lloyd Austin", "Mohammed Shia al-Sudani"]
countries = "Iraq"
topics = ["US presence in Iraq"]
draft = true
updated = 2023-03-08T10:00:00Z
slug = "austin-in-baghdad"

[[sources]]
id = "dod"
name = "Department of Defense"
url = "https://www.defense.gov/"
date = 2023-03-07
note = "Readout"

[[events]]
date = 2023-03-07
title = "Austin lands in Baghdad"
+++
Body [@dod].
`

const jsonBrief = `;;;
{
  "title": "Austin visits Baghdad",
  "date": "2023-03-07",
  "summary": "A short visit.",
  "actors": ["Lloyd Austin", "Mohammed Shia al-Sudani"],
  "countries": "Iraq",
  "topics": ["US presence in Iraq"],
  "sources": [{"id": "dod", "name": "Department of Defense", "url": "https://www.defense.gov/", "date": "2023-03-07", "note": "Readout"}],
  "events": [{"date": "2023-03-07", "title": "Austin lands in Baghdad"}],
  "draft": true,
  "updated": "2023-03-08T10:00:00Z",
  "slug": "austin-in-baghdad"
}
;;;
Body [@dod].
`

// TestFormats checks that YAML, TOML and JSON front matter give the same brief.
func TestFormats(t *testing.T) {
	want := mustParseBrief(t, "content/briefs/y.md", yamlBrief)
	if want.Title != "Austin visits Baghdad" || !want.Date.Equal(time.Date(2023, 3, 7, 0, 0, 0, 0, time.UTC)) ||
		len(want.Refs[Actor]) != 2 || want.Refs[Country][0].Name != "Iraq" || want.Sources[0].URL != "https://www.defense.gov/" ||
		want.Events[0].Title != "Austin lands in Baghdad" || !want.Draft || want.Slug != "austin-in-baghdad" ||
		want.Updated.Hour() != 10 || string(want.Body) != "Body [@dod].\n" || want.BodyLine != 22 {
		t.Fatalf("YAML brief decoded wrong: %+v", want)
	}
	for name, src := range map[string]string{"toml": tomlBrief, "json": jsonBrief} {
		got := mustParseBrief(t, "content/briefs/y.md", src)
		// positions differ between formats; compare values only
		clearPos(got)
		w := *want
		clearPos(&w)
		w.BodyLine = got.BodyLine
		if !reflect.DeepEqual(got, &w) {
			t.Errorf("%s brief = %+v\nwant %+v", name, got, &w)
		}
	}
}

func clearPos(b *Brief) {
	b.DatePos, b.SlugPos = diag.Pos{}, diag.Pos{}
	for k := range b.Refs {
		for i := range b.Refs[k] {
			b.Refs[k][i].Pos = diag.Pos{}
		}
	}
	for i := range b.Sources {
		b.Sources[i].Pos = diag.Pos{}
	}
	for i := range b.Events {
		b.Events[i].Pos = diag.Pos{}
	}
}

func TestPositions(t *testing.T) {
	b := mustParseBrief(t, "content/briefs/y.md", yamlBrief)
	if got := b.Refs[Actor][1].Pos; got != (diag.Pos{Line: 5, Col: 24}) {
		t.Errorf("YAML actor position = %v, want 5:24", got)
	}
	b = mustParseBrief(t, "content/briefs/t.md", tomlBrief)
	if got := b.Sources[0].Pos; got.Line != 12 {
		t.Errorf("TOML source position = %v, want line 12", got)
	}
	b = mustParseBrief(t, "content/briefs/j.md", jsonBrief)
	if got := b.Refs[Actor][1].Pos; got != (diag.Pos{Line: 6, Col: 30}) {
		t.Errorf("JSON actor position = %v, want 6:30", got)
	}
}

// TestBadInput lists broken files with the exact diagnostics they give.
func TestBadInput(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
	}{
		{"unclosed", "---\ntitle: A\ndate: 2023-01-01\n", []string{
			`x.md:1:1: front matter opened by "---" is never closed (want a line "---" after it)`}},
		{"none", "Just text\n", []string{
			`x.md:1:1: no front matter: a file must start with a line "---", then keys such as title: and date:, then "---" again (or +++ for TOML, ;;; for JSON)`}},
		{"yaml syntax", "---\ntitle: [A\ndate: 2023-01-01\n---\n", []string{
			`x.md:2:8: YAML syntax error: did not find expected ',' or ']' (is a bracket left open?)`}},
		{"toml syntax", "+++\ntitle = \"A\"\ndate = \n+++\n", []string{
			`x.md:3:8: TOML syntax error: expected value but found '\n' instead`}},
		{"json syntax", ";;;\n{\"title\": \"A\",\n \"date\": }\n;;;\n", []string{
			`x.md:3:10: JSON syntax error: invalid character '}' looking for beginning of value`}},
		{"missing", "---\nsummary: s\n---\n", []string{
			`x.md:2:1: missing date (every brief needs a date: like 2023-04-29)`,
			`x.md:2:1: missing title (every brief needs title: and date:)`}},
		{"bad dates", "---\ntitle: A\ndate: 2023-02-30\nupdated: soon\nevents:\n  - date: 2023-13-01\n    title: E\n---\n", []string{
			`x.md:3:7: date: invalid date "2023-02-30": day out of range`,
			`x.md:4:10: updated: invalid date "soon": want YYYY-MM-DD or RFC 3339 (2023-04-29T10:00:00Z)`,
			`x.md:6:11: event date: invalid date "2023-13-01": month out of range`}},
		{"types", "---\ntitle: [A, B]\ndate: 2023-01-01\nactors: {name: X}\ndraft: maybe\n---\n", []string{
			`x.md:2:8: title: want text, got a list`,
			`x.md:4:9: actors: want a list of names, got a mapping`,
			`x.md:5:8: draft: want true or false, got "maybe"`}},
		{"sources", "---\ntitle: A\ndate: 2023-01-01\nsources:\n  - {id: a, url: 'javascript:alert(1)'}\n  - {id: a, url: https://x.org/}\n  - {name: no id}\n---\n", []string{
			`x.md:5:18: source url "javascript:alert(1)" must start with http:// or https://`,
			`x.md:6:5: duplicate source id "a" (first on line 5)`,
			`x.md:7:5: source without an id (citations [@id] need one)`}},
		{"unknown key", "---\ntitle: A\ndate: 2023-01-01\nactor: [X]\ncontry: [Y]\n---\n", []string{
			`x.md:4:1: warning: unknown key "actor" in brief front matter (did you mean "actors"?)`,
			`x.md:5:1: warning: unknown key "contry" in brief front matter (did you mean "countries"?)`}},
		{"empty", "  \n", []string{`x.md:1:1: empty file`}},
		{"binary", "---\x00\x01", []string{`x.md:1:4: binary file (holds a NUL byte): not markdown text`}},
		{"latin1", "---\ntitle: caf\xe9\n---\n", []string{`x.md:2:11: not UTF-8 text: save the file as UTF-8`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var diags diag.List
			ParseBrief("x.md", []byte(tt.src), &diags)
			var got []string
			for _, d := range diags.Sort() {
				got = append(got, d.String())
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestLoad(t *testing.T) {
	fsys := fstest.MapFS{
		"content/site.yaml":            {Data: []byte("title: T\nbase_url: https://example.org/sub\n")},
		"content/briefs/a.md":          {Data: []byte("---\ntitle: A\ndate: 2023-01-01\n---\nx")},
		"content/briefs/2024/b.md":     {Data: []byte("---\ntitle: B\ndate: 2024-01-01\n---\nx")},
		"content/actors/jane-doe.md":   {Data: []byte("---\nname: Jane Doe\n---\n")},
		"content/briefs/.a.md.swp":     {Data: []byte("junk")},
		"content/briefs/notes.txt":     {Data: []byte("junk")},
		"content/actors/nested/bad.md": {Data: []byte("---\nname: X\n---\n")},
	}
	c, diags := Load(fsys)
	var got []string
	for _, d := range diags.Sort() {
		got = append(got, d.String())
	}
	want := []string{
		"content/actors/nested/bad.md: unexpected file: no folder holding it has an index.md (a file beside a brief or profile goes in its folder, next to its index.md)",
		"content/briefs/notes.txt: unexpected file: no folder holding it has an index.md (a file beside a brief or profile goes in its folder, next to its index.md)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Load diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(c.Briefs) != 2 || len(c.Profiles) != 1 || c.Site.BaseURL != "https://example.org/sub/" || c.Briefs[0].Slug != "b" {
		t.Errorf("Load = %d briefs, %d profiles, base %q, first slug %q", len(c.Briefs), len(c.Profiles), c.Site.BaseURL, c.Briefs[0].Slug)
	}
}

// FuzzParseBrief checks that no input panics, that every diagnostic points
// inside the file, and that a successful parse is deterministic.
func FuzzParseBrief(f *testing.F) {
	for _, s := range []string{yamlBrief, tomlBrief, jsonBrief, "---\n---\n", "---\na: b\n  ---  \r\nbody", "---\nx\n---", "---\n\n---\n\n---\n", "+++\n", ";;;\n[1]\n;;;\n", "{\n\"title\": 1\n}\n\nbody", "---\na: &a [*a]\n---\n"} {
		f.Add(s)
	}
	seeds, _ := filepath.Glob("../build/testdata/site/content/briefs/*.md")
	for _, p := range seeds {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(string(b))
		}
	}
	f.Fuzz(func(t *testing.T, src string) {
		var d1, d2 diag.List
		b1 := ParseBrief("f.md", []byte(src), &d1)
		b2 := ParseBrief("f.md", []byte(src), &d2)
		if !reflect.DeepEqual(b1, b2) || !reflect.DeepEqual(d1, d2) {
			t.Fatal("ParseBrief is not deterministic")
		}
		lines := strings.Count(src, "\n") + 1
		for _, d := range d1 {
			if d.File != "f.md" || d.Pos.Line < 0 || d.Pos.Line > lines || d.Pos.Col < 0 {
				t.Fatalf("diagnostic outside the file (%d lines): %v", lines, d)
			}
		}
		if b1 != nil && !d1.HasErrors() && (b1.Title == "" || b1.Date.IsZero() || b1.Slug == "") {
			t.Fatalf("brief accepted without title, date or slug: %+v", b1)
		}
	})
}

func TestActorType(t *testing.T) {
	for _, tt := range []struct {
		src  string
		want ActorType
		diag string
	}{
		{"---\nname: A\n---\n", Person, ""},
		{"---\nname: A\ntype: Person\n---\n", Person, ""},
		{"---\nname: A\ntype: organization\n---\n", Organization, ""},
		{"---\nname: A\ntype: Organisation\n---\n", Organization, ""},
		{"---\nname: A\ntype: robot\n---\n", Person, `a.md:3:7: type: want person or organization, got "robot"`},
	} {
		var diags diag.List
		p := ParseProfile("a.md", Actor, []byte(tt.src), &diags)
		var got []string
		for _, d := range diags.Sort() {
			got = append(got, d.String())
		}
		if p == nil || p.Type != tt.want || strings.Join(got, "\n") != tt.diag {
			t.Errorf("%q: type %v, diagnostics %q; want %v, %q", tt.src, p.Type, got, tt.want, tt.diag)
		}
	}
}

// TestCollapse holds collapse to its definition with strings.Fields.
func TestCollapse(t *testing.T) {
	inputs := []string{"", " ", "Lloyd Austin", " Lloyd Austin", "Lloyd Austin ", "Lloyd  Austin", "Lloyd\tAustin",
		"Chloé Yılmaz", "a\u00a0b", "a\u3000b", "خالد محمد", "x\xffy", "a \u2028b", "\u0085a"}
	r := rand.New(rand.NewPCG(3, 4))
	alphabet := []string{"a", "é", " ", "  ", "\t", "\n", "\u00a0", "\u3000", "\xff", "\u0085", "z"}
	for range 5000 {
		var b strings.Builder
		for range r.IntN(10) {
			b.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		inputs = append(inputs, b.String())
	}
	for _, s := range inputs {
		if got, want := Collapse(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("collapse(%q) = %q, want %q", s, got, want)
		}
	}
}

func TestClassify(t *testing.T) {
	for _, tc := range []struct {
		path  string
		class FileClass
		kind  Kind
	}{
		{"content/site.yaml", SettingsFile, 0},
		{"content/briefs/a.md", BriefFile, 0},
		{"content/briefs/2024/05/a.md", BriefFile, 0},
		{"content/actors/lloyd-austin.md", ProfileFile, Actor},
		{"content/countries/iraq.md", ProfileFile, Country},
		{"content/topics/oil.md", ProfileFile, Topic},
		{"content/actors/nested/x.md", BundleFile, 0},
		{"content/actors/nested/index.md", ProfileFile, Actor},
		{"content/topics/oil/index.md", ProfileFile, Topic},
		{"content/topics/oil/img/map.png", BundleFile, 0},
		{"content/topics/map.png", UnexpectedFile, 0},
		{"content/briefs/2024-05-01-x/index.md", BriefFile, 0},
		{"content/briefs/2024-05-01-x/map.png", BundleFile, 0},
		{"content/briefs/notes.txt", BundleFile, 0},
		{"content/briefs.md", UnexpectedFile, 0},
		{"content/events/x.md", UnexpectedFile, 0},
		{"content/site.yml", UnexpectedFile, 0},
	} {
		if class, kind := Classify(tc.path); class != tc.class || kind != tc.kind {
			t.Errorf("Classify(%q) = %v, %v; want %v, %v", tc.path, class, kind, tc.class, tc.kind)
		}
	}
}

// TestBundles loads briefs and profiles that are folders: slugs from the
// folder names, files owned by the nearest index.md, image sizes read.
func TestBundles(t *testing.T) {
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, 7, 3))); err != nil {
		t.Fatal(err)
	}
	png := buf.String()
	fsys := fstest.MapFS{
		"content/site.yaml":                             {Data: []byte("title: T\n")},
		"content/briefs/2024-05-01-front-line/index.md": {Data: []byte("---\ntitle: A\ndate: 2024-05-01\n---\nx\n")},
		"content/briefs/2024-05-01-front-line/map.png":  {Data: []byte(png)},
		"content/briefs/2024-05-01-front-line/d/a.pdf":  {Data: []byte("%PDF")},
		"content/briefs/2024-05-02-other/index.md":      {Data: []byte("---\ntitle: B\ndate: 2024-05-02\nslug: 2024-05-02-own\n---\nx\n")},
		"content/briefs/2024-05-02-other/index.html":    {Data: []byte("x")},
		"content/actors/lloyd-austin/index.md":          {Data: []byte("---\nname: Lloyd Austin\nimage: photo.png\n---\n")},
		"content/actors/lloyd-austin/photo.png":         {Data: []byte(png)},
		"content/countries/iraq/flag.svg":               {Data: []byte("<svg/>")},
	}
	c, diags := Load(fsys)
	var got []string
	for _, d := range diags {
		got = append(got, d.String())
	}
	want := []string{
		"content/briefs/2024-05-02-other/index.html: a file named index.html beside content/briefs/2024-05-02-other/index.md would take the place of its page: rename it",
		"content/countries/iraq/flag.svg: unexpected file: no folder holding it has an index.md (a file beside a brief or profile goes in its folder, next to its index.md)",
	}
	if !slices.Equal(got, want) {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(c.Briefs) != 2 || string(c.Briefs[0].Slug) != "2024-05-01-front-line" || string(c.Briefs[1].Slug) != "2024-05-02-own" {
		t.Fatalf("briefs: %+v", c.Briefs)
	}
	if len(c.Profiles) != 1 || string(c.Profiles[0].Slug) != "lloyd-austin" || c.Profiles[0].Image.Src != "photo.png" {
		t.Fatalf("profiles: %+v", c.Profiles)
	}
	var files []string
	for _, a := range c.Attachments {
		files = append(files, fmt.Sprintf("%s %s %s %dx%d", a.File, a.Owner, a.Rel(), a.Width, a.Height))
	}
	wantFiles := []string{
		"content/actors/lloyd-austin/photo.png content/actors/lloyd-austin/index.md photo.png 7x3",
		"content/briefs/2024-05-01-front-line/d/a.pdf content/briefs/2024-05-01-front-line/index.md d/a.pdf 0x0",
		"content/briefs/2024-05-01-front-line/map.png content/briefs/2024-05-01-front-line/index.md map.png 7x3",
	}
	if !slices.Equal(files, wantFiles) {
		t.Errorf("attachments:\n%s\nwant:\n%s", strings.Join(files, "\n"), strings.Join(wantFiles, "\n"))
	}
}

func TestIgnored(t *testing.T) {
	for _, name := range []string{".a.md.swp", ".a.md.swx", ".a.md.swo", "a.md~", ".#a.md", "#a.md#", "4913", ".DS_Store", ".git",
		"a.md.tmp", "a.md___jb_tmp___", "a.md___jb_old___"} {
		if !Ignored(name) {
			t.Errorf("Ignored(%q) = false, want true", name)
		}
	}
	for _, name := range []string{"a.md", "site.yaml", "4913.md", "briefs", "a.swp.md", "notes.txt"} {
		if Ignored(name) {
			t.Errorf("Ignored(%q) = true, want false", name)
		}
	}
}
