package schema

import (
	"fmt"
	"slices"
	"strings"
)

// States declares that a section's pages carry a status read from one of
// their pick-list fields rather than from dates (a need aperto, in
// lavorazione, soddisfatto): the value is the badge's label and, folded,
// its class (stato-<key>); the values listed as Open keep a page open,
// the others close it (its lists and related pages put it last). The
// section then has a list of its open pages at /<section>/<List>/,
// headed Title.
type States struct {
	// Field is the string field with values (a pick-list) that holds the
	// status.
	Field string `yaml:"field"`
	// Open are the values of Field that keep a page open.
	Open []string `yaml:"open"`
	// List is the last segment of the address of the list of the open
	// pages ("aperti": /bisogni/aperti/).
	List string `yaml:"list"`
	// Title heads that list ("Bisogni aperti").
	Title string `yaml:"title"`
	// Note describes that list, under its heading ("I bisogni ancora
	// senza una risposta, dai più recenti."); optional.
	Note string `yaml:"note"`
}

// IsOpen reports whether value, a value of the States field, keeps a page
// open.
func (st *States) IsOpen(value string) bool {
	return slices.Contains(st.Open, value)
}

// Answers declares that a section's pages show a few pages that could
// answer them ("Potrebbero rispondere"): pages of the sections From that
// share their terms (weighed as the taxonomies' related: weights) or rare
// words of their title and summary, the open ones only for sections with
// a lifecycle or states.
type Answers struct {
	// From are the keys of the sections the answers are chosen among.
	From []string `yaml:"from"`
	// Count is how many are shown at most (3 when left out).
	Count int `yaml:"count"`
	// When AnswersOpen, only pages still open show them (a need not yet
	// met); empty means every page.
	When string `yaml:"when"`
	// Title heads the block ("Potrebbero rispondere").
	Title string `yaml:"title"`
	// Except names a reference field of the section: the pages it
	// already names are not suggested again (a need's risposte).
	Except string `yaml:"except"`
}

// AnswersOpen is the value of Answers.When that limits the block to open
// pages.
const AnswersOpen = "open"

// Limit is how many answers a page shows at most.
func (a *Answers) Limit() int {
	if a.Count <= 0 {
		return 3
	}
	return a.Count
}

// The values of a section's personal_data option.
const (
	// PersonalDataWarn: telephone numbers, personal e-mail addresses and
	// codici fiscali in the section's pages are warnings.
	PersonalDataWarn = "warn"
)

// GuardsPersonalData reports whether the section's pages are checked for
// personal data (personal_data: warn).
func (sec *Section) GuardsPersonalData() bool { return sec.PersonalData == PersonalDataWarn }

// validateNeeds checks the states, answers and personal_data options of
// every section; secs are the declared sections by key.
func (s *Schema) validateNeeds(ps *problems, secs map[string]path) {
	for i, sec := range s.Sections {
		at := path{"sections", i}
		if st := sec.States; st != nil {
			sec.validateStates(ps, append(at, "states"), st)
		}
		if a := sec.Answers; a != nil {
			s.validateAnswers(ps, append(at, "answers"), sec, a, secs)
		}
		switch sec.PersonalData {
		case "", PersonalDataWarn:
		default:
			ps.add(append(at, "personal_data"), fmt.Sprintf("«personal_data: %s» della sezione «%s» non è un valore che il generatore conosce", sec.PersonalData, sec.Key),
				"Scrivi «personal_data: warn» perché i dati personali nelle schede della sezione siano segnalati, o togli l'opzione.")
		}
	}
}

// validateStates checks a section's states: a pick-list field, open
// values among its values, a list name and a title.
func (sec *Section) validateStates(ps *problems, at path, st *States) {
	f := sec.Field(st.Field)
	switch {
	case st.Field == "":
		ps.add(at, fmt.Sprintf("«states» della sezione «%s» non indica il campo dello stato (field)", sec.Key),
			"Aggiungi «field: stato», la chiave di un campo della sezione con un elenco di valori (values).")
		return
	case f == nil:
		ps.add(append(at, "field"), fmt.Sprintf("«states» della sezione «%s» indica il campo «%s», che la sezione non ha", sec.Key, st.Field),
			"Scrivi la chiave di un campo dichiarato nei fields della sezione.")
		return
	case f.Type != TypeString || len(f.Values) == 0:
		ps.add(append(at, "field"), fmt.Sprintf("«states» della sezione «%s» indica il campo «%s», che non è un campo di tipo string con un elenco di valori", sec.Key, st.Field),
			"Indica un campo di tipo string con «values: […]», i valori possibili dello stato.")
		return
	}
	if sec.Lifecycle != nil {
		ps.add(at, fmt.Sprintf("la sezione «%s» dichiara sia «lifecycle» sia «states»: lo stato di una scheda viene dalle date o da un campo, non da tutti e due", sec.Key),
			"Tieni una sola delle due dichiarazioni.")
	}
	if len(st.Open) == 0 {
		ps.add(at, fmt.Sprintf("«states» della sezione «%s» non dice quali valori di «%s» tengono aperta una scheda (open)", sec.Key, st.Field),
			fmt.Sprintf("Aggiungi per esempio «open: [%s]».", f.Values[0]))
	}
	for j, v := range st.Open {
		if !slices.Contains(f.Values, v) {
			fix := "Scrivi uno dei valori del campo: " + strings.Join(f.Values, ", ") + "."
			if near, ok := Closest(v, f.Values); ok {
				fix = fmt.Sprintf("Forse intendevi «%s»?", near)
			}
			ps.add(append(at, "open", j), fmt.Sprintf("«%s» non è tra i valori del campo «%s»", v, st.Field), fix)
		}
	}
	if !layoutName.MatchString(st.List) {
		ps.add(append(at, "list"), fmt.Sprintf("«states.list» della sezione «%s» deve essere l'ultima parte di un indirizzo (minuscole, cifre e trattini)", sec.Key),
			"Scrivi per esempio «list: aperti»: l'elenco sarà /"+sec.Key+"/aperti/.")
	}
	if strings.TrimSpace(st.Title) == "" {
		ps.add(at, fmt.Sprintf("«states» della sezione «%s» non ha il titolo del suo elenco (title)", sec.Key),
			"Aggiungi per esempio «title: "+sec.Label+" aperti».")
	}
}

// validateAnswers checks a section's answers: existing sections to choose
// from, a sensible count, a known when (open needs a status), a title and
// a reference field to leave out.
func (s *Schema) validateAnswers(ps *problems, at path, sec *Section, a *Answers, secs map[string]path) {
	if len(a.From) == 0 {
		ps.add(at, fmt.Sprintf("«answers» della sezione «%s» non dice tra quali sezioni cercare le risposte (from)", sec.Key),
			"Aggiungi per esempio «from: [opportunita, risorse]».")
	}
	names := make([]string, 0, len(secs))
	for _, x := range s.Sections {
		names = append(names, x.Key)
	}
	for j, k := range a.From {
		if secs[k] == nil {
			fix := "Scrivi la chiave di una sezione: " + strings.Join(names, ", ") + "."
			if near, ok := Closest(k, names); ok {
				fix = fmt.Sprintf("Forse intendevi «%s»?", near)
			}
			ps.add(append(at, "from", j), fmt.Sprintf("«answers» della sezione «%s» cerca nella sezione «%s», che non esiste", sec.Key, k), fix)
		}
	}
	if a.Count < 0 || a.Count > 10 {
		ps.add(append(at, "count"), fmt.Sprintf("«answers.count» della sezione «%s» è %d: deve essere tra 1 e 10", sec.Key, a.Count),
			"Scrivi per esempio «count: 3», o togli l'opzione (3).")
	}
	switch a.When {
	case "":
	case AnswersOpen:
		if sec.States == nil && sec.Lifecycle == nil {
			ps.add(append(at, "when"), fmt.Sprintf("«answers.when: open» della sezione «%s» vale solo per una sezione con uno stato (states o lifecycle)", sec.Key),
				"Dichiara lo stato delle schede con «states», o togli «when».")
		}
	default:
		ps.add(append(at, "when"), fmt.Sprintf("«answers.when: %s» della sezione «%s» non è un valore che il generatore conosce", a.When, sec.Key),
			"Scrivi «when: open» (solo le schede ancora aperte), o togli l'opzione (tutte le schede).")
	}
	if strings.TrimSpace(a.Title) == "" {
		ps.add(at, fmt.Sprintf("«answers» della sezione «%s» non ha il titolo del riquadro (title)", sec.Key),
			"Aggiungi per esempio «title: Potrebbero rispondere».")
	}
	if a.Except != "" {
		if f := sec.Field(a.Except); f == nil || f.Type != TypeReference {
			ps.add(append(at, "except"), fmt.Sprintf("«answers.except» della sezione «%s» indica «%s», che non è un campo di tipo reference della sezione", sec.Key, a.Except),
				"Indica il campo reference delle risposte già note (per esempio «except: risposte»), o togli l'opzione.")
		}
	}
}
