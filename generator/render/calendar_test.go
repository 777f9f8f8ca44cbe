package render

import (
	"slices"
	"strings"
	"testing"
	"time"

	"cantiericomuni.it/banca/generator/schema"
	"cantiericomuni.it/banca/generator/site"
)

// calendarFixture is a small site whose calendar has entries on several
// days of March 2027, the month summer time begins (on Sunday the 28th):
// events of one and of two days, a deadline and a next meeting, in
// Ferrara and in Imola; and an event already over, in October 2026.
func calendarFixture(tb testing.TB) *site.Site {
	b := newBuilder(tb, 20)
	b.add(pageSpec{section: "cantieri", slug: "ferrara", title: "Ferrara", date: "2026-01-10", fields: map[string]any{"comune": "Ferrara"}})
	b.add(pageSpec{section: "cantieri", slug: "imola", title: "Imola", date: "2026-01-12", fields: map[string]any{"comune": "Imola"}})
	sala := b.add(pageSpec{section: "risorse", slug: "sala-civica", title: "Sala civica di Pontelagoscuro", date: "2026-02-01",
		fields: map[string]any{"tipo": "spazio", "indirizzo": "Piazza Buozzi 1, Ferrara"}})
	at := func(s string) schema.Date {
		if len(s) == 10 {
			return schema.Date{Time: day(s)}
		}
		t, err := time.ParseInLocation("2006-01-02T15:04", s, rome)
		if err != nil {
			tb.Fatal(err)
		}
		return schema.Date{Time: t, HasTime: true}
	}
	event := func(slug, title, start, end, cantiere string) *site.Page {
		fields := map[string]any{"inizio": at(start), "tipo": "laboratorio",
			"luogo": []site.Reference{{Text: "Sala civica di Pontelagoscuro", Page: sala}}}
		if end != "" {
			fields["fine"] = at(end)
		}
		p := b.add(pageSpec{section: "eventi", slug: slug, title: title, date: "2026-11-01",
			summary: "Un appuntamento della rete.", fields: fields, terms: map[string][]string{"cantieri": {cantiere}}})
		s := at(start)
		p.Page.Start = &s
		if end != "" {
			e := at(end)
			p.Page.Deadline = &e
		}
		p.Status = site.StatusAt(p.Section.Lifecycle(), site.MomentsOf(p.Page), testNow)
		return p
	}
	// The space lists the events held there (site.resolveReferences
	// does it in a build), under the heading the field declares.
	defer func() {
		var held []*site.Page
		for _, p := range b.s.Section("eventi").Pages {
			if p.Params["luogo"] != nil {
				held = append(held, p)
			}
		}
		sala.Backlinks = []site.Backlinks{{Section: b.s.Section("eventi"), Key: "luogo", Label: "Luogo", Heading: "Eventi in questo spazio", Pages: held}}
	}()
	event("laboratorio-di-marzo", "Laboratorio di marzo", "2027-03-03T17:00", "2027-03-03T19:00", "ferrara")
	event("due-giorni-di-formazione", "Due giorni di formazione", "2027-03-15", "2027-03-16", "imola")
	event("festa-della-rete", "Festa della rete; con musica, e balli", "2027-03-28T10:00", "2027-03-28T18:00", "ferrara")
	event("mostra-di-ottobre", "Mostra di ottobre", "2026-10-10", "", "ferrara")
	event("mostra-di-primavera", "Mostra di primavera", "2027-03-30", "2027-04-02", "ferrara")
	b.add(pageSpec{section: "opportunita", slug: "bando-primavera", title: "Bando di primavera", date: "2026-11-02",
		deadline: "2027-03-15T12:00", fields: map[string]any{"ente": "Comune di Ferrara"},
		terms: map[string][]string{"cantieri": {"ferrara"}}})
	b.add(pageSpec{section: "verbali", slug: "tavolo-di-febbraio", title: "Tavolo di cantiere di febbraio", date: "2026-11-03",
		fields: map[string]any{"data_incontro": at("2026-11-03T17:00"), "tavolo": "tavolo di cantiere", "prossimo_incontro": at("2027-03-31T18:00")},
		terms:  map[string][]string{"cantieri": {"imola"}}})
	return b.finish()
}

// TestCalendarGolden: the calendar's page, a month with entries on
// several days and a change of summer time, the build's month (today
// marked, no entry) and the calendar files.
func TestCalendarGolden(t *testing.T) {
	files := renderSite(t, calendarFixture(t))
	for _, name := range []string{"calendario/index.html", "calendario/2027/03/index.html", "calendario/2026/11/index.html",
		"calendario/calendario.ics", "cantieri/imola/calendario.ics"} {
		data, ok := files[name]
		if !ok {
			t.Errorf("%s non è stato scritto", name)
			continue
		}
		golden(t, "calendar/"+name, data)
	}
	var months []string
	for name := range files {
		if strings.HasPrefix(name, "calendario/20") {
			months = append(months, name)
		}
	}
	slices.Sort(months)
	// The show from 30 March to 2 April is in both months.
	if got := strings.Join(months, " "); got != "calendario/2026/10/index.html calendario/2026/11/index.html calendario/2027/03/index.html calendario/2027/04/index.html" {
		t.Errorf("le pagine dei mesi: %s", got)
	}
}

// TestCalendarMonthGrid: March 2027 starts on a Monday and has 31 days:
// five rows of seven cells, the 28th (the change to summer time) a
// Sunday like any other, and the entries on their days.
func TestCalendarMonthGrid(t *testing.T) {
	s := calendarFixture(t)
	rn := &run{s: s, loc: rome}
	rn.entries = nil
	mv := rn.monthView(s.Calendar.Month(2027, time.March))
	if len(mv.Weeks) != 5 {
		t.Fatalf("%d settimane", len(mv.Weeks))
	}
	for i, w := range mv.Weeks {
		if len(w) != 7 {
			t.Errorf("la settimana %d ha %d giorni", i+1, len(w))
		}
	}
	if d := mv.Weeks[0][0]; d.Day != 1 || d.Name != "lunedì 1º marzo" || d.ISO != "2027-03-01" {
		t.Errorf("il primo giorno: %+v", d)
	}
	if d := mv.Weeks[3][6]; d.Day != 28 || d.Name != "domenica 28 marzo" || len(d.Items) != 1 || d.Items[0].Clock != "10:00" {
		t.Errorf("il 28 marzo: %+v", d)
	}
	if d := mv.Weeks[4][2]; d.Day != 31 || mv.Weeks[4][3].Day != 0 || mv.Weeks[4][3].Items != nil {
		t.Errorf("l'ultima settimana: %+v %+v", d, mv.Weeks[4][3])
	}
	var days []string
	for _, d := range mv.Days {
		var items []string
		for _, it := range d.Items {
			item := it.Kind + " " + it.Title
			if it.Continued {
				item += " (continua)"
			}
			items = append(items, item)
		}
		days = append(days, d.ISO+": "+strings.Join(items, ", "))
	}
	want := []string{
		"2027-03-03: Evento Laboratorio di marzo",
		"2027-03-15: Evento Due giorni di formazione, Scadenza Bando di primavera",
		"2027-03-16: Evento Due giorni di formazione (continua)",
		"2027-03-28: Evento Festa della rete; con musica, e balli",
		"2027-03-30: Evento Mostra di primavera",
		"2027-03-31: Evento Mostra di primavera (continua), Prossimo incontro Tavolo di cantiere di febbraio",
	}
	if !slices.Equal(days, want) {
		t.Errorf("i giorni con appuntamenti:\n%s\nwant\n%s", strings.Join(days, "\n"), strings.Join(want, "\n"))
	}
}

// TestCalendarUpcomingOrder: /calendario/ lists what is still to come,
// nearest first, whatever its kind; what is over is only in its month.
func TestCalendarUpcomingOrder(t *testing.T) {
	files := renderSite(t, calendarFixture(t))
	page := string(files["calendario/index.html"])
	up := page[strings.Index(page, `id="cal-prossimi"`):strings.Index(page, `id="cal-mesi"`)]
	var order []string
	for _, slug := range []string{"laboratorio-di-marzo", "due-giorni-di-formazione", "bando-primavera", "festa-della-rete", "mostra-di-primavera", "tavolo-di-febbraio"} {
		i := strings.Index(up, "/"+slug+"/")
		if i < 0 {
			t.Errorf("manca %s tra i prossimi appuntamenti", slug)
			continue
		}
		order = append(order, slug)
		if len(order) > 1 && i < strings.Index(up, "/"+order[len(order)-2]+"/") {
			t.Errorf("%s viene prima di %s", slug, order[len(order)-2])
		}
	}
	if strings.Contains(up, "mostra-di-ottobre") {
		t.Error("un evento concluso tra i prossimi appuntamenti")
	}
	if !strings.Contains(string(files["calendario/2026/10/index.html"]), "/eventi/mostra-di-ottobre/") {
		t.Error("l'evento concluso manca dalla pagina del suo mese")
	}
}

// TestCalendarFiles checks the iCalendar files of the calendar as a
// calendar app reads them: CRLF lines of at most 75 octets, one UID and
// DTSTAMP per event, the text escaped, the place of events; the site's
// holds every entry still to come, a cantiere's only its own.
func TestCalendarFiles(t *testing.T) {
	files := renderSite(t, calendarFixture(t))
	for _, tc := range []struct {
		name string
		want []string // the pages of its events
	}{
		{"calendario/calendario.ics", []string{"laboratorio-di-marzo", "due-giorni-di-formazione", "bando-primavera", "festa-della-rete", "mostra-di-primavera", "tavolo-di-febbraio"}},
		{"cantieri/ferrara/calendario.ics", []string{"laboratorio-di-marzo", "bando-primavera", "festa-della-rete", "mostra-di-primavera"}},
		{"cantieri/imola/calendario.ics", []string{"due-giorni-di-formazione", "tavolo-di-febbraio"}},
	} {
		data := string(files[tc.name])
		if !strings.HasPrefix(data, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") || !strings.HasSuffix(data, "END:VCALENDAR\r\n") {
			t.Errorf("%s: non è un calendario", tc.name)
			continue
		}
		for _, line := range strings.Split(strings.TrimSuffix(data, "\r\n"), "\r\n") {
			if len(line) > icsLineLimit || strings.ContainsAny(line, "\r\n") {
				t.Errorf("%s: riga di %d byte o con un a capo: %q", tc.name, len(line), line)
			}
		}
		unfolded := strings.Split(strings.ReplaceAll(data, "\r\n ", ""), "\r\n")
		var events []string
		uids := map[string]bool{}
		var cur map[string]string
		for _, line := range unfolded {
			name, value, _ := strings.Cut(line, ":")
			switch {
			case line == "BEGIN:VEVENT":
				cur = map[string]string{}
			case line == "END:VEVENT":
				for _, p := range []string{"UID", "DTSTAMP", "SUMMARY", "URL"} {
					if cur[p] == "" {
						t.Errorf("%s: un evento senza %s", tc.name, p)
					}
				}
				if cur["DTSTART"] == "" && cur["DTSTART;VALUE=DATE"] == "" {
					t.Errorf("%s: un evento senza DTSTART", tc.name)
				}
				if uids[cur["UID"]] {
					t.Errorf("%s: UID ripetuto %s", tc.name, cur["UID"])
				}
				uids[cur["UID"]] = true
				u := strings.TrimPrefix(cur["URL"], "https://banca.cantiericomuni.it/")
				events = append(events, strings.Split(strings.Trim(u, "/"), "/")[1])
				if strings.HasPrefix(u, "eventi/") && cur["LOCATION"] != "Sala civica di Pontelagoscuro" {
					t.Errorf("%s: il luogo di %s è %q", tc.name, u, cur["LOCATION"])
				}
				cur = nil
			case cur != nil:
				cur[name] = value
			}
		}
		if !slices.Equal(events, tc.want) {
			t.Errorf("%s: eventi %v, want %v", tc.name, events, tc.want)
		}
	}
	site := string(files["calendario/calendario.ics"])
	for _, want := range []string{
		`SUMMARY:Evento: Festa della rete\; con musica\, e balli`,
		"SUMMARY:Prossimo incontro: Tavolo di cantiere di febbraio",
		"SUMMARY:Scadenza: Bando di primavera",
		// Summer time: 10:00 in Rome on 28 March 2027 is 08:00 UTC.
		"DTSTART:20270328T080000Z",
		"DTSTART;VALUE=DATE:20270315\r\nDTEND;VALUE=DATE:20270317",
	} {
		if !strings.Contains(strings.ReplaceAll(site, "\r\n ", ""), want) {
			t.Errorf("calendario.ics non contiene %q", want)
		}
	}
}

// TestCalendarLinks: the calendar is in the navigation and the footer,
// its file in the footer, a cantiere links its own, the sitemap lists
// its pages.
func TestCalendarLinks(t *testing.T) {
	files := renderSite(t, calendarFixture(t))
	home := string(files["index.html"])
	for _, want := range []string{`<li><a href="/calendario/">Calendario</a></li>`, `<a href="/calendario/calendario.ics">Il calendario della rete</a>`} {
		if !strings.Contains(home, want) {
			t.Errorf("la home non contiene %s", want)
		}
	}
	if !strings.Contains(string(files["cantieri/ferrara/index.html"]), `href="/cantieri/ferrara/calendario.ics"`) {
		t.Error("la pagina del cantiere non collega il suo calendario")
	}
	sitemap := string(files["sitemap.xml"])
	for _, u := range []string{"calendario/", "calendario/2027/03/"} {
		if !strings.Contains(sitemap, "<loc>https://banca.cantiericomuni.it/"+u+"</loc>") {
			t.Errorf("la mappa del sito non elenca /%s", u)
		}
	}
	month := string(files["calendario/2027/03/index.html"])
	for _, want := range []string{`<link rel="prev" href="/calendario/2026/11/">`, `<a rel="prev" href="/calendario/2026/11/">`,
		`<link rel="next" href="/calendario/2027/04/">`, `<a rel="next" href="/calendario/2027/04/">`} {
		if !strings.Contains(month, want) {
			t.Errorf("il mese non contiene %s", want)
		}
	}
	if strings.Contains(string(files["calendario/2027/04/index.html"]), `rel="next"`) {
		t.Error("l'ultimo mese collega un mese dopo")
	}
	space := string(files["risorse/sala-civica/index.html"])
	if strings.Contains(space, "Eventi in questo spazio") == false {
		t.Error("la scheda dello spazio non elenca gli eventi con il titolo dichiarato (backlinks):\n" + space)
	}
}
