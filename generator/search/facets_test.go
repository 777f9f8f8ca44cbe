package search_test

import (
	"cmp"
	"slices"
	"strings"
	"testing"

	"cantiericomuni.it/banca/generator/search"
)

func facet(res *search.Response, key, value string) (search.FacetValue, bool) {
	for _, v := range res.Facets[key] {
		if v.Value == value {
			return v, true
		}
	}
	return search.FacetValue{}, false
}

// TestSampleQueries checks the query of the issue and the status of
// opportunities on the sample site.
func TestSampleQueries(t *testing.T) {
	ix := sample(t)
	res := run(t, ix, "q=bandi+giovani")
	if res.Total == 0 || !strings.Contains(res.Hits[0].Title, "Giovani protagonisti") {
		t.Fatalf("bandi giovani: %q", titles(res))
	}
	h := res.Hits[0]
	if h.Section != "opportunita" || h.SectionLabel != "Opportunità" || h.Status != "aperta" ||
		h.Deadline != "2027-03-10" || h.Date == "" || h.DateText == "" || !strings.HasPrefix(h.StatusText, "aperta") {
		t.Errorf("hit: %+v", h)
	}
	if !strings.Contains(h.Snippet, "<mark>") {
		t.Errorf("snippet without highlight: %s", h.Snippet)
	}
	// A deadline passed on the tests' today: status is computed at query
	// time, not at build time.
	res = run(t, ix, "q=comunit%C3%A0+educanti+2025")
	if len(res.Hits) == 0 || res.Hits[0].Status != "scaduta" {
		t.Fatalf("expired: %+v", res.Hits)
	}
}

// TestFacets checks filter semantics: several values of one filter mean
// any of them; filters of different groups combine; the counts of a group
// ignore its own selection.
func TestFacets(t *testing.T) {
	ix := sample(t)
	all := run(t, ix, "q=")
	listed := 0
	for _, v := range all.Facets["sezione"] {
		listed += v.Count
	}
	// Browsing lists every page of the sections with a list; the site's
	// own pages (chi siamo, privacy…) are found by words.
	if all.Total != listed || listed >= ix.Meta.Docs || all.Sort != search.SortRelevance {
		t.Fatalf("empty query browses every listed page: %d of %d (%d in all), sort %s", all.Total, listed, ix.Meta.Docs, all.Sort)
	}
	for _, h := range all.Hits {
		if !strings.HasPrefix(h.URL, "/"+h.Section+"/") {
			t.Errorf("browsing lists a page of a section without a list: %s", h.URL)
		}
	}
	if priv := run(t, ix, "q=privacy"); len(priv.Hits) == 0 || priv.Hits[0].URL != "/privacy/" {
		t.Errorf("privacy: %v", titles(priv))
	}
	// Newest first, with the default order as with sort=relevance or
	// sort=date: without words, relevance is recency; and, as with words,
	// an opportunity already closed comes after the pages still open
	// (sort=date alone ignores it).
	closedLast := func(h search.Hit) int {
		if h.Status == "scaduta" {
			return 1
		}
		return 0
	}
	for _, q := range []string{"q=", "q=&sort=relevance", "q=&sezione=opportunita", "q=&sort=date"} {
		res := run(t, ix, q)
		if !slices.IsSortedFunc(res.Hits, func(a, b search.Hit) int {
			if q == "q=&sort=date" {
				return strings.Compare(b.Date, a.Date)
			}
			return cmp.Or(closedLast(a)-closedLast(b), strings.Compare(b.Date, a.Date))
		}) {
			t.Errorf("%s: not newest first: %v", q, titles(res))
		}
	}
	opp, _ := facet(all, "sezione", "opportunita")
	prat, _ := facet(all, "sezione", "pratiche")
	if opp.Count == 0 || prat.Count == 0 {
		t.Fatalf("section counts: %+v", all.Facets["sezione"])
	}

	one := run(t, ix, "q=&sezione=opportunita")
	if one.Total != opp.Count {
		t.Errorf("sezione=opportunita: %d hits, facet said %d", one.Total, opp.Count)
	}
	for _, h := range one.Hits {
		if h.Section != "opportunita" {
			t.Errorf("hit outside the filter: %+v", h)
		}
	}
	// The section counts are unchanged by picking a section.
	if v, _ := facet(one, "sezione", "pratiche"); v.Count != prat.Count || v.Selected {
		t.Errorf("other section count changed: %+v", v)
	}
	if v, _ := facet(one, "sezione", "opportunita"); !v.Selected {
		t.Errorf("selected value not marked: %+v", v)
	}
	// Two values of one group: either.
	two := run(t, ix, "q=&sezione=opportunita&sezione=pratiche")
	if two.Total != opp.Count+prat.Count {
		t.Errorf("two sections: %d, want %d", two.Total, opp.Count+prat.Count)
	}
	// Across groups: both. Every count of the other group is within the
	// section's pages.
	tipo := run(t, ix, "q=&sezione=opportunita&tipo=bando")
	bandi, ok := facet(one, "tipo", "bando")
	if !ok || tipo.Total != bandi.Count || tipo.Total == 0 {
		t.Errorf("tipo=bando within opportunita: %d, facet said %+v", tipo.Total, bandi)
	}
	// Unknown values are ignored, not an empty result.
	unk := run(t, ix, "q=&sezione=opportunita&tipo=inesistente&argomenti=%3Cscript%3E")
	if unk.Total != one.Total {
		t.Errorf("unknown values changed the result: %d vs %d", unk.Total, one.Total)
	}
}

// TestOpenFilter checks "solo aperte" and the deadline order against the
// tests' today: the filter spans every section with a lifecycle (open
// opportunities, events to come), says so in each section's words, and
// keeps no closed page.
func TestOpenFilter(t *testing.T) {
	ix := sample(t)
	res := run(t, ix, "q=&aperte=si&sort=deadline")
	if res.Total == 0 {
		t.Fatal("no open opportunities")
	}
	v := res.Facets["aperte"]
	if len(v) != 1 || v[0].Count != res.Total || !v[0].Selected {
		t.Fatalf("aperte facet: %+v (total %d)", v, res.Total)
	}
	if want := "Solo opportunità aperte ed eventi in programma"; v[0].Label != want {
		t.Errorf("aperte: %q, want %q", v[0].Label, want)
	}
	closed := map[string]bool{}
	sections := map[string]bool{}
	for sec, lc := range ix.Meta.Lifecycles {
		for _, role := range []string{"closed", "after"} {
			if st := lc.State(role); st != nil {
				closed[st.Key] = true
			}
		}
		if lc.Lists == nil || !strings.Contains(v[0].Label, lc.Lists.Open) {
			t.Errorf("aperte: %q does not say %s's open pages", v[0].Label, sec)
		}
	}
	var deadlines []string
	for _, h := range res.Hits {
		sections[h.Section] = true
		if ix.Meta.Lifecycles[h.Section] == nil || closed[h.Status] || h.Status == "" {
			t.Errorf("not an open page: %+v", h)
		}
		if h.Deadline != "" && h.Status != "a-sportello" {
			deadlines = append(deadlines, h.Deadline[:10])
		}
	}
	if !sections["opportunita"] || !sections["eventi"] {
		t.Errorf("open pages of the sections %v, want opportunities and events", sections)
	}
	if !slices.IsSorted(deadlines) {
		t.Errorf("deadline order: %v", deadlines)
	}
	// A sportello opportunities come after the dated ones.
	seenRolling := false
	for _, h := range res.Hits {
		if h.Status == "a-sportello" {
			seenRolling = true
		} else if seenRolling {
			t.Errorf("dated opportunity after a rolling one: %+v", h)
		}
	}
	// Sorted by deadline without the filter: the open ones first, then
	// the rest, and the same total.
	all := run(t, ix, "q=&sort=deadline")
	if browse := run(t, ix, "q="); all.Total != browse.Total {
		t.Errorf("sort=deadline changed the total: %d, not %d", all.Total, browse.Total)
	}
	for i, h := range all.Hits[:min(res.Total, len(all.Hits))] {
		if h.URL != res.Hits[i].URL {
			t.Errorf("deadline order, hit %d: %s, want %s", i, h.URL, res.Hits[i].URL)
			break
		}
	}
	// Page 2 of the deadline order continues page 1 without repeats.
	if all.Pages > 1 {
		p2 := run(t, ix, "q=&sort=deadline&page=2")
		seen := map[string]bool{}
		for _, h := range append(all.Hits, p2.Hits...) {
			if seen[h.URL] {
				t.Errorf("repeated across pages: %s", h.URL)
			}
			seen[h.URL] = true
		}
	}
}

// TestBadInput: nothing a reader types breaks a search.
func TestBadInput(t *testing.T) {
	ix := sample(t)
	for _, q := range []string{
		`q=%22`, `q=%2B`, `q=%3A`, `q=*`, `q=((bando`, `q=bando)`, `q=title%3Abando`, `q=%22bando`,
		`q=-bando`, `q=bando~2`, `q=%5C`, `q=` + strings.Repeat("bando+", 3000), `q=%00%01`,
		`q=%ED%A0%80`, `page=-1`, `page=99999`, `page=abc`, `sort=%3Cx%3E`, `aperte=forse`,
		`q=bando&sezione=` + strings.Repeat("x", 5000),
		// Date ranges: not days, out of range, in the wrong order, repeated.
		`scade_entro=99999-01-01`, `scade_entro=%3Cx%3E`, `scade_entro=2027-02-30`, `scade_entro=-1`,
		`dal=2027-01-10&al=2027-01-01`, `dal=0000-00-00&al=9999-99-99`, `al=` + strings.Repeat("2", 5000),
		`quando=%00&dal=%ED%A0%80`, `scade_entro=7-giorni&scade_entro=30-giorni&scade_entro=2027-01-01&scade_entro=x`,
		`quando=settimana&quando=mese&dal=2026-01-01&dal=2027-01-01`, `scade_entro=` + strings.Repeat("7-giorni&scade_entro=", 200),
	} {
		res := run(t, ix, q)
		if len(res.Query) > search.MaxQueryBytes {
			t.Errorf("%.40s: query not capped (%d bytes)", q, len(res.Query))
		}
		if res.Hits == nil {
			t.Errorf("%.40s: hits is null", q)
		}
	}
	if res := run(t, ix, "q=bando&page=99999"); len(res.Hits) != 0 || res.Total == 0 {
		t.Errorf("page beyond the end: %d hits of %d", len(res.Hits), res.Total)
	}
}

// TestSitePagesInSearch: the site's own pages (the pagine section, which
// shows no dates and has no list) are found like any page, but are not a
// section to filter by, and their hits carry no date to show.
func TestSitePagesInSearch(t *testing.T) {
	ix := sample(t)
	res := run(t, ix, "q=dichiarazione+accessibilit%C3%A0")
	if res.Total == 0 || res.Hits[0].URL != "/accessibilita/" {
		t.Fatalf("dichiarazione accessibilità: %q", titles(res))
	}
	if h := res.Hits[0]; h.Section != "pagine" || h.DateText != "" || h.DateArticle != "" || h.Date == "" {
		t.Errorf("hit of a page of the site: %+v", h)
	}
	all := run(t, ix, "q=")
	if _, ok := facet(all, "sezione", "pagine"); ok {
		t.Errorf("the site's pages are offered as a section: %+v", all.Facets["sezione"])
	}
	for _, o := range ix.Meta.Facet("sezione").Values {
		if o.Value == "pagine" {
			t.Errorf("meta lists pagine among the sections to filter by")
		}
	}
	// Other hits say their date with its article.
	for _, h := range all.Hits {
		if h.Section != "pagine" && (h.DateText == "" || (h.DateArticle != "il " && h.DateArticle != "l’")) {
			t.Errorf("%s: date %q article %q", h.URL, h.DateText, h.DateArticle)
		}
		if strings.HasPrefix(h.DateText, "1 ") || (strings.HasPrefix(h.DateText, "1º") && h.DateArticle != "il ") {
			t.Errorf("%s: %q%q (il 1º …)", h.URL, h.DateArticle, h.DateText)
		}
	}
	// The footer of the results page the function renders comes from the
	// index's description.
	if len(ix.Meta.Footer) != 4 || ix.Meta.Footer[0].URL != "/chi-siamo/" {
		t.Errorf("footer: %+v", ix.Meta.Footer)
	}
}
