package render

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"cantiericomuni.it/banca/generator/internal/htmltest"
)

// hrefsIn lists the page links of the items of a list page, in order.
func itemLinks(page string) []string {
	var out []string
	for _, m := range itemLinkRE.FindAllStringSubmatch(page, -1) {
		out = append(out, m[1])
	}
	return out
}

var itemLinkRE = regexp.MustCompile(`<h[23] class="voce-titolo"><a href="([^"]+)"`)

func TestFilterPages(t *testing.T) {
	files := renderSite(t, fixture(t).finish())
	page := func(name string) string {
		t.Helper()
		data, ok := files[name]
		if !ok {
			t.Fatalf("%s non è stato scritto", name)
		}
		return string(data)
	}
	// Open opportunities, nearest deadline first, over two pages of 2.
	open := append(itemLinks(page("opportunita/aperte/index.html")), itemLinks(page("opportunita/aperte/page/2/index.html"))...)
	want := []string{"/opportunita/sala-prove/", "/opportunita/corso-facilitazione/",
		"/opportunita/bando-comunita-educanti-2027/", "/opportunita/sportello-progettazione/"}
	if strings.Join(open, " ") != strings.Join(want, " ") {
		t.Errorf("opportunità aperte: %v, voglio %v", open, want)
	}
	// A pick-list facet value lists exactly its pages, and the filters
	// mark it as the current one.
	bandi := page("opportunita/tipo/bando/index.html")
	if got := itemLinks(bandi); len(got) != 1 || got[0] != "/opportunita/bando-comunita-educanti-2027/" {
		t.Errorf("tipo bando: %v", got)
	}
	if !strings.Contains(bandi, `<a href="/opportunita/tipo/bando/" aria-current="page">bando`) {
		t.Error("il filtro «bando» non è segnato come attuale")
	}
	if !strings.Contains(page("opportunita/index.html"), `<a href="/opportunita/aperte/">Solo aperte <span class="numero">4</span>`) {
		t.Error("l'elenco delle opportunità non porta a quelle aperte")
	}
	if _, ok := files["opportunita/tipo/evento/index.html"]; ok {
		t.Error("scritto l'elenco di un valore che nessuna scheda ha")
	}
	if _, ok := files["risorse/tipo/spazio/index.html"]; !ok {
		t.Error("manca l'elenco delle risorse di tipo spazio")
	}
	// A term spread over sections is split by section; one in a single
	// section is not.
	scuola := page("argomenti/scuola/protocolli/index.html")
	if got := itemLinks(scuola); len(got) != 1 || got[0] != "/protocolli/patto-scuole-ferrara/" {
		t.Errorf("scuola, protocolli: %v", got)
	}
	if _, ok := files["argomenti/intercultura/pratiche/index.html"]; ok {
		t.Error("diviso per sezione un argomento che ha schede di una sola sezione")
	}
	// A cantiere's pages split by section live under its hub.
	if got := itemLinks(page("cantieri/ferrara/pratiche/index.html")); len(got) != 1 || got[0] != "/pratiche/orti-condivisi/" {
		t.Errorf("Ferrara, pratiche: %v", got)
	}
	if !strings.Contains(page("cantieri/ferrara/index.html"), `href="/cantieri/ferrara/opportunita/"`) {
		t.Error("la pagina del cantiere non porta alle sue opportunità")
	}
	// Pick-list values on a page link to their list.
	if !strings.Contains(page("opportunita/corso-facilitazione/index.html"), `href="/opportunita/tipo/formazione/">formazione</a>`) {
		t.Error("il tipo dell'opportunità non porta all'elenco di quel tipo")
	}
}

func TestJSONLD(t *testing.T) {
	files := renderSite(t, fixture(t).finish())
	ld := func(name string) map[string]any {
		t.Helper()
		_, blocks := htmltest.SplitScripts(string(files[name]))
		if len(blocks) == 0 {
			return nil
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(blocks[0]), &m); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return m
	}
	art := ld("pratiche/orti-condivisi/index.html")
	if art["@type"] != "Article" || art["headline"] != "Orti condivisi a scuola" || art["datePublished"] != "2026-08-12" ||
		art["dateModified"] != "2026-10-01" || len(art["author"].([]any)) != 2 {
		t.Errorf("Article della pratica: %v", art)
	}
	ev := ld("opportunita/corso-facilitazione/index.html")
	if ev["@type"] != "Event" || ev["startDate"] != "2026-11-20" || ev["endDate"] != "2026-12-02T12:00+01:00" ||
		ev["organizer"].(map[string]any)["name"] != "CSV Terre Estensi" {
		t.Errorf("Event dell'opportunità: %v", ev)
	}
	for _, name := range []string{"opportunita/sportello-progettazione/index.html", "protocolli/patto-scuole-ferrara/index.html", "index.html"} {
		if m := ld(name); m != nil {
			t.Errorf("%s ha JSON-LD senza che serva: %v", name, m)
		}
	}
}

// TestMixedListsClosedLast: a list of several sections (a term's, a
// cantiere's) is newest first, with an expired opportunity after every
// page still open or without a deadline, however new it is, and a note
// that says so.
func TestMixedListsClosedLast(t *testing.T) {
	b := fixture(t)
	b.add(pageSpec{section: "opportunita", slug: "bando-chiuso", title: "Bando appena chiuso",
		date: "2026-11-25", summary: "Chiuso ieri.", deadline: "2026-11-26",
		fields: map[string]any{"ente": "Comune di Ferrara"},
		terms:  map[string][]string{"argomenti": {"scuola"}, "cantieri": {"ferrara"}}})
	files := renderSite(t, b.finish())
	for _, list := range []string{"argomenti/scuola", "cantieri/ferrara"} {
		var got []string
		note := false
		for p := 1; ; p++ {
			name := list + "/index.html"
			if p > 1 {
				name = fmt.Sprintf("%s/page/%d/index.html", list, p)
			}
			data, ok := files[name]
			if !ok {
				break
			}
			got = append(got, itemLinks(string(data))...)
			note = note || strings.Contains(string(data), "in fondo le opportunità scadute")
		}
		if len(got) < 3 || got[len(got)-1] != "/opportunita/bando-chiuso/" && got[len(got)-2] != "/opportunita/bando-chiuso/" {
			t.Errorf("%s: %v, the expired call not last", list, got)
		}
		for i, u := range got {
			if u == "/opportunita/bando-chiuso/" {
				for _, after := range got[i+1:] {
					if after != "/opportunita/estate-in-rete-2025/" {
						t.Errorf("%s: %s after the expired call: %v", list, after, got)
					}
				}
			}
		}
		if !note {
			t.Errorf("%s: no note on the order", list)
		}
	}
}
