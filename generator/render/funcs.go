package render

import (
	"html/template"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"cantiericomuni.it/banca/generator/schema"
	"cantiericomuni.it/banca/generator/site"
)

// months are the Italian month names, lower-case as Italian writes them.
var months = [12]string{"gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno",
	"luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"}

// funcs are the functions every layout can call. They are pure: anything
// that depends on the site (its zone, its base URL) is computed in Go before
// execution, or passed in explicitly.
var funcs = template.FuncMap{
	"longDate":     LongDate,
	"isoDate":      isoDate,
	"article":      article,
	"statusPhrase": StatusPhrase,
	"authors":      JoinAuthors,
	"absURL":       AbsURL,
	"plural":       Plural,
	"number":       Number,
	"first":        first,
}

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
	return article(t) + LongDate(t)
}

// article returns "il " or "l’" for the day of t (see OnDate).
func article(t time.Time) string { return DayArticle(t.Day()) }

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

// isoDate formats t as YYYY-MM-DD in t's own zone.
func isoDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// clock formats the time of day of t the Italian way: "12:00".
func clock(t time.Time) string { return t.Format("15:04") }

// DeadlineText formats a deadline in loc: "15 dicembre 2026", or
// "15 dicembre 2026, ore 12:00" when it has a time.
func DeadlineText(d schema.Date, loc *time.Location) string {
	t := d.Time.In(loc)
	if d.HasTime {
		return LongDate(t) + ", ore " + clock(t)
	}
	return LongDate(t)
}

// deadlineISO is the machine-readable form of a deadline for <time datetime>.
func deadlineISO(d schema.Date, loc *time.Location) string {
	t := d.Time.In(loc)
	if d.HasTime {
		return t.Format("2006-01-02T15:04-07:00")
	}
	return t.Format(time.DateOnly)
}

// StatusPhrase is the text of a status badge, as its state declares it:
// the label, then with a countdown verb the days left to the date the
// state refers to ("aperta — scade tra 30 giorni", "in scadenza — scade
// domani", "in scadenza — scade oggi alle 12:00"), or for a dated state
// its day ("scaduta il 3 marzo 2026"); else the label alone ("a
// sportello"). The date is st.At, or date when st has none; it is read in
// its own zone (the site's, as the schema stores it). A nil status gives "".
func StatusPhrase(st *site.Status, date *schema.Date) string {
	if st == nil {
		return ""
	}
	if st.At != nil {
		date = st.At
	}
	state := st.State
	switch {
	case state == nil || date == nil:
		return st.Label
	case state.Dated:
		return st.Label + " " + OnDate(date.Time)
	case state.Countdown == "":
		return st.Label
	}
	var when string
	switch d := st.DaysLeft; {
	case d <= 0:
		when = state.Countdown + " oggi"
	case d == 1:
		when = state.Countdown + " domani"
	default:
		when = state.Countdown + " tra " + strconv.Itoa(d) + " giorni"
	}
	if date.HasTime && st.DaysLeft <= 1 {
		when += " alle " + clock(date.Time)
	}
	return st.Label + " — " + when
}

// JoinAuthors joins names the Italian way: "A", "A e B", "A, B e C", with
// the euphonic "ed" before a name that starts with e ("Paolo ed Elena").
func JoinAuthors(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	last := names[len(names)-1]
	and := " e "
	if r, _ := utf8.DecodeRuneInString(last); strings.ContainsRune("eEèéÈÉ", r) {
		and = " ed "
	}
	return strings.Join(names[:len(names)-1], ", ") + and + last
}

// AbsURL joins the site's base URL and a site path: ("https://x.it/",
// "/a/") gives "https://x.it/a/". A path that is already absolute (it has a
// scheme) is returned as is.
func AbsURL(base, path string) string {
	if strings.Contains(path, "://") {
		return path
	}
	base = strings.TrimRight(base, "/")
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	return base + path
}

// Plural counts things in Italian: Plural(1, "scheda", "schede") is
// "1 scheda", Plural(1234, …) is "1.234 schede".
func Plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return Number(n) + " " + many
}

// Number formats an integer with the Italian thousands separator: "12.345".
func Number(n int) string {
	if n < 0 {
		return "-" + Number(-n)
	}
	s := strconv.Itoa(n)
	if len(s) <= 3 {
		return s
	}
	var b strings.Builder
	head := len(s) % 3
	if head == 0 {
		head = 3
	}
	b.WriteString(s[:head])
	for i := head; i < len(s); i += 3 {
		b.WriteByte('.')
		b.WriteString(s[i : i+3])
	}
	return b.String()
}

// first returns the first n elements of a slice (all of them when there are
// fewer), for {{range first 5 .Items}}.
func first(n int, list any) (any, error) {
	v := reflect.ValueOf(list)
	switch v.Kind() {
	case reflect.Slice:
	case reflect.Invalid:
		return nil, nil
	default:
		return nil, errNotList
	}
	if n < 0 {
		n = 0
	}
	if n > v.Len() {
		n = v.Len()
	}
	return v.Slice(0, n).Interface(), nil
}

// safeLink returns s if it is an absolute http(s) URL fit for an href, or "".
func safeLink(s string) string {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || u.Host == "" {
		return ""
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		return u.String()
	}
	return ""
}
