package serve

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestLoad has 200 readers at once, each asking 5 things: searches with
// and without filters, sorted and paged, the results page, static pages
// and one missing page. Every answer must come, whole, with the status
// expected: no 5xx (searches queue for the cores instead of failing).
func TestLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("load test")
	}
	base := sampleURL(t)
	const clients, each = 200, 5
	mix := []struct {
		path   string
		status int
	}{
		{"/api/search?q=bandi+giovani", 200},
		{"/api/search?q=bando&sezione=opportunita&aperte=si", 200},
		{"/api/search?q=&argomenti=inclusione&argomenti=scuola&cantieri=imola&sort=date", 200},
		{"/api/search?q=attivita&sort=deadline&page=2", 200},
		{"/api/search?q=accesibilit%C3%A0", 200},
		{"/api/search?q=orti&territori=ferrara&tipo=bando", 200},
		{"/api/search?q=%22%28%2B%3A*", 200},
		{"/cerca/?q=doposcuola&sezione=pratiche", 200},
		{"/", 200},
		{"/opportunita/", 200},
		{"/css/main.css", 200},
		{"/pratiche/orti-condivisi-scuola-ferrara/", 200},
		{"/non-esiste/", 404},
	}
	tr := &http.Transport{MaxIdleConns: clients, MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 15 * time.Second}

	var (
		errs, wrong, done, failed atomic.Int64
		mu                        sync.Mutex
		first                     []string
		wg                        sync.WaitGroup
	)
	fail := func(format string, args ...any) {
		mu.Lock()
		if len(first) < 5 {
			first = append(first, fmt.Sprintf(format, args...))
		}
		mu.Unlock()
	}
	start := make(chan struct{})
	began := time.Now()
	for c := range clients {
		wg.Go(func() {
			<-start
			for i := range each {
				m := mix[(c*each+i)%len(mix)]
				resp, err := client.Get(base + m.path)
				if err != nil {
					errs.Add(1)
					fail("%s: %v", m.path, err)
					continue
				}
				body, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				switch {
				case err != nil:
					errs.Add(1)
					fail("%s: %v", m.path, err)
				case resp.StatusCode >= 500:
					failed.Add(1)
					fail("%s: status %d: %.200s", m.path, resp.StatusCode, body)
				case resp.StatusCode != m.status:
					wrong.Add(1)
					fail("%s: status %d, want %d: %.200s", m.path, resp.StatusCode, m.status, body)
				case strings.HasPrefix(m.path, "/api") && !json.Valid(body):
					wrong.Add(1)
					fail("%s: invalid JSON", m.path)
				default:
					done.Add(1)
				}
			}
		})
	}
	close(start)
	wg.Wait()
	elapsed := time.Since(began)
	t.Logf("%d requests from %d clients in %v (%.0f/s)", clients*each, clients, elapsed.Round(time.Millisecond),
		float64(clients*each)/elapsed.Seconds())
	if errs.Load() > 0 || failed.Load() > 0 || wrong.Load() > 0 || done.Load() != clients*each {
		t.Errorf("%d errors, %d answers 5xx, %d other wrong answers, %d right of %d; first: %v",
			errs.Load(), failed.Load(), wrong.Load(), done.Load(), clients*each, first)
	}
}
