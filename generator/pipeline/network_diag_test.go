package pipeline

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/internal/golden"
)

// networkBase is a small network that the bad pages below refer to: an
// organisation with a sigla, a space, a practice.
var networkBase = map[string]string{
	"enti/cooperativa-cadiai.md": "---\ntitle: Cooperativa sociale CADIAI\ndate: 2026-01-10\ntipo: cooperativa sociale\nsigla: CADIAI\n---\nUna cooperativa.\n",
	"enti/comune-di-imola.md":    "---\ntitle: Comune di Imola\ndate: 2026-01-10\ntipo: comune\n---\nIl comune.\n",
	"risorse/aula-studio.md":     "---\ntitle: Aula studio diffusa\ndate: 2026-01-10\ntipo: spazio\n---\nUn'aula.\n",
	"pratiche/orti.md":           "---\ntitle: Orti condivisi\ndate: 2026-01-10\npartner: [CADIAI, Comune di Imola]\n---\nOrti.\n",
}

// networkMistakes are the new classes of mistakes of the network's
// sections, one file each, with the code and line:col expected.
var networkMistakes = []struct {
	name, file, src string
	code            diag.Code
	pos             string
}{
	{"ente close to a real one", "opportunita/bando.md", "---\ntitle: Bando\ndate: 2026-01-10\nente: Cooperativa sociale CADAII\n---\nTesto.\n", diag.ReferenceNear, "4:7"},
	{"signatory close to a real one", "protocolli/patto.md", "---\ntitle: Patto\ndate: 2026-01-10\ndata_firma: 2026-01-05\nfirmatari:\n  - Comune di Imolla\n  - Regione Emilia-Romagna\n---\nTesto.\n", diag.ReferenceNear, "6:5"},
	{"organisation without tipo", "enti/senza-tipo.md", "---\ntitle: Associazione senza tipo\ndate: 2026-01-10\n---\nTesto.\n", diag.FieldRequired, "1:1"},
	{"unknown tipo of organisation", "enti/odv.md", "---\ntitle: ODV Vicini\ndate: 2026-01-10\ntipo: volontariato\n---\nTesto.\n", diag.FieldValue, "4:7"},
	{"minutes without a date", "verbali/senza-data.md", "---\ntitle: Verbale senza data\ndate: 2026-01-10\ntavolo: équipe\n---\nTesto.\n", diag.FieldRequired, "1:1"},
	{"unknown table", "verbali/tavolo.md", "---\ntitle: Verbale\ndate: 2026-01-10\ndata_incontro: 2026-01-09T17:00\ntavolo: tavolo di cantire\n---\nTesto.\n", diag.FieldValue, "5:9"},
	{"action without cosa", "verbali/azione.md", "---\ntitle: Verbale con azione\ndate: 2026-01-10\ndata_incontro: 2026-01-09T17:00\ntavolo: équipe\nazioni:\n  - chi: CADIAI\n    entro: 2026-02-01\n---\nTesto.\n", diag.FieldRequired, "7:5"},
	{"action due on no date", "verbali/entro.md", "---\ntitle: Verbale con scadenza\ndate: 2026-01-10\ndata_incontro: 2026-01-09T17:00\ntavolo: équipe\nazioni:\n  - cosa: Scrivere il volantino\n    entro: fine gennaio\n---\nTesto.\n", diag.FieldDate, "8:12"},
	{"action done neither yes nor no", "verbali/fatto.md", "---\ntitle: Verbale con azione fatta\ndate: 2026-01-10\ndata_incontro: 2026-01-09T17:00\ntavolo: équipe\nazioni:\n  - cosa: Prenotare la sala\n    fatto: quasi\n---\nTesto.\n", diag.FieldType, "8:12"},
	{"owner close to a real one", "verbali/chi.md", "---\ntitle: Verbale con responsabile\ndate: 2026-01-10\ndata_incontro: 2026-01-09T17:00\ntavolo: équipe\nazioni:\n  - cosa: Prenotare la sala\n    chi: Comune di Imolla\n---\nTesto.\n", diag.ReferenceNear, "8:10"},
	{"next meeting before this one", "verbali/prossimo.md", "---\ntitle: Verbale col prossimo incontro\ndate: 2026-01-10\ndata_incontro: 2026-01-09T17:00\ntavolo: équipe\nprossimo_incontro: 2026-01-02T17:00\n---\nTesto.\n", diag.DateOrder, "6:20"},
	{"end before start", "eventi/festa.md", "---\ntitle: Festa\ndate: 2026-01-10\ninizio: 2026-03-10T18:00\nfine: 2026-03-10T16:00\n---\nTesto.\n", diag.DateOrder, "5:7"},
	{"place close to a space", "eventi/laboratorio.md", "---\ntitle: Laboratorio\ndate: 2026-01-10\ninizio: 2026-03-12T18:00\nluogo: Aula studio difusa\n---\nTesto.\n", diag.ReferenceNear, "5:8"},
	{"registration that is no address", "eventi/corso.md", "---\ntitle: Corso\ndate: 2026-01-10\ninizio: 2026-03-14T18:00\niscrizione: www.esempio.it/iscriviti\n---\nTesto.\n", diag.FieldURL, "5:13"},
	{"need without status", "bisogni/senza-stato.md", "---\ntitle: Bisogno\ndate: 2026-01-10\nemerso_il: 2026-01-05\n---\nTesto.\n", diag.FieldRequired, "1:1"},
	{"answer that names no page", "bisogni/risposta.md", "---\ntitle: Bisogno di spazi\ndate: 2026-01-10\nemerso_il: 2026-01-05\nstato: aperto\nrisposte:\n  - risorse/aula-studio-difusa\n---\nTesto.\n", diag.ReferenceUnknown, "7:5"},
	{"answer in a section that does not exist", "bisogni/sezione.md", "---\ntitle: Bisogno di orti\ndate: 2026-01-10\nemerso_il: 2026-01-05\nstato: aperto\nrisposte: [pratica/orti]\n---\nTesto.\n", diag.ReferenceUnknown, "6:12"},
}

// TestNetworkMistakes builds a site with one file for each class of
// mistake of the network's sections: every one is reported in the same
// run, at its line and column, with a message and a fix; the printed
// diagnostics are a golden file.
func TestNetworkMistakes(t *testing.T) {
	files := map[string]string{}
	for k, v := range networkBase {
		files[k] = v
	}
	for _, tc := range networkMistakes {
		files[tc.file] = tc.src
	}
	content := writeSite(t, files)
	res, err := Run(Config{Root: root, Content: content, Check: true, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	byFile := map[string][]diag.Diagnostic{}
	for _, d := range res.Diags.All() {
		// The content folder is a temporary one: name files as the
		// repository's are.
		rel, err := filepath.Rel(content, d.File)
		if err != nil {
			t.Fatal(err)
		}
		d.File = "content/" + filepath.ToSlash(rel)
		byFile[d.File] = append(byFile[d.File], d)
	}
	var shown []diag.Diagnostic
	for _, tc := range networkMistakes {
		t.Run(tc.name, func(t *testing.T) {
			var found *diag.Diagnostic
			for _, d := range byFile["content/"+tc.file] {
				if d.Code == tc.code {
					found = &d
					break
				}
			}
			if found == nil {
				t.Fatalf("want %s in %s, got %v (all: %v)", tc.code, tc.file, byFile["content/"+tc.file], res.Diags.All())
			}
			pos := fmt.Sprintf("%d:%d", found.Pos.Line, found.Pos.Col)
			if pos != tc.pos {
				t.Errorf("position %s, want %s (%s)", pos, tc.pos, found.Error())
			}
			if found.Message == "" || found.Fix == "" {
				t.Errorf("message and fix must both be set: %+v", found)
			}
			shown = append(shown, *found)
		})
	}
	// The base pages are clean: nothing else is reported.
	for file, ds := range byFile {
		if strings.Contains(file, "/enti/cooperativa-cadiai") || strings.Contains(file, "/pratiche/orti") || strings.Contains(file, "/risorse/aula-studio") {
			t.Errorf("a clean page reported: %v", ds)
		}
	}
	var buf bytes.Buffer
	diag.Print(&buf, shown)
	golden.Check(t, "testdata/network.golden", buf.Bytes())
}
