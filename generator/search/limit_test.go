package search_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"cantiericomuni.it/banca/generator/search"
)

// loadMix is what readers ask at once: words, typos, filters, orders,
// pages, the results page.
var loadMix = []string{
	"/api/search?q=bandi+giovani",
	"/api/search?q=bando&sezione=opportunita&aperte=si",
	"/api/search?q=&argomenti=inclusione&argomenti=scuola&cantieri=imola&sort=date",
	"/api/search?q=attivita&sort=deadline&page=2",
	"/api/search?q=accesibilit%C3%A0",
	"/api/search?q=volontariato+ferrara",
	"/api/search?q=orti&territori=ferrara&tipo=bando",
	"/api/search?q=sporte",
	"/cerca/?q=doposcuola&sezione=pratiche",
	"/cerca/?q=scuola&argomenti=famiglie&destinatari=ragazzi",
}

// TestHandlerUnderLoad has 200 readers at once, each searching 3 times,
// on a real server: every answer must be 200, and no more searches may run
// at once than the machine has cores. (The handler's clock, read as each
// search starts, counts the searches running and makes each last a few
// milliseconds more.) Before, all 200 ran at once, each took the time of
// all of them, and the slowest gave up with a 503.
func TestHandlerUnderLoad(t *testing.T) {
	h := handler(t)
	var running, most atomic.Int64
	h.Now = func() time.Time {
		n := running.Add(1)
		for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
		}
		time.Sleep(time.Millisecond)
		running.Add(-1)
		return now
	}
	// However slow the machine (tests run beside each other), the queue
	// holds them all: the test is about taking turns.
	h.Limiter = search.NewLimiter(0, time.Hour)
	srv := httptest.NewServer(h)
	defer srv.Close()
	const clients, each = 200, 3
	tr := &http.Transport{MaxIdleConns: clients, MaxIdleConnsPerHost: clients}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: time.Minute}
	var (
		statuses sync.Map // status → *atomic.Int64
		firstBad atomic.Value
		wg       sync.WaitGroup
		start    = make(chan struct{})
	)
	for c := range clients {
		wg.Go(func() {
			<-start
			for i := range each {
				status := 0
				resp, err := client.Get(srv.URL + loadMix[(c+i)%len(loadMix)])
				if err == nil {
					b, _ := io.ReadAll(resp.Body)
					resp.Body.Close()
					status = resp.StatusCode
					if status != http.StatusOK {
						firstBad.CompareAndSwap(nil, fmt.Sprintf("%d: %.200s", status, b))
					}
				}
				n, _ := statuses.LoadOrStore(status, new(atomic.Int64))
				n.(*atomic.Int64).Add(1)
			}
		})
	}
	began := time.Now()
	close(start)
	wg.Wait()
	got := map[int]int64{}
	statuses.Range(func(k, v any) bool { got[k.(int)] = v.(*atomic.Int64).Load(); return true })
	t.Logf("%d searches from %d readers in %v, at most %d at once: %v", clients*each, clients,
		time.Since(began).Round(time.Millisecond), most.Load(), got)
	if got[http.StatusOK] != clients*each {
		t.Errorf("answers by status (0: no answer): %v, want %d × 200; first: %v", got, clients*each, firstBad.Load())
	}
	if workers := int64(runtime.GOMAXPROCS(0)); most.Load() > workers {
		t.Errorf("%d searches ran at once on %d cores", most.Load(), workers)
	}
}

// TestLimiter checks the queue: searches beyond the workers wait their
// turn, in order of arrival; a reader who leaves is not kept; when the
// queue holds as many as the workers can run within the wait allowed,
// the next reader is turned away at once, told when to come back.
func TestLimiter(t *testing.T) {
	// One worker, 2 s of wait: at the pace assumed before any search
	// (20 ms), 100 may wait.
	l := search.NewLimiter(1, 2*time.Second)
	release, running := make(chan struct{}), make(chan struct{})
	go l.Do(context.Background(), func() { close(running); <-release })
	<-running

	var (
		order []int
		mu    sync.Mutex
		wg    sync.WaitGroup
	)
	for i := range 4 {
		wg.Go(func() {
			_, err := l.Do(context.Background(), func() { mu.Lock(); order = append(order, i); mu.Unlock() })
			if err != nil {
				t.Errorf("search %d: %v", i, err)
			}
		})
		waitQueued(t, l, i+1)
	}
	// A reader who leaves stops waiting.
	ctx, cancel := context.WithCancel(context.Background())
	left := make(chan error, 1)
	go func() { _, err := l.Do(ctx, func() { t.Error("ran after the reader left") }); left <- err }()
	waitQueued(t, l, 5)
	cancel()
	if err := <-left; !errors.Is(err, context.Canceled) {
		t.Errorf("reader who left: %v", err)
	}
	waitQueued(t, l, 4)
	for i := 4; i < 100; i++ {
		wg.Go(func() {
			if _, err := l.Do(context.Background(), func() {}); err != nil {
				t.Errorf("search %d: %v", i, err)
			}
		})
	}
	waitQueued(t, l, 100)
	retry, err := l.Do(context.Background(), func() { t.Error("ran past a full queue") })
	if !errors.Is(err, search.ErrBusy) || retry < time.Second {
		t.Errorf("full queue: %v, retry after %v", err, retry)
	}
	close(release)
	wg.Wait()
	if fmt.Sprint(order) != "[0 1 2 3]" {
		t.Errorf("order: %v", order)
	}
	if l.Waiting() != 0 {
		t.Errorf("%d still waiting", l.Waiting())
	}
}

// waitQueued waits until n searches wait for the limiter.
func waitQueued(t *testing.T, l *search.Limiter, n int) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); l.Waiting() < n; {
		if time.Now().After(deadline) {
			t.Fatalf("%d waiting, want %d", l.Waiting(), n)
		}
		time.Sleep(time.Millisecond)
	}
}

// TestFailuresNotCached checks that an answer that is not a result (a
// search turned away, one that ran out of time) is never kept by a cache
// and says when to try again, as JSON and as a page, while results may be
// kept five minutes.
func TestFailuresNotCached(t *testing.T) {
	// One worker, busy, and a full queue (at least 4 wait per worker).
	h := handler(t)
	h.Limiter = search.NewLimiter(1, time.Millisecond)
	release, running := make(chan struct{}), make(chan struct{})
	go h.Limiter.Do(context.Background(), func() { close(running); <-release })
	<-running
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() { h.Limiter.Do(context.Background(), func() {}) })
		waitQueued(t, h.Limiter, i+1)
	}
	for _, target := range []string{"/api/search?q=bando", "/cerca/?q=bando"} {
		res := get(t, h, target)
		if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("%s, busy: %d %q", target, res.StatusCode, res.Header.Get("Cache-Control"))
		}
		if s, err := strconv.Atoi(res.Header.Get("Retry-After")); err != nil || s < 1 {
			t.Errorf("%s, busy: Retry-After %q", target, res.Header.Get("Retry-After"))
		}
		if b := body(t, res); !strings.Contains(b, "riprova tra qualche secondo") {
			t.Errorf("%s, busy: %.300s", target, b)
		}
	}
	close(release)
	wg.Wait()

	h = handler(t)
	h.Timeout = time.Nanosecond
	for _, target := range []string{"/api/search?q=bando", "/cerca/?q=bando"} {
		res := get(t, h, target)
		if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Cache-Control") != "no-store" || res.Header.Get("Retry-After") == "" {
			t.Errorf("%s, out of time: %d %q %q", target, res.StatusCode, res.Header.Get("Cache-Control"), res.Header.Get("Retry-After"))
		}
	}
	for _, target := range []string{"/api/search?q=bando", "/cerca/?q=bando"} {
		res := get(t, handler(t), target)
		if res.StatusCode != http.StatusOK || res.Header.Get("Cache-Control") != "public, max-age=300" {
			t.Errorf("%s: %d %q", target, res.StatusCode, res.Header.Get("Cache-Control"))
		}
	}
	req := httptest.NewRequest(http.MethodPost, "/api/search", nil)
	rec := httptest.NewRecorder()
	handler(t).ServeHTTP(rec, req)
	if rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Cache-Control") != "no-store" {
		t.Errorf("POST: %d %q", rec.Code, rec.Header().Get("Cache-Control"))
	}
}
