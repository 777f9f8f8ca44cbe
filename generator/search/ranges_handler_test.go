package search_test

import (
	"encoding/json"
	"html"
	"regexp"
	"strings"
	"testing"

	"cantiericomuni.it/banca/generator/search"
)

// TestRangesJSON: the JSON answer carries the date ranges, each quick
// choice with its last day and count, the range in force and the errors.
func TestRangesJSON(t *testing.T) {
	h := handler(t)
	res := get(t, h, "/api/search?q=&scade_entro=30-giorni&dal=nonsense")
	if res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
	var got search.Response
	if err := json.Unmarshal([]byte(body(t, res)), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Ranges) != 2 || got.Ranges[0].Key != "scade_entro" || got.Ranges[1].Key != "quando" {
		t.Fatalf("ranges: %+v", got.Ranges)
	}
	closing, events := got.Ranges[0], got.Ranges[1]
	if closing.Chosen != "entro 30 giorni" || !closing.Choices[1].Selected || closing.Choices[1].Count != got.Total ||
		closing.Choices[0].Last != "2026-12-04" || closing.Choices[0].Count == 0 {
		t.Errorf("scade entro: %+v (total %d)", closing, got.Total)
	}
	if events.Chosen != "" || !strings.Contains(events.Errors["dal"], "«nonsense» non è una data") {
		t.Errorf("events: %+v", events)
	}
	for _, c := range events.Choices {
		if c.Count != 0 { // the opportunities' range excludes the events
			t.Errorf("events with the opportunities' range: %+v", c)
		}
	}
}

// TestRangesHTML: without JavaScript, the page offers every quick choice as
// a link with its count (the current one aria-current), the date fields
// with their labels, the error beside the field it is about, the range in
// force among the active filters, and the orders as links.
func TestRangesHTML(t *testing.T) {
	h := handler(t)
	res := get(t, h, "/cerca/?q=&scade_entro=7-giorni&al=2027-13-01&sort=deadline")
	page := body(t, res)
	if res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
	for _, want := range []string{
		`<label for="ricerca-scade-entro">Scade entro il</label>`,
		`<input type="date" id="ricerca-scade-entro" name="scade_entro" value=""`,
		`<input type="hidden" name="scade_entro" value="7-giorni">`,
		`<label for="ricerca-dal">Dal</label>`, `<label for="ricerca-al">Al</label>`,
		`id="ricerca-al" name="al" value="" min="1900-01-01" max="2199-12-31" aria-invalid="true" aria-describedby="ricerca-al-errore">`,
		`<span class="filtro-errore" id="ricerca-al-errore">«2027-13-01» non è una data`,
		`data-scelta="7-giorni" aria-current="true">entro 7 giorni</a> <span class="filtro-conta" data-conta="scade_entro/7-giorni">2</span>`,
		`data-scelta="30-giorni">entro 30 giorni</a> <span class="filtro-conta" data-conta="scade_entro/30-giorni">4</span>`,
		`data-scelta="3-mesi">nei prossimi 3 mesi</a>`,
		`<span class="vh">Togli il filtro </span>Scadenza: entro 7 giorni`,
		`data-ordine="deadline" aria-current="true">`,
		`2 schede trovate`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	// Every quick choice's link is the search with it: the same words,
	// filters and order, and the other range kept.
	links := regexp.MustCompile(`<a href="([^"]+)" data-scelta="([^"]+)"`).FindAllStringSubmatch(page, -1)
	if len(links) != 6 {
		t.Fatalf("%d quick choices", len(links))
	}
	for _, l := range links {
		href := html.UnescapeString(l[1])
		if !strings.Contains(href, "sort=deadline") || strings.Contains(href, "al=") && !strings.Contains(href, "scade_entro") {
			t.Errorf("link %s", href)
		}
		v, _ := parseQuery(strings.TrimPrefix(href, "/cerca/?"))
		if v.Get("scade_entro") != l[2] && v.Get("quando") != l[2] {
			t.Errorf("link %s does not choose %s", href, l[2])
		}
	}
	// A day chosen fills its field, with no hidden quick choice.
	page = body(t, get(t, h, "/cerca/?q=&scade_entro=2027-01-31&dal=2026-12-01"))
	for _, want := range []string{
		`id="ricerca-scade-entro" name="scade_entro" value="2027-01-31"`, `id="ricerca-dal" name="dal" value="2026-12-01"`,
		`Scadenza: entro il 31 gennaio 2027`, `Date degli eventi: dal 1º dicembre 2026`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if strings.Contains(page, `type="hidden"`) {
		t.Errorf("a quick choice carried with days chosen")
	}
	// The start page offers the ranges too.
	if page := body(t, get(t, h, "/cerca/")); !strings.Contains(page, `data-intervallo="quando"`) || !strings.Contains(page, `data-conta="quando/mese"`) {
		t.Errorf("start page without the events' dates")
	}
}
