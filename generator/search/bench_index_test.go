package search_test

import (
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

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

// cpuTime is the processor time the process has used so far, user and
// system: on a shared machine it varies less than the elapsed time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkWriter writes the search bundle of the benchmarks' corpus
// (BANCA_BENCH_CONTENT or BANCA_BENCH_PAGES, see benchContent): the index
// stage of a full build, analysis, segments and the final merge.
//
//	BANCA_BENCH_CONTENT=/work/bench/c10k/content go test ./generator/search -run XXX -bench Writer -count 5
func BenchmarkWriter(b *testing.B) {
	benchmarkWriter(b)
}

func benchmarkWriter(b *testing.B) {
	s := indexedSite(b)
	tmp := b.TempDir()
	b.ReportAllocs()
	cpu := cpuTime()
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
	b.ReportMetric((cpuTime()-cpu).Seconds()/float64(b.N), "cpu-s/op")
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*len(s.Pages)), "µs/page")
}

// BenchmarkAnalyzer analyses the indexed texts of every page of the
// benchmarks' corpus with a fresh index analyzer each round (its cache
// fills as it goes, as in a build), counting the terms as the Writer does
// ("frequencies") or making the tokens ("index"), and with the chain of
// filters the queries use ("chain", a fresh stem cache each round).
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
	for _, name := range []string{"frequencies", "index", "chain"} {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(bytes))
			b.ReportAllocs()
			for b.Loop() {
				search.AnalyzeAll(name, texts)
			}
		})
	}
}
