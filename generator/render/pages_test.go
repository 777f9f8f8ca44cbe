package render

import (
	"errors"
	"os"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"cantiericomuni.it/banca/generator/diag"
)

// TestSitePages checks the pages of the site itself (the pagine section,
// declared in schema.yaml as root, without list, dates or feed, linked
// from the footer by piede and ordine).
func TestSitePages(t *testing.T) {
	files := renderSite(t, fixture(t).finish())
	for _, name := range []string{"chi-siamo/index.html", "privacy/index.html", "regolamento/index.html"} {
		if _, ok := files[name]; !ok {
			t.Errorf("%s non è stato scritto: le pagine del sito stanno alla radice", name)
		}
	}
	for name := range files {
		if strings.HasPrefix(name, "pagine/") {
			t.Errorf("%s: la sezione delle pagine del sito non ha elenco, filtri né feed", name)
		}
	}
	page := string(files["chi-siamo/index.html"])
	for _, bad := range []string{"Pubblicato", "Aggiornato", "<time", `class="occhiello"`, "Pagine del sito", "pagine/index.xml"} {
		if strings.Contains(page, bad) {
			t.Errorf("la pagina «Chi siamo» contiene %q", bad)
		}
	}
	if !strings.Contains(page, `<body class="tipo-pagina">`) {
		t.Error("la pagina «Chi siamo» non usa il modello pagina.html")
	}
	for _, name := range []string{"index.html", "opportunita/index.html"} {
		if strings.Contains(string(files[name]), "Pagine del sito") {
			t.Errorf("%s mostra le pagine del sito come una sezione", name)
		}
	}
	for _, name := range []string{"index.xml", "opportunita/index.xml"} {
		if strings.Contains(string(files[name]), "chi-siamo") {
			t.Errorf("%s contiene una pagina del sito: non sono novità", name)
		}
	}
	if !strings.Contains(string(files["sitemap.xml"]), "/chi-siamo/</loc>") {
		t.Error("la mappa del sito non contiene /chi-siamo/")
	}

	// The footer of every page: privacy (ordine 1) then chi siamo (ordine
	// 2), never the page without piede; the current page is marked.
	footer := regexp.MustCompile(`(?s)<nav class="piede-sito"[^>]*>(.*?)</nav>`)
	link := regexp.MustCompile(`<a href="([^"]+)"( aria-current="page")?>`)
	for name, data := range files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		m := footer.FindStringSubmatch(string(data))
		if m == nil {
			t.Errorf("%s: manca il piè di pagina con le pagine del sito", name)
			continue
		}
		var got []string
		for _, l := range link.FindAllStringSubmatch(m[1], -1) {
			got = append(got, l[1]+l[2])
		}
		want := []string{"/privacy/", "/chi-siamo/"}
		switch name {
		case "privacy/index.html":
			want[0] += ` aria-current="page"`
		case "chi-siamo/index.html":
			want[1] += ` aria-current="page"`
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s: piè di pagina %q, voglio %q", name, got, want)
		}
	}
}

// TestFooterCredits checks the logo (with its text alternative in the
// footer, decorative beside the name in the header) and the funder's
// credit, both from schema.yaml.
func TestFooterCredits(t *testing.T) {
	page := string(renderSite(t, fixture(t).finish())["index.html"])
	for _, want := range []string{
		`<img class="marchio-logo" src="/logo-cantieri-comuni.svg" alt="" width="40" height="40">`,
		`<img class="piede-logo" src="/logo-cantieri-comuni.svg" alt="Cantieri Comuni" width="40" height="40">`,
		`<p class="piede-finanziatore">Progetto sostenuto da <strong>ente finanziatore (da confermare)</strong></p>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("manca %s", want)
		}
	}
	if _, err := os.Stat("../../static/logo-cantieri-comuni.svg"); err != nil {
		t.Errorf("il logo non è in static/: %v", err)
	}
}

// TestMissingSectionLayout: a section whose layout file does not exist is
// a layout diagnostic naming the file, not a crash.
func TestMissingSectionLayout(t *testing.T) {
	layouts := fstest.MapFS{}
	for _, name := range []string{"base.html", "partials/testata.html", "partials/nav.html", "partials/breadcrumb.html", "partials/piede.html", "partials/testa.html"} {
		data, err := os.ReadFile("../../layouts/" + name)
		if err != nil {
			t.Fatal(err)
		}
		layouts[name] = &fstest.MapFile{Data: data}
	}
	// The site's calendar (schema.yaml: site.calendar) has layouts of
	// its own.
	for _, kind := range append([]string{calendarKind, monthKind}, Kinds...) {
		layouts[kind+".html"] = &fstest.MapFile{Data: []byte(`{{define "main"}}<p>{{.Heading}}</p>{{end}}`)}
	}
	r, err := New(layouts)
	if err != nil {
		t.Fatal(err)
	}
	err = r.Render(fixture(t).finish(), &MemOutput{})
	var d diag.Diagnostic
	if !errors.As(err, &d) || d.Code != diag.LayoutInvalid || d.File != "layouts/pagina.html" || !strings.Contains(d.Message, "«Pagine del sito»") {
		t.Fatalf("want a %s diagnostic for layouts/pagina.html, got %v", diag.LayoutInvalid, err)
	}
	// With the file, the section's pages use it.
	layouts["pagina.html"] = &fstest.MapFile{Data: []byte(`{{define "main"}}<p class="solo-pagina">{{.Heading}}</p>{{end}}`)}
	if r, err = New(layouts); err != nil {
		t.Fatal(err)
	}
	var out MemOutput
	if err := r.Render(fixture(t).finish(), &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out.Files()["chi-siamo/index.html"]), `<p class="solo-pagina">Chi siamo</p>`) {
		t.Error("chi-siamo/index.html non usa layouts/pagina.html")
	}
}

// TestSitePagesAreNoSectionOfTerms: a page of the site that carries a
// term is listed under it, but its section is no filter of the term's
// lists (it is not a section readers browse).
func TestSitePagesAreNoSectionOfTerms(t *testing.T) {
	b := fixture(t)
	b.add(pageSpec{section: "pagine", slug: "orti-in-citta", title: "Orti in città", date: "2026-11-02",
		summary: "Una pagina del sito sugli orti.", fields: map[string]any{"piede": false},
		terms: map[string][]string{"argomenti": {"ambiente"}}})
	files := renderSite(t, b.finish())
	if _, ok := files["argomenti/ambiente/pagine/index.html"]; ok {
		t.Error("argomenti/ambiente/pagine/: the site's pages became a section of the term")
	}
	term := string(files["argomenti/ambiente/index.html"])
	if !strings.Contains(term, `href="/orti-in-citta/"`) || strings.Contains(term, "Pagine del sito") {
		t.Errorf("the term lists the page, without a filter by its section:\n%s", term)
	}
}
