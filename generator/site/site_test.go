package site

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"cantiericomuni.it/banca/generator/content"
	"cantiericomuni.it/banca/generator/schema"
)

func testSchema(t testing.TB) *schema.Schema {
	t.Helper()
	s, err := schema.Load(filepath.Join("..", "..", "schema.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func rome(t testing.TB) *time.Location {
	loc, err := time.LoadLocation("Europe/Rome")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestStatus(t *testing.T) {
	loc := rome(t)
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, loc)
	date := func(y int, m time.Month, d int) *schema.Date {
		return &schema.Date{Time: time.Date(y, m, d, 0, 0, 0, 0, loc)}
	}
	for _, tc := range []struct {
		name     string
		deadline *schema.Date
		key      string
		days     int
	}{
		{"no deadline", nil, "a-sportello", 0},
		{"yesterday", date(2026, 11, 26), "scaduta", -1},
		{"today, date only: open until midnight", date(2026, 11, 27), "in-scadenza", 0},
		{"today 09:00 has passed", &schema.Date{Time: time.Date(2026, 11, 27, 9, 0, 0, 0, loc), HasTime: true}, "scaduta", 0},
		{"today 12:00 still open", &schema.Date{Time: time.Date(2026, 11, 27, 12, 0, 0, 0, loc), HasTime: true}, "in-scadenza", 0},
		{"in 14 days", date(2026, 12, 11), "in-scadenza", 14},
		{"in 15 days", date(2026, 12, 12), "aperta", 15},
		{"across DST", date(2027, 3, 29), "aperta", 122},
		{"long ago", date(2025, 1, 1), "scaduta", -695},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := StatusAt(testSchema(t).Section("opportunita").Lifecycle, Moments{Closes: tc.deadline}, now)
			if s.Key != tc.key || s.DaysLeft != tc.days {
				t.Errorf("got %s %d, want %s %d", s.Key, s.DaysLeft, tc.key, tc.days)
			}
		})
	}
}

// page builds a content.Page for assembly tests.
func page(section, slug string, date time.Time, terms map[string][]string) *content.Page {
	return &content.Page{File: section + "/" + slug + ".md", Section: section, Slug: slug,
		URL: "/" + section + "/" + slug + "/", Title: slug, Date: date, TermValues: terms, Params: schema.Values{}}
}

func TestAssembleTermsHubsAndRelated(t *testing.T) {
	sch := testSchema(t)
	loc := rome(t)
	day := func(d int) time.Time { return time.Date(2026, 1, d, 0, 0, 0, 0, loc) }
	pages := []*content.Page{
		page("cantieri", "ferrara", day(1), map[string][]string{"cantieri": {"ferrara"}}),

		page("cantieri", "imola", day(1), nil),
		page("pratiche", "a", day(2), map[string][]string{"argomenti": {"povertà educativa", "giovani"}, "cantieri": {"ferrara"}}),
		page("pratiche", "b", day(3), map[string][]string{"argomenti": {"povertà educativa"}}),
		page("pratiche", "c", day(4), map[string][]string{"argomenti": {"povertà educativa", "giovani"}}),
		page("pratiche", "d", day(5), map[string][]string{"territori": {"Bologna"}}),
		page("opportunita", "e", day(6), map[string][]string{"territori": {"bologna"}, "cantieri": {"ferrara"}}),
		page("risorse", "f", day(7), map[string][]string{"territori": {"Ozzano dell’Emilia"}}),
		page("risorse", "g", day(8), map[string][]string{"territori": {"Ozzano dell'Emilia"}}),
	}
	pages[1].Aliases = []string{"/vecchio/imola/"}
	// As loading gives it (schema: title_place); the reason names the place.
	pages[0].Title = "Cantiere di Ferrara"
	s := Assemble(pages, sch, Options{Now: day(10)})

	if got := s.Section("pratiche").Pages[0].Slug; got != "d" {
		t.Errorf("newest first: got %s", got)
	}
	term := s.Term("argomenti", "povertà educativa")
	if term == nil || term.URL != "/argomenti/poverta-educativa/" || term.Name != "Povertà educativa" || len(term.Pages) != 3 {
		t.Fatalf("term: %+v", term)
	}
	if bol := s.Term("territori", "Bologna"); bol == nil || len(bol.Pages) != 2 {
		t.Errorf("Bologna and bologna are one term: %+v", bol)
	}
	// A term's name is text for readers, typeset as titles are; its
	// address and the pages it gathers come from the value as written.
	if oz := s.Term("territori", "Ozzano dell'Emilia"); oz == nil || oz.Name != "Ozzano dell’Emilia" ||
		oz.URL != "/territori/ozzano-dell-emilia/" || len(oz.Pages) != 2 {
		t.Errorf("Ozzano dell'Emilia: %+v", oz)
	}
	hub := s.Term("cantieri", "ferrara")
	if hub == nil || hub.Hub == nil || hub.URL != "/cantieri/ferrara/" || len(hub.Pages) != 2 {
		t.Fatalf("hub: %+v", hub)
	}
	if imola := s.Term("cantieri", "imola"); imola == nil || len(imola.Pages) != 0 {
		t.Errorf("a cantiere without pages is still a term: %+v", imola)
	}
	a := s.Page("/pratiche/a/")
	var rel []string
	for _, r := range a.Related {
		rel = append(rel, fmt.Sprintf("%s (%d, %s)", r.Page.Slug, r.Score, r.Reason))
	}
	want := "[c (6, stesso argomento: povertà educativa) b (3, stesso argomento: povertà educativa) e (2, stesso cantiere: Ferrara)]"
	if fmt.Sprint(rel) != want {
		t.Errorf("related:\n got %v\nwant %s", rel, want)
	}
	if len(s.Redirects) != 1 || s.Redirects[0] != (Redirect{"/vecchio/imola/", "/cantieri/imola/"}) {
		t.Errorf("redirects: %v", s.Redirects)
	}
	if e := s.Page("/opportunita/e/"); e.Status == nil || e.Status.Key != "a-sportello" {
		t.Errorf("status: %+v", e.Status)
	}
}

func TestNextStatusChange(t *testing.T) {
	sch := testSchema(t)
	loc := rome(t)
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, loc)
	for _, c := range []struct {
		name     string
		deadline schema.Date
		want     time.Time
	}{
		// Open: its badge ("scade tra 23 giorni") changes at midnight.
		{"open", schema.Date{Time: time.Date(2026, 12, 20, 0, 0, 0, 0, loc)}, time.Date(2026, 11, 28, 0, 0, 0, 0, loc)},
		// Closing at 18:00 today: that comes first.
		{"closes today", schema.Date{Time: time.Date(2026, 11, 27, 18, 0, 0, 0, loc), HasTime: true}, time.Date(2026, 11, 27, 18, 0, 0, 0, loc)},
		// Closed: nothing will change any more.
		{"closed", schema.Date{Time: time.Date(2026, 11, 1, 0, 0, 0, 0, loc)}, time.Time{}},
	} {
		p := page("opportunita", "x", now, nil)
		p.Deadline = &c.deadline
		s := Assemble([]*content.Page{p}, sch, Options{Now: now})
		if !s.NextStatusChange.Equal(c.want) {
			t.Errorf("%s: next change %v, want %v", c.name, s.NextStatusChange, c.want)
		}
	}
}

// BenchmarkAssemble10k measures assembly, dominated by related-page selection on a synthetic site
// shaped like the gen-corpus (Zipf-like topics, cantieri on ~35% of pages).
func BenchmarkAssemble10k(b *testing.B) {
	sch := testSchema(b)
	loc := rome(b)
	topics := sch.Taxonomy("argomenti").Values
	dest := sch.Taxonomy("destinatari").Values
	cantieri := []string{"bologna-navile", "san-lazzaro-di-savena", "imola", "casalecchio-di-reno", "ferrara"}
	var pages []*content.Page
	for _, c := range cantieri {
		pages = append(pages, page("cantieri", c, time.Date(2024, 1, 1, 0, 0, 0, 0, loc), map[string][]string{"cantieri": {c}}))
	}
	secs := []string{"opportunita", "protocolli", "pratiche", "risorse"}
	seed := uint32(42)
	rnd := func(n int) int { seed = seed*1664525 + 1013904223; return int(seed>>8) % n }
	zipf := func(n int) int { return rnd(rnd(n) + 1) }
	for i := 0; i < 9995; i++ {
		terms := map[string][]string{}
		for k := 0; k < 1+rnd(5); k++ {
			terms["argomenti"] = append(terms["argomenti"], topics[zipf(len(topics))])
		}
		for k := 0; k < 1+rnd(3); k++ {
			terms["destinatari"] = append(terms["destinatari"], dest[rnd(len(dest))])
		}
		c := cantieri[rnd(5)]
		terms["cantieri"] = []string{c}
		terms["territori"] = []string{c}
		pages = append(pages, page(secs[i%4], fmt.Sprintf("p%d", i), time.Date(2024, 1, 1+rnd(1000), 0, 0, 0, 0, loc), terms))
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Assemble(pages, sch, Options{Now: time.Date(2026, 11, 27, 0, 0, 0, 0, loc)})
	}
}

// TestFooterLinks: the pages of a section that declares a footer
// (pagine: piede, ordine) are linked by ordine, those without one last,
// ties by title; pages without piede are not; root addresses kept.
func TestFooterLinks(t *testing.T) {
	sch := testSchema(t)
	loc := rome(t)
	day := time.Date(2026, 1, 1, 0, 0, 0, 0, loc)
	mk := func(slug, title string, v schema.Values) *content.Page {
		p := page("pagine", slug, day, nil)
		p.URL, p.Title, p.Params = "/"+slug+"/", title, v
		return p
	}
	pages := []*content.Page{
		mk("contatti", "Contatti", schema.Values{"piede": true, "ordine": 2}),
		mk("chi-siamo", "Chi siamo", schema.Values{"piede": true, "ordine": 1}),
		mk("note", "Note legali", schema.Values{"piede": true}),
		mk("accessibilita", "Dichiarazione di accessibilità", schema.Values{"piede": true}),
		mk("interna", "Pagina interna", schema.Values{"piede": false, "ordine": 0}),
		mk("privacy", "Privacy", schema.Values{"piede": true, "ordine": 2}),
		page("pratiche", "a", day, nil),
	}
	pages[6].Params = schema.Values{"piede": true} // not a field of pratiche: ignored
	s := Assemble(pages, sch, Options{Now: day})
	var got []string
	for _, l := range s.Footer {
		got = append(got, l.URL+" "+l.Title)
	}
	want := "[/chi-siamo/ Chi siamo /contatti/ Contatti /privacy/ Privacy /accessibilita/ Dichiarazione di accessibilità /note/ Note legali]"
	if fmt.Sprint(got) != want {
		t.Errorf("footer:\n got %v\nwant %s", got, want)
	}
	if sec := s.Section("pagine"); sec.URL != "" || len(sec.Pages) != 6 {
		t.Errorf("pagine has no list page: %q, %d pages", sec.URL, len(sec.Pages))
	}
	// Replace (an edit of a body in the preview) keeps the footer.
	if r := s.Replace(nil, day); fmt.Sprint(r.Footer) != fmt.Sprint(s.Footer) {
		t.Errorf("Replace lost the footer: %v", r.Footer)
	}
}
