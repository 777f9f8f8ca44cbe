package main

import (
	"strings"
	"testing"
)

// good is a resolved configuration that passes: what netlify-config gives
// for the repository's netlify.toml.
func good(preview bool) *resolved {
	r := &resolved{Context: "production"}
	r.Config.Redirects = []redirect{
		{From: "/vecchio/", To: "/nuovo/", Status: 301},
		{From: "/api/search", To: functionPath, Status: 200},
		{From: "/cerca/", To: functionPath, Status: 200, Force: true},
		{From: "/api/anteprima", To: previewFunctionPath, Status: 200},
	}
	site := map[string]string{
		"Strict-Transport-Security": "max-age=63072000; includeSubDomains",
		"X-Content-Type-Options":    "nosniff",
		"X-Frame-Options":           "DENY",
		"Content-Security-Policy":   "frame-ancestors 'none'; object-src 'none'; base-uri 'self'",
		"Referrer-Policy":           "strict-origin-when-cross-origin",
		"Permissions-Policy":        "camera=(), microphone=(), geolocation=()",
	}
	r.Config.Headers = []header{
		{For: "/*", Values: site},
		{For: "/css/*", Values: map[string]string{"Cache-Control": immutable}},
		{For: "/js/*", Values: map[string]string{"Cache-Control": immutable}},
		{For: "/admin/*", Values: map[string]string{
			"Content-Security-Policy": "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; connect-src 'self' https://api.github.com; frame-ancestors 'none'; object-src 'none'; base-uri 'self'",
			"X-Robots-Tag":            "noindex"}},
		{For: "/_ricerca/*", Values: map[string]string{"Cache-Control": immutable}},
	}
	if preview {
		r.Context = "deploy-preview"
		r.Config.Headers = append([]header{{For: "/*", Values: map[string]string{"X-Robots-Tag": "noindex"}}}, r.Config.Headers...)
	}
	return r
}

func run(r *resolved, preview bool) []string {
	c := &checks{}
	checkRedirects(c, r, good(false).Config.Redirects)
	checkHeaders(c, r, preview)
	return c.failed
}

func TestConfigChecks(t *testing.T) {
	for _, preview := range []bool{false, true} {
		if f := run(good(preview), preview); len(f) > 0 {
			t.Errorf("preview %v: a good configuration fails: %v", preview, f)
		}
	}
	// Each change breaks the configuration in a way netlify-config accepts.
	for _, tc := range []struct {
		name    string
		preview bool
		change  func(r *resolved)
		want    string
	}{
		{"alias temporary", false, func(r *resolved) { r.Config.Redirects[0].Status = 302 }, "redirect 1"},
		{"search not forced", false, func(r *resolved) { r.Config.Redirects[2].Force = false }, "redirect 3"},
		{"rewrite to the wrong function", false, func(r *resolved) { r.Config.Redirects[1].To = "/.netlify/functions/cerca" }, "redirect 2"},
		{"alias lost", false, func(r *resolved) { r.Config.Redirects = r.Config.Redirects[1:] }, "redirect 1"},
		{"extra rule", false, func(r *resolved) {
			r.Config.Redirects = append(r.Config.Redirects, redirect{From: "/*", To: "/index.html", Status: 200})
		}, "in più"},
		{"query condition", false, func(r *resolved) { r.Config.Redirects[2].Query = map[string]any{"q": ":q"} }, "condizioni"},
		{"cache on /*", false, func(r *resolved) { r.Config.Headers[0].Values["Cache-Control"] = "no-cache" }, "Cache-Control"},
		{"short-lived css", false, func(r *resolved) { r.Config.Headers[1].Values["Cache-Control"] = "public, max-age=3600" }, "/css/*"},
		{"framing allowed", false, func(r *resolved) {
			r.Config.Headers[0].Values["Content-Security-Policy"] = "object-src 'none'"
		}, "frame"},
		{"admin policy drops a directive of /*", false, func(r *resolved) {
			r.Config.Headers[3].Values["Content-Security-Policy"] = "default-src 'self'; script-src 'self' 'unsafe-eval'; connect-src https://api.github.com"
		}, "ripetere"},
		{"admin from a CDN", false, func(r *resolved) {
			r.Config.Headers[3].Values["Content-Security-Policy"] += "; script-src 'self' https://unpkg.com"
		}, "unpkg"},
		{"noindex in production", false, func(r *resolved) { r.Config.Headers[0].Values["X-Robots-Tag"] = "noindex" }, "produzione"},
		{"preview indexed", true, func(r *resolved) { r.Config.Headers = r.Config.Headers[1:] }, "noindex"},
		{"rule missing", false, func(r *resolved) { r.Config.Headers = r.Config.Headers[:3] }, "regole"},
		{"index archive rule missing", false, func(r *resolved) { r.Config.Headers = r.Config.Headers[:4] }, "regole"},
		{"index archive revalidated", false, func(r *resolved) { r.Config.Headers[4].Values["Cache-Control"] = "public, max-age=0, must-revalidate" }, "/_ricerca/*"},
		{"conflicting X-Frame-Options", false, func(r *resolved) { r.Config.Headers[3].Values["X-Frame-Options"] = "SAMEORIGIN" }, "X-Frame-Options"},
	} {
		r := good(tc.preview)
		tc.change(r)
		f := run(r, tc.preview)
		if !strings.Contains(strings.Join(f, "\n"), tc.want) {
			t.Errorf("%s: failures %q, want one about %q", tc.name, f, tc.want)
		}
	}
}

func TestParseCSP(t *testing.T) {
	p := parseCSP("default-src 'self';  script-src 'self' 'unsafe-eval' ; Frame-Ancestors 'none';")
	if len(p) != 3 || len(p["script-src"]) != 2 || p["frame-ancestors"][0] != "'none'" {
		t.Errorf("%v", p)
	}
}
