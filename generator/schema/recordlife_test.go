package schema

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"cantiericomuni.it/banca/generator/internal/golden"
)

// recordsSection is a section with a records field whose lifecycle and
// list are given by each case (%s, indented under the field).
const recordsSection = `taxonomies:
  - {key: cantieri, label: Cantieri}
sections:
  - key: verbali
    label: Verbali
    fields:
      - {key: tavolo, type: string, label: Tavolo, facet: true, values: [regia]}
      - {key: data_incontro, type: datetime, label: Data}
      - key: azioni
        type: records
        label: Azioni
        fields:
          - {key: cosa, type: string, label: Cosa}
          - {key: chi, type: reference, sections: [verbali], strict: false, label: Chi}
          - {key: entro, type: date, label: Entro il}
          - {key: fatto, type: bool, label: Fatta}
          - {key: quante, type: int, label: Quante}
%s`

// lifecycleOK is a valid lifecycle of the records, to build cases on.
const lifecycleOK = `        lifecycle:
          field: entro
          done: fatto
          states:
            todo: {key: da-fare, label: da fare, countdown: scade}
            late: {key: in-ritardo, label: in ritardo, dated: true}
            done: {key: fatta, label: fatta}
`

func TestRecordLifecycleDeclaration(t *testing.T) {
	s, err := Parse("schema.yaml", []byte(fmt.Sprintf(recordsSection, lifecycleOK+`        list:
          path: azioni
          title: Azioni aperte
          date: data_incontro
          group: {taxonomy: cantieri, label: Per cantiere, none: Senza cantiere}
          owner: {field: chi, path: per-responsabile, label: Per responsabile, none: Senza responsabile}
`)))
	if err != nil {
		t.Fatal(err)
	}
	f := s.Section("verbali").Field("azioni")
	if !f.HasLifecycle() || f.Lifecycle.Kind() != KindDue || f.Lifecycle.Closes() != "entro" || f.List.Owner.Path != "per-responsabile" {
		t.Errorf("%+v %+v", f.Lifecycle, f.List)
	}
	if f.Lifecycle.SoonDays == nil || *f.Lifecycle.SoonDays != 14 {
		t.Errorf("soon_days defaults to the site's closing_soon_days: %v", f.Lifecycle.SoonDays)
	}
	// The repository's schema declares the actions of the minutes so.
	repo, err := Load("../../schema.yaml")
	if err != nil {
		t.Fatal(err)
	}
	a := repo.Section("verbali").Field("azioni")
	if !a.HasLifecycle() || a.Lifecycle.Field != "entro" || a.Lifecycle.Done != "fatto" || a.List == nil ||
		a.List.Path != "azioni" || a.List.Group.Taxonomy != "cantieri" || a.List.Owner.Field != "chi" {
		t.Errorf("verbali.azioni: %+v %+v", a.Lifecycle, a.List)
	}
	for _, r := range []string{RoleTodo, RoleLate, RoleDone} {
		if a.Lifecycle.State(r) == nil {
			t.Errorf("verbali.azioni has no state %s", r)
		}
	}
}

// badRecordLifecycles are declarations of records with a lifecycle that
// Parse refuses, each with the line:column of its first diagnostic.
var badRecordLifecycles = []struct{ name, extra, pos string }{
	{"field is not a sub-field", strings.Replace(lifecycleOK, "field: entro", "field: scadenza", 1), "19:18"},
	{"field is not a date", strings.Replace(lifecycleOK, "field: entro", "field: cosa", 1), "19:18"},
	{"done is not a bool", strings.Replace(lifecycleOK, "done: fatto", "done: quante", 1), "20:17"},
	{"done is not a sub-field", strings.Replace(lifecycleOK, "done: fatto", "done: fatta", 1), "20:17"},
	{"no date", strings.Replace(lifecycleOK, "          field: entro\n", "", 1), "19:11"},
	{"a state missing", strings.Replace(lifecycleOK, "            late: {key: in-ritardo, label: in ritardo, dated: true}\n", "", 1), "22:13"},
	{"an unknown state", strings.Replace(lifecycleOK, "late:", "tardi:", 1), "22:13"},
	{"two states with one key", strings.Replace(lifecycleOK, "key: fatta", "key: da-fare", 1), "22:25"},
	{"lists on records", lifecycleOK + "          lists: {open: aperte}\n", "25:18"},
	{"list without lifecycle", "        list: {path: azioni, title: Azioni aperte}\n", "18:15"},
	{"list at a taken address", lifecycleOK + "        list: {path: tavolo, title: Azioni aperte}\n", "25:22"},
	{"list with a bad address", lifecycleOK + "        list: {path: Azioni, title: Azioni aperte}\n", "25:22"},
	{"list without title", lifecycleOK + "        list: {path: azioni}\n", "25:15"},
	{"list by an unknown taxonomy", lifecycleOK + "        list: {path: azioni, title: T, group: {taxonomy: cantiere, label: Per cantiere, none: Senza}}\n", "25:58"},
	{"group without its words", lifecycleOK + "        list: {path: azioni, title: T, group: {taxonomy: cantieri}}\n", "25:47"},
	{"owner not a sub-field", lifecycleOK + "        list: {path: azioni, title: T, owner: {field: chii, path: per-chi, label: Per chi, none: Nessuno}}\n", "25:55"},
	{"owner a date", lifecycleOK + "        list: {path: azioni, title: T, owner: {field: entro, path: per-chi, label: Per chi, none: Nessuno}}\n", "25:55"},
	{"owner without path", lifecycleOK + "        list: {path: azioni, title: T, owner: {field: chi, label: Per chi, none: Nessuno}}\n", "25:47"},
	{"date not a date", lifecycleOK + "        list: {path: azioni, title: T, date: tavolo}\n", "25:46"},
}

func TestParseReportsBadRecordLifecycles(t *testing.T) {
	var buf bytes.Buffer
	report := func(t *testing.T, name, src, pos string) { badDeclaration(t, &buf, name, src, pos) }
	for _, tc := range badRecordLifecycles {
		t.Run(tc.name, func(t *testing.T) {
			report(t, tc.name, fmt.Sprintf(recordsSection, tc.extra), tc.pos)
		})
	}
	t.Run("lifecycle on a string field", func(t *testing.T) {
		report(t, "lifecycle on a string field", "sections:\n  - key: a\n    label: A\n    fields:\n      - key: x\n        type: string\n        lifecycle: {field: x}\n", "7:20")
	})
	t.Run("list on the common fields", func(t *testing.T) {
		report(t, "list on the common fields", "common:\n  - {key: x, type: string, list: {path: x}}\nsections:\n  - {key: a, label: A}\n", "2:34")
	})
	golden.Check(t, "testdata/recordlife.golden", buf.Bytes())
}
