package render

import (
	"strings"
	"testing"
	"testing/fstest"

	"cantiericomuni.it/banca/generator/content"
	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/internal/testproject"
	"cantiericomuni.it/banca/generator/schema"
	"cantiericomuni.it/banca/generator/site"
)

// networkSite loads and assembles a small site written inline, with the
// sections of generator/schema/testdata/network.yaml: minutes that refer
// to organisations, with a table of actions.
func networkSite(t *testing.T) *site.Site {
	t.Helper()
	sch, err := schema.Parse("schema.yaml", testproject.NetworkSchema(t))
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{
		"enti/cadiai.md":          {Data: []byte("---\ntitle: Cooperativa sociale CADIAI\ndate: 2026-01-01\nsigla: CADIAI\n---\nUna cooperativa.\n")},
		"enti/comune-di-imola.md": {Data: []byte("---\ntitle: Comune di Imola\ndate: 2026-01-01\n---\nIl comune.\n")},
		"verbali/primo.md": {Data: []byte(`---
title: Primo incontro
date: 2026-02-03
promotore: CADIAI
partecipanti: [comune-di-imola, Cadiai]
luogo: Sala <del> Comune
azioni:
  - cosa: Scrivere il protocollo
    chi: cadiai
    entro: 2026-06-01
  - cosa: Chiamare la scuola
    chi: Mario Rossi
    fatto: true
---
Il verbale.
`)},
		"verbali/secondo.md": {Data: []byte("---\ntitle: Secondo incontro\ndate: 2026-02-10\npartecipanti: [CADIAI]\n---\nIl verbale.\n")},
	}
	var diags diag.List
	set := content.Load(fsys, sch, content.Options{}, &diags)
	published := set.Published(false)
	content.CheckSet(published, sch, &diags)
	s := site.Assemble(published, sch, site.Options{Now: testNow, Diags: &diags})
	if diags.Len() > 0 {
		t.Fatalf("diagnostics: %v", diags.All())
	}
	for _, p := range s.Pages {
		p.Content = "<p>Il testo.</p>"
	}
	return s
}

// TestReferencesRendered renders references as links by title, records
// as an accessible table, and the pages that refer to a page on it.
func TestReferencesRendered(t *testing.T) {
	files := renderSite(t, networkSite(t))
	for _, name := range []string{"verbali/primo/index.html", "enti/cadiai/index.html"} {
		data, ok := files[name]
		if !ok {
			t.Fatalf("%s non è stato scritto", name)
		}
		golden(t, "references/"+name, data)
		for _, problem := range checkHTML(string(data)) {
			t.Errorf("%s: %s", name, problem)
		}
	}
	primo := string(files["verbali/primo/index.html"])
	for _, want := range []string{
		`<dd><a href="/enti/cadiai/">Cooperativa sociale CADIAI</a></dd>`,
		`<ul><li><a href="/enti/comune-di-imola/">Comune di Imola</a></li><li><a href="/enti/cadiai/">Cooperativa sociale CADIAI</a></li></ul>`,
		`<dd>Sala &lt;del&gt; Comune</dd>`,
		`<caption>Azioni</caption>`,
		`<tr><th scope="col">Cosa</th><th scope="col">Chi</th><th scope="col">Entro</th><th scope="col">Fatto</th></tr>`,
		`<tr><th scope="row">Chiamare la scuola</th><td>Mario Rossi</td><td></td><td>sì</td></tr>`,
	} {
		if !strings.Contains(primo, want) {
			t.Errorf("verbali/primo: manca %s", want)
		}
	}
	cadiai := string(files["enti/cadiai/index.html"])
	for _, want := range []string{
		`<h2 id="collegati-titolo">Collegati a questa pagina</h2>`,
		`<dt>Verbali: Chi ha convocato</dt>`,
		`<dt>Verbali: Partecipanti</dt>
<dd><ul><li><a href="/verbali/secondo/">Secondo incontro</a></li><li><a href="/verbali/primo/">Primo incontro</a></li></ul></dd>`,
		`<dt>Verbali: Azioni (Chi)</dt>`,
	} {
		if !strings.Contains(cadiai, want) {
			t.Errorf("enti/cadiai: manca %s", want)
		}
	}
	if strings.Contains(string(files["verbali/primo/index.html"]), "collegati-titolo") {
		t.Error("verbali/primo: nessuna pagina la nomina, ma mostra il blocco dei collegamenti")
	}
}
