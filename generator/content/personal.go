package content

import (
	"slices"
	"strings"
	"unicode/utf8"

	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/personal"
	"cantiericomuni.it/banca/generator/schema"
)

// checkPersonal reports the personal data in a page of a section that
// declares personal_data: warn (minutes, needs): telephone numbers,
// people's e-mail addresses and codici fiscali, in the text and in the
// front matter's fields of text (strings, paragraphs, lists, records).
// Fields meant for contacts (contacts, email, phone, url) are left alone,
// and so are those that hold no text (dates, references, …). Each is a
// warning at its place, once per line and kind.
func checkPersonal(p *Page, sch *schema.Schema, sec *schema.Section, report schema.Reporter) {
	if !sec.GuardsPersonalData() || p.Source == nil {
		return
	}
	starts := p.lineStarts()
	lineOf := func(off int) int { // 1-based
		i, found := slices.BinarySearch(starts, off)
		if !found {
			i--
		}
		return i + 1
	}
	bodyLine := lineOf(min(p.BodyOffset, len(p.Source)))
	scan := func(from, to int) { // lines, inclusive
		for n := max(from, 1); n <= to && n <= len(starts); n++ {
			end := len(p.Source)
			if n < len(starts) {
				end = starts[n]
			}
			line := strings.TrimRight(string(p.Source[starts[n-1]:end]), "\r\n")
			reportHits(line, n, report)
		}
	}
	if p.Front != nil {
		entries := slices.Clone(p.Front.Entries)
		slices.SortStableFunc(entries, func(a, b schema.Entry) int { return a.KeyPos.Line - b.KeyPos.Line })
		for i, e := range entries {
			if e.KeyPos.Line <= 0 || !textual(sch.Field(sec.Key, e.Key), e.Key) {
				continue
			}
			last := bodyLine - 2 // the line before the closing ---
			if i+1 < len(entries) && entries[i+1].KeyPos.Line > 0 {
				last = entries[i+1].KeyPos.Line - 1
			}
			scan(e.KeyPos.Line, last)
		}
	}
	if p.Body != nil {
		scan(bodyLine, len(starts))
	}
}

// textual reports whether a front matter field may hold personal data
// that does not belong there: a field of text, or one the schema does not
// know (reported apart). The page's address and old addresses are paths.
func textual(f *schema.Field, key string) bool {
	if f == nil {
		return true
	}
	switch {
	case key == "slug" || key == "aliases":
		return false
	case f.Type == schema.TypeString, f.Type == schema.TypeText, f.Type == schema.TypeList, f.Type == schema.TypeRecords:
		return true
	}
	return false
}

// reportHits reports the personal data of line n, once per kind.
func reportHits(line string, n int, report schema.Reporter) {
	if !utf8.ValidString(line) {
		return
	}
	seen := map[personal.Kind]bool{}
	for _, h := range personal.Find(line) {
		if seen[h.Kind] {
			continue
		}
		seen[h.Kind] = true
		d := diag.Diagnostic{Code: diag.PersonalData, Severity: diag.Warning,
			Pos:  diag.Pos{Line: n, Col: utf8.RuneCountInString(line[:h.Offset]) + 1},
			Span: utf8.RuneCountInString(h.Text), Source: line}
		switch h.Kind {
		case personal.Phone:
			d.Message = "«" + h.Text + "» sembra un numero di telefono: in questa scheda non vanno i recapiti delle persone"
			d.Fix = "Togli il numero e scrivi il nome dell'ente: i recapiti stanno nella scheda dell'ente, nel campo «Contatti», e sono quelli dell'ente (il centralino, la segreteria), non di una persona."
		case personal.Email:
			d.Message = "«" + h.Text + "» sembra l'indirizzo e-mail di una persona: in questa scheda non vanno i recapiti delle persone"
			d.Fix = "Togli l'indirizzo e scrivi il nome dell'ente: i recapiti stanno nella scheda dell'ente, nel campo «Contatti», con un indirizzo dell'ufficio (info@…, segreteria@…), non di una persona."
		case personal.TaxCode:
			d.Message = "«" + h.Text + "» è un codice fiscale: è un dato personale e non va pubblicato"
			d.Fix = "Togli il codice fiscale: sul sito non serve. Per dire chi se ne occupa basta il nome dell'ente; i suoi recapiti stanno nella sua scheda, nel campo «Contatti»."
		}
		report(d)
	}
}
