package site

import (
	"cmp"
	"slices"
	"time"

	"cantiericomuni.it/banca/generator/schema"
)

// Calendar is the calendar of the whole site (schema.SiteCalendar): the
// dated pages of its sources as entries, in the order of their start,
// and the months that have one.
type Calendar struct {
	Schema *schema.SiteCalendar
	// URL is its address, "/calendario/".
	URL string
	// Entries are every entry, by start (then by title and address).
	Entries []*CalendarEntry
	// Months are the months with an entry, and the build's, in order.
	Months []*Month
}

// CalendarEntry is a page on the calendar through one of its dates: an
// event, an opportunity's deadline, a meeting's next one.
type CalendarEntry struct {
	Page   *Page
	Source *schema.CalendarSource
	// Kind names it, the source's label ("Scadenza", "Evento").
	Kind string
	// Start is the date the entry is on; End, when set, the date it lasts
	// until.
	Start schema.Date
	End   *schema.Date
	// Status is the entry's state at the build instant: its page's (an
	// event's, an opportunity's), or its own, as an event with the
	// calendar's states (a next meeting).
	Status *Status
}

// Days are the first and the last day the entry is on, at midnight in
// loc: its start's, and its end's when it has one on a later day (an end
// at midnight sharp ends the day before).
func (e *CalendarEntry) Days(loc *time.Location) (first, last time.Time) {
	day := func(t time.Time) time.Time {
		y, m, d := t.In(loc).Date()
		return time.Date(y, m, d, 0, 0, 0, 0, loc)
	}
	first, last = day(e.Start.Time), day(e.Start.Time)
	if e.End != nil {
		end := e.End.Time.In(loc)
		if e.End.HasTime && end.Equal(day(end)) {
			end = end.Add(-time.Nanosecond)
		}
		if d := day(end); d.After(last) {
			last = d
		}
	}
	return first, last
}

// Closed reports whether the entry's state has ended its life (an event
// concluso, a deadline passed).
func (e *CalendarEntry) Closed() bool { return e.Status.Closed() }

// Month is one month of the calendar with its entries, by start.
type Month struct {
	Year  int
	Month time.Month
	// URL is its page, "/calendario/2027/03/".
	URL     string
	Entries []*CalendarEntry
}

// moments are what the entry's own lifecycle reads.
func (e *CalendarEntry) moments() Moments {
	return Moments{Start: &e.Start, Closes: e.End}
}

// AssembleCalendar makes s.Calendar from the site's pages, at s.Now (in
// the site's zone), when the schema declares one: Assemble and Replace
// call it once the pages are in their sections.
func (s *Site) AssembleCalendar() {
	now := s.Now
	def := s.Schema.Site.Calendar
	if def == nil {
		s.Calendar = nil
		return
	}
	c := &Calendar{Schema: def, URL: def.URL()}
	for _, src := range def.Sources {
		sec := s.Section(src.Section)
		if sec == nil {
			continue
		}
		for _, p := range sec.Pages {
			start, ok := p.Params.Date(src.Start)
			if !ok {
				continue
			}
			e := &CalendarEntry{Page: p, Source: src, Kind: src.Label, Start: start}
			if end, ok := p.Params.Date(src.End); ok && src.End != "" {
				e.End = &end
			}
			if src.OwnStatus() {
				e.Status = p.Status
			} else {
				e.Status = StatusAt(src.Lifecycle(), e.moments(), now)
			}
			c.Entries = append(c.Entries, e)
		}
	}
	slices.SortStableFunc(c.Entries, func(a, b *CalendarEntry) int {
		if d := a.Start.Time.Compare(b.Start.Time); d != 0 {
			return d
		}
		if d := cmp.Compare(a.Page.Title, b.Page.Title); d != 0 {
			return d
		}
		return cmp.Compare(a.Page.URL, b.Page.URL)
	})
	loc := now.Location()
	byMonth := map[[2]int]*Month{}
	month := func(t time.Time) *Month {
		y, m, _ := t.In(loc).Date()
		k := [2]int{y, int(m)}
		if byMonth[k] == nil {
			byMonth[k] = &Month{Year: y, Month: m, URL: MonthURL(c.URL, y, m)}
		}
		return byMonth[k]
	}
	month(now)
	for _, e := range c.Entries {
		// An entry of several days is on every month it touches (a
		// year at most).
		first, last := e.Days(loc)
		for t, n := first, 0; !t.After(last) && n < 12; t, n = time.Date(t.Year(), t.Month()+1, 1, 0, 0, 0, 0, loc), n+1 {
			m := month(t)
			m.Entries = append(m.Entries, e)
		}
	}
	for _, m := range byMonth {
		c.Months = append(c.Months, m)
	}
	slices.SortFunc(c.Months, func(a, b *Month) int {
		return cmp.Or(cmp.Compare(a.Year, b.Year), cmp.Compare(a.Month, b.Month))
	})
	s.Calendar = c
}

// MonthURL is the address of a month of the calendar at base:
// "/calendario/2027/03/".
func MonthURL(base string, y int, m time.Month) string {
	return base + time.Date(y, m, 1, 0, 0, 0, 0, time.UTC).Format("2006/01") + "/"
}

// Upcoming returns the entries that have not closed (still to come, or
// running), nearest start first.
func (c *Calendar) Upcoming() []*CalendarEntry {
	var out []*CalendarEntry
	for _, e := range c.Entries {
		if !e.Closed() {
			out = append(out, e)
		}
	}
	return out
}

// Month returns the month of the calendar that holds t (in t's zone), or
// nil.
func (c *Calendar) Month(y int, m time.Month) *Month {
	for _, x := range c.Months {
		if x.Year == y && x.Month == m {
			return x
		}
	}
	return nil
}

// nextChange is the first instant after now at which the state of an
// entry with a status of its own changes (it starts, or ends), or its
// badge counts one day less; the zero instant when none will. Entries
// with their page's status count with their page (nextChange).
func (c *Calendar) nextChange(now time.Time) time.Time {
	if c == nil {
		return time.Time{}
	}
	var next time.Time
	consider := func(t time.Time) {
		if t.After(now) && (next.IsZero() || t.Before(next)) {
			next = t
		}
	}
	loc := now.Location()
	y, m, d := now.Date()
	midnight := time.Date(y, m, d+1, 0, 0, 0, 0, loc)
	for _, e := range c.Entries {
		if e.Source.OwnStatus() {
			continue
		}
		mo := e.moments()
		start := startOf(mo.Start, loc)
		consider(start)
		end, _ := ClosesAt(e.Source.Lifecycle(), mo, loc)
		consider(end)
		if end.After(now) {
			consider(midnight)
		}
	}
	return next
}

// earliest is the earliest of instants, the zero one meaning never.
func earliest(ts ...time.Time) time.Time {
	var out time.Time
	for _, t := range ts {
		if !t.IsZero() && (out.IsZero() || t.Before(out)) {
			out = t
		}
	}
	return out
}
