// Command searchload measures the search under load: CLIENTS readers at
// once send REQUESTS searches in all (a mix of words, typos, filters,
// orders, pages and the results page) to a running server, each reader
// sending its next search when the previous one is answered. It prints the
// latency percentiles, the answers by status and the number of 5xx.
// generator/bench/search-load starts `serve` on a corpus and runs it.
//
//	go run ./generator/bench/searchload -url http://127.0.0.1:1313 -clients 200 -requests 20000
package main

import (
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// mix is what readers ask, in the words of ../shared/bench/gen-corpus.
var mix = []string{
	"/api/search?q=bandi+giovani",
	"/api/search?q=bando&sezione=opportunita&aperte=si",
	"/api/search?q=povert%C3%A0+educativa&argomenti=scuola&argomenti=famiglie",
	"/api/search?q=accesibilit%C3%A0",
	"/api/search?q=laboratori+teatro&sort=date",
	"/api/search?q=&sezione=pratiche&territori=bologna",
	"/api/search?q=doposcuola&destinatari=ragazzi&sort=deadline",
	"/api/search?q=volontari+estate",
	"/api/search?q=orti+condivisi+quartiere",
	"/api/search?q=formazione+operatori&cantieri=ferrara",
	"/api/search?q=sport",
	"/api/search?q=sporte",
	"/api/search?q=volontariato+ferrara&page=2",
	"/cerca/?q=doposcuola",
	"/cerca/?q=bando&sezione=opportunita&tipo=bando",
}

// hostileMix is what a reader who tries the limits asks: every filter
// at once, many values of one filter, the last pages, nonsense, queries
// of 200 bytes and more, operators, and the same on the results page.
var hostileMix = []string{
	"/api/search?q=bando&sezione=opportunita&sezione=pratiche&tipo=bando&tipo=formazione&argomenti=scuola&argomenti=giovani&destinatari=ragazzi&territori=bologna&cantieri=ferrara&aperte=si&sort=deadline",
	"/api/search?q=&argomenti=scuola&argomenti=giovani&argomenti=famiglie&argomenti=sport&argomenti=cultura&argomenti=ambiente&argomenti=salute-e-benessere&argomenti=formazione&argomenti=lavoro&argomenti=inclusione",
	"/api/search?q=progetti&page=500",
	"/api/search?q=&page=499&sort=date",
	"/api/search?q=a&page=250",
	"/api/search?q=xqzwv+plmkj+rtyhg",
	"/api/search?q=ricetta+lasagne+alla+bolognese+con+besciamella",
	"/api/search?q=" + longQuery,
	"/api/search?q=%22bando%22+AND+%28giovani+OR+scuola%29+-estate+%2Bvolontari*+~2+title%3Ax",
	"/api/search?q=" + "accessibilit%C3%A0+" + "comunit%C3%A0+" + "attivit%C3%A0+" + "universit%C3%A0+" + "povert%C3%A0",
	"/api/search?q=e&sort=relevance",
	"/api/search?q=zzzzzzzzzzzzzzzzzzzzzzzzzzzzzz",
	"/cerca/?q=" + longQuery + "&page=3",
	"/cerca/?q=&sezione=opportunita&aperte=si&sort=deadline&page=40",
	"/cerca/?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
}

// longQuery is a query of about 600 bytes: typos and completions for
// every word, which the handler cuts to 200 bytes and 10 words.
var longQuery = func() string {
	s := ""
	for _, w := range []string{"progettazzione", "volontariatto", "accesibilita", "doposcula", "formazzione", "comunitta", "educattiva", "giovanni", "laboratoro", "sportelo"} {
		s += w + "+" + w[:4] + "+"
	}
	for len(s) < 600 {
		s += "parolaacaso+"
	}
	return s
}()

func main() {
	base := flag.String("url", "http://127.0.0.1:1313", "the server")
	clients := flag.Int("clients", 200, "readers at once")
	requests := flag.Int("requests", 20000, "searches in all")
	which := flag.String("mix", "normale", "what readers ask: normale (words, typos, filters, orders, pages), ostile (the limits: every filter, the last pages, nonsense, long queries) or tutto (both)")
	flag.Parse()
	switch *which {
	case "normale":
	case "ostile":
		mix = hostileMix
	case "tutto":
		mix = append(mix, hostileMix...)
	default:
		fmt.Fprintln(os.Stderr, "searchload: -mix normale, ostile o tutto")
		os.Exit(2)
	}
	if err := run(*base, *clients, *requests); err != nil {
		fmt.Fprintln(os.Stderr, "searchload:", err)
		os.Exit(1)
	}
}

func run(base string, clients, requests int) error {
	tr := &http.Transport{MaxIdleConns: clients, MaxIdleConnsPerHost: clients, DisableCompression: false}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 2 * time.Minute}
	var (
		next     atomic.Int64
		mu       sync.Mutex
		lat      = make([]time.Duration, 0, requests)
		statuses = map[int]int{}
		retry    = map[string]int{}
		errs     []string
		wg       sync.WaitGroup
	)
	began := time.Now()
	for range clients {
		wg.Go(func() {
			for {
				i := next.Add(1) - 1
				if i >= int64(requests) {
					return
				}
				target := base + mix[int(i)%len(mix)]
				t0 := time.Now()
				status := 0
				resp, err := client.Get(target)
				if err == nil {
					_, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					status = resp.StatusCode
				}
				d := time.Since(t0)
				mu.Lock()
				lat = append(lat, d)
				statuses[status]++
				if err != nil && len(errs) < 5 {
					errs = append(errs, err.Error())
				}
				if resp != nil && resp.Header.Get("Retry-After") != "" {
					retry[resp.Header.Get("Retry-After")]++
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(began)
	slices.Sort(lat)
	pct := func(p int) time.Duration { return lat[min(len(lat)-1, len(lat)*p/100)] }
	fivexx := 0
	codes := make([]int, 0, len(statuses))
	for code, n := range statuses {
		codes = append(codes, code)
		if code >= 500 {
			fivexx += n
		}
	}
	sort.Ints(codes)
	fmt.Printf("%d searches, %d readers at once, in %v (%.0f/s)\n", len(lat), clients, elapsed.Round(time.Millisecond),
		float64(len(lat))/elapsed.Seconds())
	fmt.Printf("latency: p50 %v, p95 %v, p99 %v, max %v\n", ms(pct(50)), ms(pct(95)), ms(pct(99)), ms(lat[len(lat)-1]))
	for _, code := range codes {
		name := http.StatusText(code)
		if code == 0 {
			name = "no answer"
		}
		fmt.Printf("status %d (%s): %d\n", code, name, statuses[code])
	}
	fmt.Printf("5xx: %d\n", fivexx)
	if len(retry) > 0 {
		fmt.Printf("Retry-After given: %v\n", retry)
	}
	if len(errs) > 0 {
		fmt.Printf("first errors: %q\n", errs)
	}
	return nil
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }
