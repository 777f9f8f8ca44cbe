package render

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"cantiericomuni.it/banca/generator/schema"
	"cantiericomuni.it/banca/generator/site"
)

// icsLineLimit is the longest content line allowed, in octets (RFC 5545 §3.1).
const icsLineLimit = 75

// calendarOf is the calendar of p's section, nil when it has none or p
// lacks the date that puts it on one.
func calendarOf(p *site.Page) *schema.Calendar {
	if p.Section == nil || p.Section.Schema == nil || p.Section.Schema.Calendar == nil {
		return nil
	}
	c := p.Section.Schema.Calendar
	if _, ok := p.Params.Date(c.Start); !ok {
		return nil
	}
	return c
}

// calendarPages are the pages of sec on its calendar: those that have its
// start date and have not closed, nearest closing first for a section
// with a lifecycle (site.Open), else in the section's order.
func (rn *run) calendarPages(sec *site.Section) []*site.Page {
	pages := sec.Pages
	if sec.HasLifecycle() {
		pages = nil
		for _, p := range rn.s.Open() {
			if p.Section == sec {
				pages = append(pages, p)
			}
		}
	}
	var out []*site.Page
	for _, p := range pages {
		if calendarOf(p) != nil && !p.Closed() {
			out = append(out, p)
		}
	}
	return out
}

// calendarFile is the site path of sec's calendar of every page.
func calendarFile(sec *site.Section) string {
	base := sec.URL
	if base == "" {
		base = "/" + sec.Key + "/"
	}
	return base + sec.Schema.Calendar.All + ".ics"
}

// pageCalendarFile is the site path of the calendar of p alone.
func pageCalendarFile(p *site.Page, c *schema.Calendar) string {
	return p.URL + c.File + ".ics"
}

// sectionCalendar is the job of the calendar of a section's pages (the
// opportunities' scadenze.ics): one event per page still open with the
// calendar's date, nearest first.
func (rn *run) sectionCalendar(sec *site.Section) job {
	c, file := sec.Schema.Calendar, calendarFile(sec)
	pages := rn.calendarPages(sec)
	var key uint64
	if rn.keys {
		key = rn.newKeyer("ics", file).pages(rn, pages).sum()
	}
	return job{file: strings.TrimPrefix(file, "/"), key: key, write: func(buf *bytes.Buffer) error {
		rn.calendarHead(buf, c)
		for _, p := range pages {
			rn.event(buf, p, c)
		}
		icsLine(buf, "END:VCALENDAR")
		return nil
	}}
}

// pageCalendar is the job of <page>/<file>.ics, the one event of a page
// (an opportunity's deadline).
func (rn *run) pageCalendar(p *site.Page, c *schema.Calendar) job {
	var key uint64
	file := pageCalendarFile(p, c)
	if rn.keys {
		key = rn.newKeyer("ics", file).u64(rn.ever[p.Index()]).sum()
	}
	return job{file: strings.TrimPrefix(file, "/"), key: key, write: func(buf *bytes.Buffer) error {
		rn.calendarHead(buf, c)
		rn.event(buf, p, c)
		icsLine(buf, "END:VCALENDAR")
		return nil
	}}
}

// calendarHead writes the properties of the calendar.
func (rn *run) calendarHead(buf *bytes.Buffer, c *schema.Calendar) {
	icsLine(buf, "BEGIN:VCALENDAR")
	icsLine(buf, "VERSION:2.0")
	icsLine(buf, "PRODID:-//Cantieri Comuni//Banca delle risorse//IT")
	icsLine(buf, "CALSCALE:GREGORIAN")
	icsLine(buf, "METHOD:PUBLISH")
	icsLine(buf, "X-WR-CALNAME:"+icsText(c.Name))
	icsLine(buf, "X-WR-TIMEZONE:Europe/Rome")
}

// event writes the VEVENT of p on calendar c: from its start date to its
// end date when it has one (the whole days of bare dates); else an
// all-day event for a bare date, one hour from a date-time (in UTC).
func (rn *run) event(buf *bytes.Buffer, p *site.Page, c *schema.Calendar) {
	rn.eventAs(buf, p, c, p.Slug)
}

// eventAs is event with the given UID (before "@" and the site's host).
func (rn *run) eventAs(buf *bytes.Buffer, p *site.Page, c *schema.Calendar, uid string) {
	e := rn.entry(p)
	icsLine(buf, "BEGIN:VEVENT")
	icsLine(buf, "UID:"+uid+"@"+rn.host)
	// DTSTAMP is when this version of the event was written: the page's
	// last change, not the build instant, so that rebuilding the same
	// content gives the same bytes.
	stamp := p.Date
	if p.Lastmod.After(stamp) {
		stamp = p.Lastmod
	}
	icsLine(buf, "DTSTAMP:"+stamp.UTC().Format("20060102T150405Z"))
	icsLine(buf, "SUMMARY:"+icsText(c.Event+": "+p.Title))
	desc := e.AbsURL
	if p.Summary != "" {
		desc = p.Summary + "\n\n" + e.AbsURL
	}
	icsLine(buf, "DESCRIPTION:"+icsText(desc))
	icsLine(buf, "URL:"+e.AbsURL)
	if c.Place != "" {
		if names := p.FieldTexts(c.Place); len(names) > 0 {
			icsLine(buf, "LOCATION:"+icsText(strings.Join(names, ", ")))
		}
	}
	d, _ := p.Params.Date(c.Start)
	end, hasEnd := p.Params.Date(c.End)
	if c.End == "" || end.HasTime != d.HasTime {
		hasEnd = false
	}
	if d.HasTime {
		icsLine(buf, "DTSTART:"+d.Time.UTC().Format("20060102T150405Z"))
		if hasEnd {
			icsLine(buf, "DTEND:"+end.Time.UTC().Format("20060102T150405Z"))
		} else {
			icsLine(buf, "DURATION:PT1H")
		}
	} else {
		day, last := d.Time.In(rn.loc), d.Time.In(rn.loc)
		if hasEnd {
			last = end.Time.In(rn.loc)
		}
		icsLine(buf, "DTSTART;VALUE=DATE:"+day.Format("20060102"))
		icsLine(buf, "DTEND;VALUE=DATE:"+last.AddDate(0, 0, 1).Format("20060102"))
	}
	icsLine(buf, "TRANSP:TRANSPARENT")
	icsLine(buf, "END:VEVENT")
}

// icsText escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon,
// comma and newlines (CRLF, CR, LF, NEL, and the Unicode line and
// paragraph separators) are escaped; the other control characters, which
// a TEXT value may not hold (§3.1: only tab), are left out, and so are
// the C1 controls.
func icsText(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\' || c == ';' || c == ',':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
			b.WriteString(`\n`)
		case c == '\n':
			b.WriteString(`\n`)
		case c < ' ' && c != '\t' || c == 0x7f:
		case c == 0xE2 && i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0xA8 || s[i+2] == 0xA9):
			// U+2028, U+2029: line breaks to some readers.
			b.WriteString(`\n`)
			i += 2
		case c == 0xC2 && i+1 < len(s) && s[i+1] >= 0x80 && s[i+1] <= 0x9F:
			// The C1 controls (U+0080–U+009F): NEL is a line break to
			// some readers, the others (such as CSI, a terminal's escape)
			// are left out.
			if s[i+1] == 0x85 {
				b.WriteString(`\n`)
			}
			i++
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// icsLine writes a content line folded at 75 octets (continuation lines
// start with a space, which counts), never inside a UTF-8 sequence, each
// ended by CRLF.
func icsLine(buf *bytes.Buffer, line string) {
	limit := icsLineLimit
	for len(line) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(line[cut]) {
			cut--
		}
		buf.WriteString(line[:cut])
		buf.WriteString("\r\n ")
		line = line[cut:]
		limit = icsLineLimit - 1
	}
	buf.WriteString(line)
	buf.WriteString("\r\n")
}
