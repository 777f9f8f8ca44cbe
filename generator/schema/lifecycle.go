package schema

import (
	"fmt"
	"sort"
	"strings"
)

// Lifecycle declares that a section's pages open and close, driven by
// their dates: an opportunity is open until its deadline, an event is
// upcoming, running, then over between its start and its end, an action
// is to do until its due date, late after it, done when its bool field
// says so. Which of the three it is follows from the fields it names
// (Kind); its States give each state its key (the CSS class of the
// badge, stato-<key>), its Italian label and how its badge reads.
type Lifecycle struct {
	// Field is the date that closes a page (an opportunity's deadline,
	// an action's due date); Start and End drive an event instead.
	Field string `yaml:"field" json:"field,omitempty"`
	Start string `yaml:"start" json:"start,omitempty"`
	End   string `yaml:"end" json:"end,omitempty"`
	// Done names a bool field: true closes the page whatever its date
	// (an action that was done).
	Done string `yaml:"done" json:"done,omitempty"`
	// SoonDays is how many days before Field a page is in its "soon"
	// state; nil means the site's closing_soon_days.
	SoonDays *int `yaml:"soon_days" json:"soon_days,omitempty"`
	// States maps each role of the kind (LifecycleRoles) to its state.
	States map[string]*State `yaml:"states" json:"states"`
	// Lists are the words of the section's lists, and of the search,
	// about it.
	Lists *LifecycleLists `yaml:"lists" json:"lists,omitempty"`
}

// LifecycleLists are the Italian words with which a section's lists, and
// the search, speak of its lifecycle (an opportunity's, then an event's,
// in brackets). They are declared whole, since they agree with the
// section's noun: "le più recenti" (opportunità), "i più recenti"
// (eventi).
type LifecycleLists struct {
	// Open names the pages still open, after the section's label and in
	// the address of their list: "aperte" (/opportunita/aperte/,
	// "Opportunità aperte", "Solo aperte"; "in programma"). The search's
	// filter of the open pages joins every section's: "Solo opportunità
	// aperte ed eventi in programma".
	Open string `yaml:"open" json:"open"`
	// OpenTitle, when set, is the title of that list, where the
	// section's label and Open do not read well together ("Eventi in
	// programma" for a section labelled "Calendario").
	OpenTitle string `yaml:"open_title" json:"open_title,omitempty"`
	// OpenNote describes that list, after the section's label ("ancora
	// aperte, prima quelle che scadono prima.").
	OpenNote string `yaml:"open_note" json:"-"`
	// Order names the default order, beside "Più recenti" ("Per
	// scadenza"; "Per data").
	Order string `yaml:"order" json:"-"`
	// Note says how the default order goes ("Prima le aperte, …").
	Note string `yaml:"note" json:"-"`
	// Recent names the list of the section's pages newest first, after
	// the section's label ("Opportunità: le più recenti"; "i più
	// recenti"), and, capitalised, in its breadcrumb.
	Recent string `yaml:"recent" json:"-"`
	// Last is the note of a list of several sections that puts the
	// section's closed pages after the others ("Dalle più recenti; in
	// fondo le opportunità scadute."; "Dai più recenti; in fondo gli
	// eventi conclusi.").
	Last string `yaml:"last" json:"-"`
	// Sort names the search's order by the date that closes a page
	// ("scadenza, le più vicine prima"; "data, i più vicini prima"); the
	// sections that declare different words each have theirs, joined.
	Sort string `yaml:"sort" json:"sort"`
}

// State is one state of a lifecycle as readers see it.
type State struct {
	// Key is the state's name in addresses, classes and the search API
	// ("in-scadenza").
	Key string `yaml:"key" json:"key"`
	// Label is the Italian word of the badge ("in scadenza").
	Label string `yaml:"label" json:"label"`
	// Countdown, when set, is the verb the badge counts the days with
	// ("scade": "aperta — scade tra 5 giorni", "scade oggi alle 12:00").
	Countdown string `yaml:"countdown" json:"countdown,omitempty"`
	// Dated adds the day of the date the state refers to ("scaduta il
	// 3 marzo 2026").
	Dated bool `yaml:"dated" json:"dated,omitempty"`
}

// Calendar puts a section's pages on calendars (iCalendar files): each
// page that has the date Start gets its own file, <page>/<File>.ics, with
// one event from Start (to End when it has one; else the whole day, or an
// hour from a time); the section's file, <section>/<All>.ics, has the
// events of its pages that have not closed, nearest first.
type Calendar struct {
	Start string `yaml:"start"`
	End   string `yaml:"end"`
	File  string `yaml:"file"`
	All   string `yaml:"all"`
	// Name is the calendar's name in calendar apps; Event prefixes the
	// title of every event ("Scadenza: <title>"); Label names the link
	// to the section's calendar ("Il calendario delle scadenze").
	Name  string `yaml:"name"`
	Event string `yaml:"event"`
	Label string `yaml:"label"`
	// Place names the string or reference field of where the event
	// takes place (an event's luogo): its LOCATION.
	Place string `yaml:"place"`
}

// The kinds of lifecycle.
const (
	// KindDeadline: open until Field, "soon" within SoonDays of it,
	// closed after it, "none" when the page leaves it empty.
	KindDeadline = "closing"
	// KindPeriod: "before" Start, "during" until the end of End (or of
	// Start's day), "after" then; "none" without a start.
	KindPeriod = "period"
	// KindDue: "todo" until Field ("soon" within SoonDays), "late" after
	// it, "done" once the Done field is true; "none" without a date.
	KindDue = "due"
)

// The roles of states. Closed roles end a page's life: its lists put it
// last and it leaves the lists of open pages.
const (
	RoleOpen   = "open"
	RoleSoon   = "soon"
	RoleClosed = "closed"
	RoleNone   = "none"
	RoleBefore = "before"
	RoleDuring = "during"
	RoleAfter  = "after"
	RoleTodo   = "todo"
	RoleLate   = "late"
	RoleDone   = "done"
)

// lifecycleRoles lists, per kind, the roles its states must declare and
// those they may (a role left out is never entered: without "soon" a
// page goes from open to closed).
var lifecycleRoles = map[string]struct{ required, optional []string }{
	KindDeadline: {required: []string{RoleOpen, RoleClosed}, optional: []string{RoleSoon, RoleNone}},
	KindPeriod:   {required: []string{RoleBefore, RoleDuring, RoleAfter}, optional: []string{RoleNone}},
	KindDue:      {required: []string{RoleTodo, RoleLate, RoleDone}, optional: []string{RoleSoon, RoleNone}},
}

// ClosedRole reports whether a state of the role has ended the page's life.
func ClosedRole(role string) bool {
	return role == RoleClosed || role == RoleAfter || role == RoleDone
}

// Kind is the lifecycle's kind, from the fields it names.
func (lc *Lifecycle) Kind() string {
	switch {
	case lc.Start != "" || lc.End != "":
		return KindPeriod
	case lc.Done != "":
		return KindDue
	}
	return KindDeadline
}

// Closes is the date field whose end closes a page: Field, or End for an
// event (whose start, when it has no end, closes it at the end of its day).
func (lc *Lifecycle) Closes() string {
	if lc.Kind() == KindPeriod {
		return lc.End
	}
	return lc.Field
}

// DateFields are the date fields the lifecycle reads, in the order of the
// declaration.
func (lc *Lifecycle) DateFields() []string {
	var out []string
	for _, k := range []string{lc.Field, lc.Start, lc.End} {
		if k != "" {
			out = append(out, k)
		}
	}
	return out
}

// State returns the state of role, or nil when the lifecycle has none.
func (lc *Lifecycle) State(role string) *State {
	if lc == nil {
		return nil
	}
	return lc.States[role]
}

// HasLifecycle reports whether the section's pages open and close (it
// declares a lifecycle). Such a section's pages carry a status, its lists
// show the open ones first, and it has a list of the open ones only.
func (sec *Section) HasLifecycle() bool {
	return sec != nil && sec.Lifecycle != nil
}

// validateLifecycle checks sec's lifecycle against its fields, and fills
// in the default of SoonDays (soon, the site's closing_soon_days).
func (sec *Section) validateLifecycle(ps *problems, at path, soon int) {
	lc := sec.Lifecycle
	if lc == nil {
		return
	}
	at = append(at, "lifecycle")
	if lc.SoonDays == nil {
		lc.SoonDays = &soon
	} else if *lc.SoonDays < 0 || *lc.SoonDays > 365 {
		ps.add(append(at, "soon_days"), fmt.Sprintf("«soon_days» del ciclo di vita della sezione «%s» deve essere un numero di giorni fra 0 e 365", sec.Key),
			"Scrivi per esempio «soon_days: 14», o toglilo per usare closing_soon_days del sito.")
	}
	kind := lc.Kind()
	date := func(key, what string) {
		f := sec.Field(key)
		switch {
		case f == nil:
			ps.add(append(at, what), fmt.Sprintf("il ciclo di vita della sezione «%s» indica il campo «%s», che la sezione non ha", sec.Key, key),
				"Scrivi la chiave di un campo di tipo date o datetime dichiarato nei fields della sezione.")
		case f.Type != TypeDate && f.Type != TypeDateTime:
			ps.add(append(at, what), fmt.Sprintf("il ciclo di vita della sezione «%s» indica il campo «%s», che è di tipo %s e non una data", sec.Key, key, f.Type),
				"Indica un campo di tipo date o datetime.")
		}
	}
	switch kind {
	case KindPeriod:
		if lc.Start == "" {
			ps.add(at, fmt.Sprintf("il ciclo di vita della sezione «%s» ha la fine (end) ma non l'inizio (start)", sec.Key),
				"Aggiungi «start: campo» con la data di inizio.")
		} else {
			date(lc.Start, "start")
		}
		if lc.End != "" {
			date(lc.End, "end")
		}
		if lc.Field != "" || lc.Done != "" {
			ps.add(at, fmt.Sprintf("il ciclo di vita della sezione «%s» mescola un periodo (start, end) con una scadenza (field, done)", sec.Key),
				"Un ciclo di vita è una scadenza (field), un'azione (field e done) o un periodo (start ed end): scegline uno.")
		}
	default:
		if lc.Field == "" {
			ps.add(at, fmt.Sprintf("il ciclo di vita della sezione «%s» non indica il campo della data (field)", sec.Key),
				"Aggiungi per esempio «field: deadline».")
		} else {
			date(lc.Field, "field")
		}
		if lc.Done != "" {
			if f := sec.Field(lc.Done); f == nil || f.Type != TypeBool {
				ps.add(append(at, "done"), fmt.Sprintf("«done» del ciclo di vita della sezione «%s» deve indicare un campo di tipo bool della sezione", sec.Key),
					"Dichiara un campo di tipo bool (per esempio «fatta») e indicalo qui.")
			}
		}
	}
	validateStates(ps, at, lc, kind, fmt.Sprintf("della sezione «%s»", sec.Key))
	if l := lc.Lists; l == nil || strings.TrimSpace(l.Open) == "" || strings.TrimSpace(l.OpenNote) == "" ||
		strings.TrimSpace(l.Order) == "" || strings.TrimSpace(l.Note) == "" || strings.TrimSpace(l.Recent) == "" ||
		strings.TrimSpace(l.Last) == "" || strings.TrimSpace(l.Sort) == "" {
		ps.add(at, fmt.Sprintf("il ciclo di vita della sezione «%s» deve dire come ne parlano gli elenchi e la ricerca (lists: open, open_note, order, note, recent, last, sort)", sec.Key),
			"Scrivi per esempio «lists: {open: aperte, open_note: ancora aperte, prima quelle che scadono prima., order: Per scadenza, note: Prima le aperte…, "+
				"recent: le più recenti, last: Dalle più recenti; in fondo le opportunità scadute., sort: scadenza, le più vicine prima}».")
	}
}

// validateStates checks the states of lc, a lifecycle of kind: every role
// the kind requires is declared, none it does not know, each with a key and
// a label, no two with the same key. whose names the lifecycle's owner in
// messages: "della sezione «opportunita»".
func validateStates(ps *problems, at path, lc *Lifecycle, kind, whose string) {
	roles := lifecycleRoles[kind]
	allowed := map[string]bool{}
	for _, r := range append(append([]string(nil), roles.required...), roles.optional...) {
		allowed[r] = true
	}
	for _, r := range roles.required {
		if lc.States[r] == nil {
			ps.add(append(at, "states"), fmt.Sprintf("il ciclo di vita %s non dichiara lo stato «%s»", whose, r),
				fmt.Sprintf("Aggiungi sotto states «%s: {key: …, label: …}».", r))
		}
	}
	names := make([]string, 0, len(lc.States))
	for r := range lc.States {
		names = append(names, r)
	}
	sort.Strings(names)
	keys := map[string]string{}
	for _, r := range names {
		st := lc.States[r]
		if !allowed[r] {
			want := append(append([]string(nil), roles.required...), roles.optional...)
			ps.add(append(at, "states", r), fmt.Sprintf("lo stato «%s» non esiste per questo ciclo di vita %s", r, whose),
				"Gli stati possibili sono: "+strings.Join(want, ", ")+".")
			continue
		}
		if st == nil || !layoutName.MatchString(st.Key) || strings.TrimSpace(st.Label) == "" {
			ps.add(append(at, "states", r), fmt.Sprintf("lo stato «%s» del ciclo di vita %s deve avere una chiave (key: minuscole, cifre e trattini) e un'etichetta (label)", r, whose),
				"Scrivi per esempio «{key: in-scadenza, label: in scadenza}».")
			continue
		}
		if prev, dup := keys[st.Key]; dup {
			ps.add(append(at, "states", r, "key"), fmt.Sprintf("gli stati «%s» e «%s» %s hanno la stessa chiave «%s»", prev, r, whose, st.Key),
				"Dai a ogni stato una chiave diversa.")
		}
		keys[st.Key] = r
	}
}

// validateHome checks the home's blocks against the sections, and fills
// in their counts: 5 open pages, 3 of the newest.
func (s *Schema) validateHome(ps *problems) {
	h := s.Site.Home
	if h == nil {
		return
	}
	block := func(at path, b *HomeBlock, count int, open bool) {
		sec := s.Section(b.Section)
		switch {
		case sec == nil:
			ps.add(append(at, "section"), fmt.Sprintf("un blocco della home indica la sezione «%s», che non esiste", b.Section),
				"Scrivi la chiave di una sezione dichiarata in sections.")
			return
		case open && !sec.HasLifecycle():
			ps.add(append(at, "section"), fmt.Sprintf("il blocco delle schede aperte della home indica la sezione «%s», che non ha un ciclo di vita (lifecycle)", b.Section),
				"Indica una sezione che dichiara lifecycle, o dichiaralo nella sezione.")
		case !open && (strings.TrimSpace(b.Heading) == "" || strings.TrimSpace(b.All) == ""):
			ps.add(at, fmt.Sprintf("il blocco della home della sezione «%s» deve avere il titolo (heading) e il testo del collegamento all'elenco (all)", b.Section),
				"Scrivi per esempio «heading: Ultimi protocolli» e «all: Tutti i protocolli».")
		}
		if b.Count < 0 {
			ps.add(append(at, "count"), fmt.Sprintf("il numero di schede del blocco della home della sezione «%s» non può essere negativo", b.Section),
				"Scrivi per esempio «count: 3», o toglilo.")
		}
		if b.Count <= 0 {
			b.Count = count
		}
	}
	if h.Open != nil {
		block(path{"site", "home", "open"}, h.Open, 5, true)
	}
	for i, b := range h.Latest {
		block(path{"site", "home", "latest", i}, b, 3, false)
	}
}
