package render

import (
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"cantiericomuni.it/banca/generator/content"
	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/internal/testproject"
	"cantiericomuni.it/banca/generator/schema"
	"cantiericomuni.it/banca/generator/site"
)

// reteSite is a small network with the repository's schema: two
// cantieri, five organisations of three types, and the protocols,
// practices and minutes that name them together.
func reteSite(t *testing.T) *site.Site {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(testproject.Root(), "schema.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	sch, err := schema.Parse("schema.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	ente := func(title, tipo, sigla, cantieri string) *fstest.MapFile {
		s := "---\ntitle: " + title + "\ndate: 2026-01-01\ntipo: " + tipo + "\ncantieri: [" + cantieri + "]\n"
		if sigla != "" {
			s += "sigla: " + sigla + "\n"
		}
		return file(s + "---\nL'ente.\n")
	}
	fsys := fstest.MapFS{
		"cantieri/ferrara.md":            file("---\ntitle: Cantiere Ferrara\ndate: 2026-01-01\ncomune: Ferrara\n---\nIl cantiere.\n"),
		"cantieri/imola.md":              file("---\ntitle: Cantiere Imola\ndate: 2026-01-01\ncomune: Imola\n---\nIl cantiere.\n"),
		"enti/comune-di-ferrara.md":      ente("Comune di Ferrara", "comune", "", "ferrara"),
		"enti/comune-di-imola.md":        ente("Comune di Imola", "comune", "", "imola"),
		"enti/ic-5-ferrara.md":           ente("Istituto comprensivo 5 di Ferrara", "scuola", "IC 5", "ferrara"),
		"enti/cadiai.md":                 ente("Cooperativa sociale CADIAI", "cooperativa sociale", "CADIAI", "ferrara, imola"),
		"enti/arci.md":                   ente("Circolo Arci Imola", "associazione", "", "imola"),
		"protocolli/patto-ferrara.md":    file("---\ntitle: Patto educativo di Ferrara\ndate: 2026-02-01\ndata_firma: 2026-01-20\nfirmatari: [Comune di Ferrara, IC 5, CADIAI]\n---\nIl patto.\n"),
		"protocolli/accordo-imola.md":    file("---\ntitle: Accordo di Imola\ndate: 2026-02-02\ndata_firma: 2026-01-21\nfirmatari: [comune-di-imola, arci, Cadiai]\n---\nL'accordo.\n"),
		"pratiche/doposcuola.md":         file("---\ntitle: Doposcuola diffuso\ndate: 2026-03-01\npartner: [CADIAI, Comune di Ferrara, Fondazione che non c'è]\n---\nLa pratica.\n"),
		"verbali/tavolo-ferrara.md":      file("---\ntitle: Tavolo di Ferrara di marzo\ndate: 2026-03-10\ndata_incontro: 2026-03-09T17:00\ntavolo: tavolo di cantiere\npartecipanti: [Comune di Ferrara, CADIAI]\n---\nIl verbale.\n"),
		"verbali/tavolo-imola.md":        file("---\ntitle: Tavolo di Imola di marzo\ndate: 2026-03-11\ndata_incontro: 2026-03-10T17:00\ntavolo: tavolo di cantiere\npartecipanti: [Comune di Imola]\n---\nUn ente solo: nessun legame.\n"),
		"opportunita/bando-ferrara.md":   file("---\ntitle: Bando di Ferrara\ndate: 2026-03-01\nente: Comune di Ferrara\n---\nUn ente solo e un campo che la rete non conta.\n"),
		"protocolli/patto-senza-enti.md": file("---\ntitle: Patto senza enti della rete\ndate: 2026-02-03\ndata_firma: 2026-01-22\nfirmatari: [Uno, Due]\n---\nNessun ente.\n"),
	}
	var diags diag.List
	set := content.Load(fsys, sch, content.Options{}, &diags)
	published := set.Published(false)
	content.CheckSet(published, sch, &diags)
	s := site.Assemble(published, sch, site.Options{Now: testNow, Diags: &diags})
	for _, d := range diags.All() {
		if d.Severity != diag.Warning {
			t.Fatalf("diagnostic: %v", d)
		}
	}
	for _, p := range s.Pages {
		p.Content = "<p>Il testo.</p>"
	}
	return s
}

// TestNetworkRendered renders the list of the organisations (by type,
// with the network) and a cantiere's page (its organisations' network),
// and an organisation's page with the headings its references declare.
func TestNetworkRendered(t *testing.T) {
	files := renderSite(t, reteSite(t))
	for _, name := range []string{"enti/index.html", "cantieri/ferrara/index.html", "enti/cadiai/index.html"} {
		data, ok := files[name]
		if !ok {
			t.Fatalf("%s non è stato scritto", name)
		}
		golden(t, "rete/"+name, data)
		for _, problem := range checkHTML(string(data)) {
			t.Errorf("%s: %s", name, problem)
		}
	}
	list := string(files["enti/index.html"])
	// By type in the pick-list's order, then by name.
	var groups []string
	for _, m := range regexp.MustCompile(`<h2 id="gruppo-[^"]+">([^<]+) <span class="numero">(\d+)</span></h2>`).FindAllStringSubmatch(list, -1) {
		groups = append(groups, m[1]+" "+m[2])
	}
	if want := []string{"Comune 2", "Scuola 1", "Cooperativa sociale 1", "Associazione 1"}; !slices.Equal(groups, want) {
		t.Errorf("gruppi %v, want %v", groups, want)
	}
	for _, want := range []string{
		`<a href="/enti/ic-5-ferrara/">Istituto comprensivo 5 di Ferrara</a> <span class="sigla">(IC 5)</span>`,
		`<span>Cantieri: Ferrara, Imola</span> <span>4 schede lo citano</span>`,
		`<a href="/cantieri/imola/">Imola <span class="numero">3</span></a>`,
	} {
		if !strings.Contains(list, want) {
			t.Errorf("enti: manca %s", want)
		}
	}
	if !strings.Contains(list, "Comune di Ferrara</a></h3>") || strings.Index(list, "Comune di Ferrara</a>") > strings.Index(list, "Comune di Imola</a>") {
		t.Error("enti: i comuni non sono in ordine di nome")
	}
	whole := networkFacts(t, "enti", list)
	if len(whole) != 6 { // Ferrara: 3 pairs, Imola: 3 pairs, CADIAI in both
		t.Errorf("enti: %d legami: %v", len(whole), whole)
	}
	if w := whole["Comune di Ferrara|Cooperativa sociale CADIAI"]; w != "3 schede in comune (Protocolli: 1, Buone pratiche: 1, Verbali: 1)" {
		t.Errorf("Ferrara e CADIAI: %q", w)
	}
	hub := string(files["cantieri/ferrara/index.html"])
	local := networkFacts(t, "cantieri/ferrara", hub)
	if len(local) != 3 || strings.Contains(hub, "Circolo Arci") {
		t.Errorf("cantieri/ferrara: %v", local)
	}
	if strings.Contains(string(files["cantieri/imola/index.html"]), "Istituto comprensivo") {
		t.Error("cantieri/imola mostra un ente di Ferrara")
	}
	cadiai := string(files["enti/cadiai/index.html"])
	for _, want := range []string{">Protocolli firmati</h2>", ">Buone pratiche come partner</h2>", ">Incontri a cui ha partecipato</h2>"} {
		if !strings.Contains(cadiai, want) {
			t.Errorf("enti/cadiai: manca %s", want)
		}
	}
	// A filtered list is grouped but draws no network.
	if tipo := string(files["enti/tipo/comune/index.html"]); tipo == "" || strings.Contains(tipo, "<svg class=\"rete-disegno\"") {
		t.Error("enti/tipo/comune: manca, o disegna la rete")
	}
}

var (
	svgLine  = regexp.MustCompile(`<line [^>]*><title>([^<]+)</title></line>`)
	svgNode  = regexp.MustCompile(`<a href="([^"]+)"><title>(\d+)\. ([^<(]+?)(?: \([^)]*\))?</title>`)
	tableRow = regexp.MustCompile(`(?s)<tr>\n<td>(\d+)</td>\n<th scope="row"><a href="([^"]+)">([^<]+)</a>[^\n]*</th>(.*?)</tr>`)
	tableTie = regexp.MustCompile(`<li><a href="[^"]+">([^<]+)</a> \((\d+)\): ([^<]+)</li>`)
)

// networkFacts reads the network of a page twice, from the picture and
// from the table, fails unless both say the same (the same numbered
// nodes linking to the same pages, the same links with the same pages
// in common), and returns its links: "A|B" → their pages in common.
func networkFacts(t *testing.T, name, doc string) map[string]string {
	t.Helper()
	start, end := strings.Index(doc, `<svg class="rete-disegno"`), strings.Index(doc, "</svg>")
	if start < 0 || end < start {
		t.Fatalf("%s: manca il disegno della rete", name)
	}
	svg := html.UnescapeString(doc[start:end])
	pair := func(a, b string) string {
		if a > b {
			a, b = b, a
		}
		return a + "|" + b
	}
	drawn := map[string]string{}
	for _, m := range svgLine.FindAllStringSubmatch(svg, -1) {
		ab, pages, _ := strings.Cut(m[1], ": ")
		a, b, _ := strings.Cut(ab, " e ")
		drawn[pair(a, b)] = pages
	}
	var nodes, rows []string
	for _, m := range svgNode.FindAllStringSubmatch(svg, -1) {
		nodes = append(nodes, m[2]+" "+m[3]+" "+m[1])
	}
	table := map[string]string{}
	for _, m := range tableRow.FindAllStringSubmatch(html.UnescapeString(doc[end:]), -1) {
		rows = append(rows, m[1]+" "+m[3]+" "+m[2])
		for _, tie := range tableTie.FindAllStringSubmatch(m[4], -1) {
			k := pair(m[3], tie[1])
			if prev, seen := table[k]; seen && prev != tie[3] {
				t.Errorf("%s: la tabella dice due cose di %s: %q e %q", name, k, prev, tie[3])
			}
			table[k] = tie[3]
		}
	}
	if len(nodes) == 0 || !slices.Equal(nodes, rows) {
		t.Errorf("%s: enti del disegno e della tabella diversi:\n%v\n%v", name, nodes, rows)
	}
	if fmt.Sprint(drawn) != fmt.Sprint(table) {
		t.Errorf("%s: legami del disegno e della tabella diversi:\n%v\n%v", name, drawn, table)
	}
	return drawn
}
