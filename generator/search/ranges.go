package search

import (
	"strings"
	"time"

	"cantiericomuni.it/banca/generator/italian"
	"cantiericomuni.it/banca/generator/schema"
)

// Date ranges: "scade entro…" for the pages with a deadline (the
// opportunities) and "dal … al …" for the events. Both are computed when
// the query runs, against today in the site's zone (Europe/Rome), as the
// status of an opportunity is: a link "entro 7 giorni" means seven days
// from the day it is followed, whatever the day of the deploy.

// The parameters of the date ranges.
const (
	// ClosingKey is "scade entro": a quick choice (ClosingChoices) or a
	// date, YYYY-MM-DD, the last day a page may close.
	ClosingKey = "scade_entro"
	// WhenKey is a quick choice of the events' dates (WhenChoices).
	WhenKey = "quando"
	// FromKey and ToKey are the first and the last day of the events'
	// range, YYYY-MM-DD; either may be left out. They win over WhenKey.
	FromKey = "dal"
	ToKey   = "al"
)

// QuickRange is a quick choice of a date range: a value of its parameter
// and its words.
type QuickRange struct {
	Value, Label string
	// days and months lead from today to the last day of the range
	// (week and month: to the end of this week or month instead).
	days, months int
	week, month  bool
}

// ClosingChoices are the quick choices of "scade entro".
var ClosingChoices = []QuickRange{
	{Value: "7-giorni", Label: "entro 7 giorni", days: 7},
	{Value: "30-giorni", Label: "entro 30 giorni", days: 30},
	{Value: "3-mesi", Label: "entro 3 mesi", months: 3},
}

// WhenChoices are the quick choices of the events' dates: each from today
// on.
var WhenChoices = []QuickRange{
	{Value: "settimana", Label: "questa settimana", week: true},
	{Value: "mese", Label: "questo mese", month: true},
	{Value: "3-mesi", Label: "nei prossimi 3 mesi", months: 3},
}

// The labels of the groups of the date ranges.
const (
	closingGroup = "Scadenza"
	whenGroup    = "Date degli eventi"
)

// The years a date of a range may have: a wider one is an error, not a
// search (bleve's dates end in 2262; the index's "never" is 2200).
const (
	minRangeYear = 1900
	maxRangeYear = 2199
)

// maxDateInput caps what a date parameter echoes in its error message.
const maxDateInput = 24

// day is a calendar day.
type day struct {
	y int
	m time.Month
	d int
}

// dayOf is the day of t in t's zone.
func dayOf(t time.Time) day {
	y, m, d := t.Date()
	return day{y, m, d}
}

// start is the midnight that starts the day in loc (the first instant
// of the day, also on the nights of a change of daylight saving time).
func (d day) start(loc *time.Location) time.Time { return time.Date(d.y, d.m, d.d, 0, 0, 0, 0, loc) }

// add is the day n days after d.
func (d day) add(n int) day { return dayOf(time.Date(d.y, d.m, d.d+n, 12, 0, 0, 0, time.UTC)) }

// addMonths is the same day n months after d, or the last day of that
// month when it is shorter (30 November + 3 months is 28 February, or 29
// in a leap year; never 2 March).
func (d day) addMonths(n int) day {
	first := time.Date(d.y, d.m+time.Month(n), 1, 12, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return day{first.Year(), first.Month(), min(d.d, last)}
}

// String is the day as YYYY-MM-DD.
func (d day) String() string {
	return time.Date(d.y, d.m, d.d, 12, 0, 0, 0, time.UTC).Format(time.DateOnly)
}

// before reports whether d comes before e.
func (d day) before(e day) bool {
	return d.y < e.y || d.y == e.y && (d.m < e.m || d.m == e.m && d.d < e.d)
}

// lastDay is the last day of the quick range q from today.
func (q QuickRange) lastDay(today day) day {
	switch {
	case q.week:
		// Italian weeks end on Sunday.
		wd := int(time.Date(today.y, today.m, today.d, 12, 0, 0, 0, time.UTC).Weekday())
		return today.add((7 - wd) % 7)
	case q.month:
		return day{today.y, today.m, 1}.addMonths(1).add(-1)
	case q.months > 0:
		return today.addMonths(q.months)
	}
	return today.add(q.days)
}

// quick returns the quick choice value among choices.
func quick(choices []QuickRange, value string) (QuickRange, bool) {
	for _, q := range choices {
		if q.Value == value {
			return q, true
		}
	}
	return QuickRange{}, false
}

// parseDay reads a date of a range, YYYY-MM-DD, and says in Italian what
// is wrong with it.
func parseDay(s string) (day, string) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		shown := s
		if len(shown) > maxDateInput {
			shown = clip(shown, maxDateInput) + "…"
		}
		return day{}, "«" + strings.ToValidUTF8(shown, "") + "» non è una data: scrivila come AAAA-MM-GG, per esempio 2027-01-31."
	}
	if t.Year() < minRangeYear || t.Year() > maxRangeYear {
		return day{}, "Scegli una data tra il 1900 e il 2199."
	}
	return dayOf(t), ""
}

// startInstant is the instant an event starts: its time, or the
// midnight that starts its day, in loc.
func startInstant(d *schema.Date, loc *time.Location) time.Time {
	if d.HasTime {
		return d.Time
	}
	return dayOf(d.Time.In(loc)).start(loc)
}

// longDay is d in Italian words ("31 gennaio 2027").
func longDay(d day, loc *time.Location) string { return italian.LongDate(d.start(loc)) }

// interval is a range of instants: a page closing in (after, upTo]
// (closing ranges), or an event taking place in [from, to) (it starts
// before to and ends after from). A zero bound is no bound.
type interval struct {
	from, to time.Time
}

// closingInterval is the range of "scade entro" the last day last, at
// now: the pages still open that close by the end of that day.
func closingInterval(last day, now time.Time) interval {
	return interval{from: now, to: last.add(1).start(now.Location())}
}

// eventInterval is the range of the events between the days first and
// last, either unset (nil).
func eventInterval(first, last *day, loc *time.Location) interval {
	var iv interval
	if first != nil {
		iv.from = first.start(loc)
	}
	if last != nil {
		iv.to = last.add(1).start(loc)
	}
	return iv
}

// closes reports whether a page closing at the instant c (nanoseconds)
// closes in the closing interval iv.
func (iv interval) closes(c int64) bool {
	return c > iv.from.UnixNano() && c <= iv.to.UnixNano()
}

// overlaps reports whether an event from start to end (nanoseconds)
// takes place in the event interval iv.
func (iv interval) overlaps(start, end int64) bool {
	return (iv.to.IsZero() || start < iv.to.UnixNano()) && (iv.from.IsZero() || end > iv.from.UnixNano())
}
