package main

import "net/http"

// siteHeaders are the headers netlify.toml gives every file of the site
// ([[headers]] for = "/*"). Netlify adds no headers from its configuration
// to a function's responses, so the function sends them itself, on every
// answer; TestSiteHeaders keeps the two lists equal. The results page also
// carries the site's Content-Security-Policy in a <meta> element, from the
// layouts.
var siteHeaders = map[string]string{
	"Strict-Transport-Security": "max-age=63072000; includeSubDomains",
	"X-Content-Type-Options":    "nosniff",
	"X-Frame-Options":           "DENY",
	"Content-Security-Policy":   "frame-ancestors 'none'; object-src 'none'; base-uri 'self'",
	"Referrer-Policy":           "strict-origin-when-cross-origin",
	"Permissions-Policy":        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()",
}

// setSiteHeaders sets siteHeaders on h.
func setSiteHeaders(h http.Header) {
	for k, v := range siteHeaders {
		h.Set(k, v)
	}
}
