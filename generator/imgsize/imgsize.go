// Package imgsize reads the intrinsic size of an image from its header,
// without decoding it: PNG, JPEG, GIF and WebP through the image decoders'
// DecodeConfig, SVG from the root element's width and height (or its
// viewBox). Pages give every image its width and height, so that the
// browser reserves its space and nothing shifts while it loads.
package imgsize

import (
	"bufio"
	"encoding/xml"
	"errors"
	"image"
	_ "image/gif"  // registers GIF with image.DecodeConfig
	_ "image/jpeg" // registers JPEG
	_ "image/png"  // registers PNG
	"io"
	"math"
	"path"
	"strconv"
	"strings"

	_ "golang.org/x/image/webp" // registers WebP
)

// ErrUnknown is returned for formats whose size cannot be read (AVIF, an
// SVG without a size or viewBox).
var ErrUnknown = errors.New("imgsize: size unknown")

// maxSVGHeader bounds how much of an SVG is read to find its root element.
const maxSVGHeader = 64 << 10

// Read returns the width and height in CSS pixels of the image in r; name
// (a file name or URL path) tells SVG apart by its extension.
func Read(r io.Reader, name string) (width, height int, err error) {
	if strings.EqualFold(path.Ext(name), ".svg") {
		return svgSize(io.LimitReader(r, maxSVGHeader))
	}
	cfg, _, err := image.DecodeConfig(bufio.NewReader(r))
	if err != nil {
		return 0, 0, ErrUnknown
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return 0, 0, ErrUnknown
	}
	return cfg.Width, cfg.Height, nil
}

// svgSize reads the root <svg> element: its width and height when both are
// plain numbers or pixels, else its viewBox.
func svgSize(r io.Reader) (int, int, error) {
	dec := xml.NewDecoder(r)
	dec.Strict = false
	for {
		tok, err := dec.Token()
		if err != nil {
			return 0, 0, ErrUnknown
		}
		el, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if el.Name.Local != "svg" {
			return 0, 0, ErrUnknown
		}
		var w, h, box string
		for _, a := range el.Attr {
			switch a.Name.Local {
			case "width":
				w = a.Value
			case "height":
				h = a.Value
			case "viewBox":
				box = a.Value
			}
		}
		if pw, ok := pixels(w); ok {
			if ph, ok := pixels(h); ok {
				return pw, ph, nil
			}
		}
		f := strings.FieldsFunc(box, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' || r == '\n' })
		if len(f) == 4 {
			bw, err1 := strconv.ParseFloat(f[2], 64)
			bh, err2 := strconv.ParseFloat(f[3], 64)
			if err1 == nil && err2 == nil && bw >= 1 && bh >= 1 && bw < 1e5 && bh < 1e5 {
				return int(math.Round(bw)), int(math.Round(bh)), nil
			}
		}
		return 0, 0, ErrUnknown
	}
}

// pixels parses "120" or "120px" (not percentages or other units).
func pixels(s string) (int, bool) {
	s = strings.TrimSuffix(strings.TrimSpace(s), "px")
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v < 1 || v >= 1e5 {
		return 0, false
	}
	return int(math.Round(v)), true
}
