package schema

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/internal/golden"
)

func TestLoadRepoSchema(t *testing.T) {
	s, err := Load("../../schema.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Sections) != 10 || s.Section("opportunita").Field("ente") == nil || !s.Section("opportunita").Field("ente").Required {
		t.Error("opportunita must declare ente as required")
	}
	// The network (content-model.md): the organisation fields refer to
	// the enti, as plain text when they name none.
	for _, tc := range []struct {
		section, field, typ string
		required, multiple  bool
		refersTo            string // the first section a reference names
	}{
		{"opportunita", "ente", TypeReference, true, false, "enti"},
		{"protocolli", "firmatari", TypeReference, true, true, "enti"},
		{"pratiche", "partner", TypeReference, false, true, "enti"},
		{"cantieri", "capofila", TypeReference, false, false, "enti"},
		{"enti", "tipo", TypeString, true, false, ""},
		{"enti", "sigla", TypeString, false, false, ""},
		{"enti", "referenti", TypeList, false, false, ""},
		{"verbali", "data_incontro", TypeDateTime, true, false, ""},
		{"verbali", "tavolo", TypeString, true, false, ""},
		{"verbali", "luogo", TypeReference, false, false, "risorse"},
		{"verbali", "partecipanti", TypeReference, false, true, "enti"},
		{"verbali", "azioni", TypeRecords, false, false, ""},
		{"verbali", "prossimo_incontro", TypeDateTime, false, false, ""},
		{"eventi", "inizio", TypeDateTime, true, false, ""},
		{"eventi", "fine", TypeDateTime, false, false, ""},
		{"eventi", "luogo", TypeReference, false, false, "risorse"},
		{"eventi", "organizzatori", TypeReference, false, true, "enti"},
		{"eventi", "iscrizione", TypeURL, false, false, ""},
		{"bisogni", "emerso_il", TypeDate, true, false, ""},
		{"bisogni", "segnalato_da", TypeReference, false, true, "enti"},
		{"bisogni", "stato", TypeString, true, false, ""},
		{"bisogni", "risposte", TypeReference, false, true, "opportunita"},
	} {
		sec := s.Section(tc.section)
		if sec == nil {
			t.Errorf("no section %s", tc.section)
			continue
		}
		f := sec.Field(tc.field)
		if f == nil || f.Type != tc.typ || f.Required != tc.required || f.Multiple != tc.multiple ||
			(tc.refersTo != "" && (len(f.Sections) == 0 || f.Sections[0] != tc.refersTo)) {
			t.Errorf("%s.%s: %+v", tc.section, tc.field, f)
			continue
		}
		// Organisations named by a value that is no page stay text; an
		// answer that names no page is an error, as a broken link is.
		if f.Type == TypeReference && f.IsStrict() != (tc.field == "risposte") {
			t.Errorf("%s.%s: strict %v", tc.section, tc.field, f.IsStrict())
		}
	}
	if a := s.Section("verbali").Field("azioni"); a == nil || !a.Field("cosa").Required || a.Field("chi").Type != TypeReference ||
		a.Field("entro").Type != TypeDate || a.Field("fatto").Type != TypeBool {
		t.Errorf("verbali.azioni: %+v", a)
	}
	if tax := s.Taxonomy("argomenti"); tax == nil || len(tax.Values) < 26 || tax.Related == nil {
		t.Errorf("argomenti: %+v", tax)
	}
	if s.Taxonomy("cantieri").Pages != "cantieri" {
		t.Error("cantieri values must be the pages of the cantieri section")
	}
	// The site's own pages: what makes them different is data.
	p := s.Section("pagine")
	if p == nil || !p.Root || p.Listed() || p.ShowsDates() || p.InFeeds() || p.PageLayout() != "pagina" ||
		p.Footer == nil || p.Footer.Field != "piede" || p.Footer.Order != "ordine" {
		t.Errorf("pagine: %+v", p)
	}
	if p.ListURL() != "" || p.PageURL("chi-siamo") != "/chi-siamo/" {
		t.Errorf("pagine URLs: %q %q", p.ListURL(), p.PageURL("chi-siamo"))
	}
	o := s.Section("opportunita")
	if !o.Listed() || !o.ShowsDates() || !o.InFeeds() || o.PageLayout() != "page" || o.ListURL() != "/opportunita/" || o.PageURL("x") != "/opportunita/x/" {
		t.Errorf("opportunita keeps the defaults: %+v", o)
	}
	for _, f := range []struct{ sec, key, typ string }{
		{"cantieri", "email", TypeEmail}, {"cantieri", "telefono", TypePhone},
		{"opportunita", "contatti", TypeContacts}, {"opportunita", "come_partecipare", TypeText},
		{"pratiche", "contatti", TypeContacts}, {"risorse", "contatti", TypeContacts},
	} {
		if d := s.Field(f.sec, f.key); d == nil || d.Type != f.typ {
			t.Errorf("%s.%s must be a field of type %s: %+v", f.sec, f.key, f.typ, d)
		}
	}
	if s.Section("cantieri").TitlePlace != "comune" {
		t.Error("cantieri: title_place must be comune")
	}
	if s.Site.Logo == nil || s.Site.Logo.Alt == "" || s.Site.Funder == nil || s.Site.Funder.Name == "" {
		t.Errorf("site: logo %+v, funder %+v", s.Site.Logo, s.Site.Funder)
	}
	for _, sec := range s.Sections {
		for _, f := range append(append([]*Field{}, s.Common...), sec.Fields...) {
			if f.Label == "" || f.Help == "" {
				t.Errorf("%s.%s needs an Italian label and help text", sec.Key, f.Key)
			}
		}
	}
}

// badSchemas are schema.yaml files with one class of mistake each, and
// the line:column of the first problem reported.
var badSchemas = []struct {
	name, src, pos string
}{
	{"yaml tab", "site:\n\ttitle: x\n", "2:1"},
	{"yaml unclosed quote", "site:\n  title: \"Banca\n", "2:10"},
	{"yaml colon in value", "site:\n  title: Banca: risorse\n", "2:15"},
	{"unknown option", "sections:\n  - key: a\n    lable: A\n", "3:5"},
	{"unknown option of a field", "sections:\n  - key: a\n    label: A\n    fields:\n      - key: x\n        type: string\n        colore: rosso\n", "7:9"},
	{"number expected", "site:\n  page_size: venti\n", "2:14"},
	{"list expected", "sections:\n  - key: a\n    label: A\n    fields:\n      - {key: x, type: string, values: bando}\n", "5:40"},
	{"bool expected", "common:\n  - key: x\n    type: string\n    required: forse\n", "4:15"},
	{"option twice", "site:\n  title: a\n  title: b\n", "3:3"},
	{"unknown type", "sections:\n  - key: a\n    label: A\n    fields:\n      - {key: x, type: data}\n", "5:24"},
	{"no type", "common:\n  - key: x\n", "2:5"},
	{"no key", "common:\n  - type: string\n", "2:5"},
	{"key with capitals", "common:\n  - key: Scadenza\n    type: date\n", "2:10"},
	{"field twice in a section", "sections:\n  - key: a\n    label: A\n    fields:\n      - {key: x, type: string}\n      - {key: x, type: int}\n", "6:15"},
	{"section field named as a common one", "common:\n  - {key: title, type: string}\nsections:\n  - key: a\n    label: A\n    fields:\n      - {key: title, type: string}\n", "7:15"},
	{"taxonomy named as a field", "common:\n  - {key: tema, type: string}\ntaxonomies:\n  - {key: tema, related: {weight: 1, reason: r}}\n", "4:11"},
	{"taxonomy twice", "taxonomies:\n  - {key: t}\n  - {key: t}\n", "3:11"},
	{"section twice", "sections:\n  - {key: a, label: A}\n  - {key: a, label: B}\n", "3:11"},
	{"section key not a folder name", "sections:\n  - {key: Buone Pratiche, label: A}\n", "2:11"},
	{"section without label", "sections:\n  - key: a\n", "2:5"},
	{"section with a taxonomy's address", "taxonomies:\n  - {key: temi}\nsections:\n  - {key: temi, label: Temi}\n", "4:11"},
	{"values on a date", "common:\n  - {key: x, type: date, values: [a]}\n", "2:34"},
	{"empty values", "common:\n  - {key: x, type: string, values: []}\n", "2:36"},
	{"value twice", "taxonomies:\n  - key: t\n    values: [Giovani, scuola, giovani]\n", "3:31"},
	{"search weight zero", "common:\n  - {key: x, type: string, search: {weight: 0}}\n", "2:45"},
	{"not_before naming nothing", "common:\n  - {key: date, type: date}\n  - {key: fine, type: date, not_before: inizio}\n", "3:41"},
	{"past on a text", "common:\n  - {key: x, type: string, past: true}\n", "2:5"},
	{"pages naming no section", "taxonomies:\n  - {key: cantieri, pages: cantiere}\nsections:\n  - {key: cantieri, label: Cantieri}\n", "2:28"},
	{"related without weight", "taxonomies:\n  - {key: t, related: {reason: stesso tema}}\n", "2:23"},
	{"related without reason", "taxonomies:\n  - key: t\n    related: {weight: 2}\n", "3:14"},
	{"unknown time zone", "site: {time_zone: Marte/Olimpo}\n", "1:19"},
	{"negative page size", "site:\n  page_size: -5\n", "2:14"},
	{"page size too large", "site:\n  page_size: 100000\n", "2:14"},
	{"related count too large", "site:\n  related_count: 1000\n", "2:18"},
	{"closing soon too far", "site:\n  closing_soon_days: 3650\n", "2:22"},
	{"empty", "", "0:0"},
	{"no sections", "site:\n  title: Banca\n", "1:1"},
	{"base url without scheme", "site:\n  base_url: banca.cantiericomuni.it\n", "2:13"},
	{"footer naming no field", "sections:\n  - key: a\n    label: A\n    footer: {field: piede}\n", "4:21"},
	{"footer field not a bool", "sections:\n  - key: a\n    label: A\n    footer: {field: piede}\n    fields:\n      - {key: piede, type: string}\n", "4:21"},
	{"footer order not a number", "sections:\n  - key: a\n    label: A\n    footer: {field: piede, order: ordine}\n    fields:\n      - {key: piede, type: bool}\n      - {key: ordine, type: string}\n", "4:35"},
	{"footer without field", "sections:\n  - key: a\n    label: A\n    footer: {order: ordine}\n", "4:13"},
	{"title_place naming no field", "sections:\n  - key: a\n    label: A\n    title_place: comune\n", "4:18"},
	{"layout not a file name", "sections:\n  - key: a\n    label: A\n    layout: ../base\n", "4:13"},
	{"list not a bool", "sections:\n  - key: a\n    label: A\n    list: forse\n", "4:11"},
	{"lifecycle naming no field", "sections:\n  - key: a\n    label: A\n    lifecycle:\n      field: scadenza\n      states: {open: {key: aperta, label: aperta}, closed: {key: scaduta, label: scaduta}}\n" + lifecycleLists, "5:14"},
	{"lifecycle field not a date", "sections:\n  - key: a\n    label: A\n    lifecycle:\n      field: scadenza\n      states: {open: {key: aperta, label: aperta}, closed: {key: scaduta, label: scaduta}}\n" + lifecycleLists + "    fields:\n      - {key: scadenza, type: string}\n", "5:14"},
	{"lifecycle without a required state", "sections:\n  - key: a\n    label: A\n    lifecycle:\n      start: inizio\n      states: {before: {key: prima, label: in programma}, during: {key: ora, label: in corso}}\n" + lifecycleLists + "    fields:\n      - {key: inizio, type: date}\n", "6:15"},
	{"lifecycle state of another kind", "sections:\n  - key: a\n    label: A\n    lifecycle:\n      field: entro\n      done: fatta\n      states: {todo: {key: da-fare, label: da fare}, late: {key: in-ritardo, label: in ritardo}, done: {key: fatta, label: fatta}, open: {key: aperta, label: aperta}}\n" + lifecycleLists + "    fields:\n      - {key: entro, type: date}\n      - {key: fatta, type: bool}\n", "7:138"},
	{"lifecycle states with one key", "sections:\n  - key: a\n    label: A\n    lifecycle:\n      field: d\n      states: {open: {key: x, label: aperta}, closed: {key: x, label: scaduta}}\n" + lifecycleLists + "    fields:\n      - {key: d, type: date}\n", "6:28"},
	{"lifecycle without lists", "sections:\n  - key: a\n    label: A\n    lifecycle:\n      field: d\n      states: {open: {key: aperta, label: aperta}, closed: {key: scaduta, label: scaduta}}\n    fields:\n      - {key: d, type: date}\n", "5:7"},
	{"home block naming no section", "site:\n  home:\n    latest:\n      - {section: eventi, heading: Ultimi eventi, all: Tutti gli eventi}\nsections:\n  - {key: a, label: A}\n", "4:19"},
	{"home open block of a section without lifecycle", "site:\n  home:\n    open: {section: a}\nsections:\n  - {key: a, label: A}\n", "3:21"},
	{"box naming no field", "sections:\n  - key: a\n    label: A\n    box: {fields: [ente]}\n", "4:20"},
	{"calendar file not a name", "sections:\n  - key: a\n    label: A\n    calendar: {start: d, file: eventi.ics, all: tutti, name: Eventi, event: Evento, label: Il calendario}\n    fields:\n      - {key: d, type: date}\n", "4:32"},
	{"calendar without names", "sections:\n  - key: a\n    label: A\n    calendar: {start: d, file: evento, all: eventi}\n    fields:\n      - {key: d, type: date}\n", "4:15"},
	{"unknown schema.org type", "sections:\n  - key: a\n    label: A\n    schema_org: Party\n", "4:17"},
	{"unknown option of a lifecycle's lists", "sections:\n  - key: a\n    label: A\n    lifecycle:\n      field: d\n      states: {open: {key: aperta, label: aperta}, closed: {key: scaduta, label: scaduta}}\n" +
		"      lists: {open: aperte, open_note: ancora aperte., order: Per scadenza, note: Prima le aperte., recent: le più recenti, last: Dalle più recenti., sort: scadenza, ultime: x}\n    fields:\n      - {key: d, type: date}\n", "7:167"},
	{"unknown option of the logo", "site:\n  logo: {src: /logo.svg, alt: Logo, larghezza: 40}\n", "2:37"},
	{"unknown schema.org role of a taxonomy", "taxonomies:\n  - {key: temi, label: Temi, schema_org: about}\nsections:\n  - {key: a, label: A}\n", "2:42"},
}

// lifecycleLists completes the lifecycles of badSchemas.
const lifecycleLists = "      lists: {open: aperte, open_note: ancora aperte., order: Per scadenza, note: Prima le aperte., recent: le più recenti, last: Dalle più recenti; in fondo le scadute., sort: \"scadenza, le più vicine prima\"}\n"

func TestParseReportsBadSchemasWhereTheyAre(t *testing.T) {
	var buf bytes.Buffer
	for _, tc := range badSchemas {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("schema.yaml", []byte(tc.src))
			if err == nil {
				t.Fatal("accepted")
			}
			var ds []diag.Diagnostic
			for _, e := range flatten(err) {
				var d diag.Diagnostic
				if !errors.As(e, &d) {
					t.Fatalf("not a diagnostic: %v", e)
				}
				ds = append(ds, d)
				if d.Code != diag.SchemaInvalid || d.Message == "" || d.Fix == "" || d.File != "schema.yaml" {
					t.Errorf("%+v", d)
				}
				if strings.Contains(d.Message, "yaml") || strings.Contains(d.Message, "schema.") || strings.Contains(d.Message, "%!") {
					t.Errorf("technical text in %q", d.Message)
				}
			}
			if pos := fmt.Sprintf("%d:%d", ds[0].Pos.Line, ds[0].Pos.Col); pos != tc.pos {
				t.Errorf("position %s, want %s: %s", pos, tc.pos, ds[0].Error())
			}
			fmt.Fprintf(&buf, "# %s\n", tc.name)
			diag.Print(&buf, ds)
		})
	}
	golden.Check(t, "testdata/errors.golden", buf.Bytes())
}

// flatten lists the errors of an errors.Join, or err itself.
func flatten(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

func TestLoadMissingSchema(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "schema.yaml"))
	if err == nil || !strings.Contains(err.Error(), "non trovo lo schema") {
		t.Errorf("%v", err)
	}
}

func TestParseDate(t *testing.T) {
	rome, _ := time.LoadLocation("Europe/Rome")
	for _, tc := range []struct {
		in, want string
		hasTime  bool
		err      string
	}{
		{"2026-03-31", "2026-03-31T00:00:00+02:00", false, ""},
		{"2026-01-15T12:00:00+01:00", "2026-01-15T12:00:00+01:00", true, ""},
		{"2026-01-15T12:00:00Z", "2026-01-15T13:00:00+01:00", true, ""},
		{"2026-07-01 09:30", "2026-07-01T09:30:00+02:00", true, ""},
		{"2022-03-29 10:00:00 +0200", "2022-03-29T10:00:00+02:00", true, ""},
		{"31/03/2026", "", false, "2026-03-31"},
		{"2026-02-30", "", false, "non esiste"},
		{"domani", "", false, "AAAA-MM-GG"},
	} {
		d, msg := ParseDate(tc.in, rome)
		if tc.err != "" {
			if !strings.Contains(msg, tc.err) {
				t.Errorf("%q: message %q should mention %q", tc.in, msg, tc.err)
			}
			continue
		}
		if msg != "" || d.Format(time.RFC3339) != tc.want || d.HasTime != tc.hasTime {
			t.Errorf("%q: got %v %v %q", tc.in, d.Format(time.RFC3339), d.HasTime, msg)
		}
	}
}

func TestClosest(t *testing.T) {
	vals := []string{"povertà educativa", "genitorialità", "giovani", "bologna-navile", "ferrara"}
	for in, want := range map[string]string{
		"poverta educativa": "povertà educativa",
		"genitorialita":     "genitorialità",
		"giovanni":          "giovani",
		"bologna":           "bologna-navile",
		"Ferara":            "ferrara",
		"ricetta lasagne":   "",
	} {
		got, ok := Closest(in, vals)
		if !ok {
			got = ""
		}
		if got != want {
			t.Errorf("Closest(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestMistakesInTheRealSchema: the repository's schema.yaml is large
// enough that a syntax error is looked for in a window of lines; a quote
// left open near the top (which swallows the keys after it), a control
// character or a byte that is not UTF-8 near the end are still reported
// on their line.
func TestMistakesInTheRealSchema(t *testing.T) {
	data, err := os.ReadFile("../../schema.yaml")
	if err != nil {
		t.Fatal(err)
	}
	src := string(data)
	lineOf := func(s, piece string) int { return strings.Count(s[:strings.Index(s, piece)], "\n") + 1 }
	open := strings.Replace(src, "short_title: Cantieri Comuni", "short_title: \"Cantieri Comuni", 1)
	for _, tc := range []struct {
		name, src string
		line      int
		want      string
	}{
		{"quote left open", open, lineOf(open, "short_title:"), "virgolette"},
		{"control character at the end", src + "x_nota: a\x01b\n", strings.Count(src, "\n") + 1, "invisibile"},
		{"not UTF-8 at the end", src + "x_nota: caff\xe8\n", strings.Count(src, "\n") + 1, "UTF-8"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("schema.yaml", []byte(tc.src))
			var d diag.Diagnostic
			if !errors.As(err, &d) {
				t.Fatalf("want a diagnostic, got %v", err)
			}
			if d.Pos.Line != tc.line || !strings.Contains(d.Message, tc.want) {
				t.Errorf("line %d, want %d with %q: %s", d.Pos.Line, tc.line, tc.want, d.Error())
			}
		})
	}
}
