package schema

import (
	"fmt"
	"sort"
	"strings"
)

// SiteCalendar declares the calendar of the whole site (site.calendar):
// the dated pages of several sections (events, deadlines, next meetings)
// together, at /<Path>/ (the entries still to come, nearest first) and
// /<Path>/AAAA/MM/ (a page per month), with the iCalendar file of them
// all, /<Path>/<File>.ics, and one per term of the taxonomy By, at
// <term's page>/<File>.ics.
type SiteCalendar struct {
	// Path is the calendar's address, /<Path>/: lower-case letters,
	// digits and hyphens ("calendario").
	Path string `yaml:"path"`
	// Title heads its pages ("Calendario"); Description says what it
	// holds, under the title and to search engines.
	Title       string `yaml:"title"`
	Description string `yaml:"description"`
	// Name is the name of its iCalendar files in calendar apps
	// ("Calendario — Cantieri Comuni"); the file of a term adds the
	// term's name. Label names the link to the site's file, in the
	// footer and on the calendar ("Il calendario della rete").
	Name  string `yaml:"name"`
	Label string `yaml:"label"`
	// File is the name of the iCalendar files without .ics
	// ("calendario").
	File string `yaml:"file"`
	// By is the key of a taxonomy: each of its terms gets the file of
	// the entries of the pages that carry it, linked from the term's
	// page (a cantiere's hub). Empty for none.
	By string `yaml:"by"`
	// Count is how many entries still to come /<Path>/ shows (50 by
	// default); the month pages show every entry.
	Count int `yaml:"count"`
	// Sources are where the entries come from, in order.
	Sources []*CalendarSource `yaml:"sources"`
	// States are the states of an entry whose section's lifecycle does
	// not read the entry's date (a meeting's next one): the roles of an
	// event, before, during and after.
	States map[string]*State `yaml:"states"`
}

// CalendarSource puts the pages of Section that have the date Start on
// the calendar: an entry from Start (to End when the page has it),
// called Label ("Scadenza"; by default the section's singular).
type CalendarSource struct {
	Section string `yaml:"section"`
	Start   string `yaml:"start"`
	End     string `yaml:"end"`
	Label   string `yaml:"label"`
	// Place names the string or reference field of where an entry takes
	// place (an event's luogo): its LOCATION in the iCalendar files.
	Place string `yaml:"place"`

	// lifecycle is the lifecycle an entry's status follows when its
	// section's does not read Start (validateCalendar).
	lifecycle *Lifecycle
	// own is true when the entry's status is the page's own.
	own bool
}

// OwnStatus reports whether an entry of the source has its page's status
// (the section's lifecycle reads the entry's date: an event's start, an
// opportunity's deadline); else Lifecycle gives the entry's.
func (src *CalendarSource) OwnStatus() bool { return src.own }

// Lifecycle is the lifecycle of an entry of the source whose page's
// status is not its own: an event from Start to End with the calendar's
// states.
func (src *CalendarSource) Lifecycle() *Lifecycle { return src.lifecycle }

// URL is the calendar's address, "/<Path>/".
func (c *SiteCalendar) URL() string { return "/" + c.Path + "/" }

// FileURL is the address of the iCalendar file of every entry.
func (c *SiteCalendar) FileURL() string { return c.URL() + c.File + ".ics" }

// validateCalendar checks site.calendar against the sections and
// taxonomies, and fills in its defaults.
func (s *Schema) validateCalendar(ps *problems) {
	c := s.Site.Calendar
	if c == nil {
		return
	}
	at := path{"site", "calendar"}
	if !layoutName.MatchString(c.Path) {
		ps.add(append(at, "path"), fmt.Sprintf("l'indirizzo del calendario «%s» deve essere una parola sola (minuscole, cifre e trattini)", c.Path),
			"Scrivi per esempio «path: calendario»: il calendario sarà a /calendario/.")
	} else if sec := s.Section(c.Path); sec != nil && !sec.Root || s.Taxonomy(c.Path) != nil {
		ps.add(append(at, "path"), fmt.Sprintf("il calendario avrebbe lo stesso indirizzo (/%s/) di una sezione o di una tassonomia", c.Path),
			"Scegli un altro indirizzo, per esempio «path: calendario».")
	}
	if c.File == "" {
		c.File = c.Path // checked as the path
	} else if !layoutName.MatchString(c.File) {
		ps.add(append(at, "file"), fmt.Sprintf("«file» del calendario deve essere il nome di un file senza .ics (minuscole, cifre e trattini), non «%s»", c.File),
			"Scrivi per esempio «file: calendario», o toglilo per usare il nome dell'indirizzo.")
	}
	if strings.TrimSpace(c.Title) == "" || strings.TrimSpace(c.Name) == "" || strings.TrimSpace(c.Label) == "" {
		ps.add(at, "il calendario del sito deve avere il titolo (title), il nome per le app di calendario (name) e quello del collegamento al file (label)",
			"Scrivi per esempio «title: Calendario», «name: Calendario — Cantieri Comuni» e «label: Il calendario della rete».")
	}
	switch {
	case c.Count < 0 || c.Count > 200:
		ps.add(append(at, "count"), fmt.Sprintf("«count» del calendario vale %d, ma deve essere un numero fra 1 e 200", c.Count),
			"Scrivi per esempio «count: 50», o toglilo per usare il valore predefinito (50).")
		c.Count = 50
	case c.Count == 0:
		c.Count = 50
	}
	if c.By != "" && s.Taxonomy(c.By) == nil {
		names := make([]string, 0, len(s.Taxonomies))
		for _, t := range s.Taxonomies {
			names = append(names, t.Key)
		}
		fix := "Scrivi la chiave di una tassonomia: " + strings.Join(names, ", ") + "."
		if near, ok := Closest(c.By, names); ok {
			fix = fmt.Sprintf("Forse intendevi «%s»?", near)
		}
		ps.add(append(at, "by"), fmt.Sprintf("«by» del calendario indica la tassonomia «%s», che non esiste", c.By), fix)
	}
	if len(c.Sources) == 0 {
		ps.add(at, "il calendario del sito non dice da quali sezioni prendere le date (sources)",
			"Aggiungi per esempio «sources: [{section: eventi, start: inizio, end: fine}]».")
	}
	needStates := false
	seen := map[[2]string]int{}
	for i, src := range c.Sources {
		sat := append(append(path(nil), at...), "sources", i)
		sec := s.Section(src.Section)
		if sec == nil {
			ps.add(append(sat, "section"), fmt.Sprintf("il calendario prende le date dalla sezione «%s», che non esiste", src.Section),
				"Scrivi la chiave di una sezione dichiarata in sections.")
			continue
		}
		if j, dup := seen[[2]string{src.Section, src.Start}]; dup {
			ps.add(sat, fmt.Sprintf("il calendario prende due volte la data «%s» della sezione «%s» (anche la voce %d)", src.Start, src.Section, j+1),
				"Togli una delle due voci.")
		}
		seen[[2]string{src.Section, src.Start}] = i
		date := func(what, key string) bool {
			f := sec.Field(key)
			switch {
			case key == "":
				ps.add(sat, fmt.Sprintf("una voce del calendario (sezione «%s») non indica il campo della data (%s)", sec.Key, what),
					"Aggiungi per esempio «start: inizio».")
			case f == nil:
				ps.add(append(sat, what), fmt.Sprintf("il calendario indica il campo «%s» della sezione «%s», che la sezione non ha", key, sec.Key),
					"Scrivi la chiave di un campo di tipo date o datetime della sezione.")
			case f.Type != TypeDate && f.Type != TypeDateTime:
				ps.add(append(sat, what), fmt.Sprintf("il calendario indica il campo «%s» della sezione «%s», che è di tipo %s e non una data", key, sec.Key, f.Type),
					"Indica un campo di tipo date o datetime.")
			default:
				return true
			}
			return false
		}
		okStart := date("start", src.Start)
		if src.End != "" {
			date("end", src.End)
		}
		if src.Place != "" && sec.Field(src.Place) == nil {
			ps.add(append(sat, "place"), fmt.Sprintf("il calendario indica il luogo «%s» della sezione «%s», un campo che la sezione non ha", src.Place, sec.Key),
				"Scrivi la chiave del campo del luogo (per esempio «place: luogo»), o toglilo.")
		}
		if src.Label == "" {
			src.Label = sec.Singular
		}
		if strings.TrimSpace(src.Label) == "" {
			ps.add(sat, fmt.Sprintf("la voce del calendario della sezione «%s» non ha un nome (label) e la sezione non ha il singolare (singular)", sec.Key),
				"Aggiungi per esempio «label: Scadenza».")
		}
		// The entry's status is its page's when the section's lifecycle
		// reads the same date: an event's start, an opportunity's
		// deadline. Else it is an event of its own, with the
		// calendar's states.
		if lc := sec.Lifecycle; lc != nil && (lc.Kind() == KindPeriod && lc.Start == src.Start && (src.End == "" || lc.End == src.End) ||
			lc.Kind() != KindPeriod && lc.Field == src.Start && src.End == "") {
			src.own = true
			continue
		}
		if okStart {
			needStates = true
			src.lifecycle = &Lifecycle{Start: src.Start, End: src.End, States: c.States}
		}
	}
	if len(c.States) > 0 || needStates {
		for _, r := range []string{RoleBefore, RoleDuring, RoleAfter} {
			if st := c.States[r]; st == nil || !layoutName.MatchString(st.Key) || strings.TrimSpace(st.Label) == "" {
				ps.add(append(at, "states"), fmt.Sprintf("il calendario deve dichiarare lo stato «%s» (key e label) delle voci che non hanno lo stato della loro scheda", r),
					"Scrivi per esempio «states: {before: {key: in-programma, label: in programma}, during: {key: in-corso, label: in corso}, after: {key: concluso, label: concluso}}».")
				break
			}
		}
		roles := make([]string, 0, len(c.States))
		for r := range c.States {
			roles = append(roles, r)
		}
		sort.Strings(roles)
		for _, r := range roles {
			if r != RoleBefore && r != RoleDuring && r != RoleAfter {
				ps.add(append(at, "states", r), fmt.Sprintf("lo stato «%s» non esiste per le voci del calendario", r),
					"Gli stati possibili sono: before, during, after.")
			}
		}
	}
}
