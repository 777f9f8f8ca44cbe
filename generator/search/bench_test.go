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
	dir := filepath.Join(os.TempDir(), "banca-bench-corpus-"+strconv.Itoa(pages))
	if _, err := os.Stat(filepath.Join(dir, "content")); err != nil {
		testproject.Script(tb, "gen-corpus", "--pages", strconv.Itoa(pages), "--out", dir, "-q")
	}
	return filepath.Join(dir, "content")
}

// corpus returns the bundle of the benchmarks' content folder, built
// once per test binary.
func corpus(b *testing.B) *search.Index {
	dir := benchContent(b)
	return open(b, "corpus-"+filepath.Base(filepath.Dir(dir)), func(testing.TB) string { return dir })
}

// BenchmarkSearch runs the queries with facets and highlighting, and
// reports the median and 95th percentile latency and the size of the
// JSON responses, gzipped.
//
//	BANCA_BENCH_PAGES=10000 go test ./generator/search -run XXX -bench Search -benchtime 2000x
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
	b.Run("faccette", func(b *testing.B) { benchSearch(b, search.WithBleveFacets(ix), reqs) })
}

func benchSearch(b *testing.B, ix *search.Index, reqs []search.Request) {
	ctx := context.Background()
	lat := make([]time.Duration, 0, b.N)
	var gz []int
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
	slices.Sort(lat)
	slices.Sort(gz)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*95/100].Microseconds())/1000, "p95-ms")
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
