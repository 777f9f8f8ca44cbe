package render

import (
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"cantiericomuni.it/banca/generator/content"
	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/schema"
	"cantiericomuni.it/banca/generator/site"
)

// actionsSite assembles a small network with the repository's schema, at
// 21 March 2026: minutes with actions late, due, done and undated, owned
// by an ente, a person or nobody, in two cantieri or none.
func actionsSite(t *testing.T) *site.Site {
	t.Helper()
	sch, err := schema.Load("../../schema.yaml")
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{
		"cantieri/imola.md":    {Data: []byte("---\ntitle: Cantiere Imola\ndate: 2026-01-01\ncomune: Imola\n---\n")},
		"cantieri/ferrara.md":  {Data: []byte("---\ntitle: Cantiere Ferrara\ndate: 2026-01-01\ncomune: Ferrara\n---\n")},
		"enti/cadiai.md":       {Data: []byte("---\ntitle: Cooperativa sociale CADIAI\ndate: 2026-01-01\ntipo: cooperativa sociale\nsigla: CADIAI\n---\n")},
		"enti/comune-imola.md": {Data: []byte("---\ntitle: Comune di Imola\ndate: 2026-01-01\ntipo: comune\n---\n")},
		"verbali/regia.md": {Data: []byte(`---
title: Tavolo di regia di marzo
date: 2026-03-10
cantieri: [imola, ferrara]
data_incontro: 2026-03-09T17:00:00+01:00
tavolo: tavolo di regia
partecipanti: [CADIAI, Comune di Imola]
azioni:
  - {cosa: Scrivere il protocollo, chi: CADIAI, entro: 2026-03-20}
  - {cosa: Chiamare la scuola, chi: Mario Rossi, entro: 2026-03-28}
  - {cosa: Prenotare la sala, chi: Comune di Imola, entro: 2026-03-01, fatto: true}
  - {cosa: Cercare un fotografo}
---
`)},
		"verbali/equipe.md": {Data: []byte(`---
title: Équipe di febbraio
date: 2026-02-10
data_incontro: 2026-02-09T17:00:00+01:00
tavolo: équipe
azioni:
  - {cosa: Aggiornare la mappa, chi: cadiai, entro: 2026-03-05}
  - {cosa: Mandare il verbale, chi: mario rossi, entro: 2026-03-29}
---
`)},
	}
	var diags diag.List
	set := content.Load(fsys, sch, content.Options{}, &diags)
	published := set.Published(false)
	content.CheckSet(published, sch, &diags)
	s := site.Assemble(published, sch, site.Options{Now: time.Date(2026, 3, 21, 10, 0, 0, 0, rome), Diags: &diags})
	if diags.Len() > 0 {
		t.Fatalf("diagnostics: %v", diags.All())
	}
	for _, p := range s.Pages {
		p.Content = "<p>Il testo.</p>"
	}
	return s
}

// TestActionsRendered renders the statuses of a verbale's actions, the
// list of the open ones by cantiere and by owner, and an ente's actions,
// each valid and accessible HTML, kept as golden files.
func TestActionsRendered(t *testing.T) {
	files := renderSite(t, actionsSite(t))
	for _, name := range []string{"verbali/regia/index.html", "verbali/azioni/index.html",
		"verbali/azioni/per-responsabile/index.html", "enti/cadiai/index.html"} {
		data, ok := files[name]
		if !ok {
			t.Fatalf("%s non è stato scritto", name)
		}
		golden(t, "azioni/"+name, data)
		for _, problem := range checkHTML(string(data)) {
			t.Errorf("%s: %s", name, problem)
		}
	}
	has := func(name string, want ...string) {
		t.Helper()
		page := string(files[name])
		for _, w := range want {
			if !strings.Contains(page, w) {
				t.Errorf("%s: manca %s", name, w)
			}
		}
	}
	// The verbale: a status column after the first, the phrase of a
	// countdown, the label alone where the date is beside it.
	has("verbali/regia/index.html",
		`<tr><th scope="col">Cosa</th><th scope="col">Stato</th><th scope="col">Chi</th><th scope="col">Entro il</th><th scope="col">Fatta</th></tr>`,
		`<tr><th scope="row">Scrivere il protocollo</th><td><span class="stato stato-in-ritardo">in ritardo</span></td><td><a href="/enti/cadiai/">Cooperativa sociale CADIAI</a></td>`,
		`<td><span class="stato stato-da-fare">da fare — scade tra 7 giorni</span></td><td>Mario Rossi</td>`,
		`<td><span class="stato stato-fatta">fatta</span></td>`,
		`<td><span class="stato stato-da-fare">da fare</span></td><td></td><td></td><td></td></tr>`)
	// The list: the counts, the two views, a table per cantiere.
	has("verbali/azioni/index.html",
		`<p class="conteggio">2 in ritardo, 3 da fare</p>`,
		`<li><a href="/verbali/azioni/" aria-current="page">Per cantiere</a></li>`,
		`<h2 id="gruppo-nessuno">Senza cantiere <span class="numero">2</span></h2>`,
		`<a href="/verbali/regia/">Tavolo di regia di marzo</a><br><time class="numero" datetime="2026-03-09">9 marzo 2026</time>`)
	has("verbali/azioni/per-responsabile/index.html",
		`<h1>Azioni aperte per responsabile</h1>`,
		`<h2 id="chi-cooperativa-sociale-cadiai"><a href="/enti/cadiai/">Cooperativa sociale CADIAI</a> <span class="numero">2</span></h2>`,
		`<h2 id="chi-nessuno">Senza responsabile <span class="numero">1</span></h2>`)
	// The order of the list: late ones first, the oldest first, then by
	// nearest date, then without one; in every group.
	rows := regexp.MustCompile(`<tr><th scope="row">([^<]+)</th>`)
	var order []string
	for _, m := range rows.FindAllStringSubmatch(string(files["verbali/azioni/index.html"]), -1) {
		order = append(order, m[1])
	}
	want := "Scrivere il protocollo, Chiamare la scuola, Cercare un fotografo, " + // Cantiere di Ferrara
		"Scrivere il protocollo, Chiamare la scuola, Cercare un fotografo, " + // Cantiere di Imola
		"Aggiornare la mappa, Mandare il verbale" // Senza cantiere
	if got := strings.Join(order, ", "); got != want {
		t.Errorf("order:\n got %s\nwant %s", got, want)
	}
	// The ente: its actions, late ones first, with a link to the list;
	// the backlinks of the minutes that name it as a participant stay,
	// not those through the actions' owner field.
	has("enti/cadiai/index.html",
		`<h2 id="voci-azioni">Azioni <span class="numero">2</span></h2>`,
		`<p class="voci-tutte"><a href="/verbali/azioni/">Azioni aperte</a> <span class="numero">5</span></p>`,
		`>Incontri a cui ha partecipato</h2>`)
	if strings.Contains(string(files["enti/cadiai/index.html"]), "Azioni (Chi)") {
		t.Error("enti/cadiai: the owner's backlinks are still listed")
	}
	if cadiai := string(files["enti/cadiai/index.html"]); strings.Index(cadiai, "Aggiornare la mappa") > strings.Index(cadiai, "Scrivere il protocollo") {
		t.Error("enti/cadiai: the oldest late action is not first")
	}
	// Linked from the section's list and from every page's footer.
	has("verbali/index.html", `<li><a href="/verbali/azioni/">Azioni aperte <span class="numero">5</span></a></li>`)
	has("index.html", `<li><a href="/verbali/azioni/">Azioni aperte</a></li>`)
}

// TestActionsSummarised checks a list too long to show whole: each group
// shows its first records and links the page of the whole group, which
// lists them all, in order.
func TestActionsSummarised(t *testing.T) {
	defer func(n int) { itemsPageRows = n }(itemsPageRows)
	itemsPageRows = 6
	s := actionsSite(t)
	s.Config.PageSize = 2
	files := renderSite(t, s)
	list := string(files["verbali/azioni/index.html"])
	for _, want := range []string{
		`<p class="voci-tutte"><a href="/verbali/azioni/cantiere-di-ferrara/">Cantiere di Ferrara: tutte e 3</a></p>`,
		`<h2 id="gruppo-cantiere-di-ferrara"><a href="/cantieri/ferrara/">Cantiere di Ferrara</a> <span class="numero">3</span></h2>`,
	} {
		if !strings.Contains(list, want) {
			t.Errorf("verbali/azioni: manca %s", want)
		}
	}
	if strings.Count(list, `<tr><th scope="row">`) != 6 { // 2 + 2 + 2
		t.Errorf("verbali/azioni shows %d rows", strings.Count(list, `<tr><th scope="row">`))
	}
	if strings.Contains(list, "Senza cantiere: tutte") {
		t.Error("a group that fits whole links a page of its own")
	}
	group, ok := files["verbali/azioni/cantiere-di-ferrara/index.html"]
	if !ok {
		t.Fatal("the page of a group is missing")
	}
	golden(t, "azioni/verbali/azioni/cantiere-di-ferrara/index.html", group)
	for _, problem := range checkHTML(string(group)) {
		t.Errorf("group page: %s", problem)
	}
	rows := regexp.MustCompile(`<tr><th scope="row">([^<]+)</th>`)
	var order []string
	for _, m := range rows.FindAllStringSubmatch(string(group), -1) {
		order = append(order, m[1])
	}
	if got := strings.Join(order, ", "); got != "Scrivere il protocollo, Chiamare la scuola, Cercare un fotografo" {
		t.Errorf("group page rows: %s", got)
	}
	if _, ok := files["verbali/azioni/per-responsabile/cooperativa-sociale-cadiai/index.html"]; ok {
		t.Error("the owner's page: 2 rows fit whole")
	}
}
