package search

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"cantiericomuni.it/banca/generator/content"
	"cantiericomuni.it/banca/generator/markdown"
	"cantiericomuni.it/banca/generator/site"
)

// TestSnippetKeepsBlocksApart checks that a snippet never runs one block
// of the page into the next (a heading into its paragraph, a list item
// into the following one, table cells, quotations): between the last
// word of a block and the first of the next there is punctuation.
func TestSnippetKeepsBlocksApart(t *testing.T) {
	tests := []struct {
		name, body, query string
		// glued is how the two blocks would read run together.
		glued, apart string
	}{
		{"heading into paragraph", "Il doposcuola apre.\n\n## Idea di fondo\n\nIl consorzio vorrebbe sostenere i doposcuola di Casalecchio.",
			"consorzio", "fondo Il consorzio", "fondo — Il consorzio"},
		{"heading first", "## Idea di fondo\n\nIl consorzio vorrebbe sostenere i doposcuola.", "consorzio", "fondo Il", "fondo — Il"},
		{"list items", "Le sedi:\n\n- biblioteca Lame\n- parrocchia della Ponticella\n- centro sociale", "ponticella",
			"Lame parrocchia", "Lame — parrocchia"},
		{"table cells", "| Sede | Giorno |\n|---|---|\n| Navile | lunedì |\n| Corticella | martedì |", "corticella",
			"lunedì Corticella", "lunedì — Corticella"},
		{"quotation", "> Il problema è l'autobus delle sette\n\nLo dice un volontario dell'associazione.", "volontario",
			"sette Lo dice", "sette — Lo dice"},
		{"heading after a list", "- orti\n- cortili\n\n### Risultati attesi\n\nPiù famiglie coinvolte.", "famiglie",
			"attesi Più", "attesi — Più"},
	}
	conv := markdown.New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := conv.Convert([]byte(tt.body), nil)
			p := &site.Page{Page: &content.Page{Plain: res.Plain, Summary: res.Summary, SummaryFromBody: true}}
			var terms []queryTerm
			for _, a := range Analyze(tt.query) {
				terms = append(terms, queryTerm{stem: a.Stem})
			}
			got := snippet("", excerpt(p), terms)
			plain := strings.NewReplacer("<mark>", "", "</mark>", "").Replace(got)
			if strings.Contains(plain, tt.glued) || !strings.Contains(plain, tt.apart) {
				t.Errorf("snippet %q: want %q, not %q", got, tt.apart, tt.glued)
			}
		})
	}
}

// TestSnippetCutAtABlock: a snippet cut where a block ends neither starts
// nor ends with the dash that separates blocks ("… — Nel cantiere").
func TestSnippetCutAtABlock(t *testing.T) {
	filler := strings.Repeat("parola ", 40)
	terms := []queryTerm{{stem: Analyze("doposcuola")[0].Stem}}
	for n := 0; n < 80; n++ {
		// The dash n bytes before the word found, wherever the cut falls.
		text := filler + "fine — " + strings.Repeat("a", n) + " Nel cantiere il doposcuola " + filler
		got := window(text, matches(text, terms))
		if strings.HasPrefix(got, "… —") || strings.HasSuffix(got, "— …") {
			t.Errorf("%d: %q", n, got)
		}
		// And where the window ends.
		text = "Il doposcuola " + strings.Repeat("a", n) + " " + filler[:200] + " fine — " + filler
		got = window(text, matches(text, terms))
		if strings.HasSuffix(got, "— …") {
			t.Errorf("%d: %q", n, got)
		}
	}
}

// TestSnippetReadsTheStartFirst: the snippet of a long text analyses its
// start first (shownMatches), and shows what analysing the whole text
// shows, for words found at its start, past it, across the cut, not at
// all, with a typo or being typed, in every text of the sample content.
func TestSnippetReadsTheStartFirst(t *testing.T) {
	files, err := filepath.Glob("../../content/*/*.md")
	if err != nil || len(files) < 20 {
		t.Fatalf("sample content: %d files, %v", len(files), err)
	}
	long := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		text := strings.Join(strings.Fields(string(data)), " ")
		if len(text) <= 2*snippetBytes {
			continue
		}
		long++
		words := Analyze(text)
		var queries [][]queryTerm
		for _, at := range []int{0, len(words) / 4, len(words) / 3, len(words) / 2, len(words) - 1} {
			w := words[at]
			queries = append(queries,
				[]queryTerm{{stem: w.Stem, word: w.Word}},
				[]queryTerm{{stem: "zzqx", word: "zzqx"}, {stem: w.Stem, word: w.Word}},
				[]queryTerm{{stem: w.Stem + "x", word: w.Word + "x", fuzzy: true}},
				[]queryTerm{{stem: w.Word[:len(w.Word)/2+1], word: w.Word[:len(w.Word)/2+1], prefix: true}})
		}
		for _, q := range queries {
			want := window(text, matches(text, q))
			if got := window(text, shownMatches(text, q)); got != want {
				t.Errorf("%s, %+v:\n got %s\nwant %s", f, q, got, want)
			}
		}
	}
	if long < 20 {
		t.Errorf("only %d long texts", long)
	}
}
