package search

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"log"
	"net/http"
	"strings"
	"time"
)

// APIPath and PagePath are where the handler answers: JSON for the page's
// script, and the HTML results page.
const (
	APIPath  = "/api/search"
	PagePath = "/cerca/"
)

// Handler answers searches: GET /api/search?q=… with JSON (a Response),
// GET /cerca/?q=… with the site's results page. Every other path under
// /cerca is the page, every other path the JSON (a Netlify function may
// see its own path). It is safe for concurrent use.
type Handler struct {
	Index *Index
	// Page renders the HTML results page; without it /cerca/ answers 404.
	Page *HTMLPage
	// Now is the clock that opportunity status is computed against
	// (default time.Now).
	Now func() time.Time
	// Timeout bounds one search (default 2 s).
	Timeout time.Duration
	// Compress gzips responses for clients that accept it. Hosts that
	// compress themselves (Netlify) leave it off.
	Compress bool
	// Log receives unexpected failures (default log.Printf).
	Log func(format string, args ...any)
}

// ServeHTTP routes by path: /cerca… is the HTML page, anything else the
// JSON API.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	defer func() {
		if v := recover(); v != nil {
			h.logf("search: panic on %q: %v", r.URL.RawQuery, v)
			http.Error(w, "errore interno della ricerca", http.StatusInternalServerError)
		}
	}()
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "metodo non consentito", http.StatusMethodNotAllowed)
		return
	}
	if strings.HasPrefix(r.URL.Path, strings.TrimSuffix(PagePath, "/")) {
		h.serveHTML(w, r)
		return
	}
	h.serveJSON(w, r)
}

func (h *Handler) search(r *http.Request) (*Response, error) {
	timeout := h.Timeout
	if timeout <= 0 {
		timeout = 2 * time.Second
	}
	ctx, cancel := context.WithTimeout(r.Context(), timeout)
	defer cancel()
	now := time.Now
	if h.Now != nil {
		now = h.Now
	}
	req := h.Index.Meta.ParseRequest(r.URL.Query())
	return h.Index.Search(ctx, req, now())
}

func (h *Handler) serveJSON(w http.ResponseWriter, r *http.Request) {
	res, err := h.search(r)
	var body []byte
	status := http.StatusOK
	if err != nil {
		status = h.failure(r, err)
		body, _ = json.Marshal(map[string]string{"error": "La ricerca non ha risposto in tempo: riprova tra poco."})
	} else {
		body, _ = json.Marshal(res)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=300")
	h.write(w, r, status, body)
}

func (h *Handler) serveHTML(w http.ResponseWriter, r *http.Request) {
	if h.Page == nil {
		http.NotFound(w, r)
		return
	}
	res, err := h.search(r)
	status := http.StatusOK
	var buf bytes.Buffer
	switch {
	case err != nil:
		status = h.failure(r, err)
		err = h.Page.RenderError(&buf, h.Index.Meta.ParseRequest(r.URL.Query()), "La ricerca non ha risposto in tempo: riprova tra poco.")
	case r.URL.RawQuery == "":
		// /cerca/ itself: the form and every filter with its count,
		// as the build writes it, but with today's counts.
		err = h.Page.RenderStart(&buf, res, h.Index.Meta)
	default:
		err = h.Page.Render(&buf, res, h.Index.Meta)
	}
	if err != nil {
		h.logf("search: page: %v", err)
		http.Error(w, "errore interno della ricerca", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=300")
	h.write(w, r, status, buf.Bytes())
}

// failure logs err and returns the status it deserves: 503 when the
// search ran out of time, 499-like client cancellations as 503 too.
func (h *Handler) failure(r *http.Request, err error) int {
	if !errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, context.Canceled) {
		h.logf("search: %q: %v", r.URL.RawQuery, err)
	}
	return http.StatusServiceUnavailable
}

func (h *Handler) write(w http.ResponseWriter, r *http.Request, status int, body []byte) {
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Add("Vary", "Accept-Encoding")
	if h.Compress && len(body) > 512 && acceptsGzip(r) {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
		_, _ = zw.Write(body)
		_ = zw.Close()
		body = buf.Bytes()
		w.Header().Set("Content-Encoding", "gzip")
	}
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		if strings.TrimSpace(strings.SplitN(part, ";", 2)[0]) == "gzip" {
			return true
		}
	}
	return false
}

func (h *Handler) logf(format string, args ...any) {
	if h.Log != nil {
		h.Log(format, args...)
		return
	}
	log.Printf(format, args...)
}
