package search_test

import (
	"encoding/json"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// tagInSnippet finds any markup in a snippet other than <mark> and </mark>.
var tagInSnippet = regexp.MustCompile(`<(?:[^/m]|/[^m]|m[^a]|ma[^r]|mar[^k]|mark[^>]|/mark[^>])`)

// FuzzSearch sends arbitrary query strings to the handler: it must answer
// 200 with valid JSON, snippets whose only markup is <mark>, and an HTML
// page whose only script is the site's own.
func FuzzSearch(f *testing.F) {
	for _, s := range []string{
		"q=bandi+giovani", "q=%22(+:*", "q=&sezione=opportunita&aperte=si&sort=deadline",
		"q=<script>alert(1)</script>", "q=l%27accessibilit%C3%A0&page=2", "q=" + strings.Repeat("a", 300),
		"q=%E2%80%99&argomenti=giovani&argomenti=scuola", "q=bando&page=0&sort=date",
		"q=&scade_entro=7-giorni&quando=mese", "q=&scade_entro=2027-01-31&dal=2026-12-01&al=2026-12-31",
		"q=&dal=2027-01-10&al=2027-01-01&scade_entro=99999-01-01",
	} {
		f.Add(s)
	}
	h := handler(f)
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		raw = v.Encode()
		res := get(t, h, "/api/search?"+raw)
		if res.StatusCode != 200 {
			t.Fatalf("%q: status %d", raw, res.StatusCode)
		}
		var got struct {
			Hits []struct{ Snippet string }
		}
		if err := json.Unmarshal([]byte(body(t, res)), &got); err != nil {
			t.Fatalf("%q: %v", raw, err)
		}
		for _, hit := range got.Hits {
			if tagInSnippet.MatchString(hit.Snippet) {
				t.Fatalf("%q: markup in snippet %q", raw, hit.Snippet)
			}
		}
		res = get(t, h, "/cerca/?"+raw)
		page := body(t, res)
		if res.StatusCode != 200 {
			t.Fatalf("%q: page status %d", raw, res.StatusCode)
		}
		if n := len(scriptTag.FindAllString(page, -1)); n != 1 {
			t.Fatalf("%q: %d script tags", raw, n)
		}
	})
}
