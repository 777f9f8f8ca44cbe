package search_test

import (
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"cantiericomuni.it/banca/generator/search"
	"cantiericomuni.it/banca/generator/site"
)

// indexedSite returns the site of the benchmarks' content folder, checked
// once per test binary, with what the index does not read (the sources
// and the HTML) dropped from its pages.
func indexedSite(b *testing.B) *site.Site {
	b.Helper()
	if s, ok := sites.Load("bench"); ok {
		return s.(*site.Site)
	}
	s := checkedSite(b, benchContent(b))
	for _, p := range s.Pages {
		p.Release()
		p.Content = ""
	}
	sites.Store("bench", s)
	return s
}

var sites sync.Map

// BenchmarkWriter writes the search bundle of the benchmarks' corpus
// (BANCA_BENCH_CONTENT or BANCA_BENCH_PAGES, see benchContent): the index
// stage of a full build, analysis, segments and the final merge.
//
//	BANCA_BENCH_CONTENT=/work/bench/c10k/content go test ./generator/search -run XXX -bench Writer -count 5
func BenchmarkWriter(b *testing.B) {
	s := indexedSite(b)
	tmp := b.TempDir()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		dir := filepath.Join(tmp, strconv.Itoa(i))
		meta, err := search.Build(dir, s)
		if err != nil {
			b.Fatal(err)
		}
		if meta.Docs != len(s.Pages) {
			b.Fatalf("%d documents, want %d", meta.Docs, len(s.Pages))
		}
		b.StopTimer()
		os.RemoveAll(dir)
		b.StartTimer()
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*len(s.Pages)), "µs/page")
}

// BenchmarkAnalyzer analyses the indexed texts of every page of the
// benchmarks' corpus with a fresh index analyzer each round (its cache
// fills as it goes, as in a build), and, as "chain", with the chain of
// filters the queries use.
func BenchmarkAnalyzer(b *testing.B) {
	s := indexedSite(b)
	fields := search.IndexedTexts(s)
	var texts []string
	bytes := 0
	for _, p := range s.Pages {
		for _, t := range fields(p) {
			texts = append(texts, t)
			bytes += len(t)
		}
	}
	for _, name := range []string{"index", "chain"} {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(bytes))
			b.ReportAllocs()
			for b.Loop() {
				search.AnalyzeAll(name == "chain", texts)
			}
		})
	}
}
