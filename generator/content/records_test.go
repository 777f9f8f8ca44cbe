package content

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/internal/testproject"
	"cantiericomuni.it/banca/generator/schema"
)

// networkSchema is the repository's schema with the sections of
// generator/schema/testdata/network.yaml appended (reference and records
// fields).
func networkSchema(t testing.TB) *schema.Schema {
	t.Helper()
	s, err := schema.Parse("schema.yaml", testproject.NetworkSchema(t))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// recordCases are minutes with references and records, in YAML and TOML.
var recordCases = []struct {
	name, src string
	// values: references and records with their places; diags:
	// code@line:col of each diagnostic.
	values, diags string
}{
	{"yaml", `---
title: Verbale
date: 2026-05-04
promotore: "CADIAI"
partecipanti:
  - comune-di-imola
  - "Cooperativa CADIAI"
azioni:
  - cosa: Scrivere il protocollo
    chi: CADIAI
    entro: 2026-06-01
  - {cosa: Chiamare la scuola, fatto: true}
---
`, "promotore=CADIAI@4:12 partecipanti=[comune-di-imola@6:5 Cooperativa CADIAI@7:5] azioni=[{cosa chi=CADIAI@10:10 entro}@9:5 {cosa fatto}@12:5]", ""},
	{"yaml mistakes in records", `---
title: Verbale
date: 2026-05-04
azioni:
  - cosa: Scrivere
    entro: 31/06/2026
    fatto: forse
  - chi: [a, b]
    cosa: ""
  - Telefonare
azioni_x: 1
---
`, "azioni=[{cosa}@5:5 {}@8:5]", "B106@6:12 B105@7:12 B105@8:10 B104@9:5 B105@10:5 B108@11:1"},
	{"toml tables", `+++
title = "Verbale"
date = 2026-05-04
promotore = "CADIAI"
partecipanti = ["comune-di-imola", "CADIAI"]

[[azioni]]
cosa = "Scrivere il protocollo"
chi = "CADIAI"

[[azioni]]
entro = 2026-06-01
cosa = "Chiamare"
+++
`, "promotore=CADIAI@4:13 partecipanti=[comune-di-imola@5:16 CADIAI@5:16] azioni=[{cosa chi=CADIAI@9:7}@7:1 {cosa entro}@11:1]", ""},
	{"toml inline", `+++
title = "Verbale"
date = 2026-05-04
azioni = [
  {cosa = "Scrivere", chi = "CADIAI"},
  {chi = "x, y = {", entro = "31/06/2026"},
]
+++
`, "azioni=[{cosa chi=CADIAI@5:29}@5:3 {chi=x, y = {@6:10}@6:3]", "B104@6:3 B106@6:30"},
	{"toml mistakes in tables", `+++
title = "Verbale"
date = 2026-05-04

[[azioni]]
cosa = "Scrivere"
fatto = "forse"
chii = "CADIAI"
+++
`, "azioni=[{cosa}@5:1]", "B105@7:9 B108@8:1"},
}

// TestReferencesAndRecordsWhereTheyAreWritten loads minutes with
// references and records, in YAML and TOML, and checks where the values
// and the problems are placed: at the line and column of the sub-field in
// YAML, at its line (and the column of its key or value) in TOML.
func TestReferencesAndRecordsWhereTheyAreWritten(t *testing.T) {
	sch := networkSchema(t)
	for _, tc := range recordCases {
		t.Run(tc.name, func(t *testing.T) {
			var l diag.List
			set := Load(fstest.MapFS{"verbali/v.md": {Data: []byte(tc.src)}}, sch, Options{}, &l)
			var got []string
			for _, d := range l.All() {
				got = append(got, fmt.Sprintf("%s@%d:%d", d.Code, d.Pos.Line, d.Pos.Col))
				if d.Source == "" || d.Message == "" {
					t.Errorf("diagnostic without source line or message: %+v", d)
				}
			}
			if g := strings.Join(got, " "); g != tc.diags {
				t.Errorf("diagnostics:\n got %s\nwant %s\n%v", g, tc.diags, l.All())
			}
			if len(set.Pages) != 1 {
				t.Fatalf("%d pages", len(set.Pages))
			}
			v := set.Pages[0].Params
			var shown []string
			for _, key := range []string{"promotore", "partecipanti", "azioni"} {
				if refs := v.Refs(key); refs != nil {
					shown = append(shown, key+"="+showRefs(refs, key == "partecipanti"))
				}
				if recs := v.Records(key); recs != nil {
					var parts []string
					for _, r := range recs {
						var fields []string
						for _, k := range []string{"cosa", "chi", "entro", "fatto"} {
							switch {
							case r.Values.Refs(k) != nil:
								fields = append(fields, k+"="+showRefs(r.Values.Refs(k), false))
							case r.Values[k] != nil:
								fields = append(fields, k)
							}
						}
						parts = append(parts, fmt.Sprintf("{%s}@%d:%d", strings.Join(fields, " "), r.Pos.Line, r.Pos.Col))
					}
					shown = append(shown, key+"=["+strings.Join(parts, " ")+"]")
				}
			}
			if g := strings.Join(shown, " "); g != tc.values {
				t.Errorf("values:\n got %s\nwant %s", g, tc.values)
			}
		})
	}
}

func showRefs(refs []schema.Ref, list bool) string {
	parts := make([]string, len(refs))
	for i, r := range refs {
		parts[i] = fmt.Sprintf("%s@%d:%d", r.Text, r.Pos.Line, r.Pos.Col)
	}
	if list {
		return "[" + strings.Join(parts, " ") + "]"
	}
	return strings.Join(parts, " ")
}

// FuzzRecords feeds arbitrary front matter to a section with reference
// and records fields: no panic, and every diagnostic, reference and
// record is placed inside the file.
func FuzzRecords(f *testing.F) {
	for _, tc := range recordCases {
		f.Add([]byte(tc.src))
	}
	f.Add([]byte("+++\ntitle = \"v\"\ndate = 2026-01-01\nazioni = [{cosa = 'a', chi = \"\\\"}\"}, [1], {\"cosa\" = \"b\"}]\n+++\n"))
	f.Add([]byte("---\ntitle: v\ndate: 2026-01-01\nazioni: [{cosa: a, chi: [x]}, {? [a] : b}, &r {cosa: c}, *r]\n---\n"))
	sch := networkSchema(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		var l diag.List
		set := Load(fstest.MapFS{"verbali/v.md": {Data: src}}, sch, Options{}, &l)
		lines := strings.Count(string(src), "\n") + 1
		inside := func(what string, p diag.Pos) {
			if p.Line < 0 || p.Line > lines || p.Col < 0 {
				t.Fatalf("%s outside the file: %+v (%d lines)", what, p, lines)
			}
		}
		for _, d := range l.All() {
			inside(d.Message, d.Pos)
		}
		for _, p := range set.Pages {
			for _, key := range []string{"promotore", "partecipanti", "luogo", "risposte"} {
				for _, r := range p.Params.Refs(key) {
					inside(r.Text, r.Pos)
				}
			}
			for _, r := range p.Params.Records("azioni") {
				inside("azioni", r.Pos)
				for _, ref := range r.Values.Refs("chi") {
					inside(ref.Text, ref.Pos)
				}
			}
		}
	})
}
