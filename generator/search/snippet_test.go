package search

import (
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
