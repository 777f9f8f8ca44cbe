package site

import (
	"slices"
	"time"

	"cantiericomuni.it/banca/generator/schema"
	"cantiericomuni.it/banca/generator/slug"
)

// The lifecycle of pages that open and close. A section has one when the
// schema declares it (schema.Lifecycle): its pages carry a Status,
// computed against the build instant, and its lists put them in the order
// a reader choosing among them needs (ListOrder). Everything that depends
// on it asks the section, not its name.

// HasLifecycle reports whether the section's pages open and close.
func (sec *Section) HasLifecycle() bool {
	return sec != nil && sec.Schema.HasLifecycle()
}

// Lifecycle returns the section's lifecycle, or nil.
func (sec *Section) Lifecycle() *schema.Lifecycle {
	if !sec.HasLifecycle() {
		return nil
	}
	return sec.Schema.Lifecycle
}

// OpenURL is the address of the list of the section's pages still open
// ("/opportunita/aperte/"), "" when it has none.
func (sec *Section) OpenURL() string {
	lc := sec.Lifecycle()
	if lc == nil || lc.Lists == nil || sec.URL == "" {
		return ""
	}
	return sec.URL + slug.Make(lc.Lists.Open) + "/"
}

// OpenTitle names the section's pages still open: "Opportunità aperte",
// or the lifecycle's lists.open_title ("Eventi in programma").
func (sec *Section) OpenTitle() string {
	lc := sec.Lifecycle()
	if lc == nil || lc.Lists == nil {
		return ""
	}
	if lc.Lists.OpenTitle != "" {
		return lc.Lists.OpenTitle
	}
	return sec.Label + " " + lc.Lists.Open
}

// SectionLink is a link to a list or a file of a section, as the footer
// of every page shows it.
type SectionLink struct {
	URL, Title string
}

// OpenLists are the lists of the pages still open of every section with
// a lifecycle and a list page ("Opportunità aperte"), and those of the
// open records of records fields that declare one ("Azioni aperte"), in
// schema order.
func (s *Site) OpenLists() []SectionLink {
	s.linksOnce.Do(s.makeLinks)
	return s.openLists
}

// Calendars are the .ics files of every section that declares a
// calendar ("Il calendario delle scadenze"), in schema order.
func (s *Site) Calendars() []SectionLink {
	s.linksOnce.Do(s.makeLinks)
	return s.calendars
}

// makeLinks computes OpenLists and Calendars once: every page's footer
// shows them, and the site does not change once assembled.
func (s *Site) makeLinks() {
	for _, sec := range s.Sections {
		if u := sec.OpenURL(); u != "" {
			s.openLists = append(s.openLists, SectionLink{URL: u, Title: sec.OpenTitle()})
		}
		for _, l := range s.ItemLists {
			if l.Section == sec && l.URL != "" {
				s.openLists = append(s.openLists, SectionLink{URL: l.URL, Title: l.Schema.Title})
			}
		}
		if c := sec.Schema.Calendar; c != nil {
			s.calendars = append(s.calendars, SectionLink{URL: sec.URL + c.All + ".ics", Title: c.Label})
		}
	}
}

// ListOrder returns the pages of sec (in the section's order) in the
// order its lists show them by default. For a section with a lifecycle:
// the open ones first, the nearest closing first; then those with no
// closing date (a sportello), in the section's order; then the closed
// ones, the most recently closed first. Any other section lists its pages
// as they are (weighted first, then newest first). pages is not modified;
// the result may be pages itself.
func (sec *Section) ListOrder(pages []*Page) []*Page {
	if !sec.HasLifecycle() {
		return pages
	}
	return byClosing(pages)
}

// byClosing orders pages with a lifecycle: open by nearest closing, then
// those without a closing date, then closed by latest closing; ties keep
// the given order.
func byClosing(pages []*Page) []*Page {
	// Each page's group and closing instant are worked out once, not at
	// every comparison: a list of the corpus sorts thousands of pages.
	type keyed struct {
		p     *Page
		group int
		at    time.Time
	}
	ks := make([]keyed, len(pages))
	for i, p := range pages {
		ks[i] = keyed{p: p, group: lifecycleGroup(p)}
		if ks[i].group != groupRolling {
			ks[i].at = closesAt(p)
		}
	}
	slices.SortStableFunc(ks, func(a, b keyed) int {
		if a.group != b.group {
			return a.group - b.group
		}
		switch a.group {
		case groupOpen:
			return a.at.Compare(b.at)
		case groupClosed:
			return b.at.Compare(a.at)
		}
		return 0
	})
	out := make([]*Page, len(ks))
	for i, k := range ks {
		out[i] = k.p
	}
	return out
}

// The groups of byClosing, in their order.
const (
	groupOpen = iota
	groupRolling
	groupClosed
)

func lifecycleGroup(p *Page) int {
	switch {
	case p.Closed():
		return groupClosed
	case p.Status == nil:
		return groupRolling
	}
	if _, ok := closes(p); !ok {
		return groupRolling
	}
	return groupOpen
}

// closes is the instant p closes, in the zone of its dates (a bare date
// is read in the site's zone, and keeps it).
func closes(p *Page) (time.Time, bool) {
	mo := MomentsOf(p.Page)
	var loc *time.Location
	switch {
	case mo.Closes != nil:
		loc = mo.Closes.Time.Location()
	case mo.Start != nil:
		loc = mo.Start.Time.Location()
	default:
		loc = time.UTC
	}
	return ClosesAt(p.Section.Lifecycle(), mo, loc)
}

// closesAt is the instant p closes, the zero instant when it has none.
func closesAt(p *Page) time.Time {
	t, _ := closes(p)
	return t
}

// Closed reports whether p is a page with a lifecycle that has closed (an
// expired opportunity).
func (p *Page) Closed() bool {
	return p.Status.Closed()
}

// openPages lists the pages still open of every section with a lifecycle,
// in ListOrder: nearest closing first, then those without a closing date.
func openPages(pages []*Page) []*Page {
	var out []*Page
	for _, p := range pages {
		if p.Section.HasLifecycle() && !p.Closed() {
			out = append(out, p)
		}
	}
	return byClosing(out)
}
