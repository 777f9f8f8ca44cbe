package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/internal/sitefiles"
	"cantiericomuni.it/banca/generator/internal/testproject"
	"cantiericomuni.it/banca/generator/search"
)

// eventsSection is two sections no Go file knows: events, with a
// lifecycle from their start to their end, a calendar of their own, a
// layout of their own for their pages (their lists have none: list.html)
// and a reference to the cantieri that organise them; and actions, due by
// a date until they are done.
const eventsSection = `
  - key: eventi
    label: Eventi
    singular: Evento
    description: Incontri, laboratori e feste della rete.
    lifecycle:
      start: inizio
      end: fine
      states:
        before: {key: in-programma, label: in programma, countdown: inizia}
        during: {key: in-corso, label: in corso, countdown: finisce}
        after: {key: concluso, label: concluso, dated: true}
      lists:
        open: in programma
        open_note: in programma, dal più vicino.
        order: Per data
        note: Prima quelli in corso e in programma, dal più vicino; in fondo i conclusi.
        recent: i più recenti
        last: Dai più recenti; in fondo gli eventi conclusi.
        sort: data, i più vicini prima
    calendar:
      start: inizio
      end: fine
      file: evento
      all: calendario
      name: Eventi — Cantieri Comuni
      event: Evento
      label: Il calendario degli eventi
    box:
      fields: [inizio, luogo]
    fields:
      - key: inizio
        type: datetime
        required: true
        label: Inizio
        help: Quando comincia.
      - key: fine
        type: datetime
        label: Fine
        help: Quando finisce.
        not_before: inizio
      - key: luogo
        type: string
        label: Luogo
        help: Dove si svolge.
      - key: organizzatori
        type: reference
        sections: [cantieri]
        multiple: true
        match: [slug, title]
        label: Chi organizza
        help: I cantieri che organizzano l'evento.
  - key: azioni
    label: Azioni
    singular: Azione
    description: Le cose da fare decise negli incontri.
    lifecycle:
      field: entro
      done: fatta
      states:
        todo: {key: da-fare, label: da fare, countdown: scade}
        late: {key: in-ritardo, label: in ritardo, dated: true}
        done: {key: fatta, label: fatta}
      lists:
        open: da fare
        open_note: ancora da fare, dalla più urgente.
        order: Per scadenza
        note: Prima quelle da fare, dalla più urgente; in fondo le fatte.
        recent: le più recenti
        last: Dalle più recenti; in fondo le azioni fatte.
        sort: scadenza, le più vicine prima
    fields:
      - key: entro
        type: date
        label: Entro il
        help: Il giorno entro cui farla.
      - key: fatta
        type: bool
        label: Fatta
        help: Attivalo quando è fatta.
`

// TestNewSectionNeedsNoGo adds a section to a copy of the schema, with two
// pages and a layout, and finds everything the schema declares for it:
// its pages with their status badges (one upcoming, one over), its lists
// (the upcoming first; the open ones alone), its calendars, the footer's
// link to them, its statuses in the search, and its references to the
// cantieri: links on its pages, backlinks on theirs. A second new section,
// actions due by a date until done, shows the third kind of lifecycle.
func TestNewSectionNeedsNoGo(t *testing.T) {
	proj := t.TempDir()
	sitefiles.Write(t, sitefiles.Files(t, ""), proj)
	sch, err := os.ReadFile(filepath.Join(proj, "schema.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(strings.TrimSpace(string(sch)), "(i numeri più bassi vengono prima).") {
		t.Fatal("schema.yaml no longer ends with its sections: append the test's section elsewhere")
	}
	// The project's own eventi give way to the test's, which declares
	// what it checks.
	sch = testproject.DropSection(sch, "eventi")
	if err := os.WriteFile(filepath.Join(proj, "schema.yaml"), append(sch, eventsSection...), 0o644); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(proj, "layouts", "page.html"))
	if err != nil {
		t.Fatal(err)
	}
	own := strings.Replace(string(page), `{{define "main"}}`, `{{define "main"}}<p class="evento-su-misura">{{.Section.Singular}}</p>`, 1)
	if err := os.WriteFile(filepath.Join(proj, "layouts", "eventi.html"), []byte(own), 0o644); err != nil {
		t.Fatal(err)
	}
	content := writeSite(t, map[string]string{
		"eventi/concerto.md":  "---\ntitle: Concerto di fine anno\ndate: 2026-12-01\ninizio: 2026-12-20T18:00\nfine: 2026-12-20T22:00\nluogo: Teatro comunale\norganizzatori: [imola, cantiere di ferrara]\n---\nMusica per tutti.\n",
		"eventi/festa.md":     "---\ntitle: Festa di quartiere\ndate: 2026-11-01\ninizio: 2026-11-20\norganizzatori: [Cantiere Imola]\n---\nUna festa in piazza.\n",
		"cantieri/imola.md":   "---\ntitle: Cantiere Imola\ndate: 2024-03-05\ncomune: Imola\n---\nIl cantiere di Imola.\n",
		"cantieri/ferrara.md": "---\ntitle: Cantiere Ferrara\ndate: 2024-04-08\ncomune: Ferrara\n---\nIl cantiere di Ferrara.\n",
		"azioni/verbale.md":   "---\ntitle: Scrivere il verbale\ndate: 2026-11-02\nentro: 2026-11-30\n---\nDa mandare a tutti.\n",
		"azioni/sala.md":      "---\ntitle: Prenotare la sala\ndate: 2026-11-03\nentro: 2026-11-10\nfatta: true\n---\nFatto.\n",
	})
	rome, err := time.LoadLocation("Europe/Rome")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 12, 7, 10, 0, 0, 0, rome)
	out, bundle := filepath.Join(t.TempDir(), "public"), filepath.Join(t.TempDir(), "bundle")
	res, err := Run(Config{Root: proj, Content: content, Out: out, Bundle: bundle, Now: at})
	if err != nil {
		t.Fatal(err)
	}
	if res.Diags.Len() != 0 {
		var b strings.Builder
		diag.Print(&b, res.Diags.All())
		t.Fatalf("the new section must build cleanly:\n%s", b.String())
	}
	read := func(name string) string {
		t.Helper()
		data, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	for _, c := range []struct {
		file string
		want []string // in this order
		not  []string
	}{
		{"eventi/concerto/index.html", []string{`class="tipo-eventi"`, `<p class="evento-su-misura">Evento</p>`,
			`<p class="stato stato-grande stato-in-programma">in programma — inizia tra 13 giorni</p>`,
			`<dt>Inizio</dt>`, `<time datetime="2026-12-20T18:00&#43;01:00">20 dicembre 2026, ore 18:00</time>`, `<dt>Luogo</dt>`, `Teatro comunale`,
			`<dt>Chi organizza</dt>`, `<a href="/cantieri/imola/">Cantiere di Imola</a>`, `<a href="/cantieri/ferrara/">Cantiere di Ferrara</a>`,
			`<a class="bottone bottone-secondario" href="/eventi/concerto/evento.ics" download>`}, nil},
		// The cantiere referred to lists the events that name it, by the
		// title the site shows ("Cantiere di Imola") or the one its file
		// writes ("Cantiere Imola").
		{"cantieri/imola/index.html", []string{`Collegati a questa pagina`, `<dt>Eventi: Chi organizza</dt>`,
			`<a href="/eventi/concerto/">Concerto di fine anno</a>`, `<a href="/eventi/festa/">Festa di quartiere</a>`}, nil},
		{"cantieri/ferrara/index.html", []string{`Collegati a questa pagina`, `<a href="/eventi/concerto/">Concerto di fine anno</a>`},
			[]string{`/eventi/festa/`}},
		{"eventi/festa/index.html", []string{`<p class="stato stato-grande stato-concluso">concluso il 20 novembre 2026</p>`},
			[]string{"evento.ics"}},
		{"eventi/index.html", []string{`class="tipo-list"`, `Solo in programma`, `Per data`, `Prima quelli in corso e in programma`,
			`Concerto di fine anno`, `stato-in-programma`, `<span>Fine: <time`, `Festa di quartiere`, `stato-concluso`}, []string{`Scadenza`}},
		{"eventi/in-programma/index.html", []string{`<h1>Eventi in programma</h1>`, `Concerto di fine anno`}, []string{`Festa di quartiere`}},
		// Masculine: the list of the newest speaks of events, not of
		// opportunities.
		{"eventi/recenti/index.html", []string{`<title>Eventi: i più recenti — `, `<h1>Eventi: i più recenti</h1>`,
			`Concerto di fine anno`, `Festa di quartiere`}, []string{`le più recenti`}},
		{"azioni/recenti/index.html", []string{`<h1>Azioni: le più recenti</h1>`}, nil},
		// The search's order by closing date and its filter of open
		// pages name every section with a lifecycle in its own words.
		{"cerca/index.html", []string{`<option value="deadline">scadenza, le più vicine prima; data, i più vicini prima</option>`,
			`Solo opportunità aperte, eventi in programma e azioni da fare <span`}, []string{`Solo opportunità aperte <`}},
		{"eventi/concerto/evento.ics", []string{"X-WR-CALNAME:Eventi — Cantieri Comuni", "SUMMARY:Evento: Concerto di fine anno",
			"DTSTART:20261220T170000Z", "DTEND:20261220T210000Z"}, nil},
		{"eventi/festa/evento.ics", []string{"SUMMARY:Evento: Festa di quartiere", "DTSTART;VALUE=DATE:20261120", "DTEND;VALUE=DATE:20261121"}, nil},
		{"eventi/calendario.ics", []string{"SUMMARY:Evento: Concerto di fine anno"}, []string{"Festa di quartiere"}},
		{"azioni/index.html", []string{`Scrivere il verbale`, `stato-in-ritardo">in ritardo il 30 novembre 2026`, `Prenotare la sala`, `stato-fatta">fatta`}, nil},
		{"azioni/da-fare/index.html", []string{`<h1>Azioni da fare</h1>`, `Scrivere il verbale`}, []string{`Prenotare la sala`}},
		{"index.html", []string{`<a href="/eventi/in-programma/">Eventi in programma</a>`, `<a href="/eventi/calendario.ics">Il calendario degli eventi</a>`}, nil},
	} {
		got := read(c.file)
		rest := got
		for _, w := range c.want {
			i := strings.Index(rest, w)
			if i < 0 {
				t.Errorf("%s: missing %q (or out of order)", c.file, w)
				break
			}
			rest = rest[i+len(w):]
		}
		for _, n := range c.not {
			if strings.Contains(got, n) {
				t.Errorf("%s: has %q", c.file, n)
			}
		}
	}

	// The search computes the same statuses at query time, and the
	// "aperte" filter keeps the upcoming event only.
	ix, err := search.OpenBundle(bundle, out)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	all, err := ix.Search(context.Background(), search.Request{Sort: search.SortDeadline, Page: 1}, at)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, h := range all.Hits {
		got = append(got, h.URL+" "+h.Status+" "+h.StatusText)
	}
	// The upcoming event first (nearest closing), then the late action
	// (open with no end: an action closes when done), then the rest.
	want := "/eventi/concerto/ in-programma in programma — inizia tra 13 giorni|/azioni/verbale/ in-ritardo in ritardo il 30 novembre 2026|" +
		"/azioni/sala/ fatta fatta|/eventi/festa/ concluso concluso il 20 novembre 2026|" +
		"/cantieri/ferrara/  |/cantieri/imola/  " // no lifecycle: no status
	if strings.Join(got, "|") != want {
		t.Errorf("search by closing date:\n got %s\nwant %s", strings.Join(got, "|"), want)
	}
	open, err := ix.Search(context.Background(), search.Request{Open: true, Page: 1}, at)
	if err != nil {
		t.Fatal(err)
	}
	var openURLs []string
	for _, h := range open.Hits {
		openURLs = append(openURLs, h.URL)
	}
	if strings.Join(openURLs, " ") != "/eventi/concerto/ /azioni/verbale/" {
		t.Errorf("aperte: %d hits %v", open.Total, openURLs)
	}
	// At query time too, the filter is named from the bundle's lifecycles.
	if f := open.Facets[search.OpenKey]; len(f) != 1 || f[0].Label != "Solo opportunità aperte, eventi in programma e azioni da fare" || f[0].Count != 2 {
		t.Errorf("the aperte filter at query time: %+v", f)
	}
	// Between start and end, the same page is running, then over.
	during, err := ix.Search(context.Background(), search.Request{Open: true, Page: 1}, time.Date(2026, 12, 20, 19, 0, 0, 0, rome))
	if err != nil {
		t.Fatal(err)
	}
	if during.Total != 2 || during.Hits[0].Status != "in-corso" || during.Hits[0].StatusText != "in corso — finisce oggi alle 22:00" {
		t.Errorf("during the concert: %+v", during.Hits)
	}
}
