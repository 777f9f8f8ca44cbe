package schema

import (
	"bytes"
	"fmt"
	"path/filepath"
	"testing"

	"cantiericomuni.it/banca/generator/internal/golden"
)

// needsSection is a section with a status field and a reference field,
// to which the cases add the options they test.
const needsSection = "sections:\n  - key: r\n    label: R\n  - key: b\n    label: Bisogni\n%s    fields:\n" +
	"      - {key: stato, type: string, values: [aperto, in lavorazione, soddisfatto]}\n" +
	"      - {key: nota, type: string}\n" +
	"      - {key: risposte, type: reference, sections: [r], multiple: true}\n"

var badNeeds = []struct{ name, options, pos string }{
	{"states without field", "    states: {open: [aperto], list: aperti, title: Aperti}\n", "6:13"},
	{"states naming no field", "    states: {field: fase, open: [aperto], list: aperti, title: Aperti}\n", "6:21"},
	{"states field without values", "    states: {field: nota, open: [aperto], list: aperti, title: Aperti}\n", "6:21"},
	{"states open value not among the values", "    states: {field: stato, open: [aperta], list: aperti, title: Aperti}\n", "6:35"},
	{"states without open values", "    states: {field: stato, list: aperti, title: Aperti}\n", "6:13"},
	{"states list not a name", "    states: {field: stato, open: [aperto], list: Bisogni aperti, title: Aperti}\n", "6:50"},
	{"states without title", "    states: {field: stato, open: [aperto], list: aperti}\n", "6:13"},
	{"answers without from", "    answers: {title: Potrebbero rispondere}\n", "6:14"},
	{"answers from an unknown section", "    answers: {from: [risors], title: Potrebbero rispondere}\n", "6:22"},
	{"answers count too large", "    answers: {from: [r], count: 50, title: Potrebbero rispondere}\n", "6:33"},
	{"answers when open without a status", "    answers: {from: [r], when: open, title: Potrebbero rispondere}\n", "6:32"},
	{"answers when unknown", "    states: {field: stato, open: [aperto], list: aperti, title: Aperti}\n    answers: {from: [r], when: sempre, title: Potrebbero rispondere}\n", "7:32"},
	{"answers without title", "    answers: {from: [r]}\n", "6:14"},
	{"answers except not a reference", "    answers: {from: [r], title: Potrebbero rispondere, except: nota}\n", "6:64"},
	{"personal data unknown", "    personal_data: sì\n", "6:20"},
	{"backlinks on a string field", "    fields:\n      - {key: x, type: string, backlinks: Collegati}\n", "7:43"},
}

// TestParseReportsBadNeedsDeclarations checks the diagnostics of the
// states, answers, personal_data and backlinks options.
func TestParseReportsBadNeedsDeclarations(t *testing.T) {
	var buf bytes.Buffer
	for _, tc := range badNeeds {
		t.Run(tc.name, func(t *testing.T) {
			src := fmt.Sprintf(needsSection, tc.options)
			if tc.name == "backlinks on a string field" {
				src = "sections:\n  - key: r\n    label: R\n  - key: b\n    label: Bisogni\n" + tc.options
			}
			badDeclaration(t, &buf, tc.name, src, tc.pos)
		})
	}
	golden.Check(t, "testdata/needs.golden", buf.Bytes())
}

// TestNeedsDeclarations reads the options as the repository's schema
// declares them, and a minimal valid declaration.
func TestNeedsDeclarations(t *testing.T) {
	src := fmt.Sprintf(needsSection, "    states: {field: stato, open: [aperto, in lavorazione], list: aperti, title: Aperti}\n"+
		"    answers: {from: [r], when: open, title: Potrebbero rispondere, except: risposte}\n    personal_data: warn\n")
	s, err := Parse("schema.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	b := s.Section("b")
	if !b.States.IsOpen("in lavorazione") || b.States.IsOpen("soddisfatto") || b.Answers.Limit() != 3 || !b.GuardsPersonalData() {
		t.Errorf("%+v %+v %q", b.States, b.Answers, b.PersonalData)
	}
	if s.Section("r").GuardsPersonalData() {
		t.Error("a section without personal_data is guarded")
	}
	repo, err := Load(filepath.Join("..", "..", "schema.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, sec := range repo.Sections {
		if sec.States != nil && (sec.States.Field == "" || len(sec.States.Open) == 0) {
			t.Errorf("%s: %+v", sec.Key, sec.States)
		}
		if sec.Answers != nil && sec.Answers.Limit() < 1 {
			t.Errorf("%s: %+v", sec.Key, sec.Answers)
		}
	}
}
