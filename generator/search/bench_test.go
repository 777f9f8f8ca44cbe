package search_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"cantiericomuni.it/banca/generator/internal/testproject"
	"cantiericomuni.it/banca/generator/search"
)

// benchQueries are readers' searches: words, typos, filters, browsing.
var benchQueries = []string{
	"q=bandi+giovani",
	"q=bando&sezione=opportunita&aperte=si",
	"q=povert%C3%A0+educativa&argomenti=scuola&argomenti=famiglie",
	"q=accesibilit%C3%A0",
	"q=laboratori+teatro&sort=date",
	"q=&sezione=pratiche&territori=bologna",
	"q=doposcuola&destinatari=ragazzi&sort=deadline",
	"q=volontari+estate",
	"q=orti+condivisi+quartiere",
	"q=formazione+operatori&cantieri=ferrara",
	// Words of the bank's synonyms (content/sinonimi.yaml), expanded
	// when the bundle has them.
	"q=contributi+associazioni",
	"q=terzo+settore",
	"q=aiuto+compiti&aperte=si",
}

// suggestQueries are searches with words two edits from words of the
// generated corpus: each gets a suggestion (BenchmarkSearch).
var suggestQueries = []string{
	"q=volntraiato",
	"q=acompagnametno+giovani",
	"q=frmazoine&sezione=opportunita",
	"q=laobratroi+doposcuola",
	"q=assoicazoine+quartiere&sort=date",
}

// benchContent returns the content folder the benchmarks index:
// BANCA_BENCH_CONTENT when set (/work/bench/c10k/content, say), else a
// gen-corpus site of BANCA_BENCH_PAGES pages (default 1000), generated
// once per machine under the system's temp folder.
func benchContent(tb testing.TB) string {
	if dir := os.Getenv("BANCA_BENCH_CONTENT"); dir != "" {
		return dir
	}
	pages := 1000
	if n, err := strconv.Atoi(os.Getenv("BANCA_BENCH_PAGES")); err == nil && n > 0 {
		pages = n
	}
	return benchContentPages(tb, pages)
}

// benchContentPages returns the content folder of a gen-corpus site of
// pages pages, generated once per machine under the system's temp folder.
func benchContentPages(tb testing.TB, pages int) string {
	dir := filepath.Join(os.TempDir(), "banca-bench-corpus-"+strconv.Itoa(pages))
	if _, err := os.Stat(filepath.Join(dir, "content")); err != nil {
		testproject.Script(tb, "gen-corpus", "--pages", strconv.Itoa(pages), "--out", dir, "-q")
	}
	return filepath.Join(dir, "content")
}

// corpus returns the bundle of the benchmarks' content folder, built
// once per test binary; or, when BANCA_BENCH_BUNDLE names a bundle folder
// already built (`go run ./generator check --content DIR --bundle FOLDER
// --now 2026-11-27T10:00:00Z`: a check keeps the index in the bundle), that
// bundle, opened as it is, without indexing anything.
func corpus(b *testing.B) *search.Index {
	if dir := os.Getenv("BANCA_BENCH_BUNDLE"); dir != "" {
		if ix, ok := bundles.Load("bench-bundle"); ok {
			return ix.(*search.Index)
		}
		ix, err := search.Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		bundles.Store("bench-bundle", ix)
		return ix
	}
	dir := benchContent(b)
	return open(b, "corpus-"+filepath.Base(filepath.Dir(dir)), func(testing.TB) string { return dir })
}

// BenchmarkSearch runs the queries with facets and highlighting, and
// reports the median and 95th percentile latency and the size of the
// JSON responses, gzipped. The corpus is BANCA_BENCH_BUNDLE, or the
// bundle of BANCA_BENCH_CONTENT or BANCA_BENCH_PAGES (see corpus).
//
//	BANCA_BENCH_PAGES=10000 go test ./generator/search -run XXX -bench Search -benchtime 2000x
//	BANCA_BENCH_BUNDLE=/tmp/s50/bundle go test ./generator/search -run XXX -bench 'Search/tabella' -benchtime 200x
func BenchmarkSearch(b *testing.B) {
	ix := corpus(b)
	reqs := make([]search.Request, len(benchQueries))
	for i, q := range benchQueries {
		v, _ := url.ParseQuery(q)
		reqs[i] = ix.Meta.ParseRequest(v)
	}
	// The filter counts from the index's filter table (what the function
	// does), and from bleve's facets (what a Live index does).
	b.Run("tabella", func(b *testing.B) { benchSearch(b, ix, reqs) })
	// Searches with typos the search does not forgive (two edits), each
	// answered with a «Forse cercavi» (suggest.go): the cost of the
	// corrections and of the searches that check them.
	b.Run("suggerimento", func(b *testing.B) {
		var sreqs []search.Request
		for _, q := range suggestQueries {
			v, _ := url.ParseQuery(q)
			r := ix.Meta.ParseRequest(v)
			res, err := ix.Search(context.Background(), r, now)
			if err != nil {
				b.Fatal(err)
			}
			if res.Suggestion == nil {
				b.Fatalf("%s: no suggestion (%d hits)", q, res.Total)
			}
			sreqs = append(sreqs, r)
		}
		benchSearch(b, ix, sreqs)
	})
	b.Run("faccette", func(b *testing.B) { benchSearch(b, search.WithBleveFacets(ix), reqs) })
}

// BenchmarkQuery runs each of benchQueries on its own, with the filter
// table, to tell which make the slowest searches.
//
//	BANCA_BENCH_BUNDLE=/tmp/s50/bundle go test ./generator/search -run XXX -bench Query -benchtime 20x
func BenchmarkQuery(b *testing.B) {
	ix := corpus(b)
	for i, q := range benchQueries {
		v, _ := url.ParseQuery(q)
		req := ix.Meta.ParseRequest(v)
		b.Run(strconv.Itoa(i), func(b *testing.B) { benchSearch(b, ix, []search.Request{req}) })
	}
}

func benchSearch(b *testing.B, ix *search.Index, reqs []search.Request) {
	ctx := context.Background()
	lat := make([]time.Duration, 0, b.N)
	var gz []int
	cpu := cpuTime()
	for i := 0; b.Loop(); i++ {
		t := time.Now()
		res, err := ix.Search(ctx, reqs[i%len(reqs)], now)
		if err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t))
		if i < len(reqs) {
			gz = append(gz, gzipSize(b, res))
		}
	}
	b.StopTimer()
	cpu = cpuTime() - cpu
	slices.Sort(lat)
	slices.Sort(gz)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*95/100].Microseconds())/1000, "p95-ms")
	// The processor time of a search, all its goroutines and the
	// collector's: steadier than the latency on a shared machine.
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(len(lat)), "cpu-ms/op")
	b.ReportMetric(float64(gz[len(gz)-1])/1024, "max-json-gz-KB")
	b.ReportMetric(float64(gz[len(gz)/2])/1024, "median-json-gz-KB")
}

func gzipSize(tb testing.TB, res *search.Response) int {
	data, err := json.Marshal(res)
	if err != nil {
		tb.Fatal(err)
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(data)
	zw.Close()
	return buf.Len()
}
