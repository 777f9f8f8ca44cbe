package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"cantiericomuni.it/banca/generator/internal/testproject"
	"cantiericomuni.it/banca/generator/pipeline"
	"cantiericomuni.it/banca/generator/search"
)

// sample is the function started, through the production cold-start path,
// on a bundle built with the site from the repo's sample content: the
// bundle records the address of a server on 127.0.0.1 serving the built
// site, from which the function fetches the archive of the index.
var sample *app

// sampleBundle and samplePublic are the folders of that build, siteURL
// the server's address.
var sampleBundle, samplePublic, siteURL string

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	log.SetOutput(io.Discard) // the function's log of its cold starts
	tmp, err := os.MkdirTemp("", "search-function-test-")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(tmp)
	root := testproject.Root()
	sampleBundle, samplePublic = filepath.Join(tmp, "bundle"), filepath.Join(tmp, "public")
	srv := httptest.NewServer(http.FileServer(http.Dir(samplePublic)))
	defer srv.Close()
	siteURL = srv.URL
	res, err := pipeline.Run(pipeline.Config{Root: root, Content: filepath.Join(root, "content"), Out: samplePublic,
		Now: time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC), Bundle: sampleBundle, Fingerprint: true,
		IndexURLs: []string{siteURL}})
	if err != nil {
		panic(err)
	}
	if res.Diags.HasErrors() {
		panic(fmt.Sprint(res.Diags.All()))
	}
	sample = start(os.DirFS(sampleBundle))
	if _, err := sample.handler.(*remote).index(context.Background()); err != nil {
		panic(fmt.Sprintf("the sample index was not fetched: %v", err))
	}
	defer sample.close()
	return m.Run()
}

// searchHandler is the search handler of a, once its index is open.
func searchHandler(t *testing.T, a *app) *search.Handler {
	t.Helper()
	h := a.handler
	if r, ok := h.(*remote); ok {
		loaded, err := r.index(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		h = loaded.handler
	}
	return h.(*search.Handler)
}

// call sends ev through the function's entry point.
func call(t *testing.T, a *app, ev events.APIGatewayProxyRequest) events.APIGatewayProxyResponse {
	t.Helper()
	if ev.HTTPMethod == "" {
		ev.HTTPMethod = http.MethodGet
	}
	res, err := a.handle(context.Background(), ev)
	if err != nil {
		t.Fatalf("%s %s: %v", ev.HTTPMethod, ev.Path, err)
	}
	if res.StatusCode >= 500 && res.StatusCode != http.StatusServiceUnavailable || res.StatusCode == 0 {
		t.Fatalf("%s %s %v: status %d\n%s", ev.HTTPMethod, ev.Path, ev.QueryStringParameters, res.StatusCode, res.Body)
	}
	return res
}

// get is a GET event with the query given as Netlify sends it: every
// parameter in multiValueQueryStringParameters, and joined with ", " in
// queryStringParameters.
func get(p string, params ...string) events.APIGatewayProxyRequest {
	ev := events.APIGatewayProxyRequest{HTTPMethod: http.MethodGet, Path: p,
		Headers:                         map[string]string{"host": "banca.example", "accept-encoding": "gzip, br"},
		MultiValueHeaders:               map[string][]string{"host": {"banca.example"}, "accept-encoding": {"gzip, br"}},
		QueryStringParameters:           map[string]string{},
		MultiValueQueryStringParameters: map[string][]string{}}
	for i := 0; i+1 < len(params); i += 2 {
		k, v := params[i], params[i+1]
		ev.MultiValueQueryStringParameters[k] = append(ev.MultiValueQueryStringParameters[k], v)
		ev.QueryStringParameters[k] = strings.Join(ev.MultiValueQueryStringParameters[k], ", ")
	}
	return ev
}

func decode(t *testing.T, res events.APIGatewayProxyResponse) *search.Response {
	t.Helper()
	if res.IsBase64Encoded {
		t.Fatalf("JSON in base64: %.80s", res.Body)
	}
	if ct := res.Headers["Content-Type"]; ct != "application/json; charset=utf-8" {
		t.Fatalf("Content-Type %q", ct)
	}
	var r search.Response
	if err := json.Unmarshal([]byte(res.Body), &r); err != nil {
		t.Fatalf("%v\n%s", err, res.Body)
	}
	return &r
}

func selected(r *search.Response, key string) []string {
	var out []string
	for _, v := range r.Facets[key] {
		if v.Selected {
			out = append(out, v.Value)
		}
	}
	return out
}

// TestJSONSearchWithFilters runs a search with two values of one filter:
// both reach the handler (from multiValueQueryStringParameters, not the
// joined queryStringParameters), and the hits belong to either.
func TestJSONSearchWithFilters(t *testing.T) {
	res := call(t, sample, get("/api/search", "q", "scuola", "sezione", "opportunita", "sezione", "pratiche"))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", res.StatusCode, res.Body)
	}
	if res.Headers["Content-Encoding"] != "" {
		t.Errorf("the function compressed (Netlify does): %v", res.Headers)
	}
	r := decode(t, res)
	if got := selected(r, search.SectionKey); len(got) != 2 {
		t.Fatalf("selected sections %v, want opportunita and pratiche", got)
	}
	if r.Total == 0 || len(r.Hits) == 0 {
		t.Fatalf("nothing found: %s", res.Body)
	}
	bySection := map[string]int{}
	for _, h := range r.Hits {
		bySection[h.Section]++
		if h.Section != "opportunita" && h.Section != "pratiche" {
			t.Errorf("hit %s in section %s", h.URL, h.Section)
		}
	}
	if len(bySection) != 2 {
		t.Errorf("hits by section %v: want both sections", bySection)
	}

	// The same search from queryStringParameters alone (no multi-value
	// map): one value, so one section.
	ev := get("/api/search", "q", "scuola", "sezione", "pratiche")
	ev.MultiValueQueryStringParameters = nil
	r = decode(t, call(t, sample, ev))
	if got := selected(r, search.SectionKey); len(got) != 1 || got[0] != "pratiche" {
		t.Errorf("selected sections %v, want pratiche", got)
	}
	for _, h := range r.Hits {
		if h.Section != "pratiche" {
			t.Errorf("hit %s in section %s", h.URL, h.Section)
		}
	}
}

// TestHTMLPage asks for /cerca/ as Netlify's rewrite passes it on (the
// reader's path, with the query): the site's results page, with the hits
// and the query escaped.
func TestHTMLPage(t *testing.T) {
	res := call(t, sample, get("/cerca/", "q", `<i>orti "condivisi"</i>`))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %.300s", res.StatusCode, res.Body)
	}
	if ct := res.Headers["Content-Type"]; ct != "text/html; charset=utf-8" || res.IsBase64Encoded {
		t.Fatalf("Content-Type %q, base64 %v", ct, res.IsBase64Encoded)
	}
	if strings.Contains(res.Body, "<i>orti") || !strings.Contains(res.Body, "&lt;i&gt;orti") {
		t.Errorf("query not escaped in the page")
	}
	// The footer links the site's pages, although the function has none
	// of them: the index's description keeps the links.
	for _, want := range []string{`<html lang="it"`, "/pratiche/orti-condivisi", `<a href="/chi-siamo/">Chi siamo</a>`, `<a href="/accessibilita/">`} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("page without %q", want)
		}
	}
	// Without the trailing slash, as a link may be written.
	if res := call(t, sample, get("/cerca", "q", "orti")); res.StatusCode != http.StatusOK ||
		!strings.HasPrefix(res.Headers["Content-Type"], "text/html") {
		t.Errorf("/cerca: %d %v", res.StatusCode, res.Headers)
	}
}

// TestBadInput sends what breaks query parsers, and what is too big or
// unknown: never a 500.
func TestBadInput(t *testing.T) {
	huge := strings.Repeat("bando giovani ", 10<<10/14)
	tests := []struct {
		name   string
		ev     events.APIGatewayProxyRequest
		status int
		check  func(*testing.T, *search.Response)
	}{
		{"syntax characters", get("/api/search", "q", `"+:*()`), 200, nil},
		{"unbalanced", get("/api/search", "q", `(bando "giovani +:* -`), 200, nil},
		{"10 KB query", get("/api/search", "q", huge), 200, func(t *testing.T, r *search.Response) {
			if len(r.Query) > search.MaxQueryBytes {
				t.Errorf("query of %d bytes not cut", len(r.Query))
			}
		}},
		{"unknown filter value", get("/api/search", "q", "scuola", "sezione", "nonesiste", "argomenti", "<script>"), 200,
			func(t *testing.T, r *search.Response) {
				if got := selected(r, search.SectionKey); len(got) != 0 {
					t.Errorf("unknown value selected: %v", got)
				}
				if r.Total == 0 {
					t.Errorf("unknown value filtered everything out")
				}
			}},
		{"page beyond the end", get("/api/search", "q", "scuola", "page", "99999"), 200, func(t *testing.T, r *search.Response) {
			if len(r.Hits) != 0 {
				t.Errorf("%d hits on page 99999", len(r.Hits))
			}
		}},
		{"page not a number", get("/api/search", "page", "-1e9", "sort", "sideways"), 200, nil},
		{"invalid UTF-8", get("/api/search", "q", "ba\xffndo\x00"), 200, nil},
		{"HTML, syntax characters", get("/cerca/", "q", `"+:*()`, "page", "99999"), 200, nil},
		{"HTML, 10 KB query", get("/cerca/", "q", huge), 200, nil},
		{"POST", func() events.APIGatewayProxyRequest {
			ev := get("/api/search", "q", "bando")
			ev.HTTPMethod, ev.Body = http.MethodPost, `{"q":"bando"}`
			return ev
		}(), 405, nil},
		{"POST, body in base64", func() events.APIGatewayProxyRequest {
			ev := get("/cerca/", "q", "bando")
			ev.HTTPMethod, ev.IsBase64Encoded = http.MethodPost, true
			ev.Body = base64.StdEncoding.EncodeToString([]byte("q=bando"))
			return ev
		}(), 405, nil},
		{"body not base64", func() events.APIGatewayProxyRequest {
			ev := get("/api/search", "q", "bando")
			ev.IsBase64Encoded, ev.Body = true, "%%%"
			return ev
		}(), 200, nil},
		{"invalid method", func() events.APIGatewayProxyRequest {
			ev := get("/api/search", "q", "bando")
			ev.HTTPMethod = "GET /x"
			return ev
		}(), 400, nil},
		{"path with dots", get("/api/../cerca/./", "q", "bando"), 200, nil},
		{"no path", get("", "q", "bando"), 200, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := call(t, sample, tt.ev)
			if res.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %.300s", res.StatusCode, tt.status, res.Body)
			}
			if tt.status == 405 && res.Headers["Allow"] != "GET, HEAD" {
				t.Errorf("405 without Allow: %v", res.Headers)
			}
			if tt.check != nil {
				tt.check(t, decode(t, res))
			}
		})
	}
}

// TestNoIndex starts the function on a bundle as committed (its README
// only): it answers 503 with an Italian message, as JSON or as a page.
func TestNoIndex(t *testing.T) {
	a := start(fstest.MapFS{"README.md": {Data: []byte("# Search bundle (generated)\n")}})
	res := call(t, a, get("/api/search", "q", "bando"))
	if res.StatusCode != http.StatusServiceUnavailable || res.Headers["Content-Type"] != "application/json; charset=utf-8" {
		t.Fatalf("%d %v", res.StatusCode, res.Headers)
	}
	var msg struct{ Error string }
	if err := json.Unmarshal([]byte(res.Body), &msg); err != nil || !strings.Contains(msg.Error, "non è disponibile") {
		t.Errorf("%v: %s", err, res.Body)
	}
	res = call(t, a, get("/cerca/", "q", "bando"))
	if res.StatusCode != http.StatusServiceUnavailable || !strings.HasPrefix(res.Headers["Content-Type"], "text/html") ||
		!strings.Contains(res.Body, "Ricerca non disponibile") {
		t.Errorf("%d %v %.200s", res.StatusCode, res.Headers, res.Body)
	}
	if res.Headers["Cache-Control"] != "no-store" {
		t.Errorf("a 503 must not be cached: %v", res.Headers)
	}

	// A bundle whose index is broken answers the same way.
	a = start(fstest.MapFS{"meta.json": {Data: []byte("{")}})
	if res := call(t, a, get("/api/search")); res.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("broken bundle: %d", res.StatusCode)
	}
}

// TestFailuresNotCached checks that the function's answers that are not
// results are never kept by Netlify's CDN or a browser: a search that runs
// out of time (503, with Retry-After), a request that cannot be read (400),
// a method other than GET (405). Results may be kept five minutes.
func TestFailuresNotCached(t *testing.T) {
	if res := call(t, sample, get("/api/search", "q", "bando")); res.StatusCode != http.StatusOK ||
		res.Headers["Cache-Control"] != "public, max-age=300" {
		t.Errorf("result: %d %v", res.StatusCode, res.Headers)
	}
	h := searchHandler(t, sample)
	timeout := h.Timeout
	h.Timeout = time.Nanosecond
	for _, p := range []string{"/api/search", "/cerca/"} {
		res := call(t, sample, get(p, "q", "bando"))
		if res.StatusCode != http.StatusServiceUnavailable || res.Headers["Cache-Control"] != "no-store" || res.Headers["Retry-After"] == "" {
			t.Errorf("%s out of time: %d %v", p, res.StatusCode, res.Headers)
		}
	}
	h.Timeout = timeout
	for _, ev := range []events.APIGatewayProxyRequest{
		{HTTPMethod: "NON VALIDO", Path: "/api/search"},
		{HTTPMethod: http.MethodPost, Path: "/api/search"},
	} {
		res := call(t, sample, ev)
		if res.StatusCode < 400 || res.Headers["Cache-Control"] != "no-store" || res.Headers["X-Frame-Options"] != "DENY" {
			t.Errorf("%s: %d %v", ev.HTTPMethod, res.StatusCode, res.Headers)
		}
	}
}

// TestJSONSize checks the budget: a JSON response of 10 hits, with
// its filters, is at most 5 KB gzipped (Netlify compresses it).
func TestJSONSize(t *testing.T) {
	res := call(t, sample, get("/api/search", "sezione", "opportunita", "sezione", "pratiche", "sezione", "protocolli"))
	r := decode(t, res)
	if len(r.Hits) < 10 {
		t.Fatalf("%d hits, want at least 10", len(r.Hits))
	}
	n := len(r.Hits)
	r.Hits = r.Hits[:10]
	data, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
	zw.Write(data)
	zw.Close()
	t.Logf("10 hits: %d bytes of JSON, %d gzipped (the response, %d of %d hits: %d bytes)", len(data), buf.Len(), n, r.Total, len(res.Body))
	if buf.Len() > 5<<10 {
		t.Errorf("10 hits take %d bytes gzipped, more than 5 KB", buf.Len())
	}
}

// TestResponse checks the conversion of the handler's answer: headers
// with several values, and bodies that are not text.
func TestResponse(t *testing.T) {
	a := &app{handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Vary", "Accept-Encoding")
		w.Header().Add("Vary", "Cookie")
		w.Header().Set("Content-Type", "application/octet-stream")
		w.WriteHeader(http.StatusTeapot)
		w.Write([]byte{0xff, 0x00, 0xfe})
	})}
	res := call(t, a, get("/api/search"))
	if res.StatusCode != http.StatusTeapot || len(res.MultiValueHeaders["Vary"]) != 2 ||
		res.Headers["Content-Type"] != "application/octet-stream" {
		t.Errorf("%d %v %v", res.StatusCode, res.Headers, res.MultiValueHeaders)
	}
	if data, err := base64.StdEncoding.DecodeString(res.Body); !res.IsBase64Encoded || err != nil || !bytes.Equal(data, []byte{0xff, 0x00, 0xfe}) {
		t.Errorf("binary body: %v %q", res.IsBase64Encoded, res.Body)
	}
	// A handler that writes nothing answers 200 with no body.
	a.handler = http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})
	if res := call(t, a, get("/api/search")); res.StatusCode != http.StatusOK || res.Body != "" {
		t.Errorf("%d %q", res.StatusCode, res.Body)
	}
}

// BenchmarkColdStart measures the function's cold start on the bundle it
// embeds (after `go run ./generator build`, the site's): fetching the
// archive of the index from public/, served on 127.0.0.1 (or copying the
// index out of the binary, for a bundle that holds it), opening it,
// preparing the page, then the first search.
func BenchmarkColdStart(b *testing.B) {
	sub, err := fs.Sub(bundle, "bundle")
	if err != nil {
		b.Fatal(err)
	}
	if _, err := fs.Stat(sub, "meta.json"); err != nil {
		b.Skip("the embedded bundle has no index: run go run ./generator build first")
	}
	if a, _ := search.ReadArchiveManifest(sub); a != nil {
		srv := httptest.NewServer(http.FileServer(http.Dir(filepath.Join(testproject.Root(), "public"))))
		defer srv.Close()
		b.Setenv(envIndexURL, srv.URL)
	}
	log.SetOutput(io.Discard)
	defer log.SetOutput(os.Stderr)
	var open, first time.Duration
	for b.Loop() {
		t0 := time.Now()
		a := start(sub)
		if r, ok := a.handler.(*remote); ok {
			if _, err := r.index(context.Background()); err != nil {
				b.Fatal(err)
			}
		}
		t1 := time.Now()
		res, err := a.handle(context.Background(), get("/api/search", "q", "bando giovani", "sezione", "opportunita"))
		t2 := time.Now()
		if err != nil || res.StatusCode != http.StatusOK {
			b.Fatalf("%v %d", err, res.StatusCode)
		}
		open += t1.Sub(t0)
		first += t2.Sub(t1)
		b.StopTimer()
		a.close()
		b.StartTimer()
	}
	b.ReportMetric(float64(open.Milliseconds())/float64(b.N), "start-ms/op")
	b.ReportMetric(float64(first.Microseconds())/1000/float64(b.N), "first-query-ms/op")
}
