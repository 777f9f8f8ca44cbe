package contact

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzSplit: any text splits without panicking, its problems point inside
// it, and its links are checked addresses and numbers.
func FuzzSplit(f *testing.F) {
	for _, s := range []string{
		"Anna Rossi, anna.rossi@esempio.it, 051 6219201",
		"tel. +39 (051) 62.19.201 / 338-123-4567\nwww.esempio.it",
		"dal 31/03/2026 al 2026-06-30, 350.000.000 €, 1522, @, a@b, ((+",
		"", "+", "(", "0039", "mailto:x@y.it", "http://", "www..",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		parts, problems := Split(text)
		for _, p := range problems {
			if p.Offset < 0 || p.Len <= 0 || p.Offset+p.Len > len(text) {
				t.Fatalf("problem outside the text: %+v in %q", p, text)
			}
		}
		for _, p := range parts {
			switch p.Kind {
			case Mail:
				if _, problem := Email(strings.TrimPrefix(p.Href, "mailto:")); problem != "" {
					t.Fatalf("invalid address linked: %+v", p)
				}
			case Tel:
				if _, problem := ParsePhone(p.Text); problem != "" || !strings.HasPrefix(p.Href, "tel:") {
					t.Fatalf("invalid number linked: %+v", p)
				}
			}
			if utf8.ValidString(text) && !utf8.ValidString(p.Text) {
				t.Fatalf("part cuts a character: %q", p.Text)
			}
		}
	})
}
