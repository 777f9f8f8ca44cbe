package site

import (
	"slices"
	"time"
)

// The lifecycle of pages that open and close. A section has one when the
// schema gives it a deadline field (schema.Section.HasDeadlines): its
// pages carry a Status, computed against the build instant, and its lists
// put them in the order a reader choosing among them needs (ListOrder).
// Everything that depends on it asks the section, not its name.

// HasDeadlines reports whether the section's pages open and close.
func (sec *Section) HasDeadlines() bool {
	return sec != nil && sec.Schema.HasDeadlines()
}

// ListOrder returns the pages of sec (in the section's order) in the
// order its lists show them by default. For a section with deadlines:
// the open ones first, the nearest closing first; then those with no
// deadline (a sportello), in the section's order; then the closed ones,
// the most recently closed first. Any other section lists its pages as
// they are (weighted first, then newest first). pages is not modified; the
// result may be pages itself.
func (sec *Section) ListOrder(pages []*Page) []*Page {
	if !sec.HasDeadlines() {
		return pages
	}
	return byDeadline(pages)
}

// byDeadline orders pages with a lifecycle: open by nearest closing, then
// rolling, then closed by latest closing; ties keep the given order.
func byDeadline(pages []*Page) []*Page {
	out := slices.Clone(pages)
	slices.SortStableFunc(out, func(a, b *Page) int {
		ga, gb := lifecycleGroup(a), lifecycleGroup(b)
		if ga != gb {
			return ga - gb
		}
		switch ga {
		case groupOpen:
			return closesAt(a).Compare(closesAt(b))
		case groupClosed:
			return closesAt(b).Compare(closesAt(a))
		}
		return 0
	})
	return out
}

// The groups of byDeadline, in their order.
const (
	groupOpen = iota
	groupRolling
	groupClosed
)

func lifecycleGroup(p *Page) int {
	switch {
	case p.Status != nil && p.Status.Key == StatusClosed:
		return groupClosed
	case p.Deadline == nil || p.Status == nil:
		return groupRolling
	}
	return groupOpen
}

// closesAt is the instant p closes: its deadline, or the end of the
// deadline's day when it has no time (a bare date is read in the site's
// zone, and keeps it).
func closesAt(p *Page) time.Time {
	return deadlineEnd(p.Deadline, p.Deadline.Time.Location())
}

// Closed reports whether p is a page with a lifecycle that has closed (an
// expired opportunity).
func (p *Page) Closed() bool {
	return p.Status != nil && p.Status.Key == StatusClosed
}

// openPages lists the pages still open of every section with deadlines,
// in ListOrder: nearest closing first, then those without deadline.
func openPages(pages []*Page) []*Page {
	var out []*Page
	for _, p := range pages {
		if p.Section.HasDeadlines() && !p.Closed() {
			out = append(out, p)
		}
	}
	return byDeadline(out)
}
