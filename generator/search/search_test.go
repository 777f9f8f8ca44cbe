package search_test

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"cantiericomuni.it/banca/generator/internal/testproject"
	"cantiericomuni.it/banca/generator/pipeline"
	"cantiericomuni.it/banca/generator/search"
)

// now is the tests' fixed "today" (the corpus's reference day).
var now = time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)

var bundles sync.Map // content folder → *search.Index

// open builds the site of the content folder dir into a temporary bundle
// once per test binary and opens it.
func open(tb testing.TB, name string, content func(testing.TB) string) *search.Index {
	tb.Helper()
	if ix, ok := bundles.Load(name); ok {
		return ix.(*search.Index)
	}
	dir := content(tb)
	tmp, err := filepathTemp(name)
	if err != nil {
		tb.Fatal(err)
	}
	bundle := filepath.Join(tmp, "bundle")
	res, err := pipeline.Run(pipeline.Config{Root: testproject.Root(), Content: dir, Check: true,
		BrokenLinksWarn: true, Now: now, Bundle: bundle})
	if err != nil {
		tb.Fatal(err)
	}
	if res.Diags.HasErrors() {
		tb.Fatalf("errors: %v", res.Diags.All())
	}
	ix, err := search.Open(bundle)
	if err != nil {
		tb.Fatal(err)
	}
	bundles.Store(name, ix)
	return ix
}

func developersItalia(tb testing.TB) *search.Index {
	return open(tb, "developers-italia", testproject.DevelopersItalia)
}

func sample(tb testing.TB) *search.Index {
	return open(tb, "sample", func(testing.TB) string { return filepath.Join(testproject.Root(), "content") })
}

func run(tb testing.TB, ix *search.Index, rawQuery string) *search.Response {
	tb.Helper()
	v, err := parseQuery(rawQuery)
	if err != nil {
		tb.Fatal(err)
	}
	res, err := ix.Search(context.Background(), ix.Meta.ParseRequest(v), now)
	if err != nil {
		tb.Fatalf("%s: %v", rawQuery, err)
	}
	return res
}

func titles(res *search.Response) []string {
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.Title)
	}
	return out
}

// TestItalianQueries runs readers' queries over the 88 real posts of
// developers-italia: each must find the page it names among the first
// results, or find nothing.
func TestItalianQueries(t *testing.T) {
	ix := developersItalia(t)
	tests := []struct {
		name, q string
		// want is part of a title expected among the first top hits;
		// "" means the query must find nothing.
		want string
		top  int
	}{
		// Stemming: plurals and verb forms.
		{"plural to singular", "linea guida riuso", "Linee guida sull’acquisizione e il riuso", 3},
		{"singular to plural", "laboratorio aperto", "laboratori aperti", 3},
		{"verb form", "progettando servizi", "progettare", 5},
		{"plural adjective", "servizio pubblico digitale", "servizi pubblici digitali", 5},
		{"sfida", "sfida 2022", "cominciano le prime sfide", 3},
		// Accents.
		{"accent missing", "accessibilita bootstrap", "Accessibilità migliorata", 1},
		{"accent wrong", "universitá", "università", 5},
		{"accent in query, none in title", "comunità", "community", 10},
		// One typo.
		{"typo: missing letter", "accesibilità", "Accessibilità migliorata", 3},
		{"typo: hackaton", "hackaton", "Hack.Developers", 5},
		{"typo: swapped letter", "comissione europea", "Commissione europea", 3},
		// Elision.
		{"elision", "l'accessibilità", "Accessibilità migliorata", 3},
		// Authors.
		{"author full name", "Michela Gabrieli", "cominciano le prime sfide", 20},
		{"author surname", "pognante", "Commissione europea", 10},
		// Words only in the body.
		{"body only", "wordpress", "il riutilizzo dei modelli di Designers Italia", 1},
		{"body only, another", "mastodon", "cacciatori di bug", 1},
		// Nonsense.
		{"nonsense", "ricetta lasagne", "", 0},
		{"nonsense with a real word", "lasagne software", "", 0},
		{"stop words only", "il della di", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := run(t, ix, "q="+urlEscape(tt.q))
			got := titles(res)
			switch {
			case tt.top == 0:
				if res.Total != 0 {
					t.Errorf("%q: %d hits, want none: %q", tt.q, res.Total, got)
				}
			case tt.top < 0:
				if res.Total == 0 {
					t.Errorf("%q: no hits", tt.q)
				}
			default:
				found := false
				for i, title := range got {
					if i < tt.top && strings.Contains(strings.ToLower(title), strings.ToLower(tt.want)) {
						found = true
					}
				}
				if !found {
					t.Errorf("%q: want %q in the first %d, got %d hits: %q", tt.q, tt.want, tt.top, res.Total, got[:min(len(got), tt.top+2)])
				}
			}
		})
	}
}
