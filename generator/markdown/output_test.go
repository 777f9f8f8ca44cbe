package markdown

import (
	"os"
	"strings"
	"testing"

	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/internal/hostile"
)

// maxOutput is the most HTML a body of n bytes may render: a normal page
// needs about 1.2 times its length, a list of one-letter tasks 15 times
// (each "- [ ] a" is a <li> with its mark and its hidden "Da fare: ").
func maxOutput(n int) int { return 16*n + 256<<10 }

// TestOutputIsBounded renders bodies that repeat what they do not write
// (a long link definition used thousands of times, a table header of
// thousands of columns over rows of one letter, which are filled with
// empty cells) and every hostile family: the HTML stays within a constant
// times the body, and the cut is reported. Before the bounds, the 8 KB
// bodies below rendered 8 to 20 MB.
func TestOutputIsBounded(t *testing.T) {
	long := strings.Repeat("x", 4000)
	cases := []struct {
		name, body string
		code       diag.Code
	}{
		{"definizione usata 2.000 volte", "[r]: /" + long + "\n\n" + strings.Repeat("[a][r] ", 2000), diag.LinkRepeated},
		{"titolo usato 2.000 volte", "[r]: /x \"" + long + "\"\n\n" + strings.Repeat("[a][r] ", 2000), diag.LinkRepeated},
		{"immagine usata 2.000 volte", "[r]: /" + long + ".png\n\n" + strings.Repeat("![a][r] ", 2000), diag.LinkRepeated},
		{"in una citazione", "> [r]: /" + long + "\n\n" + strings.Repeat("> - [a][r] [b][r]\n", 1000), diag.LinkRepeated},
		{"intestazione di 1.000 colonne", strings.Repeat("|a", 1000) + "|\n" + strings.Repeat("|-", 1000) + "|\n" + strings.Repeat("a\n", 2000), diag.TableTooLarge},
		{"senza bordi", strings.Repeat("a|", 999) + "a\n" + strings.Repeat("-|", 999) + "-\n" + strings.Repeat("a\n", 2000), diag.TableTooLarge},
		{"in un elenco in una citazione", "> - " + strings.Repeat("| a ", 1000) + "|\n>   " + strings.Repeat("|:-:", 1000) + "|\n" + strings.Repeat(">   a\n", 1000), diag.TableTooLarge},
	}
	conv := New()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := conv.Convert([]byte(c.body), nil)
			if n := len(res.HTML); n > maxOutput(len(c.body)) {
				t.Errorf("%d bytes render %d bytes of HTML, over %d", len(c.body), n, maxOutput(len(c.body)))
			}
			found := false
			for _, p := range res.Problems {
				found = found || p.Code == c.code
			}
			if !found {
				t.Errorf("no %s among %d problems", c.code, len(res.Problems))
			}
		})
	}
	page, err := os.ReadFile("testdata/page.md")
	if err != nil {
		t.Fatal(err)
	}
	normal := hostile.Normal(page, hostileSize)
	t.Logf("normal page: %d bytes, %d of HTML", len(normal), len(conv.Convert(normal, nil).HTML))
	for _, f := range hostile.Families() {
		t.Run(f.Name, func(t *testing.T) {
			body := f.Make(hostileSize)
			if n := len(conv.Convert(body, nil).HTML); n > maxOutput(len(body)) {
				t.Errorf("%s: %d bytes render %d bytes of HTML, over %d", f.What, len(body), n, maxOutput(len(body)))
			}
		})
	}
}
