package italian

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// StatusPhrase is the text of a status badge, as the state declares it.
// label is the state's name ("in scadenza"); countdown, when not empty,
// the verb that counts the days left to date ("scade": "scade tra 30
// giorni", "scade domani", "scade oggi alle 12:00"); dated says the state
// names date's day instead ("scaduta il 3 marzo 2026"). daysLeft are the
// calendar days from today to date (0 on the day, negative once past);
// date is in the zone to show it in, the zero time when there is none,
// which gives the label alone ("a sportello"), as does a state with
// neither a countdown nor a date; hasTime says date has a time of day,
// said only for today and tomorrow.
func StatusPhrase(label, countdown string, dated bool, daysLeft int, date time.Time, hasTime bool) string {
	switch {
	case date.IsZero():
		return label
	case dated:
		return label + " " + OnDate(date)
	case countdown == "":
		return label
	}
	var when string
	switch d := daysLeft; {
	case d <= 0:
		when = countdown + " oggi"
	case d == 1:
		when = countdown + " domani"
	default:
		when = countdown + " tra " + strconv.Itoa(d) + " giorni"
	}
	if hasTime && daysLeft <= 1 {
		when += " alle " + Clock(date)
	}
	return label + " — " + when
}

// JoinNames joins names the Italian way: "A", "A e B", "A, B e C", with
// the euphonic "ed" before a name that starts with e ("Paolo ed Elena").
func JoinNames(names []string) string {
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
