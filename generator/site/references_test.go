package site

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"cantiericomuni.it/banca/generator/content"
	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/internal/golden"
	"cantiericomuni.it/banca/generator/internal/testproject"
	"cantiericomuni.it/banca/generator/schema"
)

// networkSchema is the repository's schema with the sections of
// generator/schema/testdata/network.yaml appended.
func networkSchema(t testing.TB) *schema.Schema {
	t.Helper()
	s, err := schema.Parse("schema.yaml", testproject.NetworkSchema(t))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// network is a small site written inline: organisations, a resource, a
// practice and minutes that refer to them in every way a reference can.
var network = map[string]string{
	"enti/comune-di-imola.md":        "---\ntitle: Comune di Imola\ndate: 2026-01-01\n---\n",
	"enti/cadiai.md":                 "---\ntitle: Cooperativa sociale CADIAI\ndate: 2026-01-01\nsigla: CADIAI\n---\n",
	"enti/asp-imola.md":              "---\ntitle: Azienda servizi alla persona di Imola\ndate: 2026-01-01\nsigla: ASP\n---\n",
	"enti/asp-ferrara.md":            "---\ntitle: Azienda servizi alla persona di Ferrara\ndate: 2026-01-01\nsigla: ASP\n---\n",
	"enti/bozza.md":                  "---\ntitle: Ente in bozza\ndate: 2026-01-01\ndraft: true\n---\n",
	"risorse/aula-studio-diffusa.md": "---\ntitle: Aula studio diffusa\ndate: 2026-01-01\n---\n",
	"pratiche/orti.md":               "---\ntitle: Orti condivisi\ndate: 2026-01-01\n---\n",
	"verbali/primo.md": `---
title: Primo incontro
date: 2026-02-03
promotore: cadiai
partecipanti: ["comune di imola!", "  Cadiai ", "cooperativa-sociale-cadiai"]
luogo: Aula studio difusa
risposte: ["risorse/aula-studio-diffusa", "../pratiche/orti.md"]
azioni:
  - cosa: Scrivere il protocollo
    chi: C.A.D.I.A.I
  - cosa: Chiamare la scuola
    chi: Mario Rossi
  - cosa: Cercare una sala
    chi: Cadiai
---
`,
	"verbali/secondo.md": `---
title: Secondo incontro
date: 2026-02-04
promotore: ASP
partecipanti: [CADIAI, Comune di Imolaa, bozza]
luogo: Sala del Comune
risposte: [aula-studio-diffusa]
---
`,
}

// assembleNetwork loads and assembles the network site, and returns it
// with the diagnostics of the references.
func assembleNetwork(t *testing.T) (*Site, *diag.List) {
	t.Helper()
	sch := networkSchema(t)
	fsys := fstest.MapFS{}
	for name, src := range network {
		fsys[name] = &fstest.MapFile{Data: []byte(src)}
	}
	var load, diags diag.List
	set := content.Load(fsys, sch, content.Options{Prefix: "content/"}, &load)
	if load.Len() > 0 {
		t.Fatalf("loading: %v", load.All())
	}
	published := set.Published(false)
	content.CheckSet(published, sch, &load)
	s := Assemble(published, sch, Options{Now: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC), Diags: &diags})
	return s, &diags
}

// shownRefs prints the references of a field value: the slug of the page
// named, or the text in quotes when it stays text.
func shownRefs(v any) string {
	refs, _ := v.([]Reference)
	parts := make([]string, len(refs))
	for i, r := range refs {
		if r.Page != nil {
			parts[i] = r.Page.Section.Key + "/" + r.Page.Slug
		} else {
			parts[i] = fmt.Sprintf("%q", r.Text)
		}
	}
	return strings.Join(parts, " ")
}

func TestResolveReferences(t *testing.T) {
	s, diags := assembleNetwork(t)
	field := func(url, key string) any {
		p := s.Page(url)
		if p == nil {
			t.Fatalf("no page %s", url)
		}
		for _, f := range p.Fields {
			if f.Key == key {
				return f.Value
			}
		}
		return nil
	}
	for _, tc := range []struct {
		name, url, key, want string
	}{
		{"by slug", "/verbali/primo/", "promotore", "enti/cadiai"},
		{"by title, folded; by sigla, spaced; by slug of the title", "/verbali/primo/", "partecipanti", "enti/comune-di-imola enti/cadiai enti/cadiai"},
		{"not strict, near a title: text", "/verbali/primo/", "luogo", `"Aula studio difusa"`},
		{"sezione/slug and a link to the file", "/verbali/primo/", "risposte", "risorse/aula-studio-diffusa pratiche/orti"},
		{"ambiguous sigla", "/verbali/secondo/", "promotore", `"ASP"`},
		{"strict misses: a typo and a draft", "/verbali/secondo/", "partecipanti", `enti/cadiai "Comune di Imolaa" "bozza"`},
		{"not strict, far from every name: text", "/verbali/secondo/", "luogo", `"Sala del Comune"`},
		{"slug in one of two sections", "/verbali/secondo/", "risposte", "risorse/aula-studio-diffusa"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := shownRefs(field(tc.url, tc.key)); got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
	recs, _ := field("/verbali/primo/", "azioni").(*Records)
	if recs == nil || len(recs.Columns) != 4 || len(recs.Rows) != 3 {
		t.Fatalf("azioni: %+v", recs)
	}
	var chi []string
	for _, row := range recs.Rows {
		if row[0].Key != "cosa" || row[0].Value == nil || row[3].Value != nil {
			t.Errorf("row %+v", row)
		}
		chi = append(chi, shownRefs(row[1].Value))
	}
	// "C.A.D.I.A.I" folds to c-a-d-i-a-i, not cadiai: not the same name,
	// and too far from it to be a typo (no warning).
	if got := strings.Join(chi, " | "); got != `"C.A.D.I.A.I" | "Mario Rossi" | enti/cadiai` {
		t.Errorf("azioni.chi: %s", got)
	}
	var b bytes.Buffer
	diag.Print(&b, diags.All())
	golden.Check(t, "testdata/references.golden", b.Bytes())
	var codes []string
	for _, d := range diags.All() {
		codes = append(codes, fmt.Sprintf("%s %s %d:%d", d.Code, d.Severity, d.Pos.Line, d.Pos.Col))
	}
	want := []string{
		"B141 avviso 6:8",  // primo: luogo, near a title
		"B142 errore 4:12", // secondo: ASP, two enti
		"B140 errore 5:24", // secondo: Comune di Imolaa
		"B140 errore 5:42", // secondo: bozza
	}
	if fmt.Sprint(codes) != fmt.Sprint(want) {
		t.Errorf("diagnostics\n got %v\nwant %v", codes, want)
	}
}

func TestBacklinks(t *testing.T) {
	s, _ := assembleNetwork(t)
	show := func(url string) string {
		var parts []string
		for _, g := range s.Page(url).Backlinks {
			var slugs []string
			for _, p := range g.Pages {
				slugs = append(slugs, p.Slug)
			}
			parts = append(parts, fmt.Sprintf("%s/%s (%s): %s", g.Section.Key, g.Key, g.Label, strings.Join(slugs, " ")))
		}
		return strings.Join(parts, "; ")
	}
	for _, tc := range []struct{ url, want string }{
		// By section, then by field in the section's order (a records
		// sub-field at its records field); pages newest first, once each.
		{"/enti/cadiai/", "verbali/promotore (Chi ha convocato): primo; verbali/partecipanti (Partecipanti): secondo primo; verbali/azioni.chi (Azioni (Chi)): primo"},
		{"/enti/comune-di-imola/", "verbali/partecipanti (Partecipanti): primo"},
		{"/risorse/aula-studio-diffusa/", "verbali/risposte (Risposte): secondo primo"},
		{"/pratiche/orti/", "verbali/risposte (Risposte): primo"},
		{"/enti/asp-imola/", ""},
		{"/verbali/primo/", ""},
	} {
		if got := show(tc.url); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.url, got, tc.want)
		}
	}
	// The preview's text edit keeps them, pointing at the new copies.
	r := s.Replace(map[*content.Page]*content.Page{}, s.Now)
	cadiai := r.Page("/enti/cadiai/")
	if len(cadiai.Backlinks) != 3 || cadiai.Backlinks[1].Pages[0] != r.Page("/verbali/secondo/") ||
		cadiai.Backlinks[0].Section != r.Section("verbali") {
		t.Errorf("after Replace: %+v", cadiai.Backlinks)
	}
	for _, f := range r.Page("/verbali/primo/").Fields {
		if refs, ok := f.Value.([]Reference); ok {
			for _, ref := range refs {
				if ref.Page != nil && ref.Page != r.Page(ref.Page.URL) {
					t.Errorf("%s: reference to the old site's page %s", f.Key, ref.Page.URL)
				}
			}
		}
	}
}
