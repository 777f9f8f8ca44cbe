package render

import (
	"html/template"
	"sort"
	"strconv"
	"testing"
	"time"
	"unicode"

	"cantiericomuni.it/banca/generator/content"
	"cantiericomuni.it/banca/generator/schema"
	"cantiericomuni.it/banca/generator/site"
	"cantiericomuni.it/banca/generator/slug"
)

// builder assembles a site.Site by hand, the way site.Assemble shapes it,
// so that these tests depend only on the site model's types.
type builder struct {
	tb    testing.TB
	s     *site.Site
	terms map[string]*site.Term // "taxonomy/slug" → term
}

// rome is the site's zone.
var rome = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Rome")
	if err != nil {
		panic(err)
	}
	return loc
}()

// testNow is the fixed build instant: 27 November 2026, 10:00 in Rome.
var testNow = time.Date(2026, 11, 27, 10, 0, 0, 0, rome)

// newBuilder starts a site with the repository's schema, sections and
// taxonomies, and no pages.
func newBuilder(tb testing.TB, pageSize int) *builder {
	tb.Helper()
	sch, err := schema.Load("../../schema.yaml")
	if err != nil {
		tb.Fatal(err)
	}
	sch.Site.PageSize = pageSize
	s := &site.Site{Schema: sch, Config: sch.Site, Now: testNow}
	for _, sec := range sch.Sections {
		s.Sections = append(s.Sections, &site.Section{Key: sec.Key, Label: sec.Label, Singular: sec.Singular,
			Description: sec.Description, URL: sec.ListURL(), Schema: sec})
	}
	for _, t := range sch.Taxonomies {
		url := "/" + t.Key + "/"
		if t.Pages != "" {
			url = "/" + t.Pages + "/"
		}
		s.Taxonomies = append(s.Taxonomies, &site.Taxonomy{Key: t.Key, Label: t.Label, Singular: t.Singular, URL: url, Schema: t})
	}
	return &builder{tb: tb, s: s, terms: map[string]*site.Term{}}
}

// day parses "2006-01-02" in Rome.
func day(s string) time.Time {
	t, err := time.ParseInLocation(time.DateOnly, s, rome)
	if err != nil {
		panic(err)
	}
	return t
}

// pageSpec describes a page to add.
type pageSpec struct {
	section, slug, title, date, lastmod, summary string
	authors                                      []string
	// deadline is "" (none), "2006-01-02" or "2006-01-02T15:04".
	deadline string
	fields   map[string]any
	terms    map[string][]string // taxonomy key → values (cantieri: slugs)
	aliases  []string
	weight   int
}

// add adds a page; cantieri pages become hubs with their term.
func (b *builder) add(ps pageSpec) *site.Page {
	sec := b.s.Section(ps.section)
	if sec == nil {
		b.tb.Fatalf("sezione %q sconosciuta", ps.section)
	}
	cp := &content.Page{
		File: ps.section + "/" + ps.slug + ".md", Section: ps.section, Slug: ps.slug,
		URL: sec.Schema.PageURL(ps.slug), Title: ps.title, Date: day(ps.date),
		Summary: ps.summary, Authors: ps.authors, Aliases: ps.aliases, Weight: ps.weight,
		Content: template.HTML("<p>Il testo di «" + template.HTMLEscapeString(ps.title) + "».</p>\n<h2 id=\"dettagli\">Dettagli</h2>\n<p>Altre informazioni.</p>"),
	}
	if ps.lastmod != "" {
		cp.Lastmod = day(ps.lastmod)
	}
	p := &site.Page{Page: cp, Section: sec}
	values := schema.Values{}
	for k, v := range ps.fields {
		values[k] = v
	}
	cp.Params = values
	if ps.deadline != "" {
		d := schema.Date{Time: day(ps.deadline[:10])}
		if len(ps.deadline) > 10 {
			t, err := time.ParseInLocation("2006-01-02T15:04", ps.deadline, rome)
			if err != nil {
				b.tb.Fatal(err)
			}
			d = schema.Date{Time: t, HasTime: true}
		}
		cp.Deadline = &d
		values["deadline"] = d
	}
	if lc := sec.Lifecycle(); lc != nil {
		p.Status = site.StatusAt(lc, site.MomentsOf(cp), testNow.In(rome))
	}
	for _, f := range sec.Schema.Fields {
		if v, ok := values[f.Key]; ok {
			p.Fields = append(p.Fields, site.Field{Key: f.Key, Label: f.Label, Type: f.Type, Value: v})
		}
	}
	if tax := b.hubTaxonomy(ps.section); tax != nil {
		t := &site.Term{Taxonomy: tax, Value: ps.slug, Name: ps.title, Slug: ps.slug, URL: cp.URL, Hub: p}
		p.Hub = t
		b.terms[tax.Key+"/"+ps.slug] = t
	}
	for _, tax := range b.s.Taxonomies {
		var group []*site.Term
		for _, v := range ps.terms[tax.Key] {
			sl := slug.Make(v)
			t := b.terms[tax.Key+"/"+sl]
			if t == nil {
				if tax.Schema.Pages != "" {
					b.tb.Fatalf("cantiere %q da aggiungere prima delle pagine", v)
				}
				r := []rune(v)
				r[0] = unicode.ToUpper(r[0])
				t = &site.Term{Taxonomy: tax, Value: v, Name: string(r), Slug: sl, URL: tax.URL + sl + "/"}
				b.terms[tax.Key+"/"+sl] = t
			}
			t.Pages = append(t.Pages, p)
			group = append(group, t)
		}
		if len(group) > 0 {
			p.Terms = append(p.Terms, site.TermGroup{Taxonomy: tax, Terms: group})
		}
	}
	for _, a := range ps.aliases {
		b.s.Redirects = append(b.s.Redirects, site.Redirect{From: a, To: cp.URL})
	}
	b.s.Pages = append(b.s.Pages, p)
	return p
}

// hubTaxonomy returns the taxonomy whose terms are the pages of section.
func (b *builder) hubTaxonomy(section string) *site.Taxonomy {
	for _, t := range b.s.Taxonomies {
		if t.Schema.Pages == section {
			return t
		}
	}
	return nil
}

// relate suggests to for p with a reason.
func relate(p, to *site.Page, reason string) {
	p.Related = append(p.Related, site.Related{Page: to, Reason: reason, Score: 1})
}

// finish sorts everything as site.Assemble does and returns the site.
func (b *builder) finish() *site.Site {
	s := b.s
	order := func(ps []*site.Page) {
		sort.SliceStable(ps, func(i, j int) bool {
			x, y := ps[i], ps[j]
			if (x.Weight != 0) != (y.Weight != 0) {
				return x.Weight != 0
			}
			if x.Weight != y.Weight {
				return x.Weight < y.Weight
			}
			if !x.Date.Equal(y.Date) {
				return x.Date.After(y.Date)
			}
			return x.Title < y.Title
		})
	}
	order(s.Pages)
	defer s.AssembleCalendar()
	for _, sec := range s.Sections {
		sec.Pages = nil
	}
	for _, p := range s.Pages {
		p.Section.Pages = append(p.Section.Pages, p)
	}
	for _, tax := range s.Taxonomies {
		tax.Terms = nil
	}
	keys := make([]string, 0, len(b.terms))
	for k := range b.terms {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t := b.terms[k]
		order(t.Pages)
		t.Taxonomy.Terms = append(t.Taxonomy.Terms, t)
	}
	for _, tax := range s.Taxonomies {
		sort.SliceStable(tax.Terms, func(i, j int) bool { return tax.Terms[i].Slug < tax.Terms[j].Slug })
	}
	sort.Slice(s.Redirects, func(i, j int) bool { return s.Redirects[i].From < s.Redirects[j].From })
	s.Footer = site.FooterLinks(s.Sections)
	return s
}

// fixture is the small site of the golden tests: a few pages per section,
// two cantiere hubs, an opportunity in every status, an alias, a page with
// Lastmod and related pages. The page size is 2, so lists paginate.
func fixture(tb testing.TB) *builder {
	b := newBuilder(tb, 2)
	b.add(pageSpec{section: "cantieri", slug: "ferrara", title: "Ferrara", date: "2026-01-10",
		summary: "Il cantiere di Ferrara: scuole, parrocchie e associazioni del quartiere Giardino.",
		fields: map[string]any{"comune": "Ferrara", "capofila": "Cooperativa Il Germoglio", "referenti": []string{"Giulia Neri", "Marco Bassi"},
			"email": "cantiere.ferrara@example.org", "telefono": "+39 0532 000 050"}})
	b.add(pageSpec{section: "cantieri", slug: "imola", title: "Imola", date: "2026-01-12",
		summary: "Il cantiere di Imola.", fields: map[string]any{"comune": "Imola"}})

	aperta := b.add(pageSpec{section: "opportunita", slug: "bando-comunita-educanti-2027", title: "Bando «Comunità educanti» 2027",
		date: "2026-11-01", summary: "Contributi per progetti contro la povertà educativa, fino a 30.000 €.",
		authors: []string{"Anna Rossi", "Luca Bianchi", "Sara Verdi"}, deadline: "2027-01-15",
		fields: map[string]any{"ente": "Fondazione del Monte", "link": "https://www.fondazione.example/bando", "tipo": "bando",
			"importo": "fino a 30.000 €", "requisiti": "Reti di almeno tre enti del terzo settore.",
			"come_partecipare": "Domanda online sul sito della Fondazione.",
			"contatti":         "Ufficio bandi, bandi@fondazione.example, 051 000 0101\nwww.fondazione.example/contatti (lunedì–venerdì)"},
		terms: map[string][]string{"argomenti": {"povertà educativa", "scuola"}, "destinatari": {"scuole"}, "cantieri": {"ferrara"}}})
	corso := b.add(pageSpec{section: "opportunita", slug: "corso-facilitazione", title: "Corso di facilitazione delle reti",
		date: "2026-11-20", summary: "Sei incontri per chi coordina reti territoriali.", authors: []string{"Marta Gallo"},
		deadline: "2026-12-02T12:00", fields: map[string]any{"ente": "CSV Terre Estensi", "tipo": "formazione"},
		terms: map[string][]string{"argomenti": {"formazione", "lavoro di rete"}, "cantieri": {"ferrara", "imola"}}})
	b.add(pageSpec{section: "opportunita", slug: "sala-prove", title: "Sala prove gratuita",
		date: "2026-11-10", summary: "Ultimo giorno per prenotare la sala.", deadline: "2026-11-27T18:00",
		fields: map[string]any{"ente": "Comune di Imola", "tipo": "spazio"},
		terms:  map[string][]string{"argomenti": {"cultura"}, "cantieri": {"imola"}}})
	b.add(pageSpec{section: "opportunita", slug: "estate-in-rete-2025", title: "Estate in rete 2025",
		date: "2025-02-01", summary: "Il bando dell'estate scorsa.", deadline: "2026-03-08",
		fields: map[string]any{"ente": "Regione Emilia-Romagna"},
		terms:  map[string][]string{"argomenti": {"estate ragazzi"}, "cantieri": {"ferrara"}}})
	sportello := b.add(pageSpec{section: "opportunita", slug: "sportello-progettazione", title: "Sportello di progettazione",
		date: "2026-06-01", lastmod: "2026-11-08", summary: "Aiuto gratuito a scrivere progetti, fino a esaurimento delle ore.",
		fields: map[string]any{"ente": "Consorzio Aldebaran", "link": "https://aldebaran.example/sportello", "tipo": "servizio"},
		terms:  map[string][]string{"argomenti": {"formazione"}}})

	b.add(pageSpec{section: "protocolli", slug: "patto-scuole-ferrara", title: "Patto educativo di comunità di Ferrara",
		date: "2026-09-15", summary: "Scuole e associazioni si impegnano a condividere spazi e progetti.",
		fields: map[string]any{"firmatari": []string{"IC 3 Ferrara", "Comune di Ferrara", "Coop. Il Germoglio"},
			"data_firma": schema.Date{Time: day("2026-09-01")}, "durata": "3 anni", "stato": "in vigore"},
		terms: map[string][]string{"argomenti": {"scuola", "lavoro di rete"}, "territori": {"Ferrara"}, "cantieri": {"ferrara"}}})
	b.add(pageSpec{section: "protocolli", slug: "protocollo-imola", title: "Protocollo per l'orientamento a Imola",
		date: "2026-05-11", summary: "Un accordo per accompagnare i ragazzi nella scelta della scuola superiore.",
		fields: map[string]any{"firmatari": []string{"Comune di Imola", "Ufficio scolastico"}, "data_firma": schema.Date{Time: day("2026-05-08")}},
		terms:  map[string][]string{"argomenti": {"orientamento"}, "cantieri": {"imola"}}})

	orti := b.add(pageSpec{section: "pratiche", slug: "orti-condivisi", title: "Orti condivisi a scuola",
		date: "2026-08-12", lastmod: "2026-10-01", summary: "Un orto curato da studenti, genitori e nonni.",
		authors: []string{"Paolo Neri", "Elena Fabbri"}, aliases: []string{"/vecchio-sito/orti/", "/pratiche/orti/"},
		fields: map[string]any{"partner": []string{"IC 3 Ferrara", "Auser"}, "periodo": "settembre 2025 – giugno 2026",
			"risultati": "120 studenti coinvolti.\nTre classi hanno adottato un'aiuola.", "contatti": "orti@scuola.example"},
		terms: map[string][]string{"argomenti": {"ambiente", "scuola"}, "destinatari": {"ragazzi", "famiglie"}, "cantieri": {"ferrara"}}})
	tutor := b.add(pageSpec{section: "pratiche", slug: "tutor-tra-pari", title: "Tutor tra pari",
		date: "2026-03-01", summary: "Ragazzi più grandi aiutano i più piccoli nei compiti.",
		fields: map[string]any{"partner": []string{"Liceo Fermi"}},
		terms:  map[string][]string{"argomenti": {"povertà educativa", "scuola"}, "cantieri": {"imola"}}})
	b.add(pageSpec{section: "pratiche", slug: "mediazione-culturale", title: "Mediazione culturale nelle scuole",
		date: "2025-12-01", summary: "Mediatori a scuola per le famiglie appena arrivate.",
		terms: map[string][]string{"argomenti": {"intercultura"}}})

	b.add(pageSpec{section: "risorse", slug: "sala-civica", title: "Sala civica di via Bologna",
		date: "2026-04-04", summary: "Una sala per 40 persone, gratuita per le associazioni.",
		fields: map[string]any{"tipo": "spazio", "indirizzo": "Via Bologna 10, Ferrara", "orari": "lunedì–venerdì 9–18\nsabato 9–13"},
		terms:  map[string][]string{"territori": {"Ferrara"}}})
	b.add(pageSpec{section: "risorse", slug: "guida-progettazione", title: "Guida alla progettazione",
		date: "2026-02-20", summary: "Un documento di 30 pagine per scrivere un buon progetto.",
		fields: map[string]any{"tipo": "documento"}})

	// Pages of the site itself: at the root, linked from the footer by
	// their ordine (chi siamo last, although newer), not the draft-like one
	// without piede.
	b.add(pageSpec{section: "pagine", slug: "chi-siamo", title: "Chi siamo", date: "2026-11-01",
		summary: "Il progetto e i cinque cantieri.", fields: map[string]any{"piede": true, "ordine": 2}})
	b.add(pageSpec{section: "pagine", slug: "privacy", title: "Privacy e cookie", date: "2026-10-01",
		summary: "Nessun cookie.", fields: map[string]any{"piede": true, "ordine": 1}})
	b.add(pageSpec{section: "pagine", slug: "regolamento", title: "Regolamento della redazione", date: "2026-10-02",
		summary: "Solo per chi scrive.", fields: map[string]any{"piede": false, "ordine": 0}})

	relate(aperta, tutor, "stesso argomento: povertà educativa")
	relate(aperta, orti, "stesso cantiere: Ferrara")
	relate(orti, aperta, "stesso cantiere: Ferrara")
	relate(orti, sportello, "opportunità aperta")
	relate(corso, sportello, "stesso argomento: formazione")
	return b
}

// synthetic builds a site of n pages spread over the sections, with about
// four terms each, for the benchmark.
func synthetic(tb testing.TB, n int) *site.Site {
	b := newBuilder(tb, 20)
	cantieri := []string{"bologna-navile", "casalecchio-di-reno", "ferrara", "imola", "san-lazzaro-di-savena"}
	for _, c := range cantieri {
		b.add(pageSpec{section: "cantieri", slug: c, title: "Cantiere " + c, date: "2026-01-01", summary: "Il cantiere.",
			fields: map[string]any{"comune": c, "referenti": []string{"Una Persona", "Un'altra"}}})
	}
	args := b.s.Schema.Taxonomy("argomenti").Values
	dest := b.s.Schema.Taxonomy("destinatari").Values
	secs := []string{"opportunita", "protocolli", "pratiche", "risorse"}
	var prev *site.Page
	for i := range n {
		sec := secs[i%len(secs)]
		d := time.Date(2026, 11, 27, 0, 0, 0, 0, rome).AddDate(0, 0, -i/3)
		ps := pageSpec{section: sec, slug: "scheda-" + strconv.Itoa(i), title: "Scheda numero " + strconv.Itoa(i),
			date: d.Format(time.DateOnly), summary: "Una scheda di prova con un sommario di una frase o due, come quelli veri.",
			authors: []string{"Anna Rossi", "Luca Bianchi"},
			terms: map[string][]string{"argomenti": {args[i%len(args)], args[(i*7+3)%len(args)]},
				"destinatari": {dest[i%len(dest)]}, "cantieri": {cantieri[i%len(cantieri)]}}}
		switch sec {
		case "opportunita":
			ps.fields = map[string]any{"ente": "Un ente", "link": "https://ente.example/bando", "tipo": "bando", "importo": "10.000 €"}
			if i%3 != 0 {
				ps.deadline = d.AddDate(0, 0, 40).Format(time.DateOnly)
			}
		case "protocolli":
			ps.fields = map[string]any{"firmatari": []string{"Comune", "Scuola"}, "data_firma": schema.Date{Time: d}}
		case "pratiche":
			ps.fields = map[string]any{"partner": []string{"Associazione"}, "periodo": "2025–2026"}
		}
		p := b.add(ps)
		if prev != nil {
			relate(p, prev, "stesso argomento: scuola")
		}
		prev = p
	}
	return b.finish()
}
