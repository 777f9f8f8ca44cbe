package markdown

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/yuin/goldmark/extension"

	"cantiericomuni.it/banca/generator/internal/hostile"
)

// ungated is New's converter with goldmark's linkify extension as it is,
// without linkifyGate: the reference.
func ungated() *converter {
	return newConverter(extension.NewLinkify(extension.WithLinkifyAllowedProtocols([]string{"http:", "https:"})))
}

// linkifyCases are texts with addresses, near-addresses and units (whose
// no-break spaces depend on where goldmark cuts the text).
var linkifyCases = []string{
	"",
	"www.example.org https://x.it/a_(b) a@b.it http://a.it ftp://b.it",
	"scrivi a info@rete.it, oppure a (mario.rossi@comune.bo.it) o *a@b.it* _x@y.z_ ~c@d.ef~",
	"un @ solo, due@ e @tre, a@b senza punto, a@b.c-",
	"http:/no https:// www. www.x wwwx.it Http://a.it WWW.a.it",
	"costa 30 €\nfino a 1,5 milioni di euro\n30 mila €  \nvia Roma 3 (km 5)",
	"| a | b |\n|---|---|\n| 30 € | info@a.it |\n| www.a.it | 20 km |\n",
	"- 30 €\n- a@b.it\n  - www.x.it 5 km\n\n> 10 % di https://x.it\n",
	"\t\tcodice a@b.it\n\n    www.a.it\n\n```\nhttp://x.it\n```\n",
	"[www.a.it](b.md) [a@b.it](c.md) <https://x.it> <a@b.it>",
	"riga con a@b.it\\\nriga 2 € 500\\\n(http://x.it) e poi",
	"@@@@ @a.it a@@b.it a@b.it@c.it a.b@c.d.e",
}

// TestLinkifyGate: New, whose linkify asks goldmark's parser only where an
// address can start, converts like goldmark's linkify on every golden
// file, hostile family, corpus page (BANCA_BENCH_CORPUS) and case above.
func TestLinkifyGate(t *testing.T) {
	inputs := append([]string(nil), linkifyCases...)
	files, _ := filepath.Glob(filepath.Join("testdata", "*.txt"))
	for _, file := range files {
		cases, _ := readGolden(file)
		for _, c := range cases {
			inputs = append(inputs, c.markdown)
		}
	}
	if b, err := os.ReadFile(filepath.Join("testdata", "page.md")); err == nil {
		inputs = append(inputs, string(b))
	}
	for _, fam := range hostile.Families() {
		inputs = append(inputs, string(fam.Make(8<<10)))
	}
	if os.Getenv("BANCA_BENCH_CORPUS") != "" {
		for _, b := range corpusBodies(t) {
			inputs = append(inputs, string(b))
		}
	}
	gated, ref := New(), ungated()
	for _, in := range inputs {
		compareLinkify(t, gated, ref, in)
	}
}

func compareLinkify(t *testing.T, gated, ref Converter, in string) {
	t.Helper()
	got, want := gated.Convert([]byte(in), benchResolver{}), ref.Convert([]byte(in), benchResolver{})
	if !reflect.DeepEqual(got, want) {
		t.Errorf("con il filtro di linkify il risultato cambia per %q:\n%#v\ninvece di\n%#v", trim(in), got, want)
	}
}

func trim(s string) string {
	if len(s) > 200 {
		return s[:200] + "…"
	}
	return s
}

// FuzzLinkifyGate compares New with goldmark's own linkify on any input.
func FuzzLinkifyGate(f *testing.F) {
	for _, s := range linkifyCases {
		f.Add(s)
	}
	f.Add(strings.Repeat("a@b.it 30 € (www.x.it) ", 20))
	gated, ref := New(), ungated()
	f.Fuzz(func(t *testing.T, in string) { compareLinkify(t, gated, ref, in) })
}
