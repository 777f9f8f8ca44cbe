package main

import (
	"net/http"
	"path/filepath"
	"regexp"
	"testing"
	"testing/fstest"

	"github.com/BurntSushi/toml"

	"cantiericomuni.it/banca/generator/internal/testproject"
)

// TestSiteHeaders: the function sends, on every answer, exactly the
// headers netlify.toml gives the site's files (for = "/*"), which Netlify
// does not add to a function's responses.
func TestSiteHeaders(t *testing.T) {
	var cfg struct {
		Headers []struct {
			For    string            `toml:"for"`
			Values map[string]string `toml:"values"`
		} `toml:"headers"`
	}
	if _, err := toml.DecodeFile(filepath.Join(testproject.Root(), "netlify.toml"), &cfg); err != nil {
		t.Fatal(err)
	}
	var site map[string]string
	for _, h := range cfg.Headers {
		if h.For == "/*" {
			site = h.Values
		}
	}
	if len(site) == 0 {
		t.Fatal(`netlify.toml has no [[headers]] for = "/*"`)
	}
	for k, v := range site {
		if siteHeaders[k] != v {
			t.Errorf("netlify.toml sets %s: %q; the function sends %q", k, v, siteHeaders[k])
		}
	}
	for k := range siteHeaders {
		if _, ok := site[k]; !ok {
			t.Errorf("the function sends %s, which netlify.toml does not set on /*", k)
		}
	}
	for _, ev := range []struct{ path, q string }{{"/api/search", "orti"}, {"/cerca/", "orti"}, {"/cerca/", ""}} {
		res := call(t, sample, get(ev.path, "q", ev.q))
		for k, v := range siteHeaders {
			if got := res.Headers[http.CanonicalHeaderKey(k)]; got != v {
				t.Errorf("%s?q=%s: %s %q, want %q", ev.path, ev.q, k, got, v)
			}
		}
	}
	if res := call(t, start(fstest.MapFS{}), get("/cerca/", "q", "orti")); res.Headers["X-Frame-Options"] != "DENY" {
		t.Errorf("without an index: headers %v", res.Headers)
	}
}

// TestFingerprintedAssets: the results page links the stylesheet and the
// script under the names the build published (the bundle's assets.json),
// and carries the site's Content-Security-Policy.
func TestFingerprintedAssets(t *testing.T) {
	res := call(t, sample, get("/cerca/", "q", "orti"))
	for _, re := range []string{
		`<link rel="stylesheet" href="/css/main\.[0-9a-f]{8}\.css">`,
		`<script src="/js/cerca\.[0-9a-f]{8}\.js" defer></script>`,
		`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'; [^"]*">`,
	} {
		if !regexp.MustCompile(re).MatchString(res.Body) {
			t.Errorf("the results page has no %s", re)
		}
	}
}
