package authoring

import (
	"strings"
	"testing"

	"cantiericomuni.it/banca/generator/schema"
)

// TestFormOrder: in every section, the form puts the required fields
// first, then the section's own, then the others of every page, then the
// taxonomies, each group in the schema's order; the advanced fields come
// apart. The rule is the schema's, for any schema: here a made-up one.
func TestFormOrder(t *testing.T) {
	s, err := schema.Parse("prova.yaml", []byte(`
common:
  - {key: title, type: string, required: true}
  - {key: slug, type: string, advanced: true}
  - {key: date, type: date, required: true}
  - {key: summary, type: text}
  - {key: weight, type: int, advanced: true}
  - {key: lastmod, type: date, advanced: true, required: true}
taxonomies:
  - {key: argomenti, label: Argomenti, values: [a, b]}
  - {key: luoghi, label: Luoghi}
sections:
  - key: bandi
    label: Bandi
    fields:
      - {key: scadenza, type: date}
      - {key: ente, type: string, required: true}
      - {key: codice, type: string, advanced: true}
`))
	if err != nil {
		t.Fatal(err)
	}
	o := FormOrder(s, s.Section("bandi"))
	var keys, advanced []string
	for _, f := range o.Fields {
		keys = append(keys, f.Key())
	}
	for _, f := range o.Advanced {
		advanced = append(advanced, f.Key)
	}
	// A required field is never folded away, even when marked advanced.
	if got, want := strings.Join(keys, " "), "title date lastmod ente scadenza summary argomenti luoghi"; got != want {
		t.Errorf("fields %s, want %s", got, want)
	}
	if got, want := strings.Join(advanced, " "), "slug weight codice"; got != want {
		t.Errorf("advanced %s, want %s", got, want)
	}
}

// TestHelpIsPlainItalian: what net weavers read under every field of the
// panel (and in the comments of `generator new`, and in the guide) says
// what the field is for, not how a file spells it: no date formats, no
// "slug", no zones, no YAML.
func TestHelpIsPlainItalian(t *testing.T) {
	s := loadSchema(t)
	// A switch in the panel is on or off, not "vero" (true) or "falso".
	jargon := []string{"AAAA", "YYYY", "slug", "+01:00", "T12:", "YAML", "front matter", "true", "false", "Markdown", "HTML",
		"Se vero", "se vero", "Se falso", "se falso"}
	check := func(where, help string) {
		if help == "" {
			t.Errorf("%s: no help", where)
		}
		for _, j := range jargon {
			if strings.Contains(help, j) {
				t.Errorf("%s: the help says %q: %s", where, j, help)
			}
		}
	}
	for _, f := range s.Common {
		check(f.Key, f.Help)
	}
	for _, tx := range s.Taxonomies {
		check(tx.Key, tx.Help)
	}
	for _, sec := range s.Sections {
		for _, f := range sec.Fields {
			check(sec.Key+"."+f.Key, f.Help)
		}
	}
	check("body", bodyField.Hint)
}
