package site

import (
	"time"

	"cantiericomuni.it/banca/generator/schema"
)

// StatusAt computes an opportunity's status at now, in now's zone (the
// site's, Europe/Rome). A deadline given as a bare date lasts until the end
// of that day; closingSoonDays or fewer days left is "in scadenza". The
// build uses it with the build instant; search evaluates it at query time.
func StatusAt(deadline *schema.Date, now time.Time, closingSoonDays int) *Status {
	if deadline == nil {
		return &Status{Key: StatusRolling, Label: "a sportello"}
	}
	loc := now.Location()
	end := deadlineEnd(deadline, loc)
	days := dayNumber(deadline.Time.In(loc)) - dayNumber(now)
	switch {
	case !now.Before(end):
		return &Status{Key: StatusClosed, Label: "scaduta", DaysLeft: days}
	case days <= closingSoonDays:
		return &Status{Key: StatusClosing, Label: "in scadenza", DaysLeft: days}
	}
	return &Status{Key: StatusOpen, Label: "aperta", DaysLeft: days}
}

// DeadlineEnd is the instant an opportunity with deadline d closes, in
// loc (the site's zone, Europe/Rome): the deadline itself when it has a
// time, else the midnight that ends its day. It is the one deadline rule:
// StatusAt and the search index both use it.
func DeadlineEnd(d *schema.Date, loc *time.Location) time.Time { return deadlineEnd(d, loc) }

// deadlineEnd is the instant the opportunity closes.
func deadlineEnd(d *schema.Date, loc *time.Location) time.Time {
	t := d.Time.In(loc)
	if d.HasTime {
		return t
	}
	y, m, day := t.Date()
	return time.Date(y, m, day+1, 0, 0, 0, 0, loc)
}

// dayNumber counts calendar days, so that differences ignore DST shifts.
func dayNumber(t time.Time) int {
	y, m, d := t.Date()
	return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// nextChange returns the first instant after now at which what the site
// says of an opportunity changes: it enters the closing window, or
// closes, or (while it is open) its badge counts one day less ("scade
// tra 5 giorni" becomes "tra 4" at midnight).
func nextChange(pages []*Page, now time.Time, closingSoonDays int) time.Time {
	var next time.Time
	loc := now.Location()
	consider := func(t time.Time) {
		if t.After(now) && (next.IsZero() || t.Before(next)) {
			next = t
		}
	}
	y, m, d := now.Date()
	midnight := time.Date(y, m, d+1, 0, 0, 0, 0, loc)
	for _, p := range pages {
		if p.Deadline == nil {
			continue
		}
		end := deadlineEnd(p.Deadline, loc)
		if end.After(now) {
			consider(midnight)
		}
		consider(end)
		y, m, d := p.Deadline.Time.In(loc).Date()
		consider(time.Date(y, m, d-closingSoonDays, 0, 0, 0, 0, loc))
	}
	return next
}
