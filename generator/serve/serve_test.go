package serve

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"cantiericomuni.it/banca/generator/pipeline"
	"cantiericomuni.it/banca/generator/search"
)

// get fetches path from the shared preview (no redirects followed, no
// decompression) and returns the response with its body read (and
// gunzipped when it came compressed).
func get(t *testing.T, path string, header ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, sampleURL(t)+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := plainClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body io.Reader = resp.Body
	if resp.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(resp.Body)
		if err != nil {
			t.Fatalf("%s: gzip: %v", path, err)
		}
		body = zr
	}
	data, err := io.ReadAll(body)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return resp, string(data)
}

func TestPages(t *testing.T) {
	tests := []struct {
		path     string
		status   int
		ctype    string
		contains string
		location string
	}{
		{path: "/", status: 200, ctype: "text/html; charset=utf-8", contains: "<h1"},
		{path: "/opportunita/", status: 200, ctype: "text/html; charset=utf-8", contains: "/opportunita/bando-giovani-protagonisti-2027/"},
		{path: "/opportunita/bando-giovani-protagonisti-2027/", status: 200, ctype: "text/html; charset=utf-8", contains: "Giovani protagonisti"},
		{path: "/opportunita/index.xml", status: 200, ctype: "application/xml; charset=utf-8", contains: "<rss"},
		{path: "/opportunita/scadenze.ics", status: 200, ctype: "text/calendar; charset=utf-8", contains: "BEGIN:VCALENDAR"},
		{path: "/css/main.css", status: 200, ctype: "text/css; charset=utf-8"},
		{path: "/js/cerca.js", status: 200, ctype: "text/javascript; charset=utf-8", contains: "risultati-voci"},
		{path: "/favicon.svg", status: 200, ctype: "image/svg+xml"},
		{path: "/robots.txt", status: 200, ctype: "text/plain; charset=utf-8", contains: "Sitemap:"},
		// The page the build wrote, before any search.
		{path: "/cerca/", status: 200, ctype: "text/html; charset=utf-8", contains: "Scrivi una o più parole"},
		// A search: the handler renders the same page with results.
		{path: "/cerca/?q=bando", status: 200, ctype: "text/html; charset=utf-8", contains: "schede trovate per «bando»"},
		{path: "/cerca/?q=", status: 200, ctype: "text/html; charset=utf-8", contains: "107 schede trovate, pagina 1 di 6"}, // the 4 site pages are found by words
		// The site's own pages are searched like any page, at their root address.
		{path: "/cerca/?q=cookie", status: 200, ctype: "text/html; charset=utf-8", contains: `<a href="/privacy/">Privacy e cookie</a>`},
		{path: "/chi-siamo/", status: 200, ctype: "text/html; charset=utf-8", contains: "<h1>Chi siamo</h1>"},
		{path: "/cerca/?q=ricetta+lasagne", status: 200, ctype: "text/html; charset=utf-8", contains: "Nessun risultato per «ricetta lasagne»"},
		// Missing: the site's own 404 page.
		{path: "/non-esiste/", status: 404, ctype: "text/html; charset=utf-8", contains: "<h1"},
		{path: "/non-esiste.pdf", status: 404, ctype: "text/html; charset=utf-8"},
		{path: "/_redirects", status: 404},
		{path: "/../../etc/passwd", status: 404},
		// Folders without the slash, and the aliases of moved pages.
		{path: "/opportunita", status: 301, location: "/opportunita/"},
		{path: "/cerca?q=bando", status: 301, location: "/cerca/?q=bando"},
		{path: "/vecchio-sito/bando-estate-2025/", status: 301, location: "/opportunita/estate-in-rete-2025/"},
		{path: "/vecchio-sito/bando-estate-2025", status: 301, location: "/opportunita/estate-in-rete-2025/"},
		{path: "/Vecchio-Sito/Bando-Estate-2025/index.html", status: 301, location: "/opportunita/estate-in-rete-2025/"},
		{path: "/vecchio-sito//%62ando-estate-2025", status: 301, location: "/opportunita/estate-in-rete-2025/"},
	}
	_, notFound := get(t, "/404.html")
	for _, tt := range tests {
		resp, body := get(t, tt.path)
		if resp.StatusCode != tt.status {
			t.Errorf("%s: status %d, want %d", tt.path, resp.StatusCode, tt.status)
			continue
		}
		if tt.ctype != "" && resp.Header.Get("Content-Type") != tt.ctype {
			t.Errorf("%s: Content-Type %q, want %q", tt.path, resp.Header.Get("Content-Type"), tt.ctype)
		}
		if !strings.Contains(body, tt.contains) {
			t.Errorf("%s: the body lacks %q: %s", tt.path, tt.contains, regexp.MustCompile(`[0-9]+ schede trovate[^<]*`).FindString(body))
		}
		if got := resp.Header.Get("Location"); got != tt.location {
			t.Errorf("%s: Location %q, want %q", tt.path, got, tt.location)
		}
		if tt.status == 404 && tt.ctype != "" && body != notFound {
			t.Errorf("%s: the 404 is not the site's 404.html", tt.path)
		}
	}
}

func TestGzip(t *testing.T) {
	for _, path := range []string{"/", "/css/main.css", "/api/search?q=bando", "/cerca/?q=bando", "/non-esiste/"} {
		plain, body := get(t, path)
		zipped, unzipped := get(t, path, "Accept-Encoding", "gzip, br")
		if plain.Header.Get("Content-Encoding") != "" {
			t.Errorf("%s: compressed for a client that did not ask", path)
		}
		if zipped.Header.Get("Content-Encoding") != "gzip" {
			t.Errorf("%s: not compressed for a client that accepts gzip", path)
		}
		if !strings.Contains(zipped.Header.Get("Vary"), "Accept-Encoding") {
			t.Errorf("%s: Vary %q", path, zipped.Header.Get("Vary"))
		}
		if path != "/api/search?q=bando" && path != "/cerca/?q=bando" && body != unzipped {
			t.Errorf("%s: the compressed body differs", path)
		}
	}
	if resp, _ := get(t, "/", "Accept-Encoding", "gzip;q=0"); resp.Header.Get("Content-Encoding") != "" {
		t.Error("compressed for a client that refused gzip")
	}
}

func TestMethods(t *testing.T) {
	resp, err := plainClient.Head(sampleURL(t) + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/html; charset=utf-8" {
		t.Errorf("HEAD /: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	resp, err = plainClient.Post(sampleURL(t)+"/api/search", "text/plain", strings.NewReader("q=x"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST: %d", resp.StatusCode)
	}
}

// apiSearch runs a search through /api/search.
func apiSearch(t *testing.T, params url.Values) *search.Response {
	t.Helper()
	resp, body := get(t, "/api/search?"+params.Encode(), "Accept-Encoding", "gzip")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/json; charset=utf-8" {
		t.Fatalf("%v: %d %q %s", params, resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	var res search.Response
	if err := json.Unmarshal([]byte(body), &res); err != nil {
		t.Fatalf("%v: %v", params, err)
	}
	return &res
}

func TestSearchJSON(t *testing.T) {
	res := apiSearch(t, url.Values{"q": {"bandi giovani"}})
	if res.Total == 0 || len(res.Hits) == 0 || res.Hits[0].URL != "/opportunita/bando-giovani-protagonisti-2027/" {
		t.Fatalf("bandi giovani: %d hits, first %+v", res.Total, res.Hits)
	}
	if h := res.Hits[0]; h.Status == "" || h.StatusText == "" || h.DateText == "" || !strings.Contains(h.Snippet, "<mark>") {
		t.Errorf("first hit lacks status, date or highlight: %+v", h)
	}

	// Filters narrow; the counts of a group ignore its own selection.
	all := apiSearch(t, url.Values{"q": {"bando"}})
	some := apiSearch(t, url.Values{"q": {"bando"}, "sezione": {"pratiche"}})
	if some.Total == 0 || some.Total >= all.Total {
		t.Fatalf("bando: %d, in pratiche: %d", all.Total, some.Total)
	}
	for _, h := range some.Hits {
		if h.Section != "pratiche" {
			t.Errorf("sezione=pratiche gave %s", h.URL)
		}
	}
	if len(some.Facets["sezione"]) != len(all.Facets["sezione"]) {
		t.Errorf("picking a section changed the other sections: %v → %v", all.Facets["sezione"], some.Facets["sezione"])
	}

	// Browsing with a filter and no words, sorted by deadline, page 2.
	browse := apiSearch(t, url.Values{"q": {""}, "sezione": {"opportunita"}, "sort": {"deadline"}})
	if browse.Total != 15 || browse.Sort != "deadline" || browse.Hits[0].Status != "aperta" && browse.Hits[0].Status != "in-scadenza" {
		t.Errorf("opportunità by deadline: total %d, sort %s, first %+v", browse.Total, browse.Sort, browse.Hits[0])
	}
	if res := apiSearch(t, url.Values{"q": {"ricetta lasagne"}}); res.Total != 0 || len(res.Hits) != 0 {
		t.Errorf("nonsense found %d", res.Total)
	}
}

func TestPortInUse(t *testing.T) {
	taken, err := Listen("127.0.0.1", 0)
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	n := taken.Addr().(*net.TCPAddr).Port
	ln, err := Listen("127.0.0.1", n)
	if err == nil {
		ln.Close()
		t.Fatal("a second listener on the same port")
	}
	var inUse *PortInUseError
	if !errors.As(err, &inUse) || inUse.Port != n {
		t.Fatalf("error %T %v, want a *PortInUseError", err, err)
	}
	for _, want := range []string{"porta " + strconv.Itoa(n), "già in uso", "--port " + strconv.Itoa(n+1)} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q lacks %q", err, want)
		}
	}
}

// TestSwapAndShutdown serves one build, swaps in another while readers
// keep asking, and stops: the old build's folder is gone once it is
// swapped out, the new one's once the server is closed.
func TestSwapAndShutdown(t *testing.T) {
	first, _, err := Build(pipeline.Config{Root: repoRoot})
	if err != nil {
		t.Fatal(err)
	}
	second, res, err := Build(pipeline.Config{Root: repoRoot, Drafts: true})
	if err != nil || res.Diags.HasErrors() {
		t.Fatal(err, res.Diags.All())
	}
	ln, err := Listen("127.0.0.1", 0)
	if err != nil {
		t.Fatal(err)
	}
	srv := New(first)
	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx, ln) }()
	base := "http://" + ln.Addr().String()
	status := func(path string) int {
		resp, err := plainClient.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	}
	const draft = "/risorse/bozza-guida-bandi-2027/"
	if got := status(draft); got != 404 {
		t.Fatalf("draft before the swap: %d", got)
	}
	// Readers keep searching while the build changes under them.
	quit := make(chan struct{})
	failed := make(chan int, 1)
	go func() {
		for {
			select {
			case <-quit:
				close(failed)
				return
			default:
			}
			if got := status("/api/search?q=bozza"); got != 200 {
				failed <- got
				close(failed)
				return
			}
		}
	}()
	time.Sleep(50 * time.Millisecond)
	srv.Swap(second)
	time.Sleep(50 * time.Millisecond)
	close(quit)
	if got, ok := <-failed; ok {
		t.Errorf("a search during the swap answered %d", got)
	}
	if got := status(draft); got != 200 {
		t.Errorf("draft after the swap: %d", got)
	}
	deadline := time.Now().Add(5 * time.Second)
	for dirExists(first.tmp) && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if dirExists(first.tmp) {
		t.Errorf("the old build's folder %s is still there", first.tmp)
	}
	stop()
	if err := <-served; err != nil {
		t.Errorf("Serve: %v", err)
	}
	if err := srv.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if dirExists(second.tmp) {
		t.Errorf("the folder %s is still there after Close", second.tmp)
	}
	if _, err := plainClient.Get(base + "/"); err == nil {
		t.Error("the server still answers after the shutdown")
	}
}

func dirExists(dir string) bool {
	_, err := os.Stat(dir)
	return err == nil
}
