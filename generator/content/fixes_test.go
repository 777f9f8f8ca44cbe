package content

import (
	"strings"
	"testing"
	"testing/fstest"

	"cantiericomuni.it/banca/generator/diag"
)

// TestSeveralValuesInOne: values of a pick-list written as one text, with
// commas, are told to become a list (or, for a field of one value, to
// become one of them), in the page's own syntax, YAML or TOML, as every
// fix of the checks is.
func TestSeveralValuesInOne(t *testing.T) {
	sch := testSchema(t)
	for _, tc := range []struct{ name, src, fix string }{
		{"taxonomy", "---\ntitle: x\ndate: 2026-05-04\nargomenti: giovani, scuola\n---\n", `«argomenti: ["giovani", "scuola"]»`},
		{"taxonomy, toml", "+++\ntitle = \"x\"\ndate = 2026-05-04\ndestinatari = \"famiglie; Scuole\"\n+++\n", `«destinatari = ["famiglie", "scuole"]»`},
		{"field of one value", "---\ntitle: x\ndate: 2026-05-04\ntipo: spazio, servizio\n---\n", "«tipo: spazio»"},
		{"field of one value, toml", "+++\ntitle = \"x\"\ndate = 2026-05-04\ntipo = \"spazio, servizio\"\n+++\n", `«tipo = "spazio"»`},
		// The other fixes of the checks are written in the page's syntax.
		{"bool, toml", "+++\ntitle = \"x\"\ndate = 2026-05-04\ndraft = \"si\"\n+++\n", "«draft = true»"},
		{"int, toml", "+++\ntitle = \"x\"\ndate = 2026-05-04\nweight = \"primo\"\n+++\n", "«weight = 10»"},
		{"bool, yaml", "---\ntitle: x\ndate: 2026-05-04\ndraft: si\n---\n", "«draft: true»"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var l diag.List
			Load(fstest.MapFS{"risorse/a.md": {Data: []byte(tc.src)}}, sch, Options{}, &l)
			ds := l.All()
			if len(ds) != 1 || !strings.Contains(ds[0].Fix, tc.fix) {
				t.Errorf("want a fix with %s, got %v", tc.fix, ds)
			}
		})
	}
}
