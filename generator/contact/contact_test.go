package contact

import (
	"fmt"
	"strings"
	"testing"
)

func TestEmail(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		problem  string // a part of the explanation; "" for a valid address
	}{
		{"segreteria@cantiericomuni.it", "segreteria@cantiericomuni.it", ""},
		{"  Anna.Rossi@Comune.Bologna.IT ", "Anna.Rossi@Comune.Bologna.IT", ""},
		{"mailto:info@esempio.it", "info@esempio.it", ""},
		{"nome+banca@esempio.it", "nome+banca@esempio.it", ""},
		{"o'neil@esempio.it", "o'neil@esempio.it", ""},
		{"info@università.it", "info@università.it", ""},
		{"info@terre-acqua.org", "info@terre-acqua.org", ""},
		{"", "", "vuoto"},
		{"info at esempio.it", "", "spazi"},
		{"info.esempio.it", "", "manca la chiocciola"},
		{"info@@esempio.it", "", "più di una chiocciola"},
		{"@esempio.it", "", "manca il nome"},
		{"info@", "", "manca il dominio"},
		{"info@esempio", "", "incompleto"},
		{"info@esempio..it", "", "punto di troppo"},
		{"info@esempio.i", "", "estensione valida"},
		{"info@esempio.123", "", "estensione valida"},
		{"info@-esempio.it", "", "non è valido"},
		{".info@esempio.it", "", "punto all'inizio"},
		{"in..fo@esempio.it", "", "ripetuto"},
		{"però@esempio.it", "", "caratteri non ammessi"},
		{"info@esem_pio.it", "", "caratteri non ammessi"},
	} {
		got, problem := Email(tc.in)
		if got != tc.want || !strings.Contains(problem, tc.problem) || (tc.problem == "") != (problem == "") {
			t.Errorf("Email(%q) = %q, %q; want %q, a problem with %q", tc.in, got, problem, tc.want, tc.problem)
		}
	}
}

func TestParsePhone(t *testing.T) {
	for _, tc := range []struct {
		in, href, text string
		problem        string
	}{
		// Landlines, with the area code, written every usual way.
		{"051 6219201", "tel:+390516219201", "051\u00a06219201", ""},
		{"051/6219201", "tel:+390516219201", "051/6219201", ""},
		{"051.621.92.01", "tel:+390516219201", "051.621.92.01", ""},
		{"051-6219201", "tel:+390516219201", "051-6219201", ""},
		{"(051) 6219201", "tel:+390516219201", "(051)\u00a06219201", ""},
		{"0532 123456", "tel:+390532123456", "0532\u00a0123456", ""},
		{"02 12345678", "tel:+390212345678", "02\u00a012345678", ""},
		{"0542  22 33 44", "tel:+390542223344", "0542\u00a022\u00a033\u00a044", ""},
		// The country code, written with + or 00, spaced or not.
		{"+39 051 6219201", "tel:+390516219201", "+39\u00a0051\u00a06219201", ""},
		{"+390516219201", "tel:+390516219201", "+390516219201", ""},
		{"0039 051 6219201", "tel:+390516219201", "0039\u00a0051\u00a06219201", ""},
		{"(+39) 338 123 4567", "tel:+393381234567", "(+39)\u00a0338\u00a0123\u00a04567", ""},
		// Mobiles: 10 digits (a few old ones have 9).
		{"338 123 4567", "tel:+393381234567", "338\u00a0123\u00a04567", ""},
		{"3381234567", "tel:+393381234567", "3381234567", ""},
		{"335 123456", "tel:+39335123456", "335\u00a0123456", ""},
		// Numeri verdi and short numbers.
		{"800 123 456", "tel:+39800123456", "800\u00a0123\u00a0456", ""},
		{"1522", "tel:1522", "1522", ""},
		{"116 117", "tel:116117", "116\u00a0117", ""},
		// Abroad.
		{"+41 91 123 45 67", "tel:+41911234567", "+41\u00a091\u00a0123\u00a045\u00a067", ""},
		// Mistakes.
		{"", "", "", "vuoto"},
		{"051 62192", "tel:+3905162192", "051\u00a062192", ""},
		{"051 6", "", "", "troppo poche cifre"},
		{"338 123 45678", "", "", "troppe cifre"},
		{"338 12345", "", "", "troppo poche cifre"},
		{"6219201", "", "", "inizia con 0"},
		{"+39 1522", "", "", "senza +39"},
		{"051 6219201 int. 3", "", "", "lettere"},
		{"tel. 051 6219201", "", "", "lettere"},
		{"051 6219201 oppure 338 1234567", "", "", "lettere"},
		{"051 6219201, 338 1234567", "", "", "carattere"},
		{"+41 12", "", "", "internazionale"},
		{"+", "", "", "cifre"},
		{"+39", "", "", "manca il numero"},
		{"0039", "", "", "manca il numero"},
		{"00", "", "", "manca il numero"},
	} {
		p, problem := ParsePhone(tc.in)
		if p.Href != tc.href || p.Text != tc.text || !strings.Contains(problem, tc.problem) || (tc.problem == "") != (problem == "") {
			t.Errorf("ParsePhone(%q) = %q %q, %q; want %q %q, a problem with %q", tc.in, p.Href, p.Text, problem, tc.href, tc.text, tc.problem)
		}
	}
}

// show writes parts as "text" for plain parts, "[text→href]" for links and
// "|" for line breaks.
func show(parts []Part) string {
	var b strings.Builder
	for _, p := range parts {
		switch p.Kind {
		case Plain:
			b.WriteString(p.Text)
		case Break:
			b.WriteString("|")
		default:
			fmt.Fprintf(&b, "[%s→%s]", strings.ReplaceAll(p.Text, "\u00a0", "_"), p.Href)
		}
	}
	return b.String()
}

func TestSplit(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		problems []string // the text each problem points at
	}{
		{"Anna Rossi, anna.rossi@esempio.it, 051 6219201",
			"Anna Rossi, [anna.rossi@esempio.it→mailto:anna.rossi@esempio.it], [051_6219201→tel:+390516219201]", nil},
		{"Scrivere a info@esempio.it.", "Scrivere a [info@esempio.it→mailto:info@esempio.it].", nil},
		{"email: info@esempio.it; tel. +39 338 123 4567 (dalle 9 alle 13)",
			"email: [info@esempio.it→mailto:info@esempio.it]; tel. [+39_338_123_4567→tel:+393381234567] (dalle 9 alle 13)", nil},
		{"E-mail:info@esempio.it", "E-mail:[info@esempio.it→mailto:info@esempio.it]", nil},
		{"(051) 6219201 o 051/6219202", "[(051)_6219201→tel:+390516219201] o [051/6219202→tel:+390516219202]", nil},
		// Two numbers one after the other: the longest valid prefix.
		{"051 6219201 338 1234567", "[051_6219201→tel:+390516219201] [338_1234567→tel:+393381234567]", nil},
		{"Sito: https://www.esempio.it/contatti/. Oppure www.esempio.it",
			"Sito: [https://www.esempio.it/contatti/→https://www.esempio.it/contatti/]. Oppure [www.esempio.it→https://www.esempio.it]", nil},
		{"Riga uno\nRiga due: 0532 123456", "Riga uno|Riga due: [0532_123456→tel:+390532123456]", nil},
		// Not telephone numbers: dates, amounts, addresses, times, years.
		{"Via del Pratello 12, 40122 Bologna; dal 31/03/2026 al 2026-06-30, fino al 03/2027",
			"Via del Pratello 12, 40122 Bologna; dal 31/03/2026 al 2026-06-30, fino al 03/2027", nil},
		{"Fondo di 350.000.000 € e 3.500 euro, 9.30-12.30, anni 2024-2025, 15.000, 1522",
			"Fondo di 350.000.000 € e 3.500 euro, 9.30-12.30, anni 2024-2025, 15.000, 1522", nil},
		// Mistakes: they stay text and are reported.
		{"scrivere a info@esempio oppure a @comune", "scrivere a info@esempio oppure a @comune", []string{"info@esempio", "@comune"}},
		{"tel. 051 62", "tel. 051 62", []string{"051 62"}},
		{"Cellulare: 338 12 34 56 78 9", "Cellulare: 338 12 34 56 78 9", []string{"338 12 34 56 78 9"}},
		{"telefono 1522", "telefono 1522", []string{"1522"}},
		{"Numero di protocollo 12345", "Numero di protocollo 12345", nil},
	} {
		parts, problems := Split(tc.in)
		if got := show(parts); got != strings.ReplaceAll(tc.want, "\u00a0", "_") {
			t.Errorf("Split(%q)\n got %s\nwant %s", tc.in, got, tc.want)
		}
		var got []string
		for _, p := range problems {
			got = append(got, tc.in[p.Offset:p.Offset+p.Len])
			if p.Message == "" || p.Fix == "" {
				t.Errorf("Split(%q): problem without message or fix: %+v", tc.in, p)
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(tc.problems) {
			t.Errorf("Split(%q) problems at %q, want %q", tc.in, got, tc.problems)
		}
	}
}
