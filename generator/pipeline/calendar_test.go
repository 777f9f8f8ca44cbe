package pipeline

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/internal/sitefiles"
)

// TestCalendarPipeline builds a small site with the project's schema and
// layouts: an event held in a space of the bank, a deadline, a next
// meeting, in two cantieri. It finds the calendar the schema declares
// (its page, its months, its files, the site's and a cantiere's), the
// event's page as it reads (status, place linked, organisers,
// registration), the space listing the events held there, and the
// nightly rebuild due when the next meeting starts.
func TestCalendarPipeline(t *testing.T) {
	proj := t.TempDir()
	sitefiles.Write(t, sitefiles.Files(t, ""), proj)
	content := writeSite(t, map[string]string{
		"cantieri/ferrara.md": "---\ntitle: Cantiere Ferrara\ndate: 2024-04-08\ncomune: Ferrara\n---\nIl cantiere di Ferrara.\n",
		"cantieri/imola.md":   "---\ntitle: Cantiere Imola\ndate: 2024-03-05\ncomune: Imola\n---\nIl cantiere di Imola.\n",
		"risorse/sala-civica.md": "---\ntitle: Sala civica di Pontelagoscuro\ndate: 2026-02-01\ntipo: spazio\n" +
			"indirizzo: Piazza Buozzi 1, Ferrara\ncantieri: [ferrara]\n---\nUna sala per cinquanta persone.\n",
		"eventi/festa-della-rete.md": "---\ntitle: Festa della rete\ndate: 2026-11-01\ninizio: 2027-03-28T10:00\nfine: 2027-03-28T18:00\n" +
			"luogo: Sala civica di Pontelagoscuro\norganizzatori: [Associazione Il Ponte]\niscrizione: https://esempio.it/iscrizioni\n" +
			"tipo: evento pubblico\ncantieri: [ferrara]\n---\nMusica e giochi per tutti.\n",
		"opportunita/bando-primavera.md": "---\ntitle: Bando di primavera\ndate: 2026-11-02\ndeadline: 2027-03-15T12:00\n" +
			"ente: Comune di Ferrara\ncantieri: [ferrara]\n---\nContributi per l'estate.\n",
		"verbali/tavolo-di-novembre.md": "---\ntitle: Tavolo di cantiere di novembre\ndate: 2026-11-20\ndata_incontro: 2026-11-19T17:00\n" +
			"tavolo: tavolo di cantiere\nprossimo_incontro: 2026-12-09T17:30\ncantieri: [imola]\n---\nIl tavolo si è riunito.\n",
	})
	rome, err := time.LoadLocation("Europe/Rome")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 12, 7, 10, 0, 0, 0, rome)
	out := filepath.Join(t.TempDir(), "public")
	res, err := Run(Config{Root: proj, Content: content, Out: out, Bundle: filepath.Join(t.TempDir(), "bundle"), Now: at})
	if err != nil {
		t.Fatal(err)
	}
	if res.Diags.Len() != 0 {
		var b strings.Builder
		diag.Print(&b, res.Diags.All())
		t.Fatalf("the site must build cleanly:\n%s", b.String())
	}
	// The next meeting, on 9 December at 17:30, is the first change of
	// state; before it, its badge counts the days at every midnight.
	if want := time.Date(2026, 12, 8, 0, 0, 0, 0, rome); !res.Site.NextStatusChange.Equal(want) {
		t.Errorf("next status change %v, want %v", res.Site.NextStatusChange, want)
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
		{"calendario/index.html", []string{`<h1>Calendario</h1>`,
			`mercoledì 9 dicembre 2026, ore 17:30`, `/verbali/tavolo-di-novembre/`, `Prossimo incontro`, `stato-in-programma">in programma — inizia tra 2 giorni`,
			`lunedì 15 marzo 2027, ore 12:00`, `/opportunita/bando-primavera/`, `Scadenza`, `stato-aperta">aperta — scade tra 98 giorni`,
			`domenica 28 marzo 2027, ore 10:00 – 18:00`, `/eventi/festa-della-rete/`, `Evento`, `stato-in-programma`,
			`<a href="/calendario/2026/12/">dicembre 2026</a>`, `<a href="/calendario/2027/03/">marzo 2027</a>`,
			`<a href="/calendario/calendario.ics">`, `<a href="/cantieri/ferrara/calendario.ics">Cantiere di Ferrara</a>`}, nil},
		{"calendario/2027/03/index.html", []string{`<link rel="prev" href="/calendario/2026/12/">`, `<h1>Calendario: marzo 2027</h1>`,
			`<caption>Marzo 2027: 2 appuntamenti</caption>`, `<th scope="col">`, `<span class="cal-giorno">15</span>`, `/opportunita/bando-primavera/`,
			`<span class="cal-giorno">28</span>`, `/eventi/festa-della-rete/`, `class="cal-lista"`, `<time datetime="2027-03-15">lunedì 15 marzo</time>`},
			[]string{`rel="next"`}},
		{"calendario/2026/12/index.html", []string{`aria-current="date"`, `<span class="cal-giorno">7<span class="vh"> (oggi)</span>`,
			`/verbali/tavolo-di-novembre/`}, nil},
		{"calendario/calendario.ics", []string{"X-WR-CALNAME:Calendario — Cantieri Comuni", "SUMMARY:Prossimo incontro: Tavolo di cantiere di novembre",
			"SUMMARY:Scadenza: Bando di primavera", "SUMMARY:Evento: Festa della rete", "LOCATION:Sala civica di Pontelagoscuro", "DTSTART:20270328T080000Z"}, nil},
		{"cantieri/ferrara/calendario.ics", []string{"SUMMARY:Scadenza: Bando di primavera", "SUMMARY:Evento: Festa della rete"}, []string{"Tavolo di cantiere"}},
		{"cantieri/ferrara/index.html", []string{`<a href="/cantieri/ferrara/calendario.ics">`}, nil},
		{"eventi/festa-della-rete/index.html", []string{`stato-in-programma">in programma — inizia tra 111 giorni`,
			`<dt>Luogo</dt>`, `<a href="/risorse/sala-civica/">Sala civica di Pontelagoscuro</a>`, `<dt>Organizzatori</dt>`, `Associazione Il Ponte`,
			`<a class="bottone" href="https://esempio.it/iscrizioni">Iscriviti</a>`, `href="/eventi/festa-della-rete/evento.ics"`}, []string{"Vai alla pagina ufficiale"}},
		{"risorse/sala-civica/index.html", []string{`>Eventi in questo spazio</h2>`, `<a href="/eventi/festa-della-rete/">Festa della rete</a>`}, []string{"Eventi: Luogo"}},
		{"eventi/festa-della-rete/evento.ics", []string{"LOCATION:Sala civica di Pontelagoscuro"}, nil},
		{"eventi/in-programma/index.html", []string{`<h1>Eventi in programma</h1>`}, nil},
		{"index.html", []string{`<a href="/calendario/">Calendario</a>`, `<a href="/calendario/calendario.ics">Il calendario della rete</a>`}, nil},
		{"sitemap.xml", []string{"/calendario/</loc>", "/calendario/2026/12/</loc>", "/calendario/2027/03/</loc>"}, nil},
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
	// The feeds are unaffected: no calendar page is an item.
	if strings.Contains(read("index.xml"), "/calendario/") {
		t.Error("the site's feed lists a calendar page")
	}
}
