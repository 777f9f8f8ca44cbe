package render

import (
	"bytes"
	"strconv"
	"strings"
	"time"

	"cantiericomuni.it/banca/generator/italian"
	"cantiericomuni.it/banca/generator/schema"
	"cantiericomuni.it/banca/generator/site"
	"cantiericomuni.it/banca/generator/slug"
)

// The calendar of the whole site (schema.yaml: site.calendar): its page,
// /<path>/, with the entries still to come, a page per month,
// /<path>/AAAA/MM/, with the month as a grid (wide screens) and as a list
// by day (phones), and its iCalendar files: every entry still open in
// /<path>/<file>.ics, and those of each term of the taxonomy it is split
// by (the cantieri) in <term's page>/<file>.ics.

// The layouts of the calendar's pages (layouts/<kind>.html).
const (
	calendarKind = "calendario"
	monthKind    = "calendario-mese"
)

// CalendarView is what the calendar's pages show (View.Calendar).
type CalendarView struct {
	// Title names the calendar ("Calendario"), URL is its page.
	Title, URL string
	// File links the iCalendar file of every entry; Terms those of each
	// term it is split by ("Cantiere di Ferrara").
	File  Link
	Terms []Link
	// TermsLabel names the taxonomy of Terms ("Cantieri").
	TermsLabel string
	// Upcoming are the entries still to come or running, nearest first,
	// at most the calendar's count; UpcomingTotal counts them all.
	Upcoming      []*CalendarItem
	UpcomingTotal int
	// Months link every month page ("marzo 2027"), with the count of its
	// entries; the month shown has Current set.
	Months []Link
	// Month is the month shown, on a month page.
	Month *MonthView
}

// CalendarItem is an entry of the calendar as its pages show it.
type CalendarItem struct {
	Entry *site.CalendarEntry
	// Title and URL are the page's.
	Title, URL string
	// Kind names the entry ("Evento", "Scadenza"), Class is it as a class
	// name ("evento").
	Kind, Class string
	// When is its date in full ("martedì 3 marzo 2027, ore 18:00 – 20:00"),
	// ISO its start for <time datetime>; Clock its time alone ("18:00"),
	// "" for a whole day.
	When, ISO, Clock string
	// Hours is what the list by day says of its time, under the day:
	// "ore 17:00 – 19:00", When for an entry of several days, "" for a
	// whole day.
	Hours string
	// StatusKey is the class of its badge (stato-<key>) and Badge the
	// badge's phrase ("in programma — inizia tra 3 giorni").
	StatusKey, Badge string
	// Continued marks the entry on a day after its first.
	Continued bool
}

// MonthView is a month of the calendar.
type MonthView struct {
	// Name is the month and year ("Marzo 2027").
	Name string
	// Weekdays head the grid's columns, Monday first: Name in full
	// ("lunedì"), Short abbreviated ("lun").
	Weekdays []Weekday
	// Weeks are the rows of the grid, seven days each; a day outside
	// the month has Day 0.
	Weeks [][]*CalendarDay
	// Days are the days with entries, for the list by day.
	Days []*CalendarDay
	// Count is the number of entries of the month.
	Count int
	// Prev and Next link the months before and after that have a page.
	Prev, Next *Link
}

// Weekday is the head of a column of the month grid.
type Weekday struct{ Name, Short string }

// CalendarDay is a day of a month.
type CalendarDay struct {
	// Day is the day of the month, 0 for a cell outside it.
	Day int
	// Name is the day in full ("martedì 3 marzo"), ISO its YYYY-MM-DD,
	// ID the anchor of its place in the list by day.
	Name, ISO, ID string
	// Today marks the build's day.
	Today bool
	Items []*CalendarItem
}

// TermCalendarURL is the address of the iCalendar file of the term shown
// (a cantiere's hub), "" when the site's calendar is not split by its
// taxonomy.
func (v *View) TermCalendarURL() string {
	c := v.Site.Calendar
	if c == nil || v.Term == nil || v.Term.Taxonomy == nil || c.Schema.By != v.Term.Taxonomy.Key {
		return ""
	}
	return termCalendarFile(c, v.Term)
}

// termCalendarFile is the address of the iCalendar file of the entries
// of the term t.
func termCalendarFile(c *site.Calendar, t *site.Term) string {
	return t.URL + c.Schema.File + ".ics"
}

// calendarJobs are the jobs of the calendar's pages and files: nothing
// when the site declares none, or it has no layout for them.
func (rn *run) calendarJobs() []job {
	c := rn.s.Calendar
	if c == nil {
		return nil
	}
	months := make([]Link, len(c.Months))
	for i, m := range c.Months {
		months[i] = Link{Name: italian.MonthName(m.Month) + " " + strconv.Itoa(m.Year), URL: m.URL, Count: len(m.Entries)}
	}
	cv := func() *CalendarView {
		v := &CalendarView{Title: c.Schema.Title, URL: c.URL,
			File: Link{Name: c.Schema.Label, URL: c.Schema.FileURL()}, Months: months}
		for _, t := range rn.splitTerms() {
			v.Terms = append(v.Terms, Link{Name: t.Name, URL: termCalendarFile(c, t)})
			v.TermsLabel = t.Taxonomy.Label
		}
		return v
	}
	desc := c.Schema.Description
	upcoming := c.Upcoming()
	jobs := []job{rn.html(calendarKind, c.URL, "", func() *View {
		v := rn.view(calendarKind, c.URL, rn.title(c.Schema.Title), c.Schema.Title, desc)
		v.Calendar = cv()
		up := upcoming
		v.Calendar.UpcomingTotal = len(up)
		for _, e := range up[:min(len(up), c.Schema.Count)] {
			v.Calendar.Upcoming = append(v.Calendar.Upcoming, rn.calendarItem(e))
		}
		v.Breadcrumb = rn.crumbs(c.Schema.Title)
		return v
	})}
	for i, m := range c.Months {
		jobs = append(jobs, rn.html(monthKind, m.URL, "", func() *View {
			name := italian.MonthYear(m.Year, m.Month)
			v := rn.view(monthKind, m.URL, rn.title(name, c.Schema.Title), c.Schema.Title+": "+strings.ToLower(name[:1])+name[1:],
				c.Schema.Title+" di "+italian.MonthName(m.Month)+" "+strconv.Itoa(m.Year)+": "+italian.Plural(len(m.Entries), "appuntamento", "appuntamenti")+".")
			v.Calendar = cv()
			v.Calendar.Months = currentMonth(months, i)
			mv := rn.monthView(m)
			mv.Name = name
			if i > 0 {
				mv.Prev = &months[i-1]
			}
			if i+1 < len(months) {
				mv.Next = &months[i+1]
			}
			v.Calendar.Month = mv
			v.Pager = &Pager{Number: i + 1, Total: len(months)}
			if mv.Prev != nil {
				v.Pager.Prev = mv.Prev.URL
			}
			if mv.Next != nil {
				v.Pager.Next = mv.Next.URL
			}
			v.Breadcrumb = rn.crumbs(name, Link{Name: c.Schema.Title, URL: c.URL})
			return v
		}))
	}
	jobs = append(jobs, rn.calendarFile(c.Schema.FileURL(), c.Schema.Name, upcoming))
	for _, t := range rn.splitTerms() {
		var entries []*site.CalendarEntry
		for _, e := range upcoming {
			if hasTerm(e.Page, t) {
				entries = append(entries, e)
			}
		}
		jobs = append(jobs, rn.calendarFile(termCalendarFile(c, t), c.Schema.Name+" — "+t.Name, entries))
	}
	return jobs
}

// splitTerms are the terms of the taxonomy the calendar is split by.
func (rn *run) splitTerms() []*site.Term {
	if tax := rn.s.Taxonomy(rn.s.Calendar.Schema.By); tax != nil {
		return tax.Terms
	}
	return nil
}

// hasTerm reports whether p carries the term t.
func hasTerm(p *site.Page, t *site.Term) bool {
	for _, g := range p.Terms {
		for _, x := range g.Terms {
			if x == t {
				return true
			}
		}
	}
	return false
}

// currentMonth is months with the i-th marked as the page shown.
func currentMonth(months []Link, i int) []Link {
	out := append([]Link(nil), months...)
	out[i].Current = true
	return out
}

// calendarItem is how the calendar's pages show an entry.
func (rn *run) calendarItem(e *site.CalendarEntry) *CalendarItem {
	start := e.Start.Time.In(rn.loc)
	it := &CalendarItem{Entry: e, Title: e.Page.Title, URL: e.Page.URL, Kind: e.Kind,
		Class: classOf(e.Kind), ISO: deadlineISO(e.Start, rn.loc)}
	it.When = italian.Weekday(start.Weekday()) + " " + italian.DateAndTime(start, e.Start.HasTime)
	if e.Start.HasTime {
		it.Clock = italian.Clock(start)
	}
	if e.Start.HasTime {
		it.Hours = "ore " + it.Clock
	}
	if e.End != nil {
		end := e.End.Time.In(rn.loc)
		switch {
		case sameDay(start, end) && e.End.HasTime && e.Start.HasTime:
			it.When += " – " + italian.Clock(end)
			it.Hours += " – " + italian.Clock(end)
		case !sameDay(start, end):
			it.When += " – " + italian.Weekday(end.Weekday()) + " " + italian.DateAndTime(end, e.End.HasTime)
			it.Hours = it.When
		}
	}
	if st := e.Status; st != nil {
		it.StatusKey = st.Key
		if e.Source.OwnStatus() {
			it.Badge = rn.entry(e.Page).Badge
		} else {
			it.Badge = st.Phrase(nil)
		}
	}
	return it
}

// classOf turns a label into a class name: "Prossimo incontro" →
// "prossimo-incontro".
func classOf(label string) string {
	return slug.Make(label)
}

// sameDay reports whether a and b fall on the same calendar day.
func sameDay(a, b time.Time) bool {
	ya, ma, da := a.Date()
	yb, mb, db := b.Date()
	return ya == yb && ma == mb && da == db
}

// monthView lays out the month m: its weeks, Monday first, and its days
// with entries.
func (rn *run) monthView(m *site.Month) *MonthView {
	mv := &MonthView{Count: len(m.Entries)}
	for d := time.Monday; d <= time.Saturday; d++ {
		mv.Weekdays = append(mv.Weekdays, Weekday{Name: italian.Weekday(d), Short: italian.WeekdayShort(d)})
	}
	mv.Weekdays = append(mv.Weekdays, Weekday{Name: italian.Weekday(time.Sunday), Short: italian.WeekdayShort(time.Sunday)})
	// Days are counted in UTC, where every day has 24 hours: a month
	// with a change of summer time lays out as any other.
	first := time.Date(m.Year, m.Month, 1, 0, 0, 0, 0, time.UTC)
	days := first.AddDate(0, 1, -1).Day()
	now := rn.s.Now.In(rn.loc)
	byDay := make([]*CalendarDay, days+1)
	for d := 1; d <= days; d++ {
		t := first.AddDate(0, 0, d-1)
		byDay[d] = &CalendarDay{Day: d, ISO: t.Format(time.DateOnly), ID: "giorno-" + strconv.Itoa(d),
			Name: italian.Weekday(t.Weekday()) + " " + italian.DayMonth(t), Today: sameDay(now, t)}
	}
	for _, e := range m.Entries {
		it := rn.calendarItem(e)
		from, to := e.Days(rn.loc)
		for d := 1; d <= days; d++ {
			t := time.Date(m.Year, m.Month, d, 0, 0, 0, 0, rn.loc)
			switch {
			case t.Before(from) || t.After(to):
			case t.Equal(from):
				byDay[d].Items = append(byDay[d].Items, it)
			default:
				// A day after the first of an entry of several.
				cont := *it
				cont.Clock, cont.Continued = "", true
				byDay[d].Items = append(byDay[d].Items, &cont)
			}
		}
	}
	lead := (int(first.Weekday()) + 6) % 7 // the days of the first week before the 1st
	week := make([]*CalendarDay, 0, 7)
	for i := 0; i < lead; i++ {
		week = append(week, &CalendarDay{})
	}
	for d := 1; d <= days; d++ {
		week = append(week, byDay[d])
		if len(byDay[d].Items) > 0 {
			mv.Days = append(mv.Days, byDay[d])
		}
		if len(week) == 7 {
			mv.Weeks = append(mv.Weeks, week)
			week = make([]*CalendarDay, 0, 7)
		}
	}
	if len(week) > 0 {
		for len(week) < 7 {
			week = append(week, &CalendarDay{})
		}
		mv.Weeks = append(mv.Weeks, week)
	}
	return mv
}

// calendarFile is the job of an iCalendar file at the site path file,
// named name, with an event per entry.
func (rn *run) calendarFile(file, name string, entries []*site.CalendarEntry) job {
	return job{file: strings.TrimPrefix(file, "/"), write: func(buf *bytes.Buffer) error {
		rn.calendarHead(buf, &schema.Calendar{Name: name})
		for _, e := range entries {
			src := e.Source
			c := &schema.Calendar{Start: src.Start, End: src.End, Event: e.Kind, Place: src.Place}
			// One page may be on the calendar by several dates, and
			// pages of two sections may share a slug.
			rn.eventAs(buf, e.Page, c, e.Page.Section.Key+"/"+e.Page.Slug+"/"+src.Start)
		}
		icsLine(buf, "END:VCALENDAR")
		return nil
	}}
}
