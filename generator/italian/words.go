package italian

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Phase is where a status stands against its deadline, which decides
// the phrase of its badge (StatusPhrase).
type Phase int

const (
	// Running counts the days left: "aperta — scade tra 30 giorni".
	Running Phase = iota
	// Ended says when it ended: "scaduta il 3 marzo 2026".
	Ended
	// Undated has no deadline: the status's label alone ("a sportello").
	Undated
)

// StatusPhrase is the text of a status badge: label is the status's name
// ("in scadenza"), daysLeft the calendar days from today to the deadline
// (0 on the day, negative once past), deadline the deadline in the zone to
// show it in (the zero time when there is none), hasTime whether it has a
// time of day. It gives "aperta — scade tra 30 giorni", "in scadenza —
// scade domani", "in scadenza — scade oggi alle 12:00", "scaduta il 3
// marzo 2026", "a sportello".
func StatusPhrase(label string, phase Phase, daysLeft int, deadline time.Time, hasTime bool) string {
	switch phase {
	case Undated:
		return label
	case Ended:
		if deadline.IsZero() {
			return label
		}
		return label + " " + OnDate(deadline)
	}
	var when string
	switch d := daysLeft; {
	case d <= 0:
		when = "scade oggi"
	case d == 1:
		when = "scade domani"
	default:
		when = "scade tra " + strconv.Itoa(d) + " giorni"
	}
	if !deadline.IsZero() && hasTime && daysLeft <= 1 {
		when += " alle " + Clock(deadline)
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
