package imgsize

import (
	"bytes"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"
)

func TestRead(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 31, 17))
	var pngBuf, jpgBuf, gifBuf bytes.Buffer
	png.Encode(&pngBuf, img)
	jpeg.Encode(&jpgBuf, img, nil)
	gif.Encode(&gifBuf, img, nil)
	tests := []struct {
		name, data string
		w, h       int
		ok         bool
	}{
		{"a.png", pngBuf.String(), 31, 17, true},
		{"a.jpg", jpgBuf.String(), 31, 17, true},
		{"a.gif", gifBuf.String(), 31, 17, true},
		{"a.svg", `<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="640" height="480"></svg>`, 640, 480, true},
		{"a.svg", `<svg width="64px" height="48.4px"/>`, 64, 48, true},
		{"a.svg", `<!-- c --><svg viewBox="0 0 800 600" width="100%"/>`, 800, 600, true},
		{"A.SVG", `<svg viewBox="0,0,10.6,20"/>`, 11, 20, true},
		{"a.svg", `<svg width="10em" height="5em"/>`, 0, 0, false},
		{"a.svg", `<html><svg width="1" height="1"/></html>`, 0, 0, false},
		{"a.svg", `<svg viewBox="0 0 1e9 1"/>`, 0, 0, false},
		{"a.png", "not a png", 0, 0, false},
		{"a.avif", "\x00\x00\x00\x1cftypavif", 0, 0, false},
	}
	for _, tt := range tests {
		w, h, err := Read(strings.NewReader(tt.data), tt.name)
		if (err == nil) != tt.ok || w != tt.w || h != tt.h {
			t.Errorf("%s %.30q: %d×%d %v, want %d×%d ok=%v", tt.name, tt.data, w, h, err, tt.w, tt.h, tt.ok)
		}
	}
}
