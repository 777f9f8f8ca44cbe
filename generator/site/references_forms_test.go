package site

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"cantiericomuni.it/banca/generator/content"
	"cantiericomuni.it/banca/generator/diag"
)

// TestReferenceForms resolves a strict reference written in each form a
// net weaver may use (sezione/slug, a link to the file, the page's path
// or its whole address), and reports one that names nothing with the
// nearest page, suggested in the form it was written in.
func TestReferenceForms(t *testing.T) {
	sch := networkSchema(t)
	fsys := fstest.MapFS{
		"risorse/aula-studio-diffusa.md": {Data: []byte("---\ntitle: Aula studio diffusa\ndate: 2026-01-01\n---\n")},
		"pratiche/orti.md":               {Data: []byte("---\ntitle: Orti condivisi\ndate: 2026-01-01\n---\n")},
		"verbali/forme.md": {Data: []byte("---\ntitle: Forme\ndate: 2026-02-03\nrisposte:\n" +
			"  - risorse/aula-studio-diffusa\n  - ../pratiche/orti.md\n  - /risorse/aula-studio-diffusa/\n" +
			"  - https://banca.cantiericomuni.it/pratiche/orti/\n  - ../risorse/aula-studio-diffusa/index.md\n---\n")},
		"verbali/errori.md": {Data: []byte("---\ntitle: Errori\ndate: 2026-02-04\nrisposte:\n" +
			"  - risorse/aula-studio-difusa\n  - ../pratiche/ort.md\n  - risorse/niente-di-simile\n---\n")},
	}
	var load, diags diag.List
	set := content.Load(fsys, sch, content.Options{Prefix: "content/"}, &load)
	if load.Len() > 0 {
		t.Fatalf("loading: %v", load.All())
	}
	s := Assemble(set.Published(false), sch, Options{Now: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC), Diags: &diags})
	for _, f := range s.Page("/verbali/forme/").Fields {
		if f.Key == "risposte" {
			want := "risorse/aula-studio-diffusa pratiche/orti risorse/aula-studio-diffusa pratiche/orti risorse/aula-studio-diffusa"
			if got := shownRefs(f.Value); got != want {
				t.Errorf("forme:\n got %s\nwant %s", got, want)
			}
		}
	}
	var got []string
	for _, d := range diags.All() {
		got = append(got, d.Message+" → "+d.Fix)
	}
	want := []string{
		"«risorse/aula-studio-difusa» non corrisponde a nessuna pagina di «Risorse» (o la pagina è una bozza) → Forse intendevi «risorse/aula-studio-diffusa»?",
		"«../pratiche/ort.md» non corrisponde a nessuna pagina di «Buone pratiche» (o la pagina è una bozza) → Forse intendevi «pratiche/orti»?",
		"«risorse/niente-di-simile» non corrisponde a nessuna pagina di «Risorse» (o la pagina è una bozza) → Scrivi il nome del file (senza .md) di una pagina di «Risorse»; se la pagina non c'è ancora, creala.",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n got %s\nwant %s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, d := range diags.All() {
		if d.Code != diag.ReferenceUnknown || d.Severity == diag.Warning {
			t.Errorf("%s: a strict reference that names nothing is an error", d.Error())
		}
	}
}
