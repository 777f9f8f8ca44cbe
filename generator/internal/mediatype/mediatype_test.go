package mediatype

import "testing"

func TestOf(t *testing.T) {
	for name, want := range map[string]string{
		"index.html": "text/html; charset=utf-8", "css/main.css": "text/css; charset=utf-8",
		"js/cerca.js": "text/javascript; charset=utf-8", "manifest.webmanifest": "application/manifest+json",
		"scadenze.ics": "text/calendar; charset=utf-8", "favicon.svg": "image/svg+xml",
		"_redirects": "text/plain; charset=utf-8", "FOTO.PNG": "image/png", "x.unknownext": "application/octet-stream",
	} {
		if got := Of(name); got != want {
			t.Errorf("%s: %s, want %s", name, got, want)
		}
	}
	if !Compressible("image/svg+xml") || !Compressible("application/manifest+json") || Compressible("image/png") {
		t.Error("Compressible")
	}
}
