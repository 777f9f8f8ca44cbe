package schema

import (
	"bytes"
	"errors"
	"fmt"
	"testing"

	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/internal/golden"
	"cantiericomuni.it/banca/generator/internal/testproject"
)

// networkSchema is the repository's schema with the sections of
// testdata/network.yaml appended: reference and records fields.
func networkSchema(t testing.TB) *Schema {
	t.Helper()
	s, err := Parse("schema.yaml", testproject.NetworkSchema(t))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestReferenceAndRecordsDeclarations(t *testing.T) {
	s := networkSchema(t)
	v := s.Section("verbali")
	for _, tc := range []struct {
		key      string
		match    []string
		strict   bool
		multiple bool
	}{
		{"promotore", []string{"slug", "title", "sigla"}, true, false},
		{"partecipanti", []string{"slug", "title", "sigla"}, true, true},
		{"luogo", []string{"slug", "title"}, false, false},
		{"risposte", []string{"slug"}, true, true},
	} {
		f := v.Field(tc.key)
		if f == nil || f.Type != TypeReference || fmt.Sprint(f.MatchKeys()) != fmt.Sprint(tc.match) ||
			f.IsStrict() != tc.strict || f.Multiple != tc.multiple {
			t.Errorf("%s: %+v", tc.key, f)
		}
	}
	a := v.Field("azioni")
	if a == nil || a.Type != TypeRecords || len(a.Fields) != 4 || !a.Field("cosa").Required ||
		a.Field("chi").Type != TypeReference || a.Field("entro").Type != TypeDate || a.Field("nessuno") != nil {
		t.Errorf("azioni: %+v", a)
	}
}

// badReferences are declarations of reference and records fields with one
// mistake each, and the line:column of the first problem.
var badReferences = []struct {
	name, src, pos string
}{
	{"reference without sections", "sections:\n  - key: a\n    label: A\n    fields:\n      - {key: x, type: reference}\n", "5:9"},
	{"reference to an unknown section", "sections:\n  - key: enti\n    label: Enti\n  - key: a\n    label: A\n    fields:\n      - {key: x, type: reference, sections: [ente]}\n", "7:46"},
	{"match naming no field", "sections:\n  - key: enti\n    label: Enti\n  - key: a\n    label: A\n    fields:\n      - {key: x, type: reference, sections: [enti], match: [slug, acronimo]}\n", "7:67"},
	{"match naming a field that is not a string", "sections:\n  - key: enti\n    label: Enti\n    fields:\n      - {key: sigle, type: list}\n  - key: a\n    label: A\n    fields:\n      - {key: x, type: reference, sections: [enti], match: [sigle]}\n", "9:61"},
	{"sections on a string", "sections:\n  - key: a\n    label: A\n    fields:\n      - {key: x, type: string, sections: [a]}\n", "5:42"},
	{"multiple on a list", "sections:\n  - key: a\n    label: A\n    fields:\n      - {key: x, type: list, multiple: true}\n", "5:40"},
	{"facet on records", "sections:\n  - key: a\n    label: A\n    fields:\n      - {key: x, type: records, label: X, facet: true, fields: [{key: y, type: string, label: Y}]}\n", "5:9"},
	{"search on a field of a record", "sections:\n  - key: a\n    label: A\n    fields:\n      - key: x\n        type: records\n        label: X\n        fields:\n          - {key: y, type: string, label: Y, search: {weight: 1}}\n", "9:13"},
	{"records without fields", "sections:\n  - key: a\n    label: A\n    fields:\n      - {key: x, type: records, label: X}\n", "5:9"},
	{"fields on a string", "sections:\n  - key: a\n    label: A\n    fields:\n      - key: x\n        type: string\n        fields:\n          - {key: y, type: string, label: Y}\n", "8:11"},
	{"record field of an unknown type", "sections:\n  - key: a\n    label: A\n    fields:\n      - key: x\n        type: records\n        fields:\n          - {key: y, type: data, label: Y}\n", "8:28"},
	{"record field without label", "sections:\n  - key: a\n    label: A\n    fields:\n      - key: x\n        type: records\n        fields:\n          - {key: y, type: string}\n", "8:13"},
	{"record field twice", "sections:\n  - key: a\n    label: A\n    fields:\n      - key: x\n        type: records\n        fields:\n          - {key: y, type: string, label: Y}\n          - {key: y, type: int, label: Z}\n", "9:19"},
	{"records in a record", "sections:\n  - key: a\n    label: A\n    fields:\n      - key: x\n        type: records\n        fields:\n          - key: y\n            type: records\n            label: Y\n            fields: [{key: z, type: string, label: Z}]\n", "9:19"},
	{"record field with a page option", "sections:\n  - key: a\n    label: A\n    fields:\n      - key: x\n        type: records\n        fields:\n          - {key: y, type: date, label: Y, past: true}\n", "8:13"},
	{"reference in a record to no section", "sections:\n  - key: a\n    label: A\n    fields:\n      - key: x\n        type: records\n        fields:\n          - {key: y, type: reference, label: Y, sections: [b]}\n", "8:60"},
	{"reference among the common fields", "common:\n  - {key: x, type: reference, sections: [a]}\nsections:\n  - {key: a, label: A}\n", "2:20"},
	{"unknown option of a reference", "sections:\n  - key: a\n    label: A\n    fields:\n      - {key: x, type: reference, sections: [a], macth: [title]}\n", "5:50"},
}

func TestParseReportsBadReferenceDeclarations(t *testing.T) {
	var buf bytes.Buffer
	for _, tc := range badReferences {
		t.Run(tc.name, func(t *testing.T) {
			badDeclaration(t, &buf, tc.name, tc.src, tc.pos)
		})
	}
	golden.Check(t, "testdata/references.golden", buf.Bytes())
}

// TestCheckReferenceValues checks values of reference and records fields
// given as a Doc (the positions come from the loader: see the content
// package's tests for YAML and TOML).
func TestCheckReferenceValues(t *testing.T) {
	s := networkSchema(t)
	at := func(line, col int) diag.Pos { return diag.Pos{Line: line, Col: col} }
	scalar := func(text string, line int) Value {
		return Value{Kind: Scalar, Text: text, Native: "str", Pos: at(line, 10), Span: len(text)}
	}
	entry := func(key string, v Value) Entry { return Entry{Key: key, KeyPos: at(v.Pos.Line, 1), Value: v} }
	base := []Entry{entry("title", scalar("Verbale", 2)), entry("date", scalar("2026-05-04", 3))}
	record := func(line int, entries ...Entry) Value { return Value{Kind: Map, Pos: at(line, 5), Entries: entries} }
	for _, tc := range []struct {
		name    string
		entries []Entry
		want    string // the values of interest, printed
		diags   string // code@line:col of each diagnostic
	}{
		{"single reference", []Entry{entry("promotore", scalar(" Comune di Imola ", 4))}, "promotore=Comune di Imola@4:10", ""},
		{"list for a single reference", []Entry{entry("promotore", Value{Kind: List, Pos: at(4, 10), Items: []Value{scalar("a", 5)}})}, "", "B105@4:10"},
		{"multiple references", []Entry{entry("partecipanti", Value{Kind: List, Pos: at(4, 10), Items: []Value{scalar("a", 5), scalar("", 6), scalar("b", 7)}})},
			"partecipanti=[a@5:10 b@7:10]", ""},
		{"one text for a multiple reference", []Entry{entry("partecipanti", scalar("a", 4))}, "partecipanti=[a@4:10]", ""},
		{"a group for a reference", []Entry{entry("luogo", Value{Kind: Map, Pos: at(4, 10)})}, "", "B105@4:10"},
		{"records", []Entry{entry("azioni", Value{Kind: List, Pos: at(4, 10), Items: []Value{
			record(5, entry("cosa", scalar("Scrivere", 5)), entry("chi", scalar("CADIAI", 6)), entry("entro", scalar("2026-06-01", 7)), entry("fatto", Value{Kind: Scalar, Text: "true", Native: "bool", Pos: at(8, 10)})),
			record(9, entry("cosa", scalar("Chiamare", 9))),
		}})}, "azioni=[{cosa=Scrivere chi=CADIAI@6:10 entro=2026-06-01 fatto=true}@5:5 {cosa=Chiamare}@9:5]", ""},
		{"record without its required field", []Entry{entry("azioni", Value{Kind: List, Pos: at(4, 10), Items: []Value{
			record(5, entry("chi", scalar("CADIAI", 5)))}})}, "azioni=[{chi=CADIAI@5:10}@5:5]", "B104@5:5"},
		{"bad values in a record", []Entry{entry("azioni", Value{Kind: List, Pos: at(4, 10), Items: []Value{
			record(5, entry("cosa", scalar("Scrivere", 5)), entry("entro", scalar("31/06/2026", 6)), entry("fatto", scalar("forse", 7)), entry("chii", scalar("x", 8)), entry("cosa", scalar("Doppio", 9)))}})},
			"azioni=[{cosa=Scrivere}@5:5]", "B106@6:10 B105@7:10 B108@8:1 B113@9:1"},
		{"a text for a record", []Entry{entry("azioni", Value{Kind: List, Pos: at(4, 10), Items: []Value{scalar("Scrivere", 5)}})}, "", "B105@5:10"},
		{"a text for records", []Entry{entry("azioni", scalar("Scrivere", 4))}, "", "B105@4:10"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			vals := s.Check("verbali", &Doc{Format: "yaml", Entries: append(append([]Entry{}, base...), tc.entries...)}, func(d diag.Diagnostic) {
				got = append(got, fmt.Sprintf("%s@%d:%d", d.Code, d.Pos.Line, d.Pos.Col))
				if d.Message == "" {
					t.Errorf("no message: %+v", d)
				}
			})
			if g := fmt.Sprint(got); g != fmt.Sprint(splitNonEmpty(tc.diags)) {
				t.Errorf("diagnostics %s, want [%s]", g, tc.diags)
			}
			var shown []string
			for _, e := range tc.entries {
				if v, ok := vals[e.Key]; ok {
					shown = append(shown, e.Key+"="+showValue(v))
				}
			}
			if g := fmt.Sprint(shown); g != fmt.Sprint(splitNonEmpty(tc.want)) {
				t.Errorf("values %s, want [%s]", g, tc.want)
			}
		})
	}
}

func splitNonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return bytesFields(s)
}

// bytesFields splits s at spaces outside braces and brackets.
func bytesFields(s string) []string {
	var out []string
	depth, start := 0, 0
	for i, c := range s {
		switch c {
		case '{', '[':
			depth++
		case '}', ']':
			depth--
		case ' ':
			if depth == 0 {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	return append(out, s[start:])
}

// showValue prints a checked value compactly: references with their
// position, records with theirs and their values in sub-field order.
func showValue(v any) string {
	switch x := v.(type) {
	case Ref:
		return fmt.Sprintf("%s@%d:%d", x.Text, x.Pos.Line, x.Pos.Col)
	case []Ref:
		parts := make([]string, len(x))
		for i, r := range x {
			parts[i] = showValue(r)
		}
		return fmt.Sprint(parts)
	case []Record:
		parts := make([]string, len(x))
		for i, r := range x {
			var b bytes.Buffer
			b.WriteString("{")
			n := 0
			for _, k := range []string{"cosa", "chi", "entro", "fatto"} {
				if sv, ok := r.Values[k]; ok {
					if n > 0 {
						b.WriteString(" ")
					}
					n++
					fmt.Fprintf(&b, "%s=%s", k, showValue(sv))
				}
			}
			fmt.Fprintf(&b, "}@%d:%d", r.Pos.Line, r.Pos.Col)
			parts[i] = b.String()
		}
		return fmt.Sprint(parts)
	case Date:
		return x.Format("2006-01-02")
	}
	return fmt.Sprint(v)
}

// badDeclaration parses src, a schema that must be refused with schema
// diagnostics, each with a message and a fix; it checks that the first
// is at pos (line:col) and prints them under name into buf, for a golden
// file.
func badDeclaration(t *testing.T, buf *bytes.Buffer, name, src, pos string) {
	t.Helper()
	_, err := Parse("schema.yaml", []byte(src))
	if err == nil {
		t.Fatal("accepted")
	}
	var ds []diag.Diagnostic
	for _, e := range flatten(err) {
		var d diag.Diagnostic
		if !errors.As(e, &d) {
			t.Fatalf("not a diagnostic: %v", e)
		}
		if d.Code != diag.SchemaInvalid || d.Message == "" || d.Fix == "" {
			t.Errorf("%+v", d)
		}
		ds = append(ds, d)
	}
	if got := fmt.Sprintf("%d:%d", ds[0].Pos.Line, ds[0].Pos.Col); got != pos {
		t.Errorf("position %s, want %s: %s", got, pos, ds[0].Error())
	}
	fmt.Fprintf(buf, "# %s\n", name)
	diag.Print(buf, ds)
}
