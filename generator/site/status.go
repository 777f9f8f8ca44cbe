package site

import (
	"time"

	"cantiericomuni.it/banca/generator/content"
	"cantiericomuni.it/banca/generator/schema"
)

// Moments are what a lifecycle reads of a page: the date that closes it
// (a deadline, a due date, an event's end), an event's start, and whether
// an action is done.
type Moments struct {
	Start, Closes *schema.Date
	Done          bool
}

// MomentsOf returns the moments of a loaded page.
func MomentsOf(p *content.Page) Moments {
	return Moments{Start: p.Start, Closes: p.Deadline, Done: p.Done}
}

// StatusAt computes the status at now, in now's zone (the site's,
// Europe/Rome), of a page with moments m in a section with lifecycle lc,
// nil when the lifecycle has no state for it. A date given without a time
// lasts until the end of its day; the "soon" state begins lc.SoonDays
// days before the closing day. The build uses it with the build instant;
// search evaluates it at query time.
func StatusAt(lc *schema.Lifecycle, m Moments, now time.Time) *Status {
	if lc == nil {
		return nil
	}
	loc := now.Location()
	soon := 0
	if lc.SoonDays != nil {
		soon = *lc.SoonDays
	}
	state := func(role string, at *schema.Date) *Status {
		st := lc.State(role)
		if st == nil {
			return nil
		}
		s := &Status{Key: st.Key, Label: st.Label, Role: role, State: st, At: at}
		if at != nil {
			s.DaysLeft = dayNumber(at.Time.In(loc)) - dayNumber(now)
		}
		return s
	}
	// countdown is the state of a page open until closes: open (todo),
	// soon within the window, closed (late) once it has passed.
	countdown := func(open, closed string, closes *schema.Date) *Status {
		if closes == nil {
			if st := state(schema.RoleNone, nil); st != nil {
				return st
			}
			return state(open, nil)
		}
		days := dayNumber(closes.Time.In(loc)) - dayNumber(now)
		switch {
		case !now.Before(deadlineEnd(closes, loc)):
			return state(closed, closes)
		case days <= soon && lc.State(schema.RoleSoon) != nil:
			return state(schema.RoleSoon, closes)
		}
		return state(open, closes)
	}
	switch lc.Kind() {
	case schema.KindPeriod:
		if m.Start == nil {
			return state(schema.RoleNone, nil)
		}
		end := m.Closes
		if end == nil {
			end = m.Start
		}
		switch {
		case now.Before(startOf(m.Start, loc)):
			return state(schema.RoleBefore, m.Start)
		case now.Before(deadlineEnd(end, loc)):
			return state(schema.RoleDuring, end)
		}
		return state(schema.RoleAfter, end)
	case schema.KindDue:
		if m.Done {
			return state(schema.RoleDone, nil)
		}
		return countdown(schema.RoleTodo, schema.RoleLate, m.Closes)
	}
	return countdown(schema.RoleOpen, schema.RoleClosed, m.Closes)
}

// ClosesAt is the instant a page with moments m closes under lc, in loc:
// the end of its closing date (an event without an end, the end of its
// start's day); ok is false when it has no date that closes it (an
// opportunity a sportello), and the zero instant with ok true when it has
// closed whatever the date (an action done).
func ClosesAt(lc *schema.Lifecycle, m Moments, loc *time.Location) (at time.Time, ok bool) {
	switch {
	case lc == nil:
		return time.Time{}, false
	case lc.Kind() == schema.KindDue && m.Done:
		return time.Time{}, true
	case m.Closes != nil:
		return deadlineEnd(m.Closes, loc), true
	case lc.Kind() == schema.KindPeriod && m.Start != nil:
		return deadlineEnd(m.Start, loc), true
	}
	return time.Time{}, false
}

// OpenUntil is the instant a page with moments m stops being open under
// lc, in loc: ClosesAt for a deadline or an event; for an action, the
// zero instant once done, and never (ok false) before, late or not.
func OpenUntil(lc *schema.Lifecycle, m Moments, loc *time.Location) (at time.Time, ok bool) {
	if lc != nil && lc.Kind() == schema.KindDue && !m.Done {
		return time.Time{}, false
	}
	return ClosesAt(lc, m, loc)
}

// DeadlineEnd is the instant a date d ends a page's life, in loc (the
// site's zone, Europe/Rome): d itself when it has a time, else the
// midnight that ends its day. It is the one closing rule: StatusAt and the
// search index both use it.
func DeadlineEnd(d *schema.Date, loc *time.Location) time.Time { return deadlineEnd(d, loc) }

// deadlineEnd is the instant the date d ends.
func deadlineEnd(d *schema.Date, loc *time.Location) time.Time {
	t := d.Time.In(loc)
	if d.HasTime {
		return t
	}
	y, m, day := t.Date()
	return time.Date(y, m, day+1, 0, 0, 0, 0, loc)
}

// startOf is the instant a date d begins: d itself with a time, else the
// midnight that starts its day.
func startOf(d *schema.Date, loc *time.Location) time.Time {
	t := d.Time.In(loc)
	if d.HasTime {
		return t
	}
	y, m, day := t.Date()
	return time.Date(y, m, day, 0, 0, 0, 0, loc)
}

// dayNumber counts calendar days, so that differences ignore DST shifts.
func dayNumber(t time.Time) int {
	y, m, d := t.Date()
	return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// nextChange returns the first instant after now at which what the site
// says of a page with a lifecycle changes (momentsChange).
func nextChange(pages []*Page, now time.Time) time.Time {
	var next time.Time
	for _, p := range pages {
		if lc := p.Section.Lifecycle(); lc != nil {
			next = earliest(next, momentsChange(lc, MomentsOf(p.Page), now))
		}
	}
	return next
}

// momentsChange returns the first instant after now at which what the
// site says of something with moments m under lc changes (zero when
// nothing will): it enters the "soon" window, starts, or closes, or
// (while it is open) its badge counts one day less ("scade tra 5 giorni"
// becomes "tra 4" at midnight).
func momentsChange(lc *schema.Lifecycle, mo Moments, now time.Time) time.Time {
	var next time.Time
	loc := now.Location()
	consider := func(t time.Time) {
		if t.After(now) && (next.IsZero() || t.Before(next)) {
			next = t
		}
	}
	y, m, d := now.Date()
	midnight := time.Date(y, m, d+1, 0, 0, 0, 0, loc)
	if mo.Start != nil && lc.Kind() == schema.KindPeriod {
		consider(startOf(mo.Start, loc))
		if startOf(mo.Start, loc).After(now) {
			consider(midnight)
		}
	}
	end, ok := ClosesAt(lc, mo, loc)
	if !ok || end.IsZero() {
		return next
	}
	if end.After(now) {
		consider(midnight)
	}
	consider(end)
	if mo.Closes != nil && lc.SoonDays != nil && lc.Kind() != schema.KindPeriod {
		y, m, d := mo.Closes.Time.In(loc).Date()
		consider(time.Date(y, m, d-*lc.SoonDays, 0, 0, 0, 0, loc))
	}
	return next
}
