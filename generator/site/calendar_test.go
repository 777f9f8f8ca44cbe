package site

import (
	"strings"
	"testing"
	"time"

	"cantiericomuni.it/banca/generator/content"
	"cantiericomuni.it/banca/generator/schema"
)

// calendarPages are pages of the three sources of the bank's calendar:
// events, deadlines and next meetings, around 27 November 2026.
func calendarPages(loc *time.Location) []*content.Page {
	at := func(y int, m time.Month, d, h int) *schema.Date {
		return &schema.Date{Time: time.Date(y, m, d, h, 0, 0, 0, loc), HasTime: true}
	}
	on := func(y int, m time.Month, d int) *schema.Date {
		return &schema.Date{Time: time.Date(y, m, d, 0, 0, 0, 0, loc)}
	}
	published := time.Date(2026, 10, 1, 0, 0, 0, 0, loc)
	event := func(slug string, start, end *schema.Date) *content.Page {
		p := page("eventi", slug, published, nil)
		p.Start, p.Params["inizio"] = start, *start
		if end != nil {
			p.Deadline, p.Params["fine"] = end, *end
		}
		return p
	}
	deadline := func(slug string, d *schema.Date) *content.Page {
		p := page("opportunita", slug, published, nil)
		p.Deadline, p.Params["deadline"] = d, *d
		return p
	}
	meeting := func(slug string, next *schema.Date) *content.Page {
		p := page("verbali", slug, published, nil)
		p.Params["data_incontro"] = *at(2026, 10, 20, 17)
		if next != nil {
			p.Params["prossimo_incontro"] = *next
		}
		return p
	}
	return []*content.Page{
		event("festa-di-primavera", at(2027, 3, 28, 10), at(2027, 3, 28, 18)),
		event("laboratorio-in-corso", at(2026, 11, 27, 9), at(2026, 11, 27, 12)),
		event("mostra-conclusa", on(2026, 10, 10), nil),
		deadline("bando-di-dicembre", on(2026, 12, 15)),
		deadline("bando-scaduto", on(2026, 11, 2)),
		meeting("tavolo-di-ottobre", at(2026, 11, 27, 18)),
		meeting("tavolo-di-settembre", at(2026, 10, 1, 17)),
		meeting("tavolo-senza-seguito", nil),
	}
}

func TestCalendarEntriesStatusesAndMonths(t *testing.T) {
	sch := testSchema(t)
	loc := rome(t)
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, loc)
	s := Assemble(calendarPages(loc), sch, Options{Now: now})
	c := s.Calendar
	if c == nil || c.URL != "/calendario/" {
		t.Fatalf("calendar: %+v", c)
	}
	var got []string
	for _, e := range c.Entries {
		st := ""
		if e.Status != nil {
			st = e.Status.Key
		}
		got = append(got, e.Page.Slug+":"+e.Kind+":"+st)
		// An event's and an opportunity's entries have their page's
		// status; a next meeting has its own.
		if e.Page.Section.Key != "verbali" && e.Status != e.Page.Status {
			t.Errorf("%s: the entry's status is not its page's", e.Page.Slug)
		}
	}
	want := "tavolo-di-settembre:Prossimo incontro:concluso mostra-conclusa:Evento:concluso bando-scaduto:Scadenza:scaduta " +
		"laboratorio-in-corso:Evento:in-corso tavolo-di-ottobre:Prossimo incontro:in-programma bando-di-dicembre:Scadenza:aperta " +
		"festa-di-primavera:Evento:in-programma"
	if strings.Join(got, " ") != want {
		t.Errorf("entries:\n got %s\nwant %s", strings.Join(got, " "), want)
	}
	var up []string
	for _, e := range c.Upcoming() {
		up = append(up, e.Page.Slug)
	}
	if g := strings.Join(up, " "); g != "laboratorio-in-corso tavolo-di-ottobre bando-di-dicembre festa-di-primavera" {
		t.Errorf("upcoming: %s", g)
	}
	var months []string
	for _, m := range c.Months {
		months = append(months, m.URL+":"+strings.Repeat("x", len(m.Entries)))
	}
	// October has three entries, November (the build's month) two,
	// December one, March 2027 one; the months between have no page.
	if g := strings.Join(months, " "); g != "/calendario/2026/10/:xx /calendario/2026/11/:xxx /calendario/2026/12/:x /calendario/2027/03/:x" {
		t.Errorf("months: %s", g)
	}
	// The next meeting at 18:00 today changes state before midnight:
	// the nightly rebuild is due then.
	if want := time.Date(2026, 11, 27, 12, 0, 0, 0, loc); !s.NextStatusChange.Equal(want) {
		t.Errorf("next change %v, want %v (the running event ends)", s.NextStatusChange, want)
	}
	later := s.Replace(nil, time.Date(2026, 11, 27, 13, 0, 0, 0, loc))
	if want := time.Date(2026, 11, 27, 18, 0, 0, 0, loc); !later.NextStatusChange.Equal(want) {
		t.Errorf("after the event, next change %v, want %v (the next meeting starts)", later.NextStatusChange, want)
	}
	// A meeting without an end lasts until its time, as an event does.
	evening := s.Replace(nil, time.Date(2026, 11, 27, 18, 30, 0, 0, loc))
	for _, e := range evening.Calendar.Entries {
		if e.Page.Slug == "tavolo-di-ottobre" && (e.Status == nil || e.Status.Key != "concluso") {
			t.Errorf("a meeting that started half an hour ago: %+v", e.Status)
		}
	}
}

func TestCalendarNeedsItsDeclaration(t *testing.T) {
	sch := testSchema(t)
	sch.Site.Calendar = nil
	loc := rome(t)
	s := Assemble(calendarPages(loc), sch, Options{Now: time.Date(2026, 11, 27, 10, 0, 0, 0, loc)})
	if s.Calendar != nil {
		t.Error("a calendar without its declaration")
	}
}

func TestMonthURL(t *testing.T) {
	if got := MonthURL("/calendario/", 2027, time.March); got != "/calendario/2027/03/" {
		t.Error(got)
	}
}
