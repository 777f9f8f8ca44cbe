package search_test

import (
	"context"
	"encoding/json"
	"net/url"
	"testing"

	"cantiericomuni.it/banca/generator/search"
)

// countQueries are searches of every kind whose filter counts the filter
// table must give exactly as bleve's facets do: words, typos, prefixes,
// each order, every filter, several values of one filter, "aperte",
// pages past the end, nothing found.
var countQueries = []string{
	"q=", "q=&sort=date", "q=&sort=deadline", "q=&aperte=si",
	"q=bandi+giovani", "q=bando&sezione=opportunita&aperte=si", "q=bando&sezione=opportunita&sezione=pratiche",
	"q=povert%C3%A0+educativa&argomenti=scuola&argomenti=famiglie", "q=accesibilit%C3%A0", "q=laboratori+teatro&sort=date",
	"q=&sezione=pratiche&territori=bologna", "q=doposcuola&destinatari=ragazzi&sort=deadline", "q=volontari+estate",
	"q=orti+condivisi+quartiere", "q=formazione+operatori&cantieri=ferrara", "q=&cantieri=imola&argomenti=giovani&aperte=si",
	"q=progetti&page=500", "q=a&page=3", "q=xqzwv+plmkj", "q=ferrara", "q=volontariato+ferrara", "q=sport",
	"q=open+source", "q=accessibilit%C3%A0&sezione=pratiche", "q=dati&sort=date&page=2", "q=servizi+pubblici+digitali",
	"q=&tipo=bando&tipo=formazione&sort=deadline", "q=scuola&stato=in-corso",
}

// TestFilterTableCountsAsFacets: a read-only index counts the filters of
// its matches from its filter table, read once when opened; every answer
// — hits, totals, every filter's counts, "aperte" — is the one bleve's
// facets give, on the sample site and the real posts.
func TestFilterTableCountsAsFacets(t *testing.T) {
	for name, ix := range map[string]*search.Index{"sample": sample(t), "developers-italia": developersItalia(t)} {
		facets := search.WithBleveFacets(ix)
		for _, q := range countQueries {
			v, err := url.ParseQuery(q)
			if err != nil {
				t.Fatal(err)
			}
			r := ix.Meta.ParseRequest(v)
			got, err := ix.Search(context.Background(), r, now)
			if err != nil {
				t.Fatal(err)
			}
			want, err := facets.Search(context.Background(), r, now)
			if err != nil {
				t.Fatal(err)
			}
			g, _ := json.Marshal(got)
			w, _ := json.Marshal(want)
			if string(g) != string(w) {
				t.Errorf("%s, %s:\n table  %s\n facets %s", name, q, g, w)
			}
		}
	}
}
