package content

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"time"

	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/schema"
)

// futureSlack is how far in the future a date the schema marks as past
// may be before it is worth a warning: planned a few weeks ahead is
// normal, a year is a typo.
const futureSlack = 31 * 24 * time.Hour

// checkDates warns about dates in an order that makes no sense, as the
// schema declares it: a field with not_before may not come before that
// other field (a deadline before the publication date: the opportunity
// would go online already closed), and a field marked past may not be
// more than a month after now (a signature in 2062).
func checkDates(p *Page, sch *schema.Schema, now time.Time, report schema.Reporter) {
	sec := sch.Section(p.Section)
	fields := append([]*schema.Field(nil), sch.Common...)
	if sec != nil {
		fields = append(fields, sec.Fields...)
	}
	for _, f := range fields {
		d, ok := p.Params.Date(f.Key)
		if !ok {
			continue
		}
		pos, span := p.EntryPos(f.Key)
		if f.NotBefore != "" {
			other, ok := p.Params.Date(f.NotBefore)
			if ok && endOf(d).Before(other.Time) {
				of := sch.Field(p.Section, f.NotBefore)
				report(diag.Diagnostic{Code: diag.DateOrder, Severity: diag.Warning, Pos: pos, Span: span,
					Message: fmt.Sprintf("«%s» (%s, %s) viene prima di «%s» (%s, %s)",
						f.Key, f.Label, dayText(d.Time), f.NotBefore, of.Label, dayText(other.Time)) + consequence(sec, f, of),
					Fix: orderFix(f, of, d, other, written(p, pos, span))})
			}
		}
		if f.EndsDay && d.HasTime && d.Hour() == 0 && d.Minute() == 0 && d.Second() == 0 {
			report(diag.Diagnostic{Code: diag.DateMidnight, Severity: diag.Warning, Pos: pos, Span: span,
				Message: fmt.Sprintf("«%s» (%s) è alle 00:00 del %s, cioè all'inizio di quel giorno: chiuderebbe un giorno prima di quanto si legge di solito («entro il %s»)",
					f.Key, f.Label, dayText(d.Time), dayText(d.Time)),
				Fix: fmt.Sprintf("Se chiude alla fine del %s scrivi «%s» (solo la data) o scegli l'ora 23:59; se chiude davvero a mezzanotte, indica il giorno prima alle 23:59.",
					dayText(d.Time), written(p, pos, span).dayOnly(f.Key, d))})
		}
		if f.Past && !now.IsZero() && d.Time.After(now.Add(futureSlack)) {
			report(diag.Diagnostic{Code: diag.DateFuture, Severity: diag.Warning, Pos: pos, Span: span,
				Message: fmt.Sprintf("«%s» (%s) è il %s, fra più di un mese", f.Key, f.Label, dayText(d.Time)),
				Fix:     futureFix(f, d, now, written(p, pos, span))})
		}
	}
}

// endOf is the last instant a date stands for: a day without a time
// lasts until its midnight, as a deadline does.
func endOf(d schema.Date) time.Time {
	if d.HasTime {
		return d.Time
	}
	return d.Time.AddDate(0, 0, 1).Add(-time.Nanosecond)
}

// consequence says what the wrong order means for a reader, when the
// pair is one the site knows: the date that closes a page of a section
// with a lifecycle before its publication, or an update before it.
func consequence(sec *schema.Section, f, of *schema.Field) string {
	switch {
	case of.Key == "date" && sec.HasLifecycle() && f.Key == sec.Lifecycle.Closes():
		if st := sec.Lifecycle.State(schema.RoleClosed); st != nil {
			return ": " + withArticle(strings.ToLower(sec.Singular)) + " andrebbe online già " + st.Label
		}
	case f.Key == "lastmod" && of.Key == "date":
		return ": la scheda sembrerebbe aggiornata prima di essere pubblicata"
	}
	return ""
}

// withArticle puts the Italian definite article before a singular noun:
// elided before a vowel ("l'opportunità"), else "la" before a noun
// ending in a, "il" before the others.
func withArticle(noun string) string {
	switch {
	case noun == "":
		return "la scheda"
	case strings.ContainsRune("aeiouàèéìòù", []rune(noun)[0]):
		return "l'" + noun
	case strings.HasSuffix(noun, "a"):
		return "la " + noun
	}
	return "il " + noun
}

// orderFix suggests the likeliest correction: for a date that may be in
// the future (a deadline), the same day a year later when that puts the
// dates in order; else checking both.
func orderFix(f, of *schema.Field, d, other schema.Date, w entryText) string {
	if of.Key != "date" && d.HasTime && other.HasTime && sameDay(d.Time, other.Time) {
		// Two moments of the same day (an event's start and end): the
		// hours are wrong, not the year. A deadline hours before the
		// publication is rather a year too early.
		return fmt.Sprintf("Le due date sono lo stesso giorno, ma l'ora di «%s» (%s) viene prima di quella di «%s» (%s): correggi una delle due ore.",
			f.Key, d.Time.Format("15:04"), of.Key, other.Time.In(d.Time.Location()).Format("15:04"))
	}
	if next := d.Time.AddDate(1, 0, 0); !f.Past && !endOf(schema.Date{Time: next, HasTime: d.HasTime}).Before(other.Time) {
		return fmt.Sprintf("Forse l'anno è sbagliato: «%s»? Altrimenti correggi «%s» (%s), che deve venire prima.",
			w.withYear(f.Key, d, next), of.Key, dayText(other.Time))
	}
	return fmt.Sprintf("Controlla le due date: «%s» deve essere uguale o successiva a «%s». Forse le hai scambiate?", f.Key, of.Key)
}

// sameDay reports whether a and b fall on the same calendar day, in a's
// zone.
func sameDay(a, b time.Time) bool {
	b = b.In(a.Location())
	return a.Year() == b.Year() && a.YearDay() == b.YearDay()
}

// futureFix suggests the same day in the current year, when the year is
// the likely mistake.
func futureFix(f *schema.Field, d schema.Date, now time.Time, w entryText) string {
	guess := time.Date(now.Year(), d.Month(), d.Day(), d.Hour(), d.Minute(), d.Second(), 0, d.Location())
	if guess.After(now) {
		guess = guess.AddDate(-1, 0, 0)
	}
	return fmt.Sprintf("Controlla l'anno: forse «%s»? Se la data è giusta, puoi lasciarla.", w.withYear(f.Key, d, guess))
}

// entryText is a line of the front matter as the page writes it, and
// where its value is in it.
type entryText struct {
	line       string // the line, without its indentation
	start, end int    // the value, in bytes of line; end 0 when unknown
	toml       bool   // the front matter is TOML (key = value)
}

// written returns the line of the value at pos (span runes long).
func written(p *Page, pos diag.Pos, span int) entryText {
	w := entryText{toml: bytes.HasPrefix(p.Source, []byte("+++"))}
	starts := p.lineStarts()
	if pos.Line < 1 || pos.Line > len(starts) || pos.Col < 1 {
		return w
	}
	line := p.Source[starts[pos.Line-1]:]
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	text := strings.TrimRight(string(line), "\r")
	runes := []rune(text)
	if pos.Col-1+span > len(runes) {
		return w
	}
	lead := len(text) - len(strings.TrimLeft(text, " \t"))
	start := len(string(runes[:pos.Col-1]))
	end := start + len(string(runes[pos.Col-1:pos.Col-1+span]))
	if start < lead {
		return w
	}
	w.line, w.start, w.end = text[lead:], start-lead, end-lead
	return w
}

// withYear writes the entry of key with date d moved to the year of to,
// the way the page writes it (YAML or TOML, quotes, time and zone as they
// are), so that the fix can be copied over the line; from the date alone
// when the line cannot be read.
func (w entryText) withYear(key string, d schema.Date, to time.Time) string {
	if w.end > 0 {
		value := w.line[w.start:w.end]
		if i := strings.Index(value, strconv.Itoa(d.Year())); i >= 0 {
			value = value[:i] + strconv.Itoa(to.Year()) + value[i+len(strconv.Itoa(d.Year())):]
			return w.line[:w.start] + value + w.line[w.end:]
		}
	}
	if w.toml {
		return key + " = " + isoText(to, d.HasTime)
	}
	return key + ": " + isoText(to, d.HasTime)
}

// dayOnly writes the entry of key with date d without its time, the way
// the page writes it (YAML or TOML, quotes as they are).
func (w entryText) dayOnly(key string, d schema.Date) string {
	day := d.Time.Format("2006-01-02")
	if w.end > 0 {
		value := w.line[w.start:w.end]
		if i := strings.Index(value, day); i >= 0 {
			rest := value[i+len(day):]
			// keep a closing quote, drop the time and zone
			if j := strings.IndexAny(rest, "\"'"); j >= 0 {
				rest = rest[j:]
			} else {
				rest = ""
			}
			return w.line[:w.start] + value[:i] + day + rest + w.line[w.end:]
		}
	}
	if w.toml {
		return key + " = " + day
	}
	return key + ": " + day
}

var italianMonths = [...]string{"gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio",
	"agosto", "settembre", "ottobre", "novembre", "dicembre"}

// dayText writes a day in Italian: "4 maggio 2026", "1º maggio 2026".
func dayText(t time.Time) string {
	day := strconv.Itoa(t.Day())
	if t.Day() == 1 {
		day = "1º"
	}
	return day + " " + italianMonths[t.Month()-1] + " " + strconv.Itoa(t.Year())
}

// isoText writes a date as a front matter does.
func isoText(t time.Time, hasTime bool) string {
	if hasTime {
		return t.Format("2006-01-02T15:04")
	}
	return t.Format("2006-01-02")
}
