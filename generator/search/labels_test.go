package search

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"cantiericomuni.it/banca/generator/content"
	"cantiericomuni.it/banca/generator/schema"
	"cantiericomuni.it/banca/generator/site"
)

func TestOfThe(t *testing.T) {
	for noun, want := range map[string]string{
		"Opportunità":   "dell’opportunità",
		"Protocollo":    "del protocollo",
		"Buona pratica": "della buona pratica",
		"Risorsa":       "della risorsa",
		"Cantiere":      "del cantiere",
		"Ente":          "dell’ente",
		"Verbale":       "del verbale",
		"Evento":        "dell’evento",
		"Bisogno":       "del bisogno",
		"Spazio":        "dello spazio",
		"Strumento":     "dello strumento",
		"Zaino":         "dello zaino",
		"Riunione":      "della riunione",
		"Città":         "della città",
	} {
		if got := ofThe(noun); got != want {
			t.Errorf("ofThe(%q) = %q, want %q", noun, got, want)
		}
	}
}

// TestGroupNames checks that the filter groups have names of their own,
// taken from the schema, that read well on a phone: a field shared by
// several sections is one group named by the words their labels agree on
// ("Tipo"); when two groups would be called alike, the wider keeps the
// name and the other says whose it is in words ("Stato del protocollo o
// del bisogno"), never with a list of sections in brackets.
func TestGroupNames(t *testing.T) {
	sch, err := schema.Load(filepath.Join("..", "..", "schema.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	s := site.Assemble(nil, sch, site.Options{Now: time.Now()})
	names := groupNames(s)
	checkGroupNames(t, s, names)
	for key, want := range map[string]string{
		SectionKey: "Sezione", OpenKey: "Stato dell’opportunità o dell’evento", "stato": "Stato del protocollo o del bisogno",
		"tipo": "Tipo", "argomenti": "Argomenti", "ente": "Ente promotore", "tavolo": "Tavolo",
	} {
		if names[key] != want {
			t.Errorf("%s: %q, want %q", key, names[key], want)
		}
	}

	// A schema where more labels meet: a field named like a taxonomy, and
	// one like a field of four other sections.
	sch.Sections = append(sch.Sections, &schema.Section{Key: "richieste", Label: "Richieste", Singular: "Richiesta",
		Fields: []*schema.Field{{Key: "urgenza", Label: "Argomenti", Facet: true, Type: "string", Values: []string{"alta"}},
			{Key: "genere", Label: "Tipo", Facet: true, Type: "string", Values: []string{"x"}}}})
	s = site.Assemble(nil, sch, site.Options{Now: time.Now()})
	names = groupNames(s)
	checkGroupNames(t, s, names)
	for key, want := range map[string]string{
		"urgenza": "Argomenti della richiesta", "genere": "Tipo della richiesta", "tipo": "Tipo", "argomenti": "Argomenti",
	} {
		if names[key] != want {
			t.Errorf("%s: %q, want %q", key, names[key], want)
		}
	}
}

// checkGroupNames checks the class of names: no two alike, none with
// brackets or a section's label in them, none longer than a phone's line.
func checkGroupNames(t *testing.T, s *site.Site, names map[string]string) {
	t.Helper()
	seen := map[string]string{}
	for key, name := range names {
		if other, ok := seen[labelKey(name)]; ok {
			t.Errorf("%s and %s both %q", key, other, name)
		}
		seen[labelKey(name)] = key
		if strings.ContainsAny(name, "()[]") || utf8.RuneCountInString(name) > 40 {
			t.Errorf("%s: %q", key, name)
		}
		for _, sec := range s.Sections {
			if sec.Label != sec.Singular && strings.Contains(strings.ToLower(name), strings.ToLower(sec.Label)) && name != sec.Label {
				t.Errorf("%s: %q names the section %q", key, name, sec.Label)
			}
		}
	}
}

func TestCommonLabel(t *testing.T) {
	for _, c := range []struct {
		labels []string
		want   string
	}{
		{[]string{"Tipo"}, "Tipo"},
		{[]string{"Tipo", "Tipo di ente", "Tipo di evento"}, "Tipo"},
		{[]string{"Tipo di ente", "Tipo di ente"}, "Tipo di ente"},
		{[]string{"Stato", "stato"}, "Stato"},
		{[]string{"Ente promotore", "Organizzatori"}, "Ente promotore"},
	} {
		if got := commonLabel(c.labels); got != c.want {
			t.Errorf("commonLabel(%q) = %q, want %q", c.labels, got, c.want)
		}
	}
}

// TestLifecycleWords names the search's filter of open pages and its
// order by closing date from the lifecycles of the sections, in their
// order, whatever the sections are called: one section, two (the
// euphonic "ed"), three, shared sort words said once, none.
func TestLifecycleWords(t *testing.T) {
	lc := func(open, sort string) *schema.Lifecycle {
		return &schema.Lifecycle{Lists: &schema.LifecycleLists{Open: open, Sort: sort}}
	}
	opp := lc("aperte", "scadenza, le più vicine prima")
	ev := lc("in programma", "data, i più vicini prima")
	act := lc("da fare", "scadenza, le più vicine prima")
	secs := []Option{{Value: "a", Label: "Opportunità"}, {Value: "b", Label: "Buone pratiche"},
		{Value: "c", Label: "Eventi"}, {Value: "d", Label: "Azioni"}}
	for _, c := range []struct {
		name       string
		lifecycles map[string]*schema.Lifecycle
		open, sort string
	}{
		{"one", map[string]*schema.Lifecycle{"a": opp}, "Solo opportunità aperte", "scadenza, le più vicine prima"},
		{"two", map[string]*schema.Lifecycle{"a": opp, "c": ev}, "Solo opportunità aperte ed eventi in programma",
			"scadenza, le più vicine prima; data, i più vicini prima"},
		{"three, in the sections' order", map[string]*schema.Lifecycle{"d": act, "c": ev, "a": opp},
			"Solo opportunità aperte, eventi in programma e azioni da fare", "scadenza, le più vicine prima; data, i più vicini prima"},
		{"masculine alone", map[string]*schema.Lifecycle{"c": ev}, "Solo eventi in programma", "data, i più vicini prima"},
		{"none", nil, "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := &Meta{Sections: secs, Lifecycles: c.lifecycles}
			if got := m.openFilter(); got != c.open {
				t.Errorf("open filter %q, want %q", got, c.open)
			}
			if got := m.closingSort(); got != c.sort {
				t.Errorf("closing sort %q, want %q", got, c.sort)
			}
			var deadline bool
			for _, o := range sorts(&Response{}, m) {
				deadline = deadline || o.Value == SortDeadline && o.Label == c.sort
			}
			if deadline != (c.sort != "") {
				t.Errorf("the order by closing date offered: %v, want %v", deadline, c.sort != "")
			}
		})
	}
}

// TestAboutFields checks which texts of a page weigh as its subject: a
// field the schema weighs more than the text (an ente's sigla) with the
// summary, one of weight 1 only in the text; a hub's title, summary and
// terms in none (its title is its place).
func TestAboutFields(t *testing.T) {
	sec := &site.Section{Key: "enti", Schema: &schema.Section{Key: "enti", Fields: []*schema.Field{
		{Key: "sigla", Type: "string", Search: &schema.Search{Weight: 2}},
		{Key: "indirizzo", Type: "string", Search: &schema.Search{Weight: 1}},
	}}}
	p := &site.Page{Page: &content.Page{Title: "Centro servizi per il volontariato", Summary: "Il centro."}, Section: sec,
		Fields: []site.Field{{Key: "sigla", Value: "CSV"}, {Key: "indirizzo", Value: "Via Roma"}}}
	if got := aboutSummary(p); !strings.Contains(got, "Il centro.") || !strings.Contains(got, "CSV") || strings.Contains(got, "Roma") {
		t.Errorf("summary field %q", got)
	}
	if got := aboutTitle(p); got != p.Title {
		t.Errorf("title field %q", got)
	}
	p.Hub = &site.Term{}
	if aboutTitle(p) != "" || aboutSummary(p) != "" || termsText(p, nil) != "" {
		t.Errorf("a hub weighs %q, %q", aboutTitle(p), aboutSummary(p))
	}
}
