package schema

import (
	"fmt"
	"sort"
	"strings"

	"cantiericomuni.it/banca/generator/diag"
)

// ReferenceOptions are the options of a field of type reference: a value
// names a page of one of Sections, by its slug, its title or another of
// its fields (an organisation's sigla), compared folded (case, accents,
// punctuation and spacing do not count). The page named links back.
type ReferenceOptions struct {
	// Sections are the keys of the sections whose pages the field may
	// name.
	Sections []string `yaml:"sections"`
	// Multiple makes the field a list of references.
	Multiple bool `yaml:"multiple"`
	// Match lists what a value is compared with, in order of preference:
	// MatchSlug, MatchTitle, or the key of a string field of the sections
	// (sigla). Empty means MatchSlug only.
	Match []string `yaml:"match"`
	// Strict false keeps a value that names no page as plain text (a
	// warning when it is close to a page's name, a likely typo); unset or
	// true, such a value is an error, as a broken link is.
	Strict *bool `yaml:"strict"`
	// Backlinks, when set, heads the list of the pages naming a page
	// through the field, on the page named, apart from the others
	// ("Eventi in questo spazio"), instead of the field's label.
	Backlinks string `yaml:"backlinks"`
	// Network true makes the pages the field lists linked to each other
	// in the network of the section they belong to (Network): a multiple
	// reference to a section that declares one.
	Network bool `yaml:"network"`
}

// What a reference may be matched with, besides a field of the pages
// referred to.
const (
	MatchSlug  = "slug"
	MatchTitle = "title"
)

// MatchKeys returns what a value of the reference field f is compared
// with, in order: its Match, or MatchSlug.
func (f *Field) MatchKeys() []string {
	if len(f.Match) == 0 {
		return []string{MatchSlug}
	}
	return f.Match
}

// IsStrict reports whether a value of the reference field f that names no
// page is an error (see ReferenceOptions.Strict).
func (f *Field) IsStrict() bool { return f.Strict == nil || *f.Strict }

// Ref is one value of a reference field as written, with its place in the
// file: it is resolved to a page once every page is loaded (site).
type Ref struct {
	Text string
	Pos  diag.Pos
	// Span is the width of the value on its line.
	Span int
}

// Refs returns the references of key (one for a single reference, the
// list for a multiple one), or nil.
func (v Values) Refs(key string) []Ref { return RefsOf(v[key]) }

// RefsOf returns the references a value of a reference field holds: one
// for a single reference (Ref), the list for a multiple one ([]Ref); nil
// for any other value.
func RefsOf(v any) []Ref {
	switch x := v.(type) {
	case Ref:
		return []Ref{x}
	case []Ref:
		return x
	}
	return nil
}

// checkReference checks the value of a reference field: one text, or a
// list of texts when the field is multiple. It returns a Ref, or []Ref
// when multiple.
func checkReference(f *Field, e *Entry, w writing, report Reporter) (any, bool) {
	v := e.Value
	var items []Value
	switch {
	case v.Kind == Scalar:
		items = []Value{v}
	case v.Kind == List && f.Multiple:
		if tooMany(f.Key, v, report) {
			return nil, false
		}
		for _, it := range v.Items {
			if it.Kind != Scalar && it.Kind != Null {
				report(diag.Diagnostic{Code: diag.FieldType, Pos: it.Pos, Span: it.Span,
					Message: fmt.Sprintf("una voce di «%s» non è il nome di una pagina", e.Key),
					Fix:     fmt.Sprintf("Ogni voce è il nome di una pagina: «%s».", w.entry(e.Key, `["prima", "seconda"]`))})
				return nil, false
			}
			items = append(items, it)
		}
	case v.Kind == List:
		report(diag.Diagnostic{Code: diag.FieldType, Pos: v.Pos, Span: v.Span,
			Message: fmt.Sprintf("il campo «%s» rimanda a una pagina sola, non a una lista", e.Key),
			Fix:     fmt.Sprintf("Scrivi un solo nome sulla stessa riga: «%s». %s", w.entry(e.Key, "…"), f.Help)})
		return nil, false
	default:
		report(diag.Diagnostic{Code: diag.FieldType, Pos: v.Pos, Span: v.Span,
			Message: fmt.Sprintf("il campo «%s» deve essere il nome di una pagina, non %s", e.Key, kindName(v.Kind)),
			Fix:     fmt.Sprintf("Scrivi il nome della pagina sulla stessa riga: «%s».", w.entry(e.Key, "…"))})
		return nil, false
	}
	var refs []Ref
	for _, it := range items {
		text := strings.TrimSpace(it.Text)
		if text == "" || tooLong(f.Key, text, it, MaxLine, f.Multiple, report) {
			continue
		}
		refs = append(refs, Ref{Text: text, Pos: it.Pos, Span: it.Span})
	}
	switch {
	case len(refs) == 0:
		return nil, false
	case f.Multiple:
		return refs, true
	}
	return refs[0], true
}

// validateTypes checks the options of the reference and records types,
// and that no other type carries them: on every field, common, of a
// section or of a record. secs are the declared sections.
func (s *Schema) validateTypes(ps *problems, secs map[string]path) {
	names := make([]string, 0, len(secs))
	for k := range secs {
		names = append(names, k)
	}
	sort.Strings(names)
	var check func(at path, f *Field, inRecord bool)
	check = func(at path, f *Field, inRecord bool) {
		if f.Type != TypeReference {
			for _, o := range []struct {
				set  bool
				name string
			}{{f.Sections != nil, "sections"}, {f.Multiple, "multiple"}, {f.Match != nil, "match"}, {f.Strict != nil, "strict"}, {f.Backlinks != "", "backlinks"}, {f.Network, "network"}} {
				if o.set {
					ps.add(append(at, o.name), fmt.Sprintf("«%s» vale solo per i campi di tipo reference, e «%s» è di tipo %s", o.name, f.Key, f.Type),
						"Togli l'opzione, oppure cambia il tipo del campo in reference.")
				}
			}
		}
		if f.Type != TypeRecords && f.Fields != nil {
			ps.add(append(at, "fields"), fmt.Sprintf("«fields» vale solo per i campi di tipo records, e «%s» è di tipo %s", f.Key, f.Type),
				"Togli «fields», oppure cambia il tipo del campo in records.")
		}
		// A reference is searched and filtered by the names it shows (the
		// title of the page it names, or the text written); a list of
		// records has no one text to search or filter by.
		if f.Type == TypeRecords && (f.Facet || f.Search != nil) {
			ps.add(at, fmt.Sprintf("il campo «%s» è di tipo %s: «facet» e «search» non valgono per questo tipo", f.Key, f.Type),
				"Togli «facet» e «search» dal campo.")
		}
		switch f.Type {
		case TypeReference:
			s.validateReference(ps, at, f, secs, names)
		case TypeRecords:
			if inRecord {
				ps.add(append(at, "type"), fmt.Sprintf("il campo «%s» è una lista di voci dentro una voce: le voci non possono contenere altre liste di voci", f.Key),
					"Usa per il campo un altro tipo, per esempio list.")
				return
			}
			validateRecordFields(ps, at, f)
			for j, sf := range f.Fields {
				check(append(append(path(nil), at...), "fields", j), sf, true)
			}
		}
	}
	for i, f := range s.Common {
		if f.Type == TypeReference || f.Type == TypeRecords {
			// Pages show, and references resolve, their section's fields.
			ps.add(path{"common", i, "type"}, fmt.Sprintf("il campo «%s» è di tipo %s, che vale solo per i campi di una sezione, non per quelli di ogni scheda", f.Key, f.Type),
				"Sposta il campo nei fields della sezione che lo usa.")
			continue
		}
		check(path{"common", i}, f, false)
	}
	for i, sec := range s.Sections {
		for j, f := range sec.Fields {
			check(path{"sections", i, "fields", j}, f, false)
		}
	}
}

// validateReference checks the options of the reference field f at at:
// the sections exist, and what it matches is the slug, the title or a
// string field of one of them.
func (s *Schema) validateReference(ps *problems, at path, f *Field, secs map[string]path, names []string) {
	if len(f.Sections) == 0 {
		ps.add(at, fmt.Sprintf("il campo «%s» è di tipo reference ma non dice a quali sezioni rimanda (sections)", f.Key),
			"Aggiungi per esempio «sections: [cantieri]», con le chiavi delle sezioni delle pagine a cui rimanda.")
		return
	}
	var targets []*Section
	for i, key := range f.Sections {
		if secs[key] == nil {
			fix := "Scrivi la chiave di una sezione: " + strings.Join(names, ", ") + "."
			if near, ok := Closest(key, names); ok {
				fix = fmt.Sprintf("Forse intendevi «%s»?", near)
			}
			ps.add(append(at, "sections", i), fmt.Sprintf("il campo «%s» rimanda alla sezione «%s», che non esiste", f.Key, key), fix)
			continue
		}
		targets = append(targets, s.Section(key))
	}
	for i, m := range f.Match {
		if m == MatchSlug || m == MatchTitle {
			continue
		}
		found := false
		for _, sec := range targets {
			if tf := sec.Field(m); tf != nil && tf.Type == TypeString {
				found = true
			}
		}
		if !found && len(targets) == len(f.Sections) {
			ps.add(append(at, "match", i), fmt.Sprintf("il campo «%s» confronta i nomi con «%s», che non è «slug», «title» né un campo di tipo string delle sezioni a cui rimanda", f.Key, m),
				"Scrivi per esempio «match: [slug, title, sigla]», dove sigla è un campo di tipo string della sezione a cui il campo rimanda.")
		}
	}
}
