package schema

import (
	"bytes"
	"testing"

	"cantiericomuni.it/banca/generator/internal/golden"
)

// calendarSections are the sections the calendars of the tests below
// take their dates from: events with a lifecycle, minutes without one.
const calendarSections = `taxonomies:
  - {key: cantieri, label: Cantieri}
sections:
  - key: eventi
    label: Eventi
    singular: Evento
    lifecycle:
      start: inizio
      end: fine
      states: {before: {key: in-programma, label: in programma}, during: {key: in-corso, label: in corso}, after: {key: concluso, label: concluso}}
` + lifecycleLists + `    fields:
      - {key: inizio, type: datetime}
      - {key: fine, type: datetime}
      - {key: luogo, type: string}
  - key: verbali
    label: Verbali
    singular: Verbale
    fields:
      - {key: prossimo, type: datetime}
      - {key: tavolo, type: string}
`

// calendarStates are the states of the entries without a status of
// their page.
const calendarStates = "    states: {before: {key: in-programma, label: in programma}, during: {key: in-corso, label: in corso}, after: {key: concluso, label: concluso}}\n"

func TestSiteCalendarDeclaration(t *testing.T) {
	src := "site:\n  calendar:\n    path: calendario\n    title: Calendario\n    name: Calendario — Rete\n    label: Il calendario della rete\n    by: cantieri\n" +
		"    sources:\n      - {section: eventi, start: inizio, end: fine, place: luogo}\n      - {section: verbali, start: prossimo, label: Prossimo incontro}\n" +
		calendarStates + calendarSections
	s, err := Parse("schema.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	c := s.Site.Calendar
	if c.URL() != "/calendario/" || c.FileURL() != "/calendario/calendario.ics" || c.Count != 50 {
		t.Errorf("defaults: %q %q %d", c.URL(), c.FileURL(), c.Count)
	}
	ev, vb := c.Sources[0], c.Sources[1]
	if !ev.OwnStatus() || ev.Label != "Evento" || ev.Lifecycle() != nil {
		t.Errorf("an event's entry has the event's status and the section's singular: %+v", ev)
	}
	if vb.OwnStatus() || vb.Label != "Prossimo incontro" || vb.Lifecycle() == nil || vb.Lifecycle().Kind() != KindPeriod ||
		vb.Lifecycle().State(RoleBefore).Label != "in programma" {
		t.Errorf("a next meeting is an event of its own, with the calendar's states: %+v", vb)
	}
}

// TestRepoSchemaCalendar: the bank's calendar puts events, deadlines and
// next meetings together, split by cantiere.
func TestRepoSchemaCalendar(t *testing.T) {
	s, err := Load("../../schema.yaml")
	if err != nil {
		t.Fatal(err)
	}
	c := s.Site.Calendar
	if c == nil || c.URL() != "/calendario/" || c.By != "cantieri" || len(c.Sources) != 3 {
		t.Fatalf("site.calendar: %+v", c)
	}
	for _, tc := range []struct {
		section, start string
		own            bool
	}{{"eventi", "inizio", true}, {"opportunita", "deadline", true}, {"verbali", "prossimo_incontro", false}} {
		found := false
		for _, src := range c.Sources {
			if src.Section == tc.section && src.Start == tc.start {
				found = true
				if src.OwnStatus() != tc.own {
					t.Errorf("%s.%s: own status %v", tc.section, tc.start, src.OwnStatus())
				}
			}
		}
		if !found {
			t.Errorf("no source %s.%s", tc.section, tc.start)
		}
	}
	ev := s.Section("eventi")
	if ev.Lifecycle.Lists.OpenTitle != "Eventi in programma" || ev.Field("luogo").Backlinks == "" || ev.Box.Button == "" {
		t.Errorf("eventi: open_title %q, luogo backlinks %q, button %q", ev.Lifecycle.Lists.OpenTitle, ev.Field("luogo").Backlinks, ev.Box.Button)
	}
}

// badCalendars are site calendars with one mistake each, and the
// line:column of the first problem reported; the sections of
// calendarSections follow each src but those that are whole.
var badCalendars = []struct {
	name, src, pos string
	whole          bool
}{
	{"path not a word", "site:\n  calendar: {path: /calendario/, title: C, name: N, label: L, sources: [{section: eventi, start: inizio}]}\n", "2:20", false},
	{"path of a section", "site:\n  calendar: {path: eventi, title: C, name: N, label: L, sources: [{section: eventi, start: inizio}]}\n", "2:20", false},
	{"without names", "site:\n  calendar: {path: calendario, sources: [{section: eventi, start: inizio}]}\n", "2:13", false},
	{"file with its extension", "site:\n  calendar: {path: calendario, file: tutto.ics, title: C, name: N, label: L, sources: [{section: eventi, start: inizio}]}\n", "2:38", false},
	{"count too large", "site:\n  calendar: {path: calendario, count: 1000, title: C, name: N, label: L, sources: [{section: eventi, start: inizio}]}\n", "2:39", false},
	{"by naming no taxonomy", "site:\n  calendar: {path: calendario, by: cantiere, title: C, name: N, label: L, sources: [{section: eventi, start: inizio}]}\n", "2:36", false},
	{"without sources", "site:\n  calendar: {path: calendario, title: C, name: N, label: L}\n", "2:13", false},
	{"source naming no section", "site:\n  calendar: {path: calendario, title: C, name: N, label: L, sources: [{section: evento, start: inizio}]}\n", "2:81", false},
	{"source naming no field", "site:\n  calendar: {path: calendario, title: C, name: N, label: L, sources: [{section: eventi, start: data}]}\n", "2:96", false},
	{"source date not a date", "site:\n  calendar: {path: calendario, title: C, name: N, label: L, sources: [{section: verbali, start: tavolo}]}\n", "2:97", false},
	{"source without start", "site:\n  calendar: {path: calendario, title: C, name: N, label: L, sources: [{section: eventi}]}\n", "2:71", false},
	{"source twice", "site:\n  calendar:\n    path: calendario\n    title: C\n    name: N\n    label: L\n    sources:\n      - {section: eventi, start: inizio}\n      - {section: eventi, start: inizio}\n", "9:9", false},
	{"place naming no field", "site:\n  calendar: {path: calendario, title: C, name: N, label: L, sources: [{section: eventi, start: inizio, place: posto}]}\n", "2:111", false},
	{"next meetings without states", "site:\n  calendar: {path: calendario, title: C, name: N, label: L, sources: [{section: verbali, start: prossimo}]}\n", "2:13", false},
	{"state of another kind", "site:\n  calendar:\n    path: calendario\n    title: C\n    name: N\n    label: L\n    sources: [{section: verbali, start: prossimo}]\n" + calendarStates[:len(calendarStates)-2] + ", open: {key: aperta, label: aperta}}\n", "8:153", false},
	{"backlinks on a string", "sections:\n  - key: a\n    label: A\n    fields:\n      - {key: x, type: string, backlinks: Citata da}\n", "5:43", true},
}

func TestParseReportsBadCalendars(t *testing.T) {
	var buf bytes.Buffer
	for _, tc := range badCalendars {
		t.Run(tc.name, func(t *testing.T) {
			src := tc.src + calendarSections
			if tc.whole {
				src = tc.src
			}
			badDeclaration(t, &buf, tc.name, src, tc.pos)
		})
	}
	golden.Check(t, "testdata/calendar.golden", buf.Bytes())
}
