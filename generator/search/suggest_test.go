package search_test

import (
	"cantiericomuni.it/banca/generator/search"

	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestSuggestQuerySet runs every query of the query set and checks the
// suggestions: a nonsense query never gets one, a suggestion finds more
// pages than the query typed, and only searches with fewer than 3 hits
// get one. go test -v prints the queries that got one.
func TestSuggestQuerySet(t *testing.T) {
	cases := loadQuerySet(t)
	indexes := querySetIndexes(t, cases)
	var got []string
	nonsense := 0
	for _, qc := range cases {
		res := run(t, indexes[qc.site], "q="+urlEscape(qc.Q))
		s := res.Suggestion
		if s == nil {
			continue
		}
		got = append(got, qc.String()+" → «"+s.Query+"» ("+strconv.Itoa(s.Total)+" pages)")
		switch {
		case qc.Want.none:
			nonsense++
			t.Errorf("%s: nonsense got the suggestion «%s», %d pages", qc, s.Query, s.Total)
		case res.Total >= 3:
			t.Errorf("%s: %d hits and a suggestion", qc, res.Total)
		case s.Total <= res.Total:
			t.Errorf("%s: «%s» finds %d pages, the query %d", qc, s.Query, s.Total, res.Total)
		}
		if !strings.HasPrefix(s.URL, "/cerca/?") {
			t.Errorf("%s: suggestion URL %q", qc, s.URL)
		}
	}
	t.Logf("%d queries of %d got a suggestion, %d of them nonsense:\n\t%s", len(got), len(cases), nonsense, strings.Join(got, "\n\t"))
}

func TestEdits(t *testing.T) {
	for _, c := range []struct {
		a, b  string
		limit int
		want  int
	}{
		{"sport", "sport", 2, 0},
		{"sprot", "sport", 2, 1}, // a swap is one edit
		{"sofware", "software", 2, 1},
		{"softwre", "software", 2, 1},
		{"bandp", "bando", 2, 1},
		{"amministrazine", "amministrazione", 2, 1},
		{"amministrzine", "amministrazione", 2, 2},
		{"lasagne", "lasagna", 2, 1},
		{"ricetta", "ricerca", 2, 2},
		{"abc", "xyz", 2, 3}, // over the limit: limit+1
		{"volontariato", "vol", 2, 3},
	} {
		if got := search.Edits(c.a, c.b, c.limit); got != c.want {
			t.Errorf("edits(%q, %q, %d) = %d, want %d", c.a, c.b, c.limit, got, c.want)
		}
	}
}

// TestCorrections is the corrector on a small vocabulary: how many edits
// a word may have by its length, the first letter kept (or swapped with
// the second), the most frequent word first at equal distance, no
// second ending taken for a typo.
func TestCorrections(t *testing.T) {
	words := []string{"sport", "sorte", "porta", "bando", "banco", "bandi", "software", "softwares",
		"amministrazione", "informative", "comune", "soli", "serve", "progetto", "progetti", "volontariato",
		"scuola", "scuole", "stuola", "aperto"}
	dfs := map[string]int{"bando": 40, "banco": 3, "scuola": 30, "stuola": 1, "progetto": 50, "progetti": 20, "softwares": 1, "volontariato": 10}
	for _, c := range []struct {
		word string
		want []string
	}{
		{"sprot", []string{"sport"}},             // 5 letters: a swap only
		{"psort", []string{"sport"}},             // the first two letters swapped
		{"soldi", nil},                           // 5 letters, a deletion: not «soli»
		{"serie", nil},                           // not «serve»
		{"bnado", []string{"bando"}},             // swap
		{"sofware", []string{"software"}},        // one edit, not «softwares» (two)
		{"scuola", []string{"scuole", "stuola"}}, // a word is not its own correction
		{"scoula", []string{"scuola"}},           // swap, 6 letters
		{"scuolq", []string{"scuola", "scuole"}}, // most pages first
		{"progeto", []string{"progetto"}},        // insertion
		{"progettto", []string{"progetto"}},      // 9 letters: 2 edits allowed, nearest first
		{"amministrazine", []string{"amministrazione"}},
		{"volontraiato", []string{"volontariato"}}, // a swap
		{"volntraiato", []string{"volontariato"}},  // two edits: a letter missing, a swap
		{"volontraito", []string{"volontariato"}},  // two edits: a swap, a letter missing
		{"vlontraito", nil},                        // three
		{"amministrzine", nil},                     // two edits, but in one page only
		{"informatica", nil},                       // two edits in the ending: another word
		{"comunale", nil},                          // 8 letters, two edits
		{"xyzzy", nil},
		{"lasagne", nil},
		{"ape", nil}, // 3 letters: never corrected
	} {
		got := search.Corrections(words, dfs, c.word)
		if !slices.Equal(got, c.want) {
			t.Errorf("corrections of %q = %q, want %q", c.word, got, c.want)
		}
	}
}

// TestSuggestHandler: a search that finds nothing because of a typo
// gets its «Forse cercavi» in the JSON and on the page without
// JavaScript, as a link to the corrected search with the same filters;
// one that finds enough, and a nonsense one, get none.
func TestSuggestHandler(t *testing.T) {
	h := handler(t)
	var got struct {
		Total      int `json:"total"`
		Suggestion *struct {
			Query string `json:"query"`
			URL   string `json:"url"`
			Total int    `json:"total"`
		} `json:"suggestion"`
	}
	res := get(t, h, "/api/search?q=volntraiato&sort=date")
	if err := json.Unmarshal([]byte(body(t, res)), &got); err != nil {
		t.Fatal(err)
	}
	if got.Total != 0 || got.Suggestion == nil || got.Suggestion.Query != "volontariato" ||
		got.Suggestion.URL != "/cerca/?q=volontariato&sort=date" || got.Suggestion.Total < 3 {
		t.Fatalf("volntraiato: %d hits, suggestion %+v", got.Total, got.Suggestion)
	}
	html := body(t, get(t, h, "/cerca/?q=volntraiato&sort=date"))
	want := `<span class="forse-cercavi">Forse cercavi: <a href="/cerca/?q=volontariato&amp;sort=date">volontariato</a>?</span></p>`
	if !strings.Contains(html, want) {
		t.Errorf("page for volntraiato: no %s in\n%s", want, statusOf(html))
	}
	for _, q := range []string{"volontariato", "ricetta+lasagne", "volntraiato+lasagne"} {
		raw := body(t, get(t, h, "/api/search?q="+q))
		if strings.Contains(raw, `"suggestion"`) {
			t.Errorf("%s: a suggestion: %s", q, raw[:min(len(raw), 300)])
		}
		if html := body(t, get(t, h, "/cerca/?q="+q)); strings.Contains(html, "Forse cercavi") {
			t.Errorf("%s: «Forse cercavi» on the page: %s", q, statusOf(html))
		}
	}
}

// statusOf is the count paragraph of a results page.
func statusOf(html string) string {
	i := strings.Index(html, `id="risultati-conta"`)
	if i < 0 {
		return html
	}
	j := strings.Index(html[i:], "</p>")
	return html[i : i+max(j, 0)]
}
