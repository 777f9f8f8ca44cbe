package search_test

import (
	"strconv"
	"strings"
	"testing"
)

// TestSuggestQuerySet runs every query of the query set and checks the
// suggestions: a nonsense query never gets one, a suggestion finds more
// pages than the query typed, and only searches with fewer than 3 hits
// get one. go test -v prints the queries that got one.
func TestSuggestQuerySet(t *testing.T) {
	cases := loadQuerySet(t)
	indexes := querySetIndexes(t, cases)
	var got []string
	nonsense := 0
	for _, qc := range cases {
		res := run(t, indexes[qc.site], "q="+urlEscape(qc.Q))
		s := res.Suggestion
		if s == nil {
			continue
		}
		got = append(got, qc.String()+" → «"+s.Query+"» ("+strconv.Itoa(s.Total)+" pages)")
		switch {
		case qc.Want.none:
			nonsense++
			t.Errorf("%s: nonsense got the suggestion «%s», %d pages", qc, s.Query, s.Total)
		case res.Total >= 3:
			t.Errorf("%s: %d hits and a suggestion", qc, res.Total)
		case s.Total <= res.Total:
			t.Errorf("%s: «%s» finds %d pages, the query %d", qc, s.Query, s.Total, res.Total)
		}
		if !strings.HasPrefix(s.URL, "/cerca/?") {
			t.Errorf("%s: suggestion URL %q", qc, s.URL)
		}
	}
	t.Logf("%d queries of %d got a suggestion, %d of them nonsense:\n\t%s", len(got), len(cases), nonsense, strings.Join(got, "\n\t"))
}
