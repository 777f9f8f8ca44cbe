package schema

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"cantiericomuni.it/banca/generator/diag"
)

// RecordOptions are the options of a field of type records: a list of
// small records (the actions of a meeting's minutes), each with the typed
// sub-fields Fields (any type but records), checked as front matter is.
type RecordOptions struct {
	Fields []*Field `yaml:"fields"`
	// Lifecycle, when set, gives each record a status of its own, as a
	// section's lifecycle gives its pages (an action is da fare until its
	// due date, in ritardo after it, fatta once marked done); its dates
	// and its done field are sub-fields (recordlife.go).
	Lifecycle *Lifecycle `yaml:"lifecycle"`
	// List, with Lifecycle, declares the list of the open records of
	// the whole site (ItemList).
	List *ItemList `yaml:"list"`
}

// Record is one record of a records field: the typed values of its
// sub-fields (as Values: absent and empty ones are not in the map) and
// the place in the file where it starts.
type Record struct {
	Pos    diag.Pos
	Values Values
}

// Records returns the records of key, or nil.
func (v Values) Records(key string) []Record { r, _ := v[key].([]Record); return r }

// Field returns the sub-field of the records field f with key, or nil.
func (f *Field) Field(key string) *Field {
	for _, sf := range f.Fields {
		if sf.Key == key {
			return sf
		}
	}
	return nil
}

// checkRecords checks the value of a records field: a list of groups of
// sub-fields, each sub-field checked by its type at its own line and
// column. It returns []Record.
func (s *Schema) checkRecords(f *Field, e *Entry, w writing, report Reporter) (any, bool) {
	v := e.Value
	if v.Kind != List {
		report(diag.Diagnostic{Code: diag.FieldType, Pos: v.Pos, Span: v.Span,
			Message: fmt.Sprintf("il campo «%s» deve essere una lista di voci, ognuna con i suoi campi", e.Key),
			Fix:     recordsFix(f, w)})
		return nil, false
	}
	if tooMany(f.Key, v, report) {
		return nil, false
	}
	var out []Record
	for i, it := range v.Items {
		if it.Kind == Null {
			continue
		}
		// Messages about a record say which one it is.
		where := fmt.Sprintf("nella voce %d di «%s», ", i+1, e.Key)
		sub := func(d diag.Diagnostic) {
			d.Message = where + d.Message
			report(d)
		}
		if it.Kind != Map {
			report(diag.Diagnostic{Code: diag.FieldType, Pos: it.Pos, Span: it.Span,
				Message: fmt.Sprintf("la voce %d di «%s» deve essere un gruppo di campi, non %s", i+1, e.Key, kindValueName(it)),
				Fix:     recordsFix(f, w)})
			continue
		}
		rec := Record{Pos: it.Pos, Values: Values{}}
		seen := map[string]bool{}
		for j := range it.Entries {
			se := &it.Entries[j]
			if seen[se.Key] {
				sub(diag.Diagnostic{Code: diag.FieldDuplicateKey, Pos: se.KeyPos, Span: utf8.RuneCountInString(se.Key),
					Message: fmt.Sprintf("il campo «%s» compare più di una volta", se.Key)})
				continue
			}
			seen[se.Key] = true
			sf := f.Field(se.Key)
			if sf == nil {
				names := make([]string, len(f.Fields))
				for k, x := range f.Fields {
					names[k] = x.Key
				}
				fix := "I campi di ogni voce sono: " + strings.Join(names, ", ") + "."
				if near, ok := Closest(se.Key, names); ok {
					fix = fmt.Sprintf("Forse intendevi «%s»?", near)
				}
				sub(diag.Diagnostic{Code: diag.FieldUnknown, Severity: diag.Warning, Pos: se.KeyPos, Span: utf8.RuneCountInString(se.Key),
					Message: fmt.Sprintf("il campo «%s» non è previsto e viene ignorato", se.Key), Fix: fix})
				continue
			}
			if isEmpty(se.Value) {
				continue
			}
			if val, ok := s.checkField(sf, se, w, sub); ok {
				rec.Values[sf.Key] = val
			}
		}
		for _, sf := range f.Fields {
			if !sf.Required {
				continue
			}
			if se := it.get(sf.Key); se == nil || isEmpty(se.Value) {
				pos, span := it.Pos, it.Span
				if se != nil {
					pos, span = se.KeyPos, utf8.RuneCountInString(se.Key)
				}
				sub(diag.Diagnostic{Code: diag.FieldRequired, Pos: pos, Span: span,
					Message: fmt.Sprintf("manca il campo obbligatorio «%s» (%s)", sf.Key, sf.Label),
					Fix:     fmt.Sprintf("Aggiungi alla voce «%s». %s", w.entry(sf.Key, "…"), sf.Help)})
			}
		}
		out = append(out, rec)
	}
	return out, len(out) > 0
}

// get returns the entry of a group of fields (a Map value) with key, or nil.
func (v *Value) get(key string) *Entry {
	for i := range v.Entries {
		if v.Entries[i].Key == key {
			return &v.Entries[i]
		}
	}
	return nil
}

// kindValueName names the shape of v, in Italian, for messages.
func kindValueName(v Value) string {
	if v.Kind == Scalar {
		return fmt.Sprintf("il testo «%s»", v.Text)
	}
	return kindName(v.Kind)
}

// recordsFix shows how a records field is written, with its required
// sub-fields (or its first one).
func recordsFix(f *Field, w writing) string {
	var keys []string
	for _, sf := range f.Fields {
		if sf.Required {
			keys = append(keys, sf.Key)
		}
	}
	if len(keys) == 0 && len(f.Fields) > 0 {
		keys = []string{f.Fields[0].Key}
	}
	if w.toml {
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = k + ` = "…"`
		}
		return fmt.Sprintf("Scrivi ogni voce tra graffe: «%s = [{%s}]», oppure una tabella «[[%s]]» per voce.", f.Key, strings.Join(parts, ", "), f.Key)
	}
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + ": …"
	}
	return fmt.Sprintf("Scrivi una voce per riga che inizia con «  - », con i suoi campi: «%s:» e sotto «  - %s».", f.Key, strings.Join(parts, ", "))
}

// validateRecordFields checks the sub-fields of the records field f at
// at: each has a key, a known type and a label (the heading of its column);
// options that apply to a page as a whole are refused.
func validateRecordFields(ps *problems, at path, f *Field) {
	if len(f.Fields) == 0 {
		ps.add(at, fmt.Sprintf("il campo «%s» è di tipo records ma non dichiara i campi delle sue voci (fields)", f.Key),
			"Aggiungi «fields:» con i campi di ogni voce, come i campi di una sezione (key, type, label, help).")
		return
	}
	typeNames := make([]string, 0, len(knownTypes))
	for t := range knownTypes {
		if t != TypeRecords {
			typeNames = append(typeNames, t)
		}
	}
	sort.Strings(typeNames)
	own := map[string]bool{}
	for j, sf := range f.Fields {
		sat := append(append(path(nil), at...), "fields", j)
		switch {
		case sf.Key == "":
			ps.add(sat, fmt.Sprintf("un campo delle voci di «%s» non ha la chiave (key)", f.Key),
				"Aggiungi «key: nome» al campo, in minuscolo (per esempio «key: cosa»).")
			continue
		case !keyRE.MatchString(sf.Key):
			ps.add(append(sat, "key"), fmt.Sprintf("la chiave «%s» può contenere solo lettere minuscole senza accenti, cifre e «_»", sf.Key),
				"Scrivi la chiave in minuscolo, con «_» al posto degli spazi.")
		case own[sf.Key]:
			ps.add(append(sat, "key"), fmt.Sprintf("il campo «%s» è già dichiarato nelle voci di «%s»", sf.Key, f.Key),
				"Togli una delle due dichiarazioni, o cambia la chiave di una.")
		}
		own[sf.Key] = true
		if !knownTypes[sf.Type] {
			fix := "I tipi sono: " + strings.Join(typeNames, ", ") + "."
			if near, ok := Closest(sf.Type, typeNames); ok {
				fix = fmt.Sprintf("Forse intendevi «%s»? %s", near, fix)
			}
			ps.add(append(sat, "type"), fmt.Sprintf("il campo «%s» delle voci di «%s» ha un tipo sconosciuto: «%s»", sf.Key, f.Key, sf.Type), fix)
		}
		if strings.TrimSpace(sf.Label) == "" {
			ps.add(sat, fmt.Sprintf("il campo «%s» delle voci di «%s» non ha l'etichetta (label), l'intestazione della sua colonna", sf.Key, f.Key),
				"Aggiungi per esempio «label: Chi».")
		}
		if sf.Values != nil {
			ps.pickList(append(sat, "values"), sf.Key, sf.Values)
			if sf.Type != TypeString && sf.Type != TypeText && sf.Type != TypeList && knownTypes[sf.Type] {
				ps.add(append(sat, "values"), fmt.Sprintf("il campo «%s» è di tipo %s, che non può avere un elenco di valori", sf.Key, sf.Type),
					"Togli «values», oppure cambia il tipo in string.")
			}
		}
		if sf.NotBefore != "" || sf.Past || sf.EndsDay || sf.Advanced || sf.Facet || sf.Search != nil {
			ps.add(sat, fmt.Sprintf("il campo «%s» è in una voce di «%s»: «not_before», «past», «ends_day», «advanced», «facet» e «search» valgono solo per i campi della pagina", sf.Key, f.Key),
				"Togli l'opzione dal campo della voce.")
		}
	}
}
