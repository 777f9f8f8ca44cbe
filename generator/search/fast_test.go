package search_test

import (
	"context"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"cantiericomuni.it/banca/generator/search"
)

// fastQueries are the searches the shortcuts of fast.go and order.go
// must answer as bleve scoring or sorting every match does: the
// benchmarks' and the counts' ones, more words, every order, and pages
// further on (where the candidates must cover every page before).
var fastQueries = func() []string {
	qs := append([]string{}, benchQueries...)
	qs = append(qs, countQueries...)
	qs = append(qs,
		"q=bandi+giovani&page=2", "q=bandi+giovani&page=7", "q=bando&page=3", "q=progetto+scuola+famiglie",
		"q=giovani&sezione=opportunita", "q=giovani&sezione=opportunita&page=4", "q=rete+territorio+volontari",
		"q=bando+regionale&argomenti=giovani", "q=scuola&destinatari=ragazzi&territori=bologna",
		"q=laboratori+teatro", "q=educativa&page=2", "q=famiglie+fragili+sostegno", "q=cantiere+imola",
		"q=&page=2", "q=&page=9", "q=&sort=date&page=3", "q=&sort=deadline&page=2", "q=&sort=deadline&page=40",
		"q=bando&sort=deadline", "q=bando&sort=deadline&page=3", "q=&sezione=opportunita", "q=&sezione=opportunita&page=30",
		"q=giovani&sort=date&sezione=opportunita", "q=&aperte=si&sort=date", "q=&sezione=opportunita&sort=deadline&page=5",
	)
	return qs
}()

// TestEstimateAnswersAsBleve: on a generated bank of 1,000 pages (or the
// bundle BANCA_BENCH_BUNDLE names, see corpus), every answer — hits and
// their order, totals, pages, every filter's counts — is the same
// whether bleve scores only the candidates of the estimate or every
// match, sorts only the matches that can make the page or every match,
// or counts with its facets; and both shortcuts are used, and the
// estimate never disagrees with bleve's scores.
func TestEstimateAnswersAsBleve(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and indexes 1,000 pages")
	}
	var ix *search.Index
	if dir := os.Getenv("BANCA_BENCH_BUNDLE"); dir != "" {
		var err error
		if ix, err = search.Open(dir); err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
	} else {
		dir := benchContentPages(t, 1000)
		ix = open(t, "corpus-"+filepath.Base(filepath.Dir(dir)), func(testing.TB) string { return dir })
	}
	scored0, wide0, disagreed0, dated0 := search.EstimateStats(ix)
	views := map[string]*search.Index{"plain": search.WithPlainScoring(ix), "facets": search.WithBleveFacets(ix)}
	for _, q := range fastQueries {
		v, err := url.ParseQuery(q)
		if err != nil {
			t.Fatal(err)
		}
		r := ix.Meta.ParseRequest(v)
		got, err := ix.Search(context.Background(), r, now)
		if err != nil {
			t.Fatal(err)
		}
		g, _ := json.Marshal(got)
		for name, view := range views {
			want, err := view.Search(context.Background(), r, now)
			if err != nil {
				t.Fatal(err)
			}
			if w, _ := json.Marshal(want); string(g) != string(w) {
				t.Errorf("%s:\n estimate %s\n %-8s %s", q, g, name, w)
			}
		}
	}
	scored, wide, disagreed, dated := search.EstimateStats(ix)
	if scored-scored0 < 10 {
		t.Errorf("%d searches by the estimate, want at least 10", scored-scored0)
	}
	if dated-dated0 < 5 {
		t.Errorf("%d searches in an order of dates restricted, want at least 5", dated-dated0)
	}
	if disagreed != disagreed0 {
		t.Errorf("%d estimates disagree with bleve's scores", disagreed-disagreed0)
	}
	t.Logf("%d searches by the estimate, %d with too many candidates; %d in an order of dates restricted",
		scored-scored0, wide-wide0, dated-dated0)
}
