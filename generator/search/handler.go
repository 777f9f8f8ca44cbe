package search

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"log"
	"net/http"
	"strconv"
	"strings"
	"sync"
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
	// Timeout bounds one search once it runs (default 2 s); the wait for
	// a worker is the Limiter's.
	Timeout time.Duration
	// Limiter runs the searches; nil means one of the handler's own,
	// with the defaults of NewLimiter. Handlers that take turns on the
	// same machine (the preview's, one per rebuild) share one.
	Limiter *Limiter
	// Compress gzips responses for clients that accept it. Hosts that
	// compress themselves (Netlify) leave it off.
	Compress bool
	// Log receives unexpected failures (default log.Printf).
	Log func(format string, args ...any)

	once    sync.Once
	limiter *Limiter
}

// ServeHTTP routes by path: /cerca… is the HTML page, anything else the
// JSON API.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	defer func() {
		if v := recover(); v != nil {
			h.logf("search: panic on %q: %v", r.URL.RawQuery, v)
			w.Header().Set("Cache-Control", "no-store")
			http.Error(w, "errore interno della ricerca", http.StatusInternalServerError)
		}
	}()
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Cache-Control", "no-store")
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

// failure is a search that could not answer: its status, the Italian
// message for the reader and, when the reader may try again, after how
// long.
type failure struct {
	status     int
	message    string
	retryAfter time.Duration
}

// Messages of the failures.
const (
	msgBusy    = "In questo momento la ricerca ha troppe richieste: riprova tra qualche secondo."
	msgTimeout = "La ricerca non ha risposto in tempo: riprova tra poco."
	msgError   = "La ricerca ha avuto un problema: riprova tra poco."
)

// search runs the search r asks for, in its turn.
func (h *Handler) search(r *http.Request) (*Response, *failure) {
	h.once.Do(func() {
		h.limiter = h.Limiter
		if h.limiter == nil {
			h.limiter = NewLimiter(0, 0)
		}
	})
	timeout := h.Timeout
	if timeout <= 0 {
		timeout = 2 * time.Second
	}
	now := time.Now
	if h.Now != nil {
		now = h.Now
	}
	req := h.Index.Meta.ParseRequest(r.URL.Query())
	var (
		res *Response
		err error
	)
	retry, lerr := h.limiter.Do(r.Context(), func() {
		ctx, cancel := context.WithTimeout(r.Context(), timeout)
		defer cancel()
		res, err = h.Index.Search(ctx, req, now())
	})
	switch {
	case errors.Is(lerr, ErrBusy):
		return nil, &failure{http.StatusServiceUnavailable, msgBusy, retry}
	case lerr != nil:
		// The reader left while waiting: nobody reads the answer.
		return nil, &failure{http.StatusServiceUnavailable, msgTimeout, time.Second}
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled):
		return nil, &failure{http.StatusServiceUnavailable, msgTimeout, time.Second}
	case err != nil:
		h.logf("search: %q: %v", r.URL.RawQuery, err)
		return nil, &failure{http.StatusInternalServerError, msgError, 0}
	}
	return res, nil
}

func (h *Handler) serveJSON(w http.ResponseWriter, r *http.Request) {
	res, fail := h.search(r)
	var body []byte
	status := http.StatusOK
	if fail != nil {
		status = fail.status
		body, _ = json.Marshal(map[string]string{"error": fail.message})
		h.failed(w, fail)
	} else {
		body, _ = json.Marshal(res)
		w.Header().Set("Cache-Control", cacheOK)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	h.write(w, r, status, body)
}

func (h *Handler) serveHTML(w http.ResponseWriter, r *http.Request) {
	if h.Page == nil {
		w.Header().Set("Cache-Control", "no-store")
		http.NotFound(w, r)
		return
	}
	res, fail := h.search(r)
	status := http.StatusOK
	var buf bytes.Buffer
	var err error
	switch {
	case fail != nil:
		status = fail.status
		h.failed(w, fail)
		err = h.Page.RenderFailure(&buf, h.Index.Meta.ParseRequest(r.URL.Query()), fail.message, h.Index.Meta)
	case r.URL.RawQuery == "":
		// /cerca/ itself: the form and every filter with its count,
		// as the build writes it, but with today's counts.
		err = h.Page.RenderStart(&buf, res, h.Index.Meta)
	default:
		err = h.Page.Render(&buf, res, h.Index.Meta)
	}
	if err != nil {
		h.logf("search: page: %v", err)
		w.Header().Set("Cache-Control", "no-store")
		http.Error(w, "errore interno della ricerca", http.StatusInternalServerError)
		return
	}
	if fail == nil {
		w.Header().Set("Cache-Control", cacheOK)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	h.write(w, r, status, buf.Bytes())
}

// cacheOK is how long browsers and the CDN may keep an answer: statuses
// change at midnight at the earliest, and five minutes of delay is no
// harm. Failures are never kept (no-store).
const cacheOK = "public, max-age=300"

// failed sets the headers of a failure: never stored, and when to try
// again.
func (h *Handler) failed(w http.ResponseWriter, f *failure) {
	w.Header().Set("Cache-Control", "no-store")
	if f.retryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int((f.retryAfter+time.Second-1)/time.Second)))
	}
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
