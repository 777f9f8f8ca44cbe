package search_test

import (
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"cantiericomuni.it/banca/generator/internal/testproject"
	"cantiericomuni.it/banca/generator/render"
	"cantiericomuni.it/banca/generator/search"
)

// handler serves the sample site's search with the bundle's own layouts,
// as the Netlify function does.
func handler(t testing.TB) *search.Handler {
	ix := sample(t)
	parts, err := search.LoadPageParts(os.DirFS(bundleDir(t, "sample")))
	if err != nil {
		t.Fatal(err)
	}
	page, err := render.NewSearchPage(parts.Layouts, parts.Assets, parts.Site)
	if err != nil {
		t.Fatal(err)
	}
	return &search.Handler{Index: ix, Page: search.NewHTMLPage(page), Now: func() time.Time { return now }, Compress: true}
}

func bundleDir(t testing.TB, name string) string {
	dirs, _ := filepath.Glob(filepath.Join(tmpRoot, name+"-*", "bundle"))
	if len(dirs) != 1 {
		t.Fatalf("bundle of %s: %v", name, dirs)
	}
	return dirs[0]
}

func get(t testing.TB, h http.Handler, target string, header ...string) *http.Response {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func body(t testing.TB, res *http.Response) string {
	t.Helper()
	r := res.Body
	if res.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(r)
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestHandlerJSON(t *testing.T) {
	h := handler(t)
	res := get(t, h, "/api/search?q=bandi+giovani&sezione=opportunita", "Accept-Encoding", "gzip")
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/json; charset=utf-8" ||
		res.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("%d %v", res.StatusCode, res.Header)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(body(t, res)), &got); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"query", "total", "hits", "facets"} {
		if _, ok := got[k]; !ok {
			t.Errorf("no %q in %v", k, got)
		}
	}
	hit := got["hits"].([]any)[0].(map[string]any)
	for _, k := range []string{"url", "title", "section", "snippet", "date", "status", "deadline"} {
		if _, ok := hit[k]; !ok {
			t.Errorf("hit without %q: %v", k, hit)
		}
	}
	facets := got["facets"].(map[string]any)
	for _, k := range []string{"sezione", "tipo", "argomenti", "destinatari", "territori", "cantieri", "aperte"} {
		if _, ok := facets[k]; !ok {
			t.Errorf("no facet %q", k)
		}
	}
	for _, tc := range []struct {
		method string
		want   int
	}{{http.MethodPost, 405}, {http.MethodHead, 200}} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(tc.method, "/api/search?q=bando", nil))
		if rec.Code != tc.want {
			t.Errorf("%s: %d, want %d", tc.method, rec.Code, tc.want)
		}
		if tc.method == http.MethodHead && rec.Body.Len() != 0 {
			t.Errorf("HEAD with a body")
		}
	}
}

var scriptTag = regexp.MustCompile(`(?i)<script`)

func TestHandlerHTML(t *testing.T) {
	h := handler(t)
	res := get(t, h, "/cerca/?q=bandi+giovani&argomenti=giovani")
	page := body(t, res)
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("%d %v", res.StatusCode, res.Header)
	}
	for _, want := range []string{
		`<html lang="it"`, `value="bandi giovani"`, `Giovani protagonisti`, `<mark>`,
		`name="argomenti" value="giovani" checked`, `Togli tutti i filtri`, `role="status"`,
		`name="aperte" value="si"`, `name="sort"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	// What the reader typed comes back escaped, everywhere.
	res = get(t, h, `/cerca/?q=%3Cscript%3Ealert(1)%3C/script%3E+%22onmouseover%3D%22x`)
	page = body(t, res)
	if n := len(scriptTag.FindAllString(page, -1)); n != 1 { // the page's own /js/cerca.js
		t.Errorf("%d script tags in\n%s", n, page)
	}
	if strings.Contains(page, `"onmouseover="`) {
		t.Error("attribute injection")
	}
	if !strings.Contains(page, "Nessun risultato") {
		t.Error("no empty-result message")
	}
}

// TestBundleLayouts: the results page of the function is rendered from the
// layouts copied into the bundle, which must match the project's.
func TestBundleLayouts(t *testing.T) {
	dir := bundleDir(t, "sample")
	for _, name := range []string{"search.html", "base.html"} {
		a, err := os.ReadFile(filepath.Join(testproject.Root(), "layouts", name))
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(dir, "layouts", name))
		if err != nil || string(a) != string(b) {
			t.Errorf("%s not copied into the bundle (%v)", name, err)
		}
	}
}

// TestHandlerStart: /cerca/ without a query is the form with every filter
// and today's counts, and no results.
func TestHandlerStart(t *testing.T) {
	h := handler(t)
	res := get(t, h, "/cerca/")
	page := body(t, res)
	if res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
	for _, want := range []string{`name="sezione" value="opportunita"`, `data-conta="aperte/si"`, "Scrivi una o più parole"} {
		if !strings.Contains(page, want) {
			t.Errorf("start page lacks %s", want)
		}
	}
	if strings.Contains(page, `class="voce"`) {
		t.Error("start page lists results")
	}
}

// TestFormKeepsDefaultOrder: without JavaScript the form always sends its
// order. A page without words (the start, browsing by filter) must offer
// the default order, relevance, so that the next search with words is not
// sorted by date unless the reader chose it; an order chosen stays.
func TestFormKeepsDefaultOrder(t *testing.T) {
	h := handler(t)
	for target, want := range map[string]string{
		"/cerca/":                               "relevance",
		"/cerca/?q=&sezione=pratiche":           "relevance",
		"/cerca/?q=giovani":                     "relevance",
		"/cerca/?q=&sezione=pratiche&sort=date": "date",
		"/cerca/?q=giovani&sort=deadline":       "deadline",
	} {
		page := body(t, get(t, h, target))
		if !strings.Contains(page, `<option value="`+want+`" selected>`) {
			t.Errorf("%s: %q not the order selected", target, want)
		}
	}
}
