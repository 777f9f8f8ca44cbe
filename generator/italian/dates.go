// Package italian writes what the site says in Italian and both the render
// and the search write the same way: long dates ("il 1º marzo 2027"), the
// article before a day, the phrase of a status badge ("in scadenza — scade
// domani"), counts ("1.234 schede") and lists of names ("Anna ed Elena").
// It is a leaf: it knows nothing of pages, sites or schemas, so that the
// search function can carry it without the renderer.
package italian

import (
	"strconv"
	"time"
)

// months are the Italian month names, lower-case as Italian writes them.
var months = [12]string{"gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno",
	"luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"}

// LongDate formats t as an Italian long date in t's own zone:
// "12 agosto 2026", and for the first day of a month the ordinal, as
// Italian writes it: "1º agosto 2026". The zero time gives "".
func LongDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	y, m, d := t.Date()
	day := strconv.Itoa(d)
	if d == 1 {
		day = "1º"
	}
	return day + " " + months[m-1] + " " + strconv.Itoa(y)
}

// OnDate is LongDate with the article Italian puts before a date: "il 12
// agosto 2026", "il 1º agosto 2026", but "l’8 agosto 2026" and "l’11 …"
// (otto and undici start with a vowel).
func OnDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return Article(t) + LongDate(t)
}

// Article returns "il " or "l’" for the day of t (see OnDate).
func Article(t time.Time) string { return DayArticle(t.Day()) }

// DayArticle returns the article before the day of the month d: "l’" for
// 8 and 11 (l’8 marzo, l’11 aprile), "il " for every other day, 1 included
// (il 1º luglio: "primo" does not elide).
func DayArticle(d int) string {
	switch d {
	case 8, 11:
		return "l’"
	}
	return "il "
}

// Clock formats the time of day of t the Italian way: "12:00".
func Clock(t time.Time) string { return t.Format("15:04") }

// DateAndTime formats t in its own zone as LongDate does, followed by the
// time of day when hasTime: "15 dicembre 2026, ore 12:00".
func DateAndTime(t time.Time, hasTime bool) string {
	if hasTime {
		return LongDate(t) + ", ore " + Clock(t)
	}
	return LongDate(t)
}
