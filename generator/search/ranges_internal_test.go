package search

import (
	"strings"
	"testing"
	"time"

	"cantiericomuni.it/banca/generator/schema"
	"cantiericomuni.it/banca/generator/site"
)

func rome(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Rome")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func mustDay(t *testing.T, s string) day {
	t.Helper()
	d, msg := parseDay(s)
	if msg != "" {
		t.Fatalf("%s: %s", s, msg)
	}
	return d
}

// TestQuickRangeDays: the last day of every quick choice, at month ends,
// in leap years and not, and on every day of a week.
func TestQuickRangeDays(t *testing.T) {
	for _, c := range []struct {
		today, value string
		choices      []QuickRange
		want         string
	}{
		{"2026-11-27", "7-giorni", ClosingChoices, "2026-12-04"},
		{"2026-12-28", "7-giorni", ClosingChoices, "2027-01-04"}, // across the year
		{"2026-12-31", "30-giorni", ClosingChoices, "2027-01-30"},
		{"2028-02-01", "30-giorni", ClosingChoices, "2028-03-02"}, // February of 29 days
		{"2027-02-01", "30-giorni", ClosingChoices, "2027-03-03"},
		{"2026-11-27", "3-mesi", ClosingChoices, "2027-02-27"},
		{"2026-11-30", "3-mesi", ClosingChoices, "2027-02-28"}, // not 2 March
		{"2027-11-30", "3-mesi", ClosingChoices, "2028-02-29"}, // leap year
		{"2026-08-31", "3-mesi", ClosingChoices, "2026-11-30"},
		{"2026-10-31", "3-mesi", ClosingChoices, "2027-01-31"},
		{"2028-02-29", "3-mesi", ClosingChoices, "2028-05-29"},
		{"2026-11-27", "settimana", WhenChoices, "2026-11-29"}, // Friday → Sunday
		{"2026-11-29", "settimana", WhenChoices, "2026-11-29"}, // Sunday: today only
		{"2026-11-30", "settimana", WhenChoices, "2026-12-06"}, // Monday → Sunday
		{"2026-12-30", "settimana", WhenChoices, "2027-01-03"},
		{"2024-02-10", "mese", WhenChoices, "2024-02-29"},
		{"2025-02-10", "mese", WhenChoices, "2025-02-28"},
		{"2026-12-15", "mese", WhenChoices, "2026-12-31"},
		{"2026-01-31", "mese", WhenChoices, "2026-01-31"},
		{"2026-11-30", "3-mesi", WhenChoices, "2027-02-28"},
	} {
		q, ok := quick(c.choices, c.value)
		if !ok {
			t.Fatalf("no choice %s", c.value)
		}
		if got := q.lastDay(mustDay(t, c.today)).String(); got != c.want {
			t.Errorf("%s from %s: %s, want %s", c.value, c.today, got, c.want)
		}
	}
}

// TestClosingInterval: "scade entro" a day holds the opportunities whose
// deadline (the site's rule, site.DeadlineEnd) falls by that day, from
// now on, also across both changes of daylight saving time.
func TestClosingInterval(t *testing.T) {
	loc := rome(t)
	for _, c := range []struct {
		now, last string
		cutoff    string // the last instant in, UTC
	}{
		{"2026-11-27T11:00:00+01:00", "2026-12-04", "2026-12-04T23:00:00Z"},
		{"2027-03-25T10:00:00+01:00", "2027-04-01", "2027-04-01T22:00:00Z"}, // DST from 28 March
		{"2026-10-20T10:00:00+02:00", "2026-10-27", "2026-10-27T23:00:00Z"}, // DST until 25 October
		{"2027-03-27T23:30:00+01:00", "2027-03-28", "2027-03-28T22:00:00Z"}, // the short day
		{"2026-10-24T23:30:00+02:00", "2026-10-25", "2026-10-25T23:00:00Z"}, // the long day
	} {
		now, _ := time.Parse(time.RFC3339, c.now)
		now = now.In(loc)
		last := mustDay(t, c.last)
		iv := closingInterval(last, now)
		if got := iv.to.UTC().Format(time.RFC3339); got != c.cutoff {
			t.Errorf("%s, entro il %s: up to %s, want %s", c.now, c.last, got, c.cutoff)
		}
		// A bare deadline on the last day is in, the next day's is not;
		// one closing now is already closed.
		on := site.DeadlineEnd(&schema.Date{Time: last.start(loc)}, loc)
		after := site.DeadlineEnd(&schema.Date{Time: last.add(1).start(loc)}, loc)
		if !iv.closes(on.UnixNano()) || iv.closes(after.UnixNano()) {
			t.Errorf("%s, entro il %s: deadline that day %v, the day after %v", c.now, c.last, iv.closes(on.UnixNano()), iv.closes(after.UnixNano()))
		}
		if iv.closes(now.UnixNano()) || !iv.closes(now.UnixNano()+1) {
			t.Errorf("%s: closing now counts as open, or a nanosecond later does not", c.now)
		}
	}
}

// TestEventInterval: an event is in a range of days when it takes place
// in it (it starts before the range ends and ends after it starts).
func TestEventInterval(t *testing.T) {
	loc := rome(t)
	at := func(s string) int64 {
		tm, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
		if err != nil {
			t.Fatal(err)
		}
		return tm.UnixNano()
	}
	first, last := mustDay(t, "2026-10-25"), mustDay(t, "2026-10-25") // 25 hours
	iv := eventInterval(&first, &last, loc)
	if got := iv.to.Sub(iv.from); got != 25*time.Hour {
		t.Errorf("the day the clocks go back lasts %v", got)
	}
	spring := mustDay(t, "2027-03-28")
	if d := eventInterval(&spring, &spring, loc); d.to.Sub(d.from) != 23*time.Hour {
		t.Errorf("the day the clocks go forward lasts %v", d.to.Sub(d.from))
	}
	for _, c := range []struct {
		start, end string
		in         bool
	}{
		{"2026-10-25 00:00", "2026-10-25 01:00", true},
		{"2026-10-25 23:30", "2026-10-26 01:00", true},
		{"2026-10-20 09:00", "2026-10-30 18:00", true},  // around the range
		{"2026-10-24 20:00", "2026-10-25 00:00", false}, // ends as it starts
		{"2026-10-26 00:00", "2026-10-26 02:00", false}, // starts as it ends
		{"2026-10-24 09:00", "2026-10-24 12:00", false},
	} {
		if got := iv.overlaps(at(c.start), at(c.end)); got != c.in {
			t.Errorf("%s–%s in 25 October: %v, want %v", c.start, c.end, got, c.in)
		}
	}
	// Open bounds.
	from := eventInterval(&first, nil, loc)
	to := eventInterval(nil, &last, loc)
	if !from.overlaps(at("2030-01-01 10:00"), at("2030-01-01 12:00")) || from.overlaps(at("2026-10-01 10:00"), at("2026-10-01 12:00")) {
		t.Errorf("from 25 October on: wrong")
	}
	if !to.overlaps(at("2020-01-01 10:00"), at("2020-01-01 12:00")) || to.overlaps(at("2026-10-26 10:00"), at("2026-10-26 12:00")) {
		t.Errorf("up to 25 October: wrong")
	}
	// An event without a time starts at the midnight of its day.
	d := &schema.Date{Time: time.Date(2026, 10, 25, 0, 0, 0, 0, time.UTC)}
	if got := startInstant(d, loc).UTC().Format(time.RFC3339); got != "2026-10-24T22:00:00Z" {
		t.Errorf("start of a bare date: %s", got)
	}
}

// TestParseDay: what a reader may type in a date field.
func TestParseDay(t *testing.T) {
	for _, c := range []struct {
		in, err string // err: a part of the message, "" for a day
	}{
		{"2027-01-31", ""},
		{"2028-02-29", ""},
		{"1900-01-01", ""},
		{"2199-12-31", ""},
		{"2027-02-29", "non è una data"},
		{"2027-13-01", "non è una data"},
		{"2027-1-5", "non è una data"},
		{"99999-01-01", "non è una data"},
		{"0001-01-01", "tra il 1900 e il 2199"},
		{"2200-01-01", "tra il 1900 e il 2199"},
		{"31/01/2027", "non è una data"},
		{"domani", "«domani» non è una data"},
		{"\xff\xfe", "non è una data"},
		{strings.Repeat("2027-", 100), "…»"},
	} {
		_, msg := parseDay(c.in)
		switch {
		case c.err == "" && msg != "":
			t.Errorf("%q: %s", c.in, msg)
		case c.err != "" && !strings.Contains(msg, c.err):
			t.Errorf("%q: %q, want %q", c.in, msg, c.err)
		case len(msg) > 200:
			t.Errorf("%q: message of %d bytes", c.in, len(msg))
		}
	}
}
