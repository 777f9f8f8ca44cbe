package schema

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"cantiericomuni.it/banca/generator/contact"
	"cantiericomuni.it/banca/generator/diag"
)

// Date is a date or date-time from the front matter, in the site's zone.
type Date struct {
	time.Time
	// HasTime is false for a bare YYYY-MM-DD.
	HasTime bool
}

// Values are a page's front matter values after Check, typed by the schema:
// string (string, text, url, email, phone, contacts), []string (list and taxonomies), Date (date,
// datetime), bool, int, Ref or []Ref (reference, single or multiple),
// []Record (records). Absent and empty values are not in the map.
type Values map[string]any

// String returns the string value of key, or "".
func (v Values) String(key string) string { s, _ := v[key].(string); return s }

// Strings returns the list value of key, or nil.
func (v Values) Strings(key string) []string { s, _ := v[key].([]string); return s }

// Date returns the date value of key and whether it is set.
func (v Values) Date(key string) (Date, bool) { d, ok := v[key].(Date); return d, ok }

// Bool returns the bool value of key, or false.
func (v Values) Bool(key string) bool { b, _ := v[key].(bool); return b }

// Int returns the int value of key, or 0.
func (v Values) Int(key string) int { i, _ := v[key].(int); return i }

// Reporter receives diagnostics with Code, Pos, Span, Message and Fix set;
// the caller adds the file and the source line.
type Reporter func(diag.Diagnostic)

// Check validates a page's front matter against the common fields, the
// taxonomies and the fields of its section, reporting every problem, and
// returns the typed values of the valid fields. Values of a taxonomy with
// Pages set (cantieri) are returned unchecked: only the caller knows which
// pages exist.
func (s *Schema) Check(section string, doc *Doc, report Reporter) Values {
	out := Values{}
	w := writing{toml: doc != nil && doc.Format == "toml"}
	sec := s.Section(section)
	known := map[string]bool{}
	for _, f := range s.Common {
		known[f.Key] = true
	}
	for _, t := range s.Taxonomies {
		known[t.Key] = true
	}
	if sec != nil {
		for _, f := range sec.Fields {
			known[f.Key] = true
		}
	}
	seen := map[string]bool{}
	for _, e := range doc.Entries {
		if seen[e.Key] {
			report(diag.Diagnostic{Code: diag.FieldDuplicateKey, Pos: e.KeyPos, Span: utf8.RuneCountInString(e.Key),
				Message: fmt.Sprintf("il campo «%s» compare più di una volta", e.Key)})
			continue
		}
		seen[e.Key] = true
		if !known[e.Key] {
			names := make([]string, 0, len(known))
			for k := range known {
				names = append(names, k)
			}
			fix := "Correggi il nome del campo o toglilo: i campi ammessi qui sono descritti in schema.yaml."
			if near, ok := Closest(e.Key, names); ok {
				fix = fmt.Sprintf("Forse intendevi «%s»?", near)
			}
			report(diag.Diagnostic{Code: diag.FieldUnknown, Severity: diag.Warning, Pos: e.KeyPos,
				Span: utf8.RuneCountInString(e.Key), Message: fmt.Sprintf("il campo «%s» non è previsto per questa sezione e viene ignorato", e.Key), Fix: fix})
		}
	}
	fields := append([]*Field(nil), s.Common...)
	if sec != nil {
		fields = append(fields, sec.Fields...)
	}
	for _, f := range fields {
		e := doc.Get(f.Key)
		if e == nil || isEmpty(e.Value) {
			if f.Required {
				pos := diag.Pos{Line: 1, Col: 1} // the opening delimiter of the front matter
				if e != nil {
					pos = e.KeyPos
				}
				report(diag.Diagnostic{Code: diag.FieldRequired, Pos: pos,
					Message: fmt.Sprintf("manca il campo obbligatorio «%s» (%s)", f.Key, f.Label),
					Fix:     fmt.Sprintf("Aggiungi nell'intestazione una riga «%s». %s", w.entry(f.Key, "…"), f.Help)})
			}
			continue
		}
		if v, ok := s.checkField(f, e, w, report); ok {
			out[f.Key] = v
		}
	}
	for _, t := range s.Taxonomies {
		e := doc.Get(t.Key)
		if e == nil || isEmpty(e.Value) {
			continue
		}
		list, ok := asList(e, w, report)
		if !ok || tooMany(t.Key, e.Value, report) {
			continue
		}
		var vals []string
		dup := map[string]bool{}
		for _, it := range list {
			text := strings.TrimSpace(it.Text)
			if text == "" || tooLong(t.Key, text, it, MaxLine, true, report) {
				continue
			}
			if t.Values != nil {
				canon, ok := pick(text, t.Values)
				if !ok {
					report(unknownValue(t.Key, t.Label, text, it, t.Values, w, true))
					continue
				}
				text = canon
			}
			if !dup[text] {
				dup[text] = true
				vals = append(vals, text)
			}
		}
		if len(vals) > 0 {
			out[t.Key] = vals
		}
	}
	return out
}

func isEmpty(v Value) bool {
	switch v.Kind {
	case Null:
		return true
	case Scalar:
		return strings.TrimSpace(v.Text) == "" && v.Native != "bool"
	case List:
		return len(v.Items) == 0
	}
	return false
}

func (s *Schema) checkField(f *Field, e *Entry, w writing, report Reporter) (any, bool) {
	switch f.Type {
	case TypeReference:
		return checkReference(f, e, w, report)
	case TypeRecords:
		return s.checkRecords(f, e, w, report)
	}
	v := e.Value
	if f.Type == TypeList {
		list, ok := asList(e, w, report)
		if !ok || tooMany(f.Key, v, report) {
			return nil, false
		}
		var out []string
		for _, it := range list {
			if t := strings.TrimSpace(it.Text); t != "" && !tooLong(f.Key, t, it, MaxLine, true, report) {
				out = append(out, t)
			}
		}
		return out, len(out) > 0
	}
	if v.Kind != Scalar {
		report(diag.Diagnostic{Code: diag.FieldType, Pos: v.Pos, Span: v.Span,
			Message: fmt.Sprintf("il campo «%s» deve avere un solo valore, non %s", f.Key, kindName(v.Kind)),
			Fix:     fmt.Sprintf("Scrivi un solo valore sulla stessa riga: «%s». %s", w.entry(f.Key, "…"), f.Help)})
		return nil, false
	}
	text := strings.TrimSpace(v.Text)
	if tooLong(f.Key, text, v, lengthLimit(f), false, report) {
		return nil, false
	}
	switch f.Type {
	case TypeString, TypeText:
		if f.Values != nil {
			canon, ok := pick(text, f.Values)
			if !ok {
				report(unknownValue(f.Key, f.Label, text, v, f.Values, w, false))
				return nil, false
			}
			return canon, true
		}
		return text, true
	case TypeURL:
		u, err := url.Parse(text)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.ContainsAny(text, " \t\"<>") {
			report(diag.Diagnostic{Code: diag.FieldURL, Pos: v.Pos, Span: v.Span,
				Message: fmt.Sprintf("«%s» non è un indirizzo web completo", text),
				Fix:     "Scrivi l'indirizzo completo, che inizia con https:// (copialo dalla barra del browser)."})
			return nil, false
		}
		return text, true
	case TypeEmail:
		addr, problem := contact.Email(text)
		if problem != "" {
			report(diag.Diagnostic{Code: diag.FieldEmail, Pos: v.Pos, Span: v.Span,
				Message: fmt.Sprintf("il campo «%s» vale «%s», che non è un indirizzo e-mail valido: %s", f.Key, text, problem),
				Fix:     diag.FieldEmail.Info().Fix})
			return nil, false
		}
		return addr, true
	case TypePhone:
		if _, problem := contact.ParsePhone(text); problem != "" {
			report(diag.Diagnostic{Code: diag.FieldPhone, Pos: v.Pos, Span: v.Span,
				Message: fmt.Sprintf("il campo «%s» vale «%s», che non è un numero di telefono valido: %s", f.Key, text, problem),
				Fix:     diag.FieldPhone.Info().Fix})
			return nil, false
		}
		return text, true
	case TypeContacts:
		_, problems := contact.Split(text)
		for _, p := range problems {
			pos, span := v.Pos, v.Span
			if !strings.Contains(v.Text, "\n") && v.Pos.Line > 0 {
				// One line: point at the word itself (after the opening
				// quote, if any; the text is as written, trimmed).
				lead := len(v.Text) - len(strings.TrimLeft(v.Text, " \t"))
				pos.Col += utf8.RuneCountInString(v.Text[:lead]) + utf8.RuneCountInString(text[:p.Offset])
				if v.Quoted {
					pos.Col++
				}
				span = utf8.RuneCountInString(text[p.Offset : p.Offset+p.Len])
			}
			report(diag.Diagnostic{Code: diag.ContactSuspect, Severity: diag.Warning, Pos: pos, Span: span,
				Message: fmt.Sprintf("nel campo «%s», %s", f.Key, p.Message), Fix: p.Fix})
		}
		return text, true
	case TypeDate, TypeDateTime:
		d, msg := ParseDate(text, s.Site.Location)
		if msg != "" {
			report(diag.Diagnostic{Code: diag.FieldDate, Pos: v.Pos, Span: v.Span,
				Message: fmt.Sprintf("il campo «%s»: %s", f.Key, msg)})
			return nil, false
		}
		return d, true
	case TypeBool:
		switch strings.ToLower(text) {
		case "true", "yes":
			return true, true
		case "false", "no":
			return false, true
		}
		report(diag.Diagnostic{Code: diag.FieldType, Pos: v.Pos, Span: v.Span,
			Message: fmt.Sprintf("il campo «%s» vale «%s», ma può essere solo true o false", f.Key, text),
			Fix:     fmt.Sprintf("Scrivi «%s» (sì) oppure «%s» (no).", w.entry(f.Key, "true"), w.entry(f.Key, "false"))})
		return nil, false
	case TypeInt:
		n, err := strconv.Atoi(text)
		if err != nil {
			report(diag.Diagnostic{Code: diag.FieldType, Pos: v.Pos, Span: v.Span,
				Message: fmt.Sprintf("il campo «%s» vale «%s», ma deve essere un numero intero", f.Key, text),
				Fix:     fmt.Sprintf("Scrivi un numero senza virgolette, per esempio «%s».", w.entry(f.Key, "10"))})
			return nil, false
		}
		return n, true
	}
	return nil, false
}

// writing writes a line of the front matter the way the page writes its
// own, so that a fix can be copied: YAML («tipo: spazio») or TOML («tipo =
// "spazio"»).
type writing struct{ toml bool }

// entry writes key with value as it is (a number, true, a list, "…").
func (w writing) entry(key, value string) string {
	if w.toml {
		return key + " = " + value
	}
	return key + ": " + value
}

// text writes key with a text value, quoted where the syntax needs it.
func (w writing) text(key, value string) string {
	if w.toml {
		return w.entry(key, strconv.Quote(value))
	}
	return w.entry(key, value)
}

// asList accepts a list of scalars, or a single scalar as a list of one.
func asList(e *Entry, w writing, report Reporter) ([]Value, bool) {
	v := e.Value
	switch v.Kind {
	case Scalar:
		return []Value{v}, true
	case List:
		for _, it := range v.Items {
			if it.Kind != Scalar && it.Kind != Null {
				report(diag.Diagnostic{Code: diag.FieldType, Pos: it.Pos, Span: it.Span,
					Message: fmt.Sprintf("una voce di «%s» non è un testo semplice", e.Key),
					Fix:     fmt.Sprintf("Ogni voce della lista è un testo: «%s».", w.entry(e.Key, `["primo", "secondo"]`))})
				return nil, false
			}
		}
		return v.Items, true
	}
	fix := fmt.Sprintf("Scrivi «%s».", w.entry(e.Key, `["primo", "secondo"]`))
	if !w.toml {
		fix = fmt.Sprintf("Scrivi «%s» oppure una voce per riga che inizia con «  - ».", w.entry(e.Key, `["primo", "secondo"]`))
	}
	report(diag.Diagnostic{Code: diag.FieldType, Pos: v.Pos, Span: v.Span,
		Message: fmt.Sprintf("il campo «%s» deve essere una lista", e.Key), Fix: fix})
	return nil, false
}

func kindName(k Kind) string {
	switch k {
	case List:
		return "una lista"
	case Map:
		return "un gruppo di campi"
	}
	return "un valore vuoto"
}

// pick returns the pick-list value matching text exactly, or ignoring case
// when that is unambiguous.
func pick(text string, values []string) (string, bool) {
	for _, v := range values {
		if v == text {
			return v, true
		}
	}
	for _, v := range values {
		if strings.EqualFold(v, text) {
			return v, true
		}
	}
	return "", false
}

// unknownValue reports text, which is not one of values; list says whether
// the field takes several of them.
func unknownValue(key, label, text string, v Value, values []string, w writing, list bool) diag.Diagnostic {
	fix := fmt.Sprintf("Usa uno dei valori ammessi per «%s»: %s.", label, quoteList(values))
	if near, ok := Closest(text, values); ok {
		fix = fmt.Sprintf("Forse intendevi «%s»? Scrivilo esattamente così, accenti compresi.", near)
	}
	// Several values written as one text: "giovani, scuola".
	if parts := valuesIn(text, values); len(parts) > 1 {
		if list {
			fix = fmt.Sprintf("Sono più valori in un testo solo: scrivili come lista, «%s».", w.entry(key, `["`+strings.Join(parts, `", "`)+`"]`))
		} else {
			fix = fmt.Sprintf("«%s» ha un valore solo: scegline uno, per esempio «%s».", label, w.text(key, parts[0]))
		}
	}
	return diag.Diagnostic{Code: diag.FieldValue, Pos: v.Pos, Span: max(v.Span, utf8.RuneCountInString(text)),
		Message: fmt.Sprintf("«%s» non è un valore ammesso per «%s»", text, key), Fix: fix}
}

// valuesIn splits text at its commas and semicolons into values of the
// pick-list; nil unless every part is one.
func valuesIn(text string, values []string) []string {
	var out []string
	for _, part := range strings.FieldsFunc(text, func(r rune) bool { return r == ',' || r == ';' }) {
		v, ok := pick(strings.TrimSpace(part), values)
		if !ok {
			return nil
		}
		out = append(out, v)
	}
	return out
}

func quoteList(values []string) string {
	q := make([]string, len(values))
	for i, v := range values {
		q[i] = "«" + v + "»"
	}
	return strings.Join(q, ", ")
}

var dateLayouts = []struct {
	layout  string
	hasTime bool
	zoned   bool
}{
	{"2006-01-02", false, false},
	{time.RFC3339Nano, true, true},
	{"2006-01-02T15:04:05", true, false},
	{"2006-01-02T15:04", true, false},
	{"2006-01-02 15:04:05", true, false},
	{"2006-01-02 15:04", true, false},
	{"2006-01-02 15:04:05Z07:00", true, true},
	{"2006-01-02 15:04:05 -0700", true, true},
	{"2006-01-02 15:04:05 -07:00", true, true},
}

// ParseDate reads a front matter date in the forms YYYY-MM-DD, RFC 3339, or
// "YYYY-MM-DD hh:mm[:ss]"; dates without a zone are in loc. On failure it
// returns an Italian explanation.
func ParseDate(text string, loc *time.Location) (Date, string) {
	text = strings.TrimSpace(text)
	for _, l := range dateLayouts {
		var t time.Time
		var err error
		if l.zoned {
			t, err = time.Parse(l.layout, text)
		} else {
			t, err = time.ParseInLocation(l.layout, text, loc)
		}
		if err == nil {
			if l.zoned {
				t = t.In(loc)
			}
			return Date{Time: t, HasTime: l.hasTime}, ""
		}
		if pe, ok := err.(*time.ParseError); ok && strings.Contains(pe.Message, "out of range") && len(text) >= 10 && l.layout == "2006-01-02" {
			return Date{}, fmt.Sprintf("la data «%s» non esiste nel calendario (controlla giorno e mese)", text)
		}
	}
	// A common mistake: Italian order 31/03/2026 or 31-03-2026.
	var d, m, y int
	for _, f := range []string{"%d/%d/%d", "%d-%d-%d", "%d.%d.%d"} {
		if n, _ := fmt.Sscanf(text, f, &d, &m, &y); n == 3 && y > 31 {
			return Date{}, fmt.Sprintf("la data «%s» è scritta all'italiana; qui serve la forma AAAA-MM-GG, cioè %04d-%02d-%02d", text, y, m, d)
		}
	}
	if len(text) >= 10 {
		if _, err := time.Parse("2006-01-02", text[:10]); err != nil && strings.Count(text[:10], "-") == 2 {
			return Date{}, fmt.Sprintf("la data «%s» non esiste nel calendario (controlla giorno e mese)", text)
		}
	}
	return Date{}, fmt.Sprintf("«%s» non è una data nella forma AAAA-MM-GG", text)
}
