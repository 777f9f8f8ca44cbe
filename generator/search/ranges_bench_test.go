package search_test

import (
	"net/url"
	"testing"

	"cantiericomuni.it/banca/generator/search"
)

// rangeQueries are searches with the date ranges: a quick choice, days,
// with words and other filters.
var rangeQueries = []string{
	"q=&scade_entro=30-giorni",
	"q=bando&scade_entro=3-mesi&aperte=si",
	"q=&scade_entro=2027-06-30&sezione=opportunita&argomenti=scuola",
	"q=&quando=3-mesi",
	"q=laboratori&dal=2026-12-01&al=2027-03-31&sort=date",
	"q=&scade_entro=7-giorni&sort=deadline",
}

// BenchmarkSearchRanges is BenchmarkSearch on rangeQueries.
//
//	BANCA_BENCH_BUNDLE=/work/bench/b/b10k go test ./generator/search -run XXX -bench SearchRanges -benchtime 300x
func BenchmarkSearchRanges(b *testing.B) {
	ix := corpus(b)
	reqs := make([]search.Request, len(rangeQueries))
	for i, q := range rangeQueries {
		v, _ := url.ParseQuery(q)
		reqs[i] = ix.Meta.ParseRequest(v)
	}
	b.Run("tabella", func(b *testing.B) { benchSearch(b, ix, reqs) })
	b.Run("faccette", func(b *testing.B) { benchSearch(b, search.WithBleveFacets(ix), reqs) })
}
