package authoring

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"gopkg.in/yaml.v3"

	"cantiericomuni.it/banca/generator/content"
	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/internal/testproject"
	"cantiericomuni.it/banca/generator/schema"
)

// networkSchema is the repository's schema with the sections of
// generator/schema/testdata/network.yaml appended: reference and records
// fields, which the repository's own schema does not use yet.
func networkSchema(t *testing.T) *schema.Schema {
	t.Helper()
	s, err := schema.Parse("schema.yaml", testproject.NetworkSchema(t))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestReferenceAndRecordsWidgets maps reference fields to Decap's
// relation widget (one section, strict) or to text boxes, and records
// fields to a list with the widgets of their sub-fields.
func TestReferenceAndRecordsWidgets(t *testing.T) {
	data, err := CMSConfig(networkSchema(t))
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		Collections []struct {
			Name   string
			Fields []map[string]any
		}
	}
	if err := yaml.Unmarshal(data, &cfg); err != nil {
		t.Fatal(err)
	}
	fields := map[string]map[string]any{}
	for _, c := range cfg.Collections {
		if c.Name == "verbali" {
			for _, f := range c.Fields {
				fields[f["name"].(string)] = f
			}
		}
	}
	show := func(f map[string]any, keys ...string) string {
		var parts []string
		for _, k := range keys {
			if v, ok := f[k]; ok {
				parts = append(parts, fmt.Sprintf("%s=%v", k, v))
			}
		}
		return strings.Join(parts, " ")
	}
	opts := []string{"widget", "collection", "value_field", "search_fields", "display_fields", "multiple"}
	for _, tc := range []struct{ name, want string }{
		{"promotore", "widget=relation collection=enti value_field={{slug}} search_fields=[title sigla] display_fields=[title]"},
		{"partecipanti", "widget=relation collection=enti value_field={{slug}} search_fields=[title sigla] display_fields=[title] multiple=true"},
		{"luogo", "widget=string"},  // strict: false: free text allowed
		{"risposte", "widget=list"}, // two sections: sezione/slug by hand
		{"azioni", "widget=list"},
	} {
		f := fields[tc.name]
		if f == nil {
			t.Errorf("%s: not in the form", tc.name)
			continue
		}
		if got := show(f, opts...); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, got, tc.want)
		}
	}
	if h, _ := fields["risposte"]["hint"].(string); !strings.Contains(h, "sezione/nome-file") {
		t.Errorf("risposte: hint %q", h)
	}
	az := fields["azioni"]
	if az["summary"] != "{{fields.cosa}}" {
		t.Errorf("azioni: summary %v", az["summary"])
	}
	subs, _ := az["fields"].([]any)
	var got []string
	for _, s := range subs {
		m := s.(map[string]any)
		got = append(got, fmt.Sprintf("%s:%s:%v", m["name"], m["widget"], m["required"]))
	}
	if fmt.Sprint(got) != "[cosa:string:true chi:string:false entro:datetime:false fatto:boolean:false]" {
		t.Errorf("azioni: fields %v", got)
	}
}

// TestReferenceAndRecordsInTheGuide: the guide says how each is written.
func TestReferenceAndRecordsInTheGuide(t *testing.T) {
	md := string(FieldsMarkdown(networkSchema(t)))
	for _, want := range []string{
		"| `promotore` | Chi ha convocato | no | il nome del file di una scheda di `content/enti/`, senza `.md`, oppure il suo titolo o il suo campo `sigla`: diventa un collegamento alla scheda |",
		"| `luogo` | Luogo | no | il nome del file di una scheda di `content/risorse/`, senza `.md`, oppure il suo titolo: diventa un collegamento alla scheda (se non c'è una scheda con quel nome resta testo) |",
		"una lista di voci, una per riga che inizia con «- », ognuna con i campi `cosa` (testo su una riga, obbligatorio), `chi` (il nome del file",
		"; si può scrivere anche sezione/nome-file: diventa un collegamento alla scheda; una lista: [\"…\", \"…\"] |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("missing %q", want)
		}
	}
}

// TestNewPageWithReferences: the page `new` writes for a section with
// reference and records fields loads and assembles without a problem.
func TestNewPageWithReferences(t *testing.T) {
	s := networkSchema(t)
	rel, text, err := NewPage(s, "verbali", "Incontro di rete", now, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"\npromotore: \"\"\n", "\npartecipanti: []\n", "\nazioni: []\n", "# Azioni — facoltativo."} {
		if !strings.Contains(string(text), want) {
			t.Errorf("missing %q in\n%s", want, text)
		}
	}
	var l diag.List
	set := content.Load(fstest.MapFS{rel: {Data: text}}, s, content.Options{}, &l)
	content.CheckSet(set.Published(true), s, &l)
	if l.Len() > 0 || len(set.Pages) != 1 || !set.Pages[0].Draft {
		t.Errorf("%d pages: %v", len(set.Pages), l.All())
	}
}

// TestNewPageWithRequiredReferences: required reference and records
// fields start with the placeholder, and the page still loads as a draft.
func TestNewPageWithRequiredReferences(t *testing.T) {
	s := networkSchema(t)
	v := s.Section("verbali")
	v.Field("promotore").Required, v.Field("partecipanti").Required, v.Field("azioni").Required = true, true, true
	rel, text, err := NewPage(s, "verbali", "Incontro di rete", now, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"\npromotore: \"DA COMPILARE\"\n", "\npartecipanti: [\"DA COMPILARE\"]\n", "\nazioni: [{cosa: \"DA COMPILARE\"}]\n"} {
		if !strings.Contains(string(text), want) {
			t.Errorf("missing %q in\n%s", want, text)
		}
	}
	var l diag.List
	set := content.Load(fstest.MapFS{rel: {Data: text}}, s, content.Options{}, &l)
	if l.Len() > 0 || len(set.Pages) != 1 || len(set.Pages[0].Params.Records("azioni")) != 1 {
		t.Errorf("%v", l.All())
	}
}
