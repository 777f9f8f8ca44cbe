package content

import (
	"bytes"
	"testing"
	"testing/fstest"

	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/internal/golden"
)

const verbale = "---\ntitle: Tavolo di marzo\ndate: 2026-03-02\ndata_incontro: 2026-03-01T17:00:00\ntavolo: tavolo di cantiere\n"

// personalCases are pages of sections that declare personal_data: warn,
// and others, with and without personal data.
var personalCases = []struct {
	file, src string
	warnings  int
}{
	{"verbali/telefono-nel-testo.md", verbale + "---\nPer la sala chiamare Mario al 338 123 4567 entro venerdì.\n", 1},
	{"verbali/email-in-una-lista.md", verbale + "decisioni:\n  - Il calendario lo manda giulia.bianchi@gmail.com a tutti\n---\nTesto.\n", 1},
	{"verbali/codice-fiscale-in-azione.md", verbale + "azioni:\n  - cosa: Rimborsare RSSMRA85T10A562S per le spese\n    chi: Comune di Imola\n---\nTesto.\n", 1},
	{"verbali/toml.md", "+++\ntitle = \"Tavolo\"\ndate = 2026-03-02\ndata_incontro = 2026-03-01\ntavolo = \"équipe\"\nsummary = \"Referente: m.rossi@libero.it, tel. 051 6219201\"\n+++\nTesto.\n", 2},
	// Not personal data, or not a section that is checked.
	{"bisogni/casella-di-ufficio.md", "---\ntitle: Sala per il doposcuola\ndate: 2026-03-02\nemerso_il: 2026-03-01\nstato: aperto\n---\nScrivere a segreteria@comune.imola.it o a info@csvferrara.it.\n", 0},
	{"bisogni/date-e-importi.md", "---\ntitle: Fondi per l'estate\ndate: 2026-03-02\nemerso_il: 2026-03-01\nstato: aperto\nsummary: Servono 15.000 € entro il 30/06/2026.\n---\nDal 2026-06-01 al 31.08.2026, con 350.000.000 euro in tutto; protocollo n. 12345.\n", 0},
	{"opportunita/non-controllata.md", "---\ntitle: Bando\ndate: 2026-03-02\nente: Comune\ncontatti: Mario Rossi, 338 123 4567\n---\nChiamare il 338 123 4567.\n", 0},
}

// TestPersonalDataWarnings checks the personal data guard on each case:
// the warnings it gives, at their place, as the golden file shows them.
func TestPersonalDataWarnings(t *testing.T) {
	sch := testSchema(t)
	var all []diag.Diagnostic
	for _, tc := range personalCases {
		t.Run(tc.file, func(t *testing.T) {
			var l diag.List
			Load(fstest.MapFS{tc.file: {Data: []byte(tc.src)}}, sch, Options{Prefix: "content/"}, &l)
			var got []diag.Diagnostic
			for _, d := range l.All() {
				if d.Code == diag.PersonalData {
					if d.Severity != diag.Warning || d.Message == "" || d.Fix == "" || d.Source == "" {
						t.Errorf("%+v", d)
					}
					got = append(got, d)
				} else if d.Severity != diag.Warning {
					t.Errorf("unexpected: %s", d.Error())
				}
			}
			if len(got) != tc.warnings {
				t.Errorf("%d warnings, want %d: %v", len(got), tc.warnings, got)
			}
			all = append(all, got...)
		})
	}
	var buf bytes.Buffer
	diag.Print(&buf, all)
	golden.Check(t, "testdata/personal.golden", buf.Bytes())
}
