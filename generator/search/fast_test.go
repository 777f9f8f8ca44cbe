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
		// Filters, typos and completions.
		"q=bando&aperte=si", "q=bando&aperte=si&page=3", "q=giovani&sezione=opportunita&sezione=pratiche&page=2",
		"q=volont", "q=educativ&argomenti=scuola", "q=giovani+estat", "q=formazone+operatori", "q=formazone+operatori&aperte=si",
		"q=laboratorri&page=2", "q=orti+condiv&cantieri=ferrara", "q=progettazone+sociale&sezione=opportunita",
	)
	return qs
}()

// TestEstimateAnswersAsBleve: on a generated bank of 1,000 pages (or the
// bundle BANCA_BENCH_BUNDLE names, see corpus), every answer — hits and
// their order, totals, pages, every filter's counts — is the same
// whether bleve scores only the candidates of the estimate, or every
// match of the words without the filters and the filters then keep
// theirs (the order's definition), or the filters' matches of a walk of
// their own (a Live index); whether it sorts only the matches that can
// make the page or every match; or counts with its facets. Every
// shortcut is used: the estimate with filters and with typos and
// completions too; and the estimate never disagrees with bleve's scores.
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
	before := search.EstimateStats(ix)
	views := map[string]*search.Index{"definition": search.WithPlainScoring(ix), "facets": search.WithBleveFacets(ix)}
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
				t.Errorf("%s:\n estimate   %s\n %-10s %s", q, g, name, w)
			}
		}
	}
	after := search.EstimateStats(ix)
	for _, c := range []struct {
		name      string
		got, want int64
	}{
		{"searches by the estimate", after.Scored - before.Scored, 20},
		{"of them with filters", after.Filtered - before.Filtered, 8},
		{"of them with typos or completions", after.Loose - before.Loose, 3},
		{"searches in an order of dates restricted", after.Dated - before.Dated, 5},
	} {
		if c.got < c.want {
			t.Errorf("%d %s, want at least %d", c.got, c.name, c.want)
		}
	}
	if d := after.Disagreed - before.Disagreed; d != 0 {
		t.Errorf("%d estimates disagree with bleve's scores", d)
	}
	t.Logf("%d searches by the estimate (%d with filters, %d with typos or completions), %d with too many candidates; %d in an order of dates restricted",
		after.Scored-before.Scored, after.Filtered-before.Filtered, after.Loose-before.Loose, after.Wide-before.Wide, after.Dated-before.Dated)
}
