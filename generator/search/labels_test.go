package search

import (
	"path/filepath"
	"testing"
	"time"

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
// taken from the schema: the protocols' "stato" and the opportunities'
// status are told apart by their sections, and so is any field that
// another section's field or a taxonomy would be confused with; a field
// shared by two sections stays one group.
func TestGroupNames(t *testing.T) {
	sch, err := schema.Load(filepath.Join("..", "..", "schema.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	names := groupNames(site.Assemble(nil, sch, site.Options{Now: time.Now()}))
	for key, want := range map[string]string{
		SectionKey: "Sezione", OpenKey: "Stato dell’opportunità", "stato": "Stato del protocollo",
		"tipo": "Tipo", "argomenti": "Argomenti", "ente": "Ente promotore",
	} {
		if names[key] != want {
			t.Errorf("%s: %q, want %q", key, names[key], want)
		}
	}

	// A schema where more labels meet: a field named like a taxonomy, and
	// one like a field of two other sections.
	sch.Sections = append(sch.Sections, &schema.Section{Key: "bisogni", Label: "Bisogni", Singular: "Bisogno",
		Fields: []*schema.Field{{Key: "urgenza", Label: "Argomenti", Facet: true, Type: "string", Values: []string{"alta"}},
			{Key: "genere", Label: "Tipo", Facet: true, Type: "string", Values: []string{"x"}}}})
	names = groupNames(site.Assemble(nil, sch, site.Options{Now: time.Now()}))
	seen := map[string]string{}
	for key, name := range names {
		if other, ok := seen[labelKey(name)]; ok {
			t.Errorf("%s and %s both %q", key, other, name)
		}
		seen[labelKey(name)] = key
	}
	for key, want := range map[string]string{
		"urgenza": "Argomenti del bisogno", "genere": "Tipo del bisogno", "tipo": "Tipo (opportunità, risorse)",
	} {
		if names[key] != want {
			t.Errorf("%s: %q, want %q", key, names[key], want)
		}
	}
}
