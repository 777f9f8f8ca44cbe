package search

import (
	"context"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"cantiericomuni.it/banca/generator/content"
	"cantiericomuni.it/banca/generator/schema"
	"cantiericomuni.it/banca/generator/site"
)

// TestSynonymsLive: the preview's live index, which bleve scores whole
// (no filter table, no estimate), expands queries with the site's
// synonyms and ranks the words typed first too.
func TestSynonymsLive(t *testing.T) {
	sch, err := schema.Load(filepath.Join("..", "..", "schema.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var pages []*content.Page
	page := func(slug, title, plain string) {
		pages = append(pages, &content.Page{File: "pratiche/" + slug + ".md", Section: "pratiche", Slug: slug,
			URL: "/pratiche/" + slug + "/", Title: title, Date: time.Date(2026, 1, 1, 0, 0, 0, 0, sch.Site.Location),
			Params: schema.Values{}, Plain: plain})
	}
	long := strings.Repeat("Il quartiere organizza laboratori e incontri per le famiglie. ", 400) + "C'è anche un doposcuola."
	page("quartiere", "Le attività del quartiere", long)
	page("aiuto-compiti", "Aiuto compiti", "Aiuto compiti, aiuto compiti, aiuto compiti ogni giorno.")
	page("registro-ets", "Registro degli ETS", "Come iscriversi.")
	page("terzo-settore", "Sportello per il terzo settore", "Consulenza.")
	s := site.Assemble(pages, sch, site.Options{Now: time.Now()})
	s.Synonyms = [][]string{{"doposcuola", "aiuto compiti"}, {"terzo settore", "ETS"}}
	live, err := NewLive(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	ix, err := syncLive(live, s)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		q    string
		want []string
	}{
		{"doposcuola", []string{"/pratiche/quartiere/", "/pratiche/aiuto-compiti/"}},
		{"aiuto compiti", []string{"/pratiche/aiuto-compiti/", "/pratiche/quartiere/"}},
		{"ETS", []string{"/pratiche/registro-ets/", "/pratiche/terzo-settore/"}},
		{"terzo settore", []string{"/pratiche/terzo-settore/", "/pratiche/registro-ets/"}},
		{"ETS lasagne", nil},
	} {
		res, err := ix.Search(context.Background(), ix.Meta.ParseRequest(url.Values{"q": {tt.q}}), time.Now())
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, h := range res.Hits {
			got = append(got, h.URL)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("«%s»: %q, want %q", tt.q, got, tt.want)
		}
	}
}
