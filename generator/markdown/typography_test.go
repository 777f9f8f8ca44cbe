package markdown

import (
	"strings"
	"testing"
)

// TestSmarten checks the typography of plain text (titles, summaries,
// text fields) against the body's: the same text gives the same
// characters in both.
func TestSmarten(t *testing.T) {
	const n = "\u00a0"
	for _, tc := range []struct{ in, want string }{
		{`Il "tessitore di rete" e la 'rete'`, "Il “tessitore di rete” e la ‘rete’"},
		{"L'acqua dell'anno, un po' di tutto, Sant'Antonio", "L’acqua dell’anno, un po’ di tutto, Sant’Antonio"},
		{"l'8 marzo, dell'80%, gli anni '90", "l’8 marzo, dell’80%, gli anni ’90"},
		{"Associazione Terre d'Acqua ODV", "Associazione Terre d’Acqua ODV"},
		{"Dal 2021 -- ancora oggi --- e poi... basta", "Dal 2021 – ancora oggi — e poi… basta"},
		{"Lei disse <<andiamo>>", "Lei disse «andiamo»"},
		{"Bando: fino a 30.000 € per progetto", "Bando: fino a 30.000" + n + "€ per progetto"},
		{"€ 500 al mese, 20 km, 3 mesi", "€" + n + "500 al mese, 20" + n + "km, 3 mesi"},
		// Amounts as Italians write them: a multiplier, the currency
		// before the number, in words.
		{"30 mila € a progetto", "30" + n + "mila" + n + "€ a progetto"},
		{"fino a 1,5 milioni di euro", "fino a 1,5" + n + "milioni" + n + "di" + n + "euro"},
		{"2 mln EUR, 3 mld di €", "2" + n + "mln" + n + "EUR, 3" + n + "mld" + n + "di" + n + "€"},
		{"euro 1.500,00 o EUR 2.000 e € 1.500,50", "euro" + n + "1.500,00 o EUR" + n + "2.000 e €" + n + "1.500,50"},
		{"1.500 euro, l'80 % e lo 0,5 ‰", "1.500" + n + "euro, l’80" + n + "% e lo 0,5" + n + "‰"},
		{"2 mila persone, neuro 3, milioni di persone", "2" + n + "mila persone, neuro 3, milioni di persone"},
		// An apostrophe after a letter, also at the end.
		{"un po'", "un po’"},
		{"Un po'. E un po', poi", "Un po’. E un po’, poi"},
		{"Il bando \"Giovani 'protagonisti'\"", "Il bando “Giovani ‘protagonisti’”"},
		// Markdown syntax means nothing in plain text.
		{"*Bando* #1 [giovani] 1. _estate_", "*Bando* #1 [giovani] 1. _estate_"},
		// A backslash keeps a quote straight, as in bodies.
		{`Un \"backslash\" resta`, `Un \"backslash\" resta`},
		{"<b>non è HTML</b> & co.", "<b>non è HTML</b> & co."},
		{"&amp; resta com'è", "&amp; resta com’è"},
		// Lines are kept, with their spaces.
		{"  Riga 'uno'\nriga due  \n\nl'ultima", "  Riga ‘uno’\nriga due  \n\nl’ultima"},
		// Addresses are left alone.
		{"Scrivere a o'neil@esempio.it o su https://esempio.it/l'orto -- grazie", "Scrivere a o'neil@esempio.it o su https://esempio.it/l'orto – grazie"},
		{"Nessun segno", "Nessun segno"},
		{"", ""},
	} {
		if got := Smarten(tc.in); got != tc.want {
			t.Errorf("Smarten(%q)\n got %q\nwant %q", tc.in, got, tc.want)
		}
	}
}

// TestSmartenAgreesWithBodies converts the same sentences as a body and as
// plain text: the characters must be the same.
func TestSmartenAgreesWithBodies(t *testing.T) {
	conv := New()
	for _, s := range []string{
		`Il "tessitore di rete" e la 'rete' di partner, l'8 marzo, dell'80%.`,
		"Dal 2021 -- ancora oggi --- e poi... basta, fino a 15.000 €.",
		"E' vero: gli anni '90 e '80, un po' di tutto.",
		"Fino a 30 mila € o euro 1.500,00, un po'",
		"Circa 1,5 milioni di euro (EUR 2.000 a testa) per l'80 % delle famiglie",
	} {
		body := strings.TrimSpace(conv.Convert([]byte(s), nil).Summary)
		if got := Smarten(s); got != body {
			t.Errorf("Smarten(%q) = %q, the body gives %q", s, got, body)
		}
	}
}

// BenchmarkSmarten typesets a title with quotes and an amount, and one
// without anything to do (most fields).
func BenchmarkSmarten(b *testing.B) {
	b.Run("quotes", func(b *testing.B) {
		for b.Loop() {
			Smarten(`Bando "Comunità educanti" dell'anno 2027: fino a 30.000 €`)
		}
	})
	b.Run("elisions", func(b *testing.B) {
		for b.Loop() {
			Smarten("Il bando dell'anno per l'8 marzo, un'occasione")
		}
	})
	b.Run("plain", func(b *testing.B) {
		for b.Loop() {
			Smarten("Corso di facilitazione delle reti territoriali")
		}
	})
}
