package search_test

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"cantiericomuni.it/banca/generator/internal/testproject"
	"cantiericomuni.it/banca/generator/search"
)

// TestRankingNetwork checks that the network's sections are found by what
// readers know of them on the sample site: an ente by its sigla, minutes
// by their decisions, an event by its place.
func TestRankingNetwork(t *testing.T) {
	ix := sample(t)
	for _, tt := range []rankCase{
		// An ente by its sigla, even when its title does not say it.
		{name: "sigla csv", q: "csv", first: "/enti/csv-terre-estensi/"},
		{name: "sigla ausl", q: "ausl", first: "/enti/azienda-usl-di-imola/"},
		{name: "sigla ic copparo", q: "ic copparo", first: "/enti/istituto-comprensivo-di-copparo/"},
		{name: "sigla reno solidale", q: "reno solidale", first: "/enti/consorzio-reno-solidale/"},
		// Minutes by their decisions.
		{name: "decisione navetta", q: "navetta serale", first: "/verbali/2026-11-05-incontro-pubblico-trasporti-copparo/"},
		{name: "decisione relazione annuale", q: "relazione annuale", first: "/verbali/2026-11-17-tavolo-di-regia/"},
		{name: "decisione lingue", q: "cinque lingue", order: []string{"/verbali/2026-09-29-gruppo-orientamento-imola/"}},
		// An event by its place, written or a space of the bank.
		{name: "luogo piazza", q: "piazza matteotti", first: "/eventi/festa-reti-educative-imola-2026/"},
		{name: "luogo risorsa", q: "sala polivalente",
			order: []string{"/risorse/sala-polivalente-casa-di-quartiere-navile/", "/eventi/laboratorio-facilitazione-riunioni-navile/"}},
		{name: "luogo risorsa, the event", q: "sala polivalente festa",
			order: []string{"/risorse/sala-polivalente-casa-di-quartiere-navile/", "/eventi/festa-fine-anno-doposcuola-navile/", "/cantieri/bologna-navile/"}},
		{name: "luogo biblioteca", q: "biblioteca lame",
			order: []string{"/enti/biblioteca-di-quartiere-lame/", "/eventi/mostra-cortili-biblioteca-lame/"}},
	} {
		t.Run(tt.name, func(t *testing.T) { tt.check(t, ix) })
	}
}

// TestSiglaFindsEnte checks the class of "csv": for every ente of the
// sample site with a sigla, searching the sigla finds the ente, and
// nothing above it but pages that have the sigla in their title (where
// the schema weighs a word more than in a sigla).
func TestSiglaFindsEnte(t *testing.T) {
	ix := sample(t)
	files, _ := filepath.Glob(filepath.Join(testproject.Root(), "content", "enti", "*.md"))
	checked := 0
	for _, f := range files {
		sigla := frontMatter(t, f, "sigla")
		if sigla == "" {
			continue
		}
		checked++
		url := "/enti/" + strings.TrimSuffix(filepath.Base(f), ".md") + "/"
		res := run(t, ix, "q="+urlEscape(sigla))
		words := search.Analyze(sigla)
		found := false
		for _, h := range res.Hits {
			if h.URL == url {
				found = true
				break
			}
			title := map[string]bool{}
			for _, w := range search.Analyze(h.Title) {
				title[w.Stem] = true
			}
			for _, w := range words {
				if !title[w.Stem] {
					t.Errorf("%q: %s, which does not have %q in its title, above %s: %q", sigla, h.URL, w.Word, url, titles(res))
					break
				}
			}
		}
		if !found {
			t.Errorf("%q: %s not on the first page: %q", sigla, url, titles(res))
		}
	}
	if checked < 10 {
		t.Errorf("only %d enti with a sigla", checked)
	}
}

// frontMatter is the value of a one-line key of a content file's front
// matter, without quotes.
func frontMatter(t *testing.T, file, key string) string {
	t.Helper()
	fh, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), key+":"); ok {
			return strings.Trim(strings.TrimSpace(v), `"'`)
		}
	}
	return ""
}

// TestNetworkFilters checks the network's filters on the results page
// the function writes, without JavaScript: the tavolo of the minutes and
// the stato shared by protocols and needs, each a checkbox of its group
// that narrows the results to its pages.
func TestNetworkFilters(t *testing.T) {
	ix := sample(t)
	h := handler(t)
	for _, c := range []struct {
		key, value, section string
	}{
		{"tavolo", "tavolo-di-regia", "verbali"},
		{"stato", "aperto", "bisogni"},
		{"stato", "in-vigore", "protocolli"},
	} {
		res := run(t, ix, "q=&"+c.key+"="+c.value)
		if res.Total == 0 {
			t.Errorf("%s=%s: no page", c.key, c.value)
		}
		for _, hit := range res.Hits {
			if hit.Section != c.section {
				t.Errorf("%s=%s: %s, of %s", c.key, c.value, hit.URL, hit.Section)
			}
		}
		page := body(t, get(t, h, "/cerca/?q=&"+c.key+"="+c.value))
		for _, want := range []string{`name="` + c.key + `" value="` + c.value + `" checked`, res.Hits[0].Title} {
			if !strings.Contains(page, want) {
				t.Errorf("%s=%s: the page lacks %s", c.key, c.value, want)
			}
		}
		if strings.Contains(page, "Nessun risultato") {
			t.Errorf("%s=%s: no result on the page", c.key, c.value)
		}
	}
	// The group of the shared stato names both sections in words.
	page := body(t, get(t, h, "/cerca/?q="))
	for _, want := range []string{"Stato del protocollo o del bisogno", "Tavolo", "Solo opportunità aperte ed eventi in programma"} {
		if !strings.Contains(page, want) {
			t.Errorf("/cerca/?q= lacks %q", want)
		}
	}
}
