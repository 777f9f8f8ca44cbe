package render

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"cantiericomuni.it/banca/generator/site"
)

// calendarName is the name calendar apps give the deadlines' calendar.
const calendarName = "Scadenze — Cantieri Comuni"

// icsLineLimit is the longest content line allowed, in octets (RFC 5545 §3.1).
const icsLineLimit = 75

// siteCalendar is the job of opportunita/scadenze.ics: one event per open
// opportunity with a deadline, nearest first.
func (rn *run) siteCalendar() job {
	var key uint64
	if rn.keys {
		key = rn.newKeyer("ics", rn.calendarBase()).pages(rn, rn.s.Open()).sum()
	}
	return job{file: strings.TrimPrefix(rn.calendarBase(), "/") + "scadenze.ics", key: key, write: func(buf *bytes.Buffer) error {
		rn.calendarHead(buf)
		for _, p := range rn.s.Open() {
			if p.Deadline != nil && p.Status != nil && !p.Closed() {
				rn.event(buf, p)
			}
		}
		icsLine(buf, "END:VCALENDAR")
		return nil
	}}
}

// calendarBase is the site path of the opportunities section.
func (rn *run) calendarBase() string {
	if sec := rn.s.Section(sectionOpportunities); sec != nil {
		return sec.URL
	}
	return "/" + sectionOpportunities + "/"
}

// pageCalendar is the job of <page>/scadenza.ics, the one event of an
// opportunity's deadline.
func (rn *run) pageCalendar(p *site.Page) job {
	var key uint64
	if rn.keys {
		key = rn.newKeyer("ics", p.URL).u64(rn.ever[p.Index()]).sum()
	}
	return job{file: strings.TrimPrefix(p.URL, "/") + "scadenza.ics", key: key, write: func(buf *bytes.Buffer) error {
		rn.calendarHead(buf)
		rn.event(buf, p)
		icsLine(buf, "END:VCALENDAR")
		return nil
	}}
}

// calendarHead writes the properties of the calendar.
func (rn *run) calendarHead(buf *bytes.Buffer) {
	icsLine(buf, "BEGIN:VCALENDAR")
	icsLine(buf, "VERSION:2.0")
	icsLine(buf, "PRODID:-//Cantieri Comuni//Banca delle risorse//IT")
	icsLine(buf, "CALSCALE:GREGORIAN")
	icsLine(buf, "METHOD:PUBLISH")
	icsLine(buf, "X-WR-CALNAME:"+icsText(calendarName))
	icsLine(buf, "X-WR-TIMEZONE:Europe/Rome")
}

// event writes the VEVENT of p's deadline: an all-day event for a bare
// date, one hour from the deadline (in UTC) for a date-time.
func (rn *run) event(buf *bytes.Buffer, p *site.Page) {
	e := rn.entry(p)
	icsLine(buf, "BEGIN:VEVENT")
	icsLine(buf, "UID:"+p.Slug+"@"+rn.host)
	// DTSTAMP is when this version of the event was written: the page's
	// last change, not the build instant, so that rebuilding the same
	// content gives the same bytes.
	stamp := p.Date
	if p.Lastmod.After(stamp) {
		stamp = p.Lastmod
	}
	icsLine(buf, "DTSTAMP:"+stamp.UTC().Format("20060102T150405Z"))
	icsLine(buf, "SUMMARY:"+icsText("Scadenza: "+p.Title))
	desc := e.AbsURL
	if p.Summary != "" {
		desc = p.Summary + "\n\n" + e.AbsURL
	}
	icsLine(buf, "DESCRIPTION:"+icsText(desc))
	icsLine(buf, "URL:"+e.AbsURL)
	d := p.Deadline
	if d.HasTime {
		icsLine(buf, "DTSTART:"+d.Time.UTC().Format("20060102T150405Z"))
		icsLine(buf, "DURATION:PT1H")
	} else {
		day := d.Time.In(rn.loc)
		icsLine(buf, "DTSTART;VALUE=DATE:"+day.Format("20060102"))
		icsLine(buf, "DTEND;VALUE=DATE:"+day.AddDate(0, 0, 1).Format("20060102"))
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
