package search_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"cantiericomuni.it/banca/generator/search"
)

// runAt is run at the instant at.
func runAt(tb testing.TB, ix *search.Index, rawQuery string, at time.Time) *search.Response {
	tb.Helper()
	v, err := parseQuery(rawQuery)
	if err != nil {
		tb.Fatal(err)
	}
	res, err := ix.Search(context.Background(), ix.Meta.ParseRequest(v), at)
	if err != nil {
		tb.Fatalf("%s: %v", rawQuery, err)
	}
	return res
}

// urls are the addresses of every hit of the search, all pages.
func urls(tb testing.TB, ix *search.Index, rawQuery string, at time.Time) []string {
	tb.Helper()
	var out []string
	for page := 1; ; page++ {
		res := runAt(tb, ix, rawQuery+"&page="+string(rune('0'+page)), at)
		for _, h := range res.Hits {
			out = append(out, h.URL)
		}
		if page >= res.Pages || page == 9 {
			break
		}
	}
	slices.Sort(out)
	return out
}

func rangeGroup(res *search.Response, key string) *search.RangeGroup {
	for i := range res.Ranges {
		if res.Ranges[i].Key == key {
			return &res.Ranges[i]
		}
	}
	return nil
}

// TestClosingRange: "scade entro" gives the opportunities still open
// whose deadline falls by its last day, as their status says it (days
// left, computed by the site's rule), and each quick choice's count is
// the total it gives, with and without words and other filters, with the
// filter table and with bleve's facets.
func TestClosingRange(t *testing.T) {
	ix := sample(t)
	all := runAt(t, ix, "q=&sezione=opportunita&sort=deadline", now)
	g := rangeGroup(all, search.ClosingKey)
	if g == nil || len(g.Choices) != 3 || g.Label != "Scadenza" {
		t.Fatalf("ranges: %+v", all.Ranges)
	}
	// The oracle: the open opportunities (by their status) with the days
	// left to their deadline.
	type opp struct {
		url  string
		days int
	}
	var open []opp
	for _, h := range all.Hits {
		if h.Deadline != "" && h.Status != "scaduta" {
			open = append(open, opp{h.URL, h.DaysLeft})
		}
	}
	if len(open) < 5 {
		t.Fatalf("too few open opportunities to test: %+v", open)
	}
	today := now.In(ix.Meta.Location())
	daysTo := func(last string) int {
		d, _ := time.ParseInLocation(time.DateOnly, last, ix.Meta.Location())
		y, m, dd := today.Date()
		return int(d.Sub(time.Date(y, m, dd, 0, 0, 0, 0, ix.Meta.Location())).Hours()+12) / 24
	}
	check := func(query, last string) {
		t.Helper()
		var want []string
		for _, o := range open {
			if o.days <= daysTo(last) {
				want = append(want, o.url)
			}
		}
		slices.Sort(want)
		if got := urls(t, ix, query, now); !slices.Equal(got, want) {
			t.Errorf("%s (by %s): %v, want %v", query, last, got, want)
		}
	}
	for _, c := range g.Choices {
		check("q=&"+search.ClosingKey+"="+c.Value, c.Last)
		res := runAt(t, ix, "q=&"+search.ClosingKey+"="+c.Value, now)
		if res.Total != c.Count {
			t.Errorf("%s: count %d, total %d", c.Value, c.Count, res.Total)
		}
		if rg := rangeGroup(res, search.ClosingKey); rg.Chosen != c.Label || !rg.Choices[slices.IndexFunc(rg.Choices, func(x search.RangeChoice) bool { return x.Value == c.Value })].Selected {
			t.Errorf("%s: not marked as chosen: %+v", c.Value, rg)
		}
	}
	want := []string{"2026-12-04", "2026-12-27", "2027-02-27"}
	for i, c := range g.Choices {
		if c.Last != want[i] {
			t.Errorf("%s: last day %s, want %s", c.Value, c.Last, want[i])
		}
	}
	for _, day := range []string{"2026-11-27", "2026-11-30", "2026-12-14", "2026-12-15", "2027-01-20", "2027-12-31"} {
		check("q=&"+search.ClosingKey+"="+day, day)
	}
	// A day in the past: nothing is still open and closing by then.
	if res := runAt(t, ix, "q=&scade_entro=2026-01-01", now); res.Total != 0 {
		t.Errorf("scade entro a past day: %d", res.Total)
	}
	sameCounts(t, ix, []string{"q=", "q=bando", "q=corso", "q=&aperte=si", "q=&tipo=bando", "q=&sort=date",
		"q=&scade_entro=7-giorni", "q=reti&scade_entro=3-mesi&sezione=opportunita", "q=&scade_entro=2027-01-31&quando=mese"})
}

// sameCounts checks, for each search, that every quick choice counts what
// the search with it gives, other filters kept, and that bleve's facets
// (a Live index) count the same.
func sameCounts(t *testing.T, ix *search.Index, queries []string) {
	t.Helper()
	bleveFacets := search.WithBleveFacets(ix)
	for _, q := range queries {
		res := runAt(t, ix, q, now)
		other := runAt(t, bleveFacets, q, now)
		if res.Total != other.Total {
			t.Errorf("%s: total %d, with bleve's facets %d", q, res.Total, other.Total)
		}
		for gi, g := range res.Ranges {
			for ci, c := range g.Choices {
				if oc := other.Ranges[gi].Choices[ci].Count; oc != c.Count {
					t.Errorf("%s: %s=%s counts %d, with bleve's facets %d", q, g.Key, c.Value, c.Count, oc)
				}
				v, _ := parseQuery(q)
				v.Del(g.Key)
				if g.Key == search.WhenKey {
					v.Del(search.FromKey)
					v.Del(search.ToKey)
				}
				v.Set(g.Key, c.Value)
				if with := runAt(t, ix, v.Encode(), now); with.Total != c.Count {
					t.Errorf("%s: %s=%s counts %d, gives %d", q, g.Key, c.Value, c.Count, with.Total)
				}
			}
		}
	}
}

// TestEventRange: the events' dates take the events that take place in
// the range (a three-week exhibition is in a week of its own), from
// today; quick choices are counted.
func TestEventRange(t *testing.T) {
	ix := sample(t)
	mostra := "/eventi/mostra-cortili-biblioteca-lame/" // 1–20 December 2026
	for _, c := range []struct {
		query string
		at    time.Time
		want  []string
	}{
		{"q=&dal=2026-12-10&al=2026-12-19", now, []string{"/eventi/festa-fine-anno-doposcuola-navile/", mostra}},
		{"q=&dal=2026-11-21&al=2026-11-21", now, []string{"/eventi/assemblea-terre-d-acqua-2026/"}},
		{"q=&al=2026-10-31", now, []string{"/eventi/festa-riapertura-aula-studio-copparo/"}},
		{"q=&dal=2027-04-01", now, []string{"/eventi/semina-orti-scolastici-ferrara-2027/"}},
		{"q=&quando=settimana", now, nil},
		{"q=&quando=mese", time.Date(2026, 12, 16, 9, 0, 0, 0, time.UTC), []string{"/eventi/festa-fine-anno-doposcuola-navile/",
			"/eventi/festa-reti-educative-imola-2026/", mostra}},
		// Ranges are of days: on a Sunday evening, this week is today,
		// with the event that ended an hour ago.
		{"q=&quando=settimana", time.Date(2026, 12, 20, 18, 0, 0, 0, time.UTC), []string{"/eventi/festa-reti-educative-imola-2026/", mostra}},
		{"q=&quando=settimana", time.Date(2026, 12, 21, 9, 0, 0, 0, time.UTC), nil},
		{"q=festa&quando=3-mesi", now, []string{"/eventi/festa-fine-anno-doposcuola-navile/", "/eventi/festa-reti-educative-imola-2026/"}},
		// Days win over a quick choice.
		{"q=&quando=3-mesi&dal=2026-12-10&al=2026-12-19", now, []string{"/eventi/festa-fine-anno-doposcuola-navile/", mostra}},
	} {
		got := urls(t, ix, c.query, c.at)
		slices.Sort(c.want)
		if !slices.Equal(got, c.want) {
			t.Errorf("%s at %s: %v, want %v", c.query, c.at.Format(time.DateOnly), got, c.want)
		}
	}
	res := runAt(t, ix, "q=", now)
	g := rangeGroup(res, search.WhenKey)
	if g == nil || g.Label != "Date degli eventi" || len(g.Choices) != 3 || g.Choices[2].Count != 8 || g.Choices[0].Count != 0 {
		t.Fatalf("events' quick choices: %+v", g)
	}
	if res := runAt(t, ix, "q=&dal=2026-12-10&al=2026-12-19", now); rangeGroup(res, search.WhenKey).Chosen != "dal 10 dicembre 2026 al 19 dicembre 2026" {
		t.Errorf("chosen: %+v", rangeGroup(res, search.WhenKey))
	}
	sameCounts(t, ix, []string{"q=&quando=mese", "q=&dal=2026-12-10&al=2026-12-19", "q=festa", "q=&aperte=si&sezione=eventi",
		"q=&argomenti=doposcuola&quando=3-mesi"})
}

// TestRangeErrors: dates that are not days, out of range or in the wrong
// order are reported in Italian for their field and ignored; nothing a
// reader sends breaks a search.
func TestRangeErrors(t *testing.T) {
	ix := sample(t)
	base := runAt(t, ix, "q=", now).Total
	for _, c := range []struct {
		query, key, msg string
	}{
		{"q=&scade_entro=99999-01-01", search.ClosingKey, "non è una data"},
		{"q=&scade_entro=domani", search.ClosingKey, "«domani» non è una data"},
		{"q=&scade_entro=0001-01-01", search.ClosingKey, "tra il 1900 e il 2199"},
		{"q=&scade_entro=2027-02-30", search.ClosingKey, "non è una data"},
		{"q=&dal=2027-01-10&al=2027-01-01", search.ToKey, "viene prima di quella iniziale"},
		{"q=&dal=%3Cscript%3E", search.FromKey, "«<script>» non è una data"},
		{"q=&al=" + strings.Repeat("9", 5000), search.ToKey, "…» non è una data"},
		{"q=&dal=%ED%A0%80", search.FromKey, "non è una data"},
		{"q=&dal=2027-01-01T00:00:00Z", search.FromKey, "non è una data"},
	} {
		res := runAt(t, ix, c.query, now)
		if res.Total != base {
			t.Errorf("%.60s: not ignored (%d, want %d)", c.query, res.Total, base)
		}
		var msg string
		for _, g := range res.Ranges {
			if m, ok := g.Errors[c.key]; ok {
				msg = m
			}
		}
		if !strings.Contains(msg, c.msg) || len(msg) > 200 {
			t.Errorf("%.60s: error %q, want %q", c.query, msg, c.msg)
		}
		if res.Request.HasRanges() {
			t.Errorf("%.60s: a range in force: %+v", c.query, res.Request)
		}
	}
	// Unknown quick choices are dropped, like unknown filter values; a day
	// typed wins over the quick choice the form carries.
	for _, c := range []struct{ query, closing, when string }{
		{"q=&scade_entro=1-anno&quando=sempre", "", ""},
		{"q=&scade_entro=7-giorni&scade_entro=2027-01-31", "2027-01-31", ""},
		{"q=&scade_entro=2027-01-31&scade_entro=7-giorni", "2027-01-31", ""},
		{"q=&scade_entro=7-giorni&scade_entro=", "7-giorni", ""},
		{"q=&quando=mese&dal=&al=", "", "mese"},
	} {
		r := runAt(t, ix, c.query, now).Request
		if r.Closing != c.closing || r.When != c.when {
			t.Errorf("%s: scade_entro %q quando %q, want %q %q", c.query, r.Closing, r.When, c.closing, c.when)
		}
	}
	// What the links carry: only what was understood.
	v, _ := parseQuery("q=&scade_entro=domani&dal=2026-12-01&al=x&quando=mese")
	r := ix.Meta.ParseRequest(v)
	if got := r.Values(ix.Meta).Encode(); got != "dal=2026-12-01&q=" {
		t.Errorf("values: %s", got)
	}
}
