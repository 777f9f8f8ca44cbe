package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"cantiericomuni.it/banca/generator/search"
)

// host serves the sample site's archive of the index on 127.0.0.1, as
// the test sets it: the real bytes, a failure, or other bytes. It counts
// the requests for the archive.
type host struct {
	srv      *httptest.Server
	archive  *search.Archive
	data     []byte
	requests atomic.Int32
	mu       sync.Mutex
	serve    func(w http.ResponseWriter, data []byte)
	// gate, when set, holds every request until it is closed.
	gate chan struct{}
}

func newHost(t *testing.T) *host {
	t.Helper()
	a, err := search.ReadArchiveManifest(os.DirFS(sampleBundle))
	if err != nil || a == nil {
		t.Fatalf("the sample bundle has no archive: %v", err)
	}
	data, err := os.ReadFile(filepath.Join(samplePublic, filepath.FromSlash(a.Path)))
	if err != nil {
		t.Fatal(err)
	}
	h := &host{archive: a, data: data, serve: serveBytes}
	h.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != a.Path {
			http.NotFound(w, r)
			return
		}
		h.requests.Add(1)
		h.mu.Lock()
		serve, gate := h.serve, h.gate
		h.mu.Unlock()
		if gate != nil {
			<-gate
		}
		serve(w, h.data)
	}))
	t.Cleanup(h.srv.Close)
	return h
}

func serveBytes(w http.ResponseWriter, data []byte) { w.Write(data) }

// set changes what the host answers from now on.
func (h *host) set(serve func(w http.ResponseWriter, data []byte)) {
	h.mu.Lock()
	h.serve = serve
	h.mu.Unlock()
}

// function starts the function on the sample bundle, fetching from the
// sources given, without prefetching.
func (h *host) function(t *testing.T, sources ...string) (*app, *remote) {
	t.Helper()
	r := newRemote(os.DirFS(sampleBundle), h.archive, sources, time.Now())
	a := &app{handler: r}
	t.Cleanup(func() { a.close() })
	return a, r
}

// searchOK reports whether a search through a is answered with results.
func searchOK(t *testing.T, a *app) bool {
	t.Helper()
	res := call(t, a, get("/api/search", "q", "orti"))
	return res.StatusCode == http.StatusOK && decode(t, res).Total > 0
}

// TestSources: the override first, then the addresses the build recorded
// (the deploy's, then the site's), then the site's address at run time;
// each once, and only http(s) addresses.
func TestSources(t *testing.T) {
	a := &search.Archive{URLs: []string{"https://abc123--banca.netlify.app", "https://banca.example/"}}
	for _, tc := range []struct {
		override, runtime string
		want              []string
	}{
		{"", "", []string{"https://abc123--banca.netlify.app", "https://banca.example"}},
		{"http://127.0.0.1:8080/", "", []string{"http://127.0.0.1:8080", "https://abc123--banca.netlify.app", "https://banca.example"}},
		{"", "https://banca.example", []string{"https://abc123--banca.netlify.app", "https://banca.example"}},
		{"", "https://altro.example", []string{"https://abc123--banca.netlify.app", "https://banca.example", "https://altro.example"}},
		{"file:///etc", "ftp://x", []string{"https://abc123--banca.netlify.app", "https://banca.example"}},
	} {
		t.Setenv(envIndexURL, tc.override)
		t.Setenv("URL", tc.runtime)
		if got := sources(a); !slices.Equal(got, tc.want) {
			t.Errorf("override %q, URL %q: %v, want %v", tc.override, tc.runtime, got, tc.want)
		}
	}
}

// TestFetchFromOverride: the function started as in production finds the
// archive through BANCA_INDICE_URL when the recorded addresses fail.
func TestFetchFromOverride(t *testing.T) {
	h := newHost(t)
	dead := httptest.NewServer(http.NotFoundHandler())
	dead.Close()
	dir := t.TempDir()
	data, _ := os.ReadFile(filepath.Join(sampleBundle, search.ArchiveFile))
	var m map[string]any
	json.Unmarshal(data, &m)
	m["urls"] = []string{dead.URL}
	data, _ = json.Marshal(m)
	copyDir(t, sampleBundle, dir)
	os.WriteFile(filepath.Join(dir, search.ArchiveFile), data, 0o644)
	t.Setenv(envIndexURL, h.srv.URL)
	a := start(os.DirFS(dir))
	defer a.close()
	if !searchOK(t, a) || h.requests.Load() != 1 {
		t.Errorf("fetched %d times", h.requests.Load())
	}
}

// TestFetchOnce: requests arriving while the index is on its way wait for
// the same fetch; it is downloaded once.
func TestFetchOnce(t *testing.T) {
	h := newHost(t)
	h.gate = make(chan struct{})
	a, r := h.function(t, h.srv.URL)
	r.wait = time.Minute
	var wg sync.WaitGroup
	codes := make([]int, 8)
	for i := range codes {
		wg.Go(func() { codes[i] = call(t, a, get("/api/search", "q", "orti")).StatusCode })
	}
	// The first fetch is held at the host while the others arrive.
	for h.requests.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	close(h.gate)
	wg.Wait()
	for i, c := range codes {
		if c != http.StatusOK {
			t.Errorf("request %d: %d", i, c)
		}
	}
	if n := h.requests.Load(); n != 1 {
		t.Errorf("the archive was downloaded %d times", n)
	}
	if !searchOK(t, a) || h.requests.Load() != 1 {
		t.Errorf("a later search fetched again: %d", h.requests.Load())
	}
}

// TestStillFetching: a request that has waited its time while the fetch
// goes on is answered 503; the fetch goes on, and the next request finds
// the index without a second download.
func TestStillFetching(t *testing.T) {
	h := newHost(t)
	h.gate = make(chan struct{})
	a, r := h.function(t, h.srv.URL)
	r.wait = 0
	r.prefetch()
	res := call(t, a, get("/cerca/", "q", "orti"))
	if res.StatusCode != http.StatusServiceUnavailable || !strings.Contains(res.Body, "Ricerca non disponibile") ||
		res.Headers["Cache-Control"] != "no-store" || res.Headers["Retry-After"] != fetchRetry {
		t.Errorf("while fetching: %d %v", res.StatusCode, res.Headers)
	}
	close(h.gate)
	r.wait = time.Minute
	if !searchOK(t, a) || h.requests.Load() != 1 {
		t.Errorf("after the fetch: downloaded %d times", h.requests.Load())
	}
}

// TestRetryAfterFailure: while the archive cannot be had (missing, other
// bytes, longer or shorter, a host that is down), every search is
// answered 503 in Italian and not cached; the next request tries again,
// and once the host serves the archive the search works.
func TestRetryAfterFailure(t *testing.T) {
	failures := []struct {
		name  string
		serve func(w http.ResponseWriter, data []byte)
	}{
		{"missing", func(w http.ResponseWriter, _ []byte) { http.Error(w, "no", http.StatusNotFound) }},
		{"server error", func(w http.ResponseWriter, _ []byte) { http.Error(w, "no", http.StatusBadGateway) }},
		{"one byte changed", func(w http.ResponseWriter, data []byte) {
			bad := slices.Clone(data)
			bad[len(bad)-3] ^= 1
			w.Write(bad)
		}},
		{"a byte more", func(w http.ResponseWriter, data []byte) { w.Write(append(slices.Clone(data), 0)) }},
		{"cut short", func(w http.ResponseWriter, data []byte) {
			w.Header().Set("Content-Length", "10")
			w.Write(data[:10])
		}},
		{"cut without a length", func(w http.ResponseWriter, data []byte) {
			w.(http.Flusher).Flush() // chunked: no Content-Length
			w.Write(data[:len(data)/2])
		}},
		{"another archive", func(w http.ResponseWriter, data []byte) {
			w.Write(data[:len(data)-1])
			w.Write([]byte{data[len(data)-1] + 1})
		}},
	}
	h := newHost(t)
	a, _ := h.function(t, h.srv.URL)
	for i, f := range failures {
		h.set(f.serve)
		for _, path := range []string{"/api/search", "/cerca/"} {
			res := call(t, a, get(path, "q", "orti"))
			if res.StatusCode != http.StatusServiceUnavailable || res.Headers["Cache-Control"] != "no-store" ||
				!strings.Contains(res.Body, "non è disponibile in questo momento") {
				t.Errorf("%s, %s: %d %v %.200s", f.name, path, res.StatusCode, res.Headers, res.Body)
			}
		}
		if n := int(h.requests.Load()); n != 2*(i+1) {
			t.Errorf("%s: %d downloads after %d requests: a failure was kept", f.name, n, 2*(i+1))
		}
	}
	h.set(serveBytes)
	if !searchOK(t, a) {
		t.Errorf("after the host recovered, the search still fails")
	}
}

// TestBytesAsPublished: a host that labels the archive as compressed
// (some label a compressed archive so) gets it fetched as it is: the hash is of the
// bytes published, which the client does not decode.
func TestBytesAsPublished(t *testing.T) {
	h := newHost(t)
	h.set(func(w http.ResponseWriter, data []byte) {
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(data)
	})
	a, _ := h.function(t, h.srv.URL)
	if !searchOK(t, a) {
		t.Error("the archive was refused")
	}
}

// TestFallbackToSiteAddress: when the deploy's own address does not
// serve the archive (gone, or protected), the next source does.
func TestFallbackToSiteAddress(t *testing.T) {
	h := newHost(t)
	gone := httptest.NewServer(http.NotFoundHandler())
	defer gone.Close()
	down := httptest.NewServer(http.NotFoundHandler())
	down.Close()
	a, _ := h.function(t, down.URL, gone.URL, h.srv.URL)
	if !searchOK(t, a) || h.requests.Load() != 1 {
		t.Errorf("downloads: %d", h.requests.Load())
	}
}

// TestNoSource: without any address to fetch from, the function answers
// 503 and says why in its log.
func TestNoSource(t *testing.T) {
	h := newHost(t)
	a, _ := h.function(t)
	if res := call(t, a, get("/api/search", "q", "orti")); res.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("%d", res.StatusCode)
	}
	if _, err := a.handler.(*remote).index(context.Background()); err == nil || !strings.Contains(err.Error(), envIndexURL) {
		t.Errorf("error %v", err)
	}
}

// copyDir copies the files of src into dst.
func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
}
