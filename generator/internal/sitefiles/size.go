package sitefiles

import (
	"bytes"
	"encoding/xml"
	"image"
	_ "image/gif" // registers the GIF header reader with image.DecodeConfig
	_ "image/jpeg"
	_ "image/png"
	"math"
	"path"
	"strconv"
	"strings"

	_ "golang.org/x/image/webp"
)

// imageExts are the files Size reads.
var imageExts = []string{".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg"}

// IsImage reports whether file is an image by its extension.
func IsImage(file string) bool {
	ext := strings.ToLower(path.Ext(file))
	for _, e := range imageExts {
		if ext == e {
			return true
		}
	}
	return false
}

// Size returns the width and height of the image data, the bytes of file,
// read from its header (PNG, JPEG, GIF, WebP) or, for SVG, from the root
// element's width and height (in px or unitless) or else its viewBox. It
// returns 0, 0 when they cannot be read.
func Size(file string, data []byte) (w, h int) {
	if strings.EqualFold(path.Ext(file), ".svg") {
		return svgSize(data)
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return 0, 0
	}
	return cfg.Width, cfg.Height
}

// svgSize reads the size of an SVG document from its root element.
func svgSize(data []byte) (int, int) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = false
	for {
		tok, err := dec.Token()
		if err != nil {
			return 0, 0
		}
		el, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if el.Name.Local != "svg" {
			return 0, 0
		}
		var w, h float64
		var box []string
		for _, a := range el.Attr {
			switch a.Name.Local {
			case "width":
				w = svgLength(a.Value)
			case "height":
				h = svgLength(a.Value)
			case "viewBox":
				box = strings.Fields(strings.ReplaceAll(a.Value, ",", " "))
			}
		}
		if (w == 0 || h == 0) && len(box) == 4 {
			bw, _ := strconv.ParseFloat(box[2], 64)
			bh, _ := strconv.ParseFloat(box[3], 64)
			switch {
			case w == 0 && h == 0:
				w, h = bw, bh
			case w == 0 && bh > 0:
				w = h * bw / bh
			case h == 0 && bw > 0:
				h = w * bh / bw
			}
		}
		if w <= 0 || h <= 0 || w > 1e6 || h > 1e6 {
			return 0, 0
		}
		return int(math.Round(w)), int(math.Round(h))
	}
}

// svgLength parses a length in px or without a unit; others give 0.
func svgLength(s string) float64 {
	s = strings.TrimSuffix(strings.TrimSpace(s), "px")
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 {
		return 0
	}
	return f
}
