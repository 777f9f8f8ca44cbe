package personal

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFind(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"Chiamare Mario al 338 123 4567 entro venerdì", "phone «338 123 4567»"},
		{"tel. 051 6219201 oppure +39 051 6219202.", "phone «051 6219201»; phone «+39 051 6219202»"},
		{"Scrivere a mario.rossi@gmail.com", "email «mario.rossi@gmail.com»"},
		{"Scrivere a m.rossi@comune.bologna.it o a g_bianchi85@libero.it", "email «m.rossi@comune.bologna.it»; email «g_bianchi85@libero.it»"},
		{"Codice fiscale RSSMRA85T10A562S del referente", "taxcode «RSSMRA85T10A562S»"},
		{"codice rssmra85t10a562s in minuscolo", "taxcode «rssmra85t10a562s»"},
		// Not personal data.
		{"Scrivere a info@comune.bologna.it o segreteria@csvferrara.it", ""},
		{"Scrivere a ufficio.stampa@comune.bologna.it o a csv.ferrara@csv.it", ""},
		{"Scrivere a mario@rossi.it", ""},
		{"Incontro del 31/03/2026 e del 2026-04-15", ""},
		{"Un contributo di 15.000 € e di 350.000.000 euro", ""},
		{"Il documento https://www.comune.it/atti/0516219201/ è online", ""},
		{"Codice RSSMRA85T10A562X con la lettera sbagliata", ""},
		{"Un codice lungo ABCDEFGHIJKLMNOPQ di 17 caratteri", ""},
		{"Protocollo n. 12345 del 2026", ""},
	} {
		var parts []string
		for _, h := range Find(tc.text) {
			kind := map[Kind]string{Phone: "phone", Email: "email", TaxCode: "taxcode"}[h.Kind]
			if tc.text[h.Offset:h.Offset+h.Len] != h.Text {
				t.Errorf("%q: offset %d len %d is %q, not %q", tc.text, h.Offset, h.Len, tc.text[h.Offset:h.Offset+h.Len], h.Text)
			}
			parts = append(parts, fmt.Sprintf("%s «%s»", kind, h.Text))
		}
		if got := strings.Join(parts, "; "); got != tc.want {
			t.Errorf("%q:\n got %s\nwant %s", tc.text, got, tc.want)
		}
	}
}

func TestPersonalEmail(t *testing.T) {
	for addr, want := range map[string]bool{
		"mario.rossi@gmail.com":           true,
		"m.rossi@comune.bologna.it":       true,
		"anna-maria.verdi@libero.it":      true,
		"giulia_bianchi85@yahoo.it":       true,
		"info@comune.bologna.it":          false,
		"segreteria.scuola@ic5.edu.it":    false,
		"amministrazione@coop.it":         false,
		"csv.ferrara@csv.it":              false,
		"mario@rossi.it":                  false, // one word: a name or an office, who knows
		"a.b@x.it":                        false, // too short to be a name
		"servizi.sociali@comune.imola.it": false,
		"noreply@x.it":                    false,
	} {
		if got := PersonalEmail(addr); got != want {
			t.Errorf("%s: %v, want %v", addr, got, want)
		}
	}
}

func TestTaxCodeValid(t *testing.T) {
	for code, want := range map[string]bool{
		"RSSMRA85T10A562S": true,
		"rssmra85t10a562s": true,
		"RSSMRA85T10A56NS": false, // omocodia changes the check letter
		"RSSMRA85T10A562T": false,
		"RSSMRA85Z10A562S": false, // Z is no month
		"RSSMRA85T10A562":  false,
		"1234567890123456": false,
	} {
		if got := TaxCodeValid(code); got != want {
			t.Errorf("%s: %v, want %v", code, got, want)
		}
	}
}

// FuzzFind checks that any text is read without panicking, and that
// every hit is where it says, within the text, on a rune boundary.
func FuzzFind(f *testing.F) {
	for _, s := range []string{"tel. 051 6219201", "mario.rossi@gmail.com", "RSSMRA85T10A562S", "città 338 123 4567 è", "@@..", "+39 (051) 62-19-201", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		for _, h := range Find(text) {
			if h.Offset < 0 || h.Len <= 0 || h.Offset+h.Len > len(text) || text[h.Offset:h.Offset+h.Len] != h.Text {
				t.Fatalf("%q: hit %+v out of place", text, h)
			}
			if utf8.ValidString(text) && (!utf8.RuneStart(text[h.Offset]) || h.Offset+h.Len < len(text) && !utf8.RuneStart(text[h.Offset+h.Len])) {
				t.Fatalf("%q: hit %+v splits a character", text, h)
			}
		}
	})
}
