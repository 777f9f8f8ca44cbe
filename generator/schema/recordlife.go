package schema

import (
	"fmt"
	"strings"
)

// ItemList declares the list of the open records of a records field with
// a lifecycle, gathered from every page of its section (the open actions
// of every meeting's minutes, late ones first): a page at
// /<section>/<Path>/ grouped by the terms of a taxonomy (Group), and a
// page at /<section>/<Path>/<Owner.Path>/ grouped by who owns them
// (Owner). The page of whoever a record names as owner lists the records
// it owns.
type ItemList struct {
	// Path is the list's address under its section's ("azioni":
	// /verbali/azioni/).
	Path string `yaml:"path"`
	// Title is its heading and the name of the links to it ("Azioni
	// aperte"); Description says what it lists, under the heading.
	Title       string `yaml:"title"`
	Description string `yaml:"description"`
	// Date names the date field of the section's pages shown beside the
	// link to the page that holds a record (the day of the meeting);
	// empty, the page's publication date.
	Date string `yaml:"date"`
	// Group and Owner are its two views; either may be left out.
	Group *ItemGroup `yaml:"group"`
	Owner *ItemOwner `yaml:"owner"`
}

// ItemGroup groups a list of records by the terms of Taxonomy on the
// pages that hold them (cantieri), in the order of its terms; the records
// of pages without one come last, under None ("Senza cantiere"). Label
// names the view ("Per cantiere").
type ItemGroup struct {
	Taxonomy string `yaml:"taxonomy"`
	Label    string `yaml:"label"`
	None     string `yaml:"none"`
}

// ItemOwner groups a list of records by the value of their sub-field
// Field (a reference: the page it names, or the name as written), on a
// page of its own at Path under the list; the records without one come
// last, under None ("Senza responsabile"). Label names the view ("Per
// responsabile").
type ItemOwner struct {
	Field string `yaml:"field"`
	Path  string `yaml:"path"`
	Label string `yaml:"label"`
	None  string `yaml:"none"`
}

// HasLifecycle reports whether the records of the field f carry a status.
func (f *Field) HasLifecycle() bool {
	return f != nil && f.Type == TypeRecords && f.Lifecycle != nil
}

// validateRecordLifecycles checks the lifecycles and lists of records
// fields, and that no other field declares one; soon is the site's
// closing_soon_days, the default of soon_days.
func (s *Schema) validateRecordLifecycles(ps *problems) {
	var check func(at path, sec *Section, f *Field, inRecord bool)
	check = func(at path, sec *Section, f *Field, inRecord bool) {
		if f.Lifecycle == nil && f.List == nil {
			for j, sf := range f.Fields {
				check(append(append(path(nil), at...), "fields", j), sec, sf, true)
			}
			return
		}
		if f.Type != TypeRecords || inRecord || sec == nil {
			what := "lifecycle"
			if f.Lifecycle == nil {
				what = "list"
			}
			ps.add(append(at, what), fmt.Sprintf("«%s» vale solo per i campi di tipo records di una sezione, e «%s» è di tipo %s", what, f.Key, f.Type),
				"Togli l'opzione: il ciclo di vita di una sezione si dichiara nella sezione, quello delle voci nel loro campo di tipo records.")
			return
		}
		s.validateRecordLifecycle(ps, at, sec, f)
	}
	for i, f := range s.Common {
		check(path{"common", i}, nil, f, false)
	}
	for i, sec := range s.Sections {
		for j, f := range sec.Fields {
			check(path{"sections", i, "fields", j}, sec, f, false)
		}
	}
}

// validateRecordLifecycle checks the lifecycle and the list of the records
// field f of sec, at at.
func (s *Schema) validateRecordLifecycle(ps *problems, at path, sec *Section, f *Field) {
	whose := fmt.Sprintf("delle voci di «%s»", f.Key)
	lc := f.Lifecycle
	if lc == nil {
		ps.add(append(at, "list"), fmt.Sprintf("l'elenco delle voci aperte di «%s» (list) richiede il loro ciclo di vita (lifecycle)", f.Key),
			"Aggiungi al campo «lifecycle:» con la data (field), il campo che le chiude (done) e gli stati, o togli «list».")
		return
	}
	lat := append(append(path(nil), at...), "lifecycle")
	if lc.SoonDays == nil {
		soon := s.Site.ClosingSoonDays
		lc.SoonDays = &soon
	} else if *lc.SoonDays < 0 || *lc.SoonDays > 365 {
		ps.add(append(lat, "soon_days"), fmt.Sprintf("«soon_days» del ciclo di vita %s deve essere un numero di giorni fra 0 e 365", whose),
			"Scrivi per esempio «soon_days: 7», o toglilo per usare closing_soon_days del sito.")
	}
	sub := func(key, what, typ string) {
		sf := f.Field(key)
		switch {
		case sf == nil:
			ps.add(append(lat, what), fmt.Sprintf("il ciclo di vita %s indica il campo «%s», che le voci non hanno", whose, key),
				"Scrivi la chiave di uno dei campi dichiarati sotto «fields» delle voci.")
		case typ == TypeBool && sf.Type != TypeBool:
			ps.add(append(lat, what), fmt.Sprintf("«%s» del ciclo di vita %s indica il campo «%s», che è di tipo %s e non bool", what, whose, key, sf.Type),
				"Indica un campo di tipo bool delle voci (per esempio «fatto»), che dice quando la voce è chiusa.")
		case typ != TypeBool && sf.Type != TypeDate && sf.Type != TypeDateTime:
			ps.add(append(lat, what), fmt.Sprintf("il ciclo di vita %s indica il campo «%s», che è di tipo %s e non una data", whose, key, sf.Type),
				"Indica un campo di tipo date o datetime delle voci.")
		}
	}
	kind := lc.Kind()
	switch kind {
	case KindPeriod:
		if lc.Start == "" {
			ps.add(lat, fmt.Sprintf("il ciclo di vita %s ha la fine (end) ma non l'inizio (start)", whose),
				"Aggiungi «start: campo» con la data di inizio.")
		} else {
			sub(lc.Start, "start", TypeDate)
		}
		if lc.End != "" {
			sub(lc.End, "end", TypeDate)
		}
		if lc.Field != "" || lc.Done != "" {
			ps.add(lat, fmt.Sprintf("il ciclo di vita %s mescola un periodo (start, end) con una scadenza (field, done)", whose),
				"Un ciclo di vita è una scadenza (field), un'azione (field e done) o un periodo (start ed end): scegline uno.")
		}
	default:
		if lc.Field == "" {
			ps.add(lat, fmt.Sprintf("il ciclo di vita %s non indica il campo della data (field)", whose),
				"Aggiungi per esempio «field: entro».")
		} else {
			sub(lc.Field, "field", TypeDate)
		}
		if lc.Done != "" {
			sub(lc.Done, "done", TypeBool)
		}
	}
	validateStates(ps, lat, lc, kind, whose)
	if lc.Lists != nil {
		ps.add(append(lat, "lists"), fmt.Sprintf("«lists» vale per il ciclo di vita di una sezione, non per quello %s", whose),
			"Togli «lists»: l'elenco delle voci aperte si dichiara con «list:» accanto a «lifecycle:».")
	}
	if f.List != nil {
		s.validateItemList(ps, append(append(path(nil), at...), "list"), sec, f)
	}
}

// validateItemList checks the list of the open records of f, a records
// field of sec, at at.
func (s *Schema) validateItemList(ps *problems, at path, sec *Section, f *Field) {
	l := f.List
	// A list lives under its section's, beside the section's own
	// lists: its pages (page/2/), its filters (/<section>/<field>/),
	// the list of its newest pages and of its open ones.
	taken := func(p string) bool {
		if p == "page" || p == "recenti" {
			return true
		}
		if lc := sec.Lifecycle; lc != nil && lc.Lists != nil && strings.ReplaceAll(lc.Lists.Open, " ", "-") == p {
			return true
		}
		sf := sec.Field(strings.ReplaceAll(p, "-", "_"))
		return sf != nil && sf.Facet
	}
	switch {
	case !sec.Listed():
		ps.add(at, fmt.Sprintf("l'elenco delle voci aperte di «%s» starebbe sotto l'elenco della sezione «%s», che non ne ha uno (list: false)", f.Key, sec.Key),
			"Togli «list» dal campo, o dai un elenco alla sezione.")
	case !layoutName.MatchString(l.Path):
		ps.add(append(at, "path"), fmt.Sprintf("l'indirizzo (path) dell'elenco delle voci aperte di «%s» deve essere una parola di minuscole, cifre e trattini", f.Key),
			fmt.Sprintf("Scrivi per esempio «path: %s»: l'elenco sarà a /%s/%s/.", strings.ReplaceAll(f.Key, "_", "-"), sec.Key, strings.ReplaceAll(f.Key, "_", "-")))
	case taken(l.Path):
		ps.add(append(at, "path"), fmt.Sprintf("l'indirizzo /%s/%s/ dell'elenco delle voci aperte di «%s» è già di un altro elenco della sezione", sec.Key, l.Path, f.Key),
			"Scegli un'altra parola per «path».")
	}
	if strings.TrimSpace(l.Title) == "" {
		ps.add(at, fmt.Sprintf("l'elenco delle voci aperte di «%s» non ha il titolo (title)", f.Key),
			"Aggiungi per esempio «title: Azioni aperte».")
	}
	if l.Date != "" {
		if df := sec.Field(l.Date); df == nil || (df.Type != TypeDate && df.Type != TypeDateTime) {
			ps.add(append(at, "date"), fmt.Sprintf("«date» dell'elenco delle voci aperte di «%s» indica «%s», che non è un campo di tipo date o datetime della sezione «%s»", f.Key, l.Date, sec.Key),
				"Indica la data delle pagine da mostrare accanto al loro collegamento (per esempio «date: data_incontro»), o toglila per usare la data di pubblicazione.")
		}
	}
	if g := l.Group; g != nil {
		gat := append(append(path(nil), at...), "group")
		if s.Taxonomy(g.Taxonomy) == nil {
			names := make([]string, len(s.Taxonomies))
			for i, t := range s.Taxonomies {
				names[i] = t.Key
			}
			fix := "Scrivi la chiave di una tassonomia: " + strings.Join(names, ", ") + "."
			if near, ok := Closest(g.Taxonomy, names); ok {
				fix = fmt.Sprintf("Forse intendevi «%s»?", near)
			}
			ps.add(append(gat, "taxonomy"), fmt.Sprintf("l'elenco delle voci aperte di «%s» le raggruppa per la tassonomia «%s», che non esiste", f.Key, g.Taxonomy), fix)
		}
		if strings.TrimSpace(g.Label) == "" || strings.TrimSpace(g.None) == "" {
			ps.add(gat, fmt.Sprintf("i gruppi dell'elenco delle voci aperte di «%s» devono avere il nome (label) e il titolo di quelle senza gruppo (none)", f.Key),
				"Scrivi per esempio «label: Per cantiere» e «none: Senza cantiere».")
		}
	}
	if o := l.Owner; o != nil {
		oat := append(append(path(nil), at...), "owner")
		switch sf := f.Field(o.Field); {
		case sf == nil:
			ps.add(append(oat, "field"), fmt.Sprintf("l'elenco delle voci aperte di «%s» le raggruppa per il campo «%s», che le voci non hanno", f.Key, o.Field),
				"Scrivi la chiave del campo delle voci che dice chi se ne occupa (per esempio «field: chi»).")
		case sf.Type != TypeReference && sf.Type != TypeString:
			ps.add(append(oat, "field"), fmt.Sprintf("l'elenco delle voci aperte di «%s» le raggruppa per il campo «%s», che è di tipo %s: serve un campo reference o string", f.Key, o.Field, sf.Type),
				"Indica il campo che nomina chi se ne occupa: di tipo reference (una pagina o un nome) o string.")
		}
		switch {
		case !layoutName.MatchString(o.Path):
			ps.add(append(oat, "path"), fmt.Sprintf("l'indirizzo (path) della vista per responsabile delle voci di «%s» deve essere una parola di minuscole, cifre e trattini", f.Key),
				fmt.Sprintf("Scrivi per esempio «path: per-responsabile»: la vista sarà a /%s/%s/per-responsabile/.", sec.Key, l.Path))
		case o.Path == "page":
			ps.add(append(oat, "path"), fmt.Sprintf("l'indirizzo (path) della vista per responsabile delle voci di «%s» non può essere «page»", f.Key),
				"Scegli un'altra parola, per esempio «per-responsabile».")
		}
		if strings.TrimSpace(o.Label) == "" || strings.TrimSpace(o.None) == "" {
			ps.add(oat, fmt.Sprintf("la vista per responsabile delle voci di «%s» deve avere il nome (label) e il titolo di quelle senza responsabile (none)", f.Key),
				"Scrivi per esempio «label: Per responsabile» e «none: Senza responsabile».")
		}
	}
}
