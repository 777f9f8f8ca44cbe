// Package serve is the bank's local preview, `go run ./generator serve`:
// it builds the site into memory and its search index into a temporary
// folder (never over public/), and serves both on loopback, with
// /api/search and /cerca/ answered by the same search handler as the
// Netlify function.
//
// A Server holds the current build, a Snapshot, and can swap in a new one
// while serving: that is where watching and live reload plug in.
package serve

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"cantiericomuni.it/banca/generator/preview"
	"cantiericomuni.it/banca/generator/search"
)

// shutdownTimeout bounds how long a stopping server waits for the
// requests in flight.
const shutdownTimeout = 5 * time.Second

// Server serves the current Snapshot. It is safe for concurrent use, and
// its snapshot can be replaced while it serves (Swap).
type Server struct {
	current atomic.Pointer[Snapshot]
	// live is set for the server of a Live preview.
	live *Live
}

// New returns a server of snap, which it owns from now on: Swap and
// Close close it.
func New(snap *Snapshot) *Server {
	s := &Server{}
	s.current.Store(snap)
	return s
}

// Current returns the snapshot being served.
func (s *Server) Current() *Snapshot { return s.current.Load() }

// Swap makes snap the snapshot served from the next request on and closes
// the previous one once the requests still using it are done.
func (s *Server) Swap(snap *Snapshot) {
	if old := s.current.Swap(snap); old != nil && old != snap {
		go old.Close()
	}
}

// Close closes the current snapshot (its index and temporary folder).
func (s *Server) Close() error {
	if snap := s.current.Swap(nil); snap != nil {
		return snap.Close()
	}
	return nil
}

// ServeHTTP answers one request from the current snapshot.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.live != nil && r.URL.Path == preview.APIPath {
		s.live.servePreview(w, r) // POST, unlike the rest (scheda.go)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "metodo non consentito", http.StatusMethodNotAllowed)
		return
	}
	if s.live != nil && strings.HasPrefix(r.URL.Path, livePrefix) {
		s.live.serveLive(w, r)
		return
	}
	snap := s.acquire()
	if snap == nil {
		if s.live != nil && s.live.problem.Load() != nil {
			if s.live.serveStatic(w, r) {
				return // the editing UI can fix what broke the build
			}
			// No good build yet: only the errors to show.
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Cache-Control", "no-cache")
			w.WriteHeader(http.StatusInternalServerError)
			_, _ = w.Write(s.live.errorPage())
			return
		}
		http.Error(w, "anteprima in chiusura", http.StatusServiceUnavailable)
		return
	}
	defer snap.release()
	if isSearch(r) {
		if snap.inject != nil && !strings.HasPrefix(r.URL.Path, search.APIPath) {
			injectInto(w, r, snap.search, snap.inject)
			return
		}
		snap.search.ServeHTTP(w, r)
		return
	}
	snap.serveStatic(w, r)
}

// acquire returns the current snapshot marked in use, or nil when the
// server is closed. A snapshot closed between the load and the mark was
// just swapped out: the loop then takes its successor.
func (s *Server) acquire() *Snapshot {
	for {
		snap := s.current.Load()
		if snap == nil {
			return nil
		}
		if snap.acquire() {
			return snap
		}
	}
}

// isSearch reports whether r is for the search handler: the JSON API, or
// the search page, with or without a query, as netlify.toml routes them.
func isSearch(r *http.Request) bool {
	p := r.URL.Path
	if p == search.APIPath || strings.HasPrefix(p, search.APIPath+"/") {
		return true
	}
	return p == search.PagePath
}

// Serve answers requests on ln until ctx is done, then shuts down
// gracefully: it stops accepting, waits up to a few seconds for the
// requests in flight, and returns nil. Any other failure is returned.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	hs := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}
	if s.live != nil {
		hs.RegisterOnShutdown(s.live.stop)
	}
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	err := hs.Shutdown(sctx)
	if serr := <-done; !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	return err
}

// injectInto serves r with h, adding to an HTML answer what inject adds.
func injectInto(w http.ResponseWriter, r *http.Request, h http.Handler, inject func([]byte) []byte) {
	rec := &bufferedWriter{header: http.Header{}, status: http.StatusOK}
	// The page is changed after the handler wrote it: never compressed.
	r2 := r.Clone(r.Context())
	r2.Header.Del("Accept-Encoding")
	h.ServeHTTP(rec, r2)
	body := rec.body.Bytes()
	if strings.HasPrefix(rec.header.Get("Content-Type"), "text/html") {
		body = inject(body)
		rec.header.Del("Content-Length")
	}
	for k, v := range rec.header {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

// bufferedWriter keeps an answer in memory.
type bufferedWriter struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (b *bufferedWriter) Header() http.Header         { return b.header }
func (b *bufferedWriter) WriteHeader(status int)      { b.status = status }
func (b *bufferedWriter) Write(p []byte) (int, error) { return b.body.Write(p) }
