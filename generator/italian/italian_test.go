package italian

import (
	"testing"
	"time"
)

// rome is the site's zone.
var rome = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Rome")
	if err != nil {
		panic(err)
	}
	return loc
}()

// day parses "2006-01-02" in Rome.
func day(s string) time.Time {
	t, err := time.ParseInLocation(time.DateOnly, s, rome)
	if err != nil {
		panic(err)
	}
	return t
}

func TestLongDate(t *testing.T) {
	cases := []struct {
		in       time.Time
		want, on string
	}{
		{day("2026-08-12"), "12 agosto 2026", "il 12 agosto 2026"},
		// Only the first of the month is an ordinal, and "primo" does not
		// elide: il 1º, never l’1; otto and undici do: l’8, l’11.
		{day("2026-08-01"), "1º agosto 2026", "il 1º agosto 2026"},
		{day("2026-07-31"), "31 luglio 2026", "il 31 luglio 2026"},
		{day("2026-03-08"), "8 marzo 2026", "l’8 marzo 2026"},
		{day("2026-11-11"), "11 novembre 2026", "l’11 novembre 2026"},
		{day("2026-12-31"), "31 dicembre 2026", "il 31 dicembre 2026"},
		{day("2027-01-01"), "1º gennaio 2027", "il 1º gennaio 2027"},
		{day("2026-08-18"), "18 agosto 2026", "il 18 agosto 2026"},
		{day("2026-08-21"), "21 agosto 2026", "il 21 agosto 2026"},
		{day("2028-02-29"), "29 febbraio 2028", "il 29 febbraio 2028"},
		// 23:30 UTC on 30 September is already 1 October in Rome.
		{time.Date(2026, 9, 30, 23, 30, 0, 0, time.UTC).In(rome), "1º ottobre 2026", "il 1º ottobre 2026"},
		{time.Time{}, "", ""},
	}
	for _, c := range cases {
		if got := LongDate(c.in); got != c.want {
			t.Errorf("LongDate(%v) = %q, voglio %q", c.in, got, c.want)
		}
		if got := OnDate(c.in); got != c.on {
			t.Errorf("OnDate(%v) = %q, voglio %q", c.in, got, c.on)
		}
	}
}

func TestDateAndTime(t *testing.T) {
	cases := []struct {
		in      time.Time
		hasTime bool
		want    string
	}{
		{time.Date(2026, 12, 15, 11, 0, 0, 0, time.UTC).In(rome), true, "15 dicembre 2026, ore 12:00"},
		{day("2026-12-15"), false, "15 dicembre 2026"},
		{time.Date(2027, 7, 1, 9, 30, 0, 0, rome), true, "1º luglio 2027, ore 09:30"},
	}
	for _, c := range cases {
		if got := DateAndTime(c.in, c.hasTime); got != c.want {
			t.Errorf("DateAndTime(%v, %v) = %q, voglio %q", c.in, c.hasTime, got, c.want)
		}
	}
}

func TestStatusPhrase(t *testing.T) {
	at18 := time.Date(2026, 11, 27, 18, 0, 0, 0, rome)
	cases := []struct {
		label, countdown string
		dated            bool
		days             int
		when             time.Time
		hasTime          bool
		want             string
	}{
		{"aperta", "scade", false, 30, day("2026-12-27"), false, "aperta — scade tra 30 giorni"},
		{"in scadenza", "scade", false, 5, day("2026-12-02"), false, "in scadenza — scade tra 5 giorni"},
		{"in scadenza", "scade", false, 1, day("2026-11-28"), false, "in scadenza — scade domani"},
		{"in scadenza", "scade", false, 0, day("2026-11-27"), false, "in scadenza — scade oggi"},
		// The time of day is said only for today and tomorrow.
		{"in scadenza", "scade", false, 0, at18, true, "in scadenza — scade oggi alle 18:00"},
		{"in scadenza", "scade", false, 1, at18.AddDate(0, 0, 1), true, "in scadenza — scade domani alle 18:00"},
		{"in scadenza", "scade", false, 2, at18.AddDate(0, 0, 2), true, "in scadenza — scade tra 2 giorni"},
		// Another lifecycle's verb.
		{"in programma", "inizia", false, 3, day("2026-11-30"), false, "in programma — inizia tra 3 giorni"},
		{"scaduta", "", true, -3, day("2026-11-24"), false, "scaduta il 24 novembre 2026"},
		{"scaduta", "", true, -19, day("2026-11-08"), false, "scaduta l’8 novembre 2026"},
		{"scaduta", "", true, -26, day("2026-11-01"), true, "scaduta il 1º novembre 2026"},
		// Without a date, or with neither a verb nor a date to name, the label alone.
		{"scaduta", "", true, 0, time.Time{}, false, "scaduta"},
		{"in scadenza", "scade", false, 0, time.Time{}, true, "in scadenza"},
		{"in corso", "", false, 0, day("2026-11-27"), false, "in corso"},
		{"a sportello", "", false, 0, time.Time{}, false, "a sportello"},
	}
	for _, c := range cases {
		if got := StatusPhrase(c.label, c.countdown, c.dated, c.days, c.when, c.hasTime); got != c.want {
			t.Errorf("StatusPhrase(%q, %q, %v, %d, %v, %v) = %q, voglio %q", c.label, c.countdown, c.dated, c.days, c.when, c.hasTime, got, c.want)
		}
	}
}

func TestJoinNames(t *testing.T) {
	cases := map[string][]string{
		"":                           nil,
		"Anna":                       {"Anna"},
		"Anna e Luca":                {"Anna", "Luca"},
		"Anna, Luca e Sara":          {"Anna", "Luca", "Sara"},
		"Anna, Luca, Sara e Paolo":   {"Anna", "Luca", "Sara", "Paolo"},
		"Paolo Neri ed Elena Fabbri": {"Paolo Neri", "Elena Fabbri"},
		"Anna, Luca ed Ettore":       {"Anna", "Luca", "Ettore"},
		"Elena e Paolo":              {"Elena", "Paolo"},
	}
	for want, in := range cases {
		if got := JoinNames(in); got != want {
			t.Errorf("JoinNames(%q) = %q, voglio %q", in, got, want)
		}
	}
}

func TestPluralAndNumber(t *testing.T) {
	cases := []struct {
		n    int
		want string
	}{
		{0, "0 schede"}, {1, "1 scheda"}, {2, "2 schede"}, {12, "12 schede"},
		{999, "999 schede"}, {1000, "1.000 schede"}, {12345, "12.345 schede"}, {1234567, "1.234.567 schede"},
	}
	for _, c := range cases {
		if got := Plural(c.n, "scheda", "schede"); got != c.want {
			t.Errorf("Plural(%d) = %q, voglio %q", c.n, got, c.want)
		}
	}
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1.000", 39980: "39.980", -1234: "-1.234", 1000000: "1.000.000", -999: "-999"} {
		if got := Number(n); got != want {
			t.Errorf("Number(%d) = %q, voglio %q", n, got, want)
		}
	}
}
