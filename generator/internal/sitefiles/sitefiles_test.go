package sitefiles

import (
	"bytes"
	"errors"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
	"testing"
)

func TestParse(t *testing.T) {
	from := "content/briefs/2024-05-01-x/index.md"
	for _, tc := range []struct {
		dest, file, suffix string
		ok                 bool
		err                error
	}{
		{"map.png", "content/briefs/2024-05-01-x/map.png", "", true, nil},
		{"./docs/a.pdf#page=2", "content/briefs/2024-05-01-x/docs/a.pdf", "#page=2", true, nil},
		{"../y.md?x=1#top", "content/briefs/y.md", "?x=1#top", true, nil},
		{"/static/logo.png", "static/logo.png", "", true, nil},
		{"/static/../static/a%20b.png", "static/a b.png", "", true, nil},
		{"../../../../etc/passwd", "", "", true, ErrOutside},
		{"/..", "", "", true, nil}, // the home page: a rooted path climbs no higher
		{"/timeline/", "timeline", "", true, nil},
		{"https://example.org/a.png", "", "", false, nil},
		{"mailto:a@b.c", "", "", false, nil},
		{"tel:+123", "", "", false, nil},
		{"//host/a.png", "", "", false, nil},
		{"#top", "", "", false, nil},
		{"?q=1", "", "", false, nil},
		{"", "", "", false, nil},
	} {
		d, ok, err := Parse(from, tc.dest)
		if ok != tc.ok || d.File != tc.file || d.Suffix != tc.suffix || (tc.err != nil && !errors.Is(err, tc.err)) || (tc.err == nil && err != nil && tc.file != "") {
			t.Errorf("Parse(%q) = %+v, %v, %v; want %q %q %v %v", tc.dest, d, ok, err, tc.file, tc.suffix, tc.ok, tc.err)
		}
	}
	if _, ok, err := Parse(from, "../../.."); !ok || !errors.Is(err, ErrOutside) {
		t.Errorf("Parse(../../..) = %v, %v; want the site folder refused", ok, err)
	}
	if _, _, err := Parse(from, `img\map.png`); err == nil {
		t.Error(`Parse(img\map.png): want an error for a backslash`)
	}
}

func TestTable(t *testing.T) {
	tbl := NewTable()
	tg := Target{Path: "briefs/x/map.png", URL: "/b/briefs/x/map.png", Width: 3, Height: 2}
	tbl.Add("content/briefs/x/map.png", tg)
	tbl.Refuse("content/briefs/d.md", "a draft")
	got, l, err := tbl.Ask("content/briefs/x/map.png")
	if err != nil || got != tg || l.Target != tg {
		t.Errorf("Ask = %v %v %v", got, l, err)
	}
	_, missing, err := tbl.Ask("content/briefs/y.md")
	if err == nil || missing.Err != "no brief or profile at /content/briefs/y.md" {
		t.Errorf("missing .md: %v %q", err, missing.Err)
	}
	if _, err := tbl.Lookup("content/briefs/d.md"); err == nil || err.Error() != "a draft" {
		t.Errorf("draft: %v", err)
	}
	if !tbl.Same([]Lookup{l, missing}) {
		t.Error("Same: the same table gives other answers")
	}
	other := NewTable()
	other.Add("content/briefs/x/map.png", Target{Path: tg.Path, URL: tg.URL, Width: 4, Height: 2})
	if other.Same([]Lookup{l}) {
		t.Error("Same: a resized image gives the same answer")
	}
	other.Add("content/briefs/y.md", Target{Path: "briefs/y/", URL: "/b/briefs/y/", Page: true})
	if other.Same([]Lookup{missing}) {
		t.Error("Same: a brief that appeared gives the same answer")
	}
	tbl.AddPage("timeline/", "/b/timeline/")
	tbl.AddPage("briefs/x/map.png", "/b/elsewhere")
	if tg, err := tbl.Lookup("timeline"); err != nil || tg.URL != "/b/timeline/" || !tg.Page {
		t.Errorf("page by its path: %v %v", tg, err)
	}
	if tg, _ := tbl.Lookup("content/briefs/x/map.png"); tg.URL != "/b/briefs/x/map.png" {
		t.Errorf("AddPage replaced a file of the site: %v", tg)
	}
	var none *Table
	if _, err := none.Lookup("static/a.png"); err == nil {
		t.Error("nil table: want an error")
	}
}

func TestSize(t *testing.T) {
	img := image.NewGray(image.Rect(0, 0, 13, 7))
	for name, enc := range map[string]func(*bytes.Buffer) error{
		"a.png": func(b *bytes.Buffer) error { return png.Encode(b, img) },
		"a.jpg": func(b *bytes.Buffer) error { return jpeg.Encode(b, img, nil) },
		"a.gif": func(b *bytes.Buffer) error { return gif.Encode(b, img, nil) },
	} {
		var buf bytes.Buffer
		if err := enc(&buf); err != nil {
			t.Fatal(err)
		}
		if w, h := Size(name, buf.Bytes()); w != 13 || h != 7 {
			t.Errorf("Size(%s) = %d×%d, want 13×7", name, w, h)
		}
	}
	// a lossless WebP of 13×7 (VP8L header: signature 0x2f, then 14-bit width-1 and height-1)
	webp := []byte("RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00\x2f\x0c\x80\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00")
	if w, h := Size("a.webp", webp); w != 13 || h != 7 {
		t.Errorf("Size(a.webp) = %d×%d, want 13×7", w, h)
	}
	for svg, want := range map[string][2]int{
		`<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20px"/>`: {40, 20},
		`<?xml version="1.0"?><!-- c --><svg viewBox="0 0 120 60"></svg>`:    {120, 60},
		`<svg width="100%" height="100%" viewBox="0,0,30,10"/>`:              {30, 10},
		`<svg width="60" viewBox="0 0 30 10"/>`:                              {60, 20},
		`<svg width="10em" height="2em"/>`:                                   {0, 0},
		`<html><svg width="4" height="4"/></html>`:                           {0, 0},
		`not xml`: {0, 0},
	} {
		if w, h := Size("a.svg", []byte(svg)); w != want[0] || h != want[1] {
			t.Errorf("Size(%s) = %d×%d, want %d×%d", svg, w, h, want[0], want[1])
		}
	}
	if w, h := Size("a.png", []byte("not a png")); w != 0 || h != 0 {
		t.Errorf("Size(broken png) = %d×%d", w, h)
	}
	if !IsImage("A.JPEG") || IsImage("a.pdf") {
		t.Error("IsImage")
	}
}
