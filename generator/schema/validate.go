package schema

import (
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"time"
)

// keyRE is what a key of a field, taxonomy or section may be: it is
// written in front matter, and sections and taxonomies are folders and
// addresses.
var keyRE = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// sectionKeyRE is what a section key may be: a folder and an address.
var sectionKeyRE = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)

// validate checks what the decoder cannot: names, types, references
// between declarations; it fills in the defaults of the site settings.
// Every problem goes to ps, at its place in the file.
func (s *Schema) validate(ps *problems) {
	s.validateSite(ps)
	typeNames := make([]string, 0, len(knownTypes))
	for t := range knownTypes {
		typeNames = append(typeNames, t)
	}
	sort.Strings(typeNames)
	// owner says where each front matter key is declared: common fields
	// and taxonomies apply to every section.
	owner := map[string]path{}
	field := func(at path, f *Field, own map[string]path) {
		switch {
		case f.Key == "":
			ps.add(at, "un campo non ha la chiave (key), il nome che si scrive nell'intestazione delle pagine",
				"Aggiungi «key: nome» al campo, in minuscolo (per esempio «key: scadenza»).")
			return
		case !keyRE.MatchString(f.Key):
			ps.add(append(at, "key"), fmt.Sprintf("la chiave «%s» può contenere solo lettere minuscole senza accenti, cifre e «_»", f.Key),
				"Scrivi la chiave in minuscolo, con «_» al posto degli spazi (per esempio data_firma).")
		}
		if prev, dup := owner[f.Key]; dup {
			ps.add(append(at, "key"), fmt.Sprintf("il campo «%s» è già dichiarato (riga %d)", f.Key, lineOf(ps, prev)),
				"Togli una delle due dichiarazioni, o cambia la chiave di una.")
		} else if prev, dup := own[f.Key]; dup {
			ps.add(append(at, "key"), fmt.Sprintf("il campo «%s» è già dichiarato in questa sezione (riga %d)", f.Key, lineOf(ps, prev)),
				"Togli una delle due dichiarazioni, o cambia la chiave di una.")
		} else {
			own[f.Key] = at
		}
		if !knownTypes[f.Type] {
			fix := "I tipi sono: " + strings.Join(typeNames, ", ") + "."
			if near, ok := Closest(f.Type, typeNames); ok {
				fix = fmt.Sprintf("Forse intendevi «%s»? %s", near, fix)
			}
			if f.Type == "" {
				ps.add(at, fmt.Sprintf("il campo «%s» non ha il tipo (type)", f.Key), fix)
			} else {
				ps.add(append(at, "type"), fmt.Sprintf("il campo «%s» ha un tipo sconosciuto: «%s»", f.Key, f.Type), fix)
			}
		}
		if f.Values != nil {
			ps.pickList(append(at, "values"), f.Key, f.Values)
			if f.Type != TypeString && f.Type != TypeText && f.Type != TypeList && knownTypes[f.Type] {
				ps.add(append(at, "values"), fmt.Sprintf("il campo «%s» è di tipo %s, che non può avere un elenco di valori", f.Key, f.Type),
					"Togli «values», oppure cambia il tipo in string.")
			}
		}
		if f.Search != nil && f.Search.Weight <= 0 {
			ps.add(append(at, "search", "weight"), fmt.Sprintf("il peso nella ricerca del campo «%s» deve essere un numero maggiore di zero", f.Key),
				"Scrivi «search: {weight: 1}» (più alto per i campi più importanti), o togli «search».")
		}
		if (f.NotBefore != "" || f.Past || f.EndsDay) && f.Type != TypeDate && f.Type != TypeDateTime && knownTypes[f.Type] {
			ps.add(at, fmt.Sprintf("il campo «%s» non è una data: «not_before», «past» e «ends_day» valgono solo per i tipi date e datetime", f.Key),
				"Togli l'opzione, oppure cambia il tipo del campo.")
		}
	}
	common := map[string]path{}
	for i, f := range s.Common {
		field(path{"common", i}, f, common)
	}
	for k, v := range common {
		owner[k] = v
	}
	taxes := map[string]path{}
	for i, t := range s.Taxonomies {
		at := path{"taxonomies", i}
		switch {
		case t.Key == "":
			ps.add(at, "una tassonomia non ha la chiave (key)", "Aggiungi «key: nome» alla tassonomia, in minuscolo (per esempio «key: argomenti»).")
			continue
		case !keyRE.MatchString(t.Key):
			ps.add(append(at, "key"), fmt.Sprintf("la chiave «%s» può contenere solo lettere minuscole senza accenti, cifre e «_»", t.Key),
				"Scrivi la chiave in minuscolo: è anche l'indirizzo dei suoi elenchi (/argomenti/).")
		}
		if prev, dup := owner[t.Key]; dup {
			ps.add(append(at, "key"), fmt.Sprintf("la tassonomia «%s» ha lo stesso nome di un campo (riga %d)", t.Key, lineOf(ps, prev)),
				"Cambia la chiave della tassonomia o del campo.")
		} else if prev, dup := taxes[t.Key]; dup {
			ps.add(append(at, "key"), fmt.Sprintf("la tassonomia «%s» è già dichiarata (riga %d)", t.Key, lineOf(ps, prev)),
				"Togli una delle due dichiarazioni.")
		} else {
			taxes[t.Key] = at
		}
		if t.Values != nil {
			ps.pickList(append(at, "values"), t.Key, t.Values)
		}
		if r := t.Related; r != nil {
			if r.Weight <= 0 {
				ps.add(append(at, "related", "weight"), fmt.Sprintf("il peso di «%s» per le schede correlate deve essere un numero maggiore di zero", t.Key),
					"Scrivi per esempio «related: {weight: 2, reason: stesso argomento}», o togli «related».")
			}
			if strings.TrimSpace(r.Reason) == "" {
				ps.add(append(at, "related"), fmt.Sprintf("manca il motivo (reason) con cui «%s» spiega ai lettori una scheda correlata", t.Key),
					"Aggiungi per esempio «reason: stesso argomento».")
			}
		}
	}
	for i, t := range s.Taxonomies {
		switch t.SchemaOrg {
		case "", TaxonomyKeywords, TaxonomySpatial:
		default:
			ps.add(path{"taxonomies", i, "schema_org"}, fmt.Sprintf("«schema_org: %s» della tassonomia «%s» non è un ruolo che il generatore conosce", t.SchemaOrg, t.Key),
				"Scrivi «schema_org: keywords» (gli argomenti di un articolo) o «schema_org: spatial» (i luoghi), o toglilo.")
		}
	}
	for k, v := range taxes {
		owner[k] = v
	}
	secs := map[string]path{}
	for i, sec := range s.Sections {
		at := path{"sections", i}
		switch {
		case sec.Key == "":
			ps.add(at, "una sezione non ha la chiave (key), il nome della sua cartella in content/",
				"Aggiungi «key: nome» alla sezione, in minuscolo (per esempio «key: pratiche»).")
			continue
		case !sectionKeyRE.MatchString(sec.Key):
			ps.add(append(at, "key"), fmt.Sprintf("la chiave «%s» può contenere solo lettere minuscole senza accenti, cifre e «-»: è una cartella e un indirizzo", sec.Key),
				"Scrivi la chiave in minuscolo, con «-» al posto degli spazi (per esempio buone-pratiche).")
		}
		if prev, dup := secs[sec.Key]; dup {
			ps.add(append(at, "key"), fmt.Sprintf("la sezione «%s» è dichiarata due volte (la prima alla riga %d)", sec.Key, lineOf(ps, prev)),
				"Togli una delle due dichiarazioni, o unisci i loro campi.")
			continue
		}
		secs[sec.Key] = at
		if strings.TrimSpace(sec.Label) == "" {
			ps.add(at, fmt.Sprintf("la sezione «%s» non ha l'etichetta (label), il nome che i lettori vedono nel menu", sec.Key),
				"Aggiungi per esempio «label: Buone pratiche».")
		}
		own := map[string]path{}
		for j, f := range sec.Fields {
			field(path{"sections", i, "fields", j}, f, own)
		}
		sec.validate(ps, at)
		sec.validateLifecycle(ps, at, s.Site.ClosingSoonDays)
	}
	s.validateTypes(ps, secs)
	s.validateRecordLifecycles(ps)
	s.validateNeeds(ps, secs)
	s.validateGrouping(ps)
	// Dates that refer to other dates: in their section or common.
	dates := func(fields []*Field) map[string]bool {
		m := map[string]bool{}
		for _, f := range fields {
			if f.Type == TypeDate || f.Type == TypeDateTime {
				m[f.Key] = true
			}
		}
		return m
	}
	checkRefs := func(at func(int) path, fields []*Field, known map[string]bool) {
		for j, f := range fields {
			if f.NotBefore == "" || known[f.NotBefore] && f.NotBefore != f.Key {
				continue
			}
			ps.add(append(at(j), "not_before"), fmt.Sprintf("«not_before: %s» del campo «%s» non nomina un'altra data della stessa sezione", f.NotBefore, f.Key),
				"Scrivi la chiave di un campo di tipo date o datetime (per esempio «not_before: date»).")
		}
	}
	commonDates := dates(s.Common)
	checkRefs(func(j int) path { return path{"common", j} }, s.Common, commonDates)
	for i, sec := range s.Sections {
		known := dates(sec.Fields)
		for k := range commonDates {
			known[k] = true
		}
		checkRefs(func(j int) path { return path{"sections", i, "fields", j} }, sec.Fields, known)
	}
	for i, t := range s.Taxonomies {
		if t.Pages != "" && secs[t.Pages] == nil {
			names := make([]string, 0, len(secs))
			for k := range secs {
				names = append(names, k)
			}
			sort.Strings(names)
			fix := "Scrivi la chiave di una sezione: " + strings.Join(names, ", ") + "."
			if near, ok := Closest(t.Pages, names); ok {
				fix = fmt.Sprintf("Forse intendevi «%s»?", near)
			}
			ps.add(path{"taxonomies", i, "pages"}, fmt.Sprintf("la tassonomia «%s» rimanda alla sezione «%s», che non esiste", t.Key, t.Pages), fix)
		}
		if at, clash := secs[t.Key]; clash && t.Pages == "" {
			ps.add(append(at, "key"), fmt.Sprintf("la sezione «%s» avrebbe lo stesso indirizzo (/%s/) della tassonomia con la stessa chiave", t.Key, t.Key),
				"Cambia la chiave della sezione o della tassonomia; solo una tassonomia che ha «pages» uguale alla sezione può condividerne il nome.")
		}
	}
	s.validateHome(ps)
	s.validateCalendar(ps)
	if len(s.Sections) == 0 && len(ps.list) == 0 {
		// Every page is in a section: without one, each file would be
		// reported as out of place instead of this file. Other problems
		// of the file come first.
		ps.add(path{"sections"}, "lo schema non dichiara nessuna sezione (sections): nessuna pagina avrebbe un posto nel sito",
			"Ripristina l'elenco «sections:» di schema.yaml (con opportunita, protocolli, pratiche, risorse, cantieri e pagine), per esempio dalla versione precedente del file.")
	}
}

// validateSite checks the site settings and fills in their defaults.
func (s *Schema) validateSite(ps *problems) {
	if s.Site.TimeZone == "" {
		s.Site.TimeZone = "Europe/Rome"
	}
	loc, err := time.LoadLocation(s.Site.TimeZone)
	if err != nil || s.Site.TimeZone == "Local" {
		ps.add(path{"site", "time_zone"}, fmt.Sprintf("il fuso orario «%s» non esiste", s.Site.TimeZone),
			"Scrivi il fuso orario nella forma Continente/Città: per l'Italia «Europe/Rome».")
		loc = time.UTC
	}
	s.Site.Location = loc
	// The maximums keep every page light: 100 cards make a list of
	// about 28 KB compressed (the goal for any page is 30 KB), a dozen
	// related pages are already more than a reader looks at.
	for _, n := range []struct {
		key      string
		v        *int
		def, max int
		why      string
	}{
		{"page_size", &s.Site.PageSize, 20, 100, "le pagine degli elenchi diventerebbero troppo pesanti"},
		{"related_count", &s.Site.RelatedCount, 3, 12, "ogni pagina ne mostrerebbe più di quante se ne leggono"},
		{"closing_soon_days", &s.Site.ClosingSoonDays, 14, 365, "«in scadenza» vorrebbe dire più di un anno"},
	} {
		switch {
		case *n.v < 0:
			ps.add(path{"site", n.key}, fmt.Sprintf("«%s» deve essere un numero maggiore di zero", n.key),
				fmt.Sprintf("Scrivi un numero positivo, o togli la riga per usare il valore predefinito (%d).", n.def))
		case *n.v > n.max:
			ps.add(path{"site", n.key}, fmt.Sprintf("«%s» vale %d, ma può valere al massimo %d: %s", n.key, *n.v, n.max, n.why),
				fmt.Sprintf("Scrivi un numero fino a %d, o togli la riga per usare il valore predefinito (%d).", n.max, n.def))
		}
		if *n.v <= 0 || *n.v > n.max {
			*n.v = n.def
		}
	}
	if s.Site.Language == "" {
		s.Site.Language = "it"
	}
	if b := s.Site.BaseURL; b != "" {
		if u, err := url.Parse(b); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			ps.add(path{"site", "base_url"}, fmt.Sprintf("«%s» non è l'indirizzo completo del sito", b),
				"Scrivi l'indirizzo con https://, per esempio «base_url: https://banca.cantiericomuni.it».")
		}
	}
}

// pickList checks a list of values: none empty, none twice.
func (ps *problems) pickList(at path, key string, values []string) {
	if len(values) == 0 {
		ps.add(at, fmt.Sprintf("l'elenco dei valori di «%s» è vuoto: nessun valore sarebbe ammesso", key),
			"Scrivi i valori ammessi, o togli «values» per accettare qualsiasi testo.")
		return
	}
	seen := map[string]int{}
	for i, v := range values {
		norm := strings.ToLower(strings.TrimSpace(v))
		if norm == "" {
			ps.add(append(at, i), fmt.Sprintf("un valore di «%s» è vuoto", key), "Togli il valore vuoto dall'elenco.")
			continue
		}
		if j, dup := seen[norm]; dup {
			ps.add(append(at, i), fmt.Sprintf("il valore «%s» di «%s» compare due volte (è anche il %dº)", v, key, j+1),
				"Togli uno dei due: maiuscole e minuscole contano come la stessa parola.")
			continue
		}
		seen[norm] = i
	}
}

// lineOf is the line of the place p in the file, for messages.
func lineOf(ps *problems, p path) int {
	line, _ := ps.locate(p)
	return line
}
