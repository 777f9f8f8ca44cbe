package content

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/internal/golden"
)

// syntaxCases are front matters that YAML or TOML cannot read, each with
// the code and the line:column of the mistake (the line the net weaver
// must change, not where the parser noticed).
var syntaxCases = []struct {
	name, src string
	code      diag.Code
	pos       string
}{
	// YAML: tabs.
	{"tab before a key", "---\ntitle: x\n\tauthors: [a]\ndate: 2026-01-01\n---\n", diag.FrontMatterSyntax, "3:1"},
	{"tab before a list item", "---\ntitle: x\ndate: 2026-01-01\nargomenti:\n\t- giovani\n---\n", diag.FrontMatterSyntax, "5:1"},
	{"tab after a dash", "---\ntitle: x\ndate: 2026-01-01\nargomenti:\n  -\tgiovani\n---\n", diag.FrontMatterSyntax, "5:4"},
	{"tab after a blank line", "---\ntitle: x\ndate: 2026-01-01\n    \n\tsummary: y\n---\n", diag.FrontMatterSyntax, "5:1"},
	{"space and tab", "---\ntitle: x\n \tdate: 2026-01-01\n---\n", diag.FrontMatterSyntax, "3:2"},
	{"a line with only a tab", "---\ntitle: x\n\t\ndate: 2026-01-01\n---\n", diag.FrontMatterSyntax, "3:1"},
	{"tab in a text after |", "---\ntitle: x\ndate: 2026-01-01\nsummary: |\n\tuna riga\n---\n", diag.FrontMatterSyntax, "5:1"},
	{"tab in the second line of a text after >", "---\ntitle: x\ndate: 2026-01-01\nsummary: >\n  riga uno\n\triga due\n---\n", diag.FrontMatterSyntax, "6:1"},
	{"tab in a text on two lines", "---\ntitle: x\ndate: 2026-01-01\nsummary:\n\tuna riga\n---\n", diag.FrontMatterSyntax, "5:1"},
	// YAML: quotes.
	{"unclosed double quote", "---\ntitle: \"Bando estate\ndate: 2026-01-01\n---\n", diag.FrontMatterSyntax, "2:8"},
	{"unclosed single quote", "---\ndate: 2026-01-01\ntitle: 'Bando estate\n---\n", diag.FrontMatterSyntax, "3:8"},
	{"unclosed quote in a list", "---\ntitle: x\ndate: 2026-01-01\nauthors: [\"Maria\", \"Luca]\n---\n", diag.FrontMatterSyntax, "4:20"},
	{"text after closing quote", "---\ntitle: \"Il \"nuovo\" bando\"\ndate: 2026-01-01\n---\n", diag.FrontMatterSyntax, "2:12"},
	{"apostrophe in single quotes", "---\ntitle: 'L'estate dei ragazzi'\ndate: 2026-01-01\n---\n", diag.FrontMatterSyntax, "2:10"},
	{"unknown escape", "---\ntitle: x\ndate: 2026-01-01\nsummary: \"Modulo in C:\\percorsi\\bando.pdf\"\n---\n", diag.FrontMatterSyntax, "4:23"},
	{"short unicode escape", "---\ntitle: \"caff\\u00e\"\ndate: 2026-01-01\n---\n", diag.FrontMatterSyntax, "2:13"},
	// YAML: colons, indentation, lists.
	{"colon inside a value", "---\ntitle: Bando: scadenza prorogata\ndate: 2026-01-01\n---\n", diag.FrontMatterSyntax, "2:13"},
	{"colon after a comma", "---\ndate: 2026-01-01\ntitle: Orti, giardini: esperienze\n---\n", diag.FrontMatterSyntax, "3:22"},
	{"key indented under a value", "---\ntitle: x\n  date: 2026-01-01\n---\n", diag.FrontMatterSyntax, "3:3"},
	{"list item out of line", "---\ntitle: x\ndate: 2026-01-01\nargomenti:\n  - giovani\n - scuola\n---\n", diag.FrontMatterSyntax, "6:2"},
	{"key among list items", "---\ntitle: x\ndate: 2026-01-01\nargomenti:\n  - giovani\n  scuola: si\n---\n", diag.FrontMatterSyntax, "6:3"},
	{"list under a key with a value", "---\ntitle: x\ndate: 2026-01-01\nauthors: Maria\n- Luca\n---\n", diag.FrontMatterSyntax, "5:1"},
	{"list after a field", "---\ntitle: x\n- giovani\ndate: 2026-01-01\n---\n", diag.FrontMatterSyntax, "3:1"},
	{"list on the key's line", "---\ntitle: x\ndate: 2026-01-01\nauthors: - Maria Rossi\n---\n", diag.FrontMatterSyntax, "4:10"},
	{"list without a key", "---\n- giovani\ntitle: x\ndate: 2026-01-01\n---\n", diag.FrontMatterSyntax, "2:1"},
	{"line without a colon", "---\ntitle: x\nciao a tutti\ndate: 2026-01-01\n---\n", diag.FrontMatterSyntax, "3:1"},
	{"colon without a key", "---\ntitle: x\n: y\ndate: 2026-01-01\n---\n", diag.FrontMatterSyntax, "3:1"},
	{"text under a folded summary", "---\ntitle: x\ndate: 2026-01-01\nsummary: >\n  Testo\n lungo\n---\n", diag.FrontMatterSyntax, "6:2"},
	{"unclosed bracket", "---\ntitle: x\ndate: 2026-01-01\nargomenti: [giovani, scuola\n---\n", diag.FrontMatterSyntax, "4:12"},
	{"brace in a title", "---\ntitle: {bozza} Bando\ndate: 2026-01-01\n---\n", diag.FrontMatterSyntax, "2:8"},
	{"missing comma in a list", "---\ntitle: x\ndate: 2026-01-01\nauthors: [\"Maria\" \"Luca\"]\n---\n", diag.FrontMatterSyntax, "4:19"},
	{"deep nesting", "---\ntitle: " + strings.Repeat("[", 10001) + "\ndate: 2026-01-01\n---\n", diag.FrontMatterSyntax, "2:1"},
	// YAML: characters that mean something.
	{"at sign", "---\ntitle: x\ndate: 2026-01-01\nauthors: [@cantiere]\n---\n", diag.FrontMatterSyntax, "4:11"},
	{"backtick", "---\ntitle: `codice`\ndate: 2026-01-01\n---\n", diag.FrontMatterSyntax, "2:8"},
	{"asterisk", "---\ntitle: *Importante* nuovo bando\ndate: 2026-01-01\n---\n", diag.FrontMatterSyntax, "2:8"},
	{"ampersand", "---\ntitle: x\ndate: 2026-01-01\nsummary: & e altro\n---\n", diag.FrontMatterSyntax, "4:10"},
	{"block indicator with text", "---\ntitle: x\ndate: 2026-01-01\nsummary: | vedi sotto\n---\n", diag.FrontMatterSyntax, "4:10"},
	{"control character", "---\ntitle: Bando\x07 estate\ndate: 2026-01-01\n---\n", diag.FrontMatterSyntax, "2:13"},
	{"percent at line start", "---\ntitle: x\n%YAML 9\ndate: 2026-01-01\n---\n", diag.FrontMatterSyntax, "3:1"},
	{"duplicate key", "---\ntitle: x\ndate: 2026-01-01\ntitle: y\n---\n", diag.FieldDuplicateKey, "4:1"},
	// TOML.
	{"toml text without quotes", "+++\ntitle = Bando estate\ndate = 2026-01-01\n+++\n", diag.FrontMatterSyntax, "2:9"},
	{"toml unclosed string", "+++\ntitle = \"Bando estate\ndate = 2026-01-01\n+++\n", diag.FrontMatterSyntax, "2:9"},
	{"toml unknown escape", "+++\ntitle = \"C:\\percorsi\"\ndate = 2026-01-01\n+++\n", diag.FrontMatterSyntax, "2:12"},
	{"toml unclosed list", "+++\ntitle = \"x\"\ndate = 2026-01-01\nauthors = [\"a\"\n+++\n", diag.FrontMatterSyntax, "4:11"},
	{"toml missing comma", "+++\ntitle = \"x\"\ndate = 2026-01-01\nauthors = [\"a\" \"b\"]\n+++\n", diag.FrontMatterSyntax, "4:16"},
	{"toml leading comma", "+++\ntitle = \"x\"\ndate = 2026-01-01\nauthors = [, \"a\"]\n+++\n", diag.FrontMatterSyntax, "4:12"},
	{"toml duplicate key", "+++\ntitle = \"x\"\ndate = 2026-01-01\ntitle = \"y\"\n+++\n", diag.FieldDuplicateKey, "4:1"},
	{"yaml colon in toml", "+++\ntitle: \"x\"\ndate = 2026-01-01\n+++\n", diag.FrontMatterSyntax, "2:6"},
	{"toml italian date", "+++\ntitle = \"x\"\ndate = 31/03/2026\n+++\n", diag.FrontMatterSyntax, "3:8"},
	{"toml impossible date", "+++\ntitle = \"x\"\ndate = 2026-02-30\n+++\n", diag.FieldDate, "3:8"},
	{"toml impossible hour", "+++\ntitle = \"x\"\ndate = 2026-01-01T25:00:00\n+++\n", diag.FieldDate, "3:8"},
	{"toml missing value", "+++\ntitle =\ndate = 2026-01-01\n+++\n", diag.FrontMatterSyntax, "2:8"},
	{"toml missing equals", "+++\ntitle \"x\"\ndate = 2026-01-01\n+++\n", diag.FrontMatterSyntax, "2:7"},
	{"toml missing key", "+++\n= \"x\"\ndate = 2026-01-01\n+++\n", diag.FrontMatterSyntax, "2:1"},
	{"toml leading zero", "+++\ntitle = \"x\"\ndate = 2026-01-01\nweight = 01\n+++\n", diag.FrontMatterSyntax, "4:10"},
	{"toml apostrophe", "+++\ntitle = 'L'estate'\ndate = 2026-01-01\n+++\n", diag.FrontMatterSyntax, "2:11"},
	{"toml text after quote", "+++\ntitle = \"Bando\" estate\ndate = 2026-01-01\n+++\n", diag.FrontMatterSyntax, "2:15"},
	{"toml unclosed table", "+++\ntitle = \"x\"\ndate = 2026-01-01\n[extra\n+++\n", diag.FrontMatterSyntax, "4:7"},
	{"toml control character", "+++\ntitle = \"Bando\x07\"\ndate = 2026-01-01\n+++\n", diag.FrontMatterSyntax, "2:15"},
	{"toml unclosed triple quote", "+++\ndate = 2026-01-01\ntitle = \"x\"\nsummary = \"\"\"Testo\n+++\n", diag.FrontMatterSyntax, "4:11"},
}

// TestTabAdvice: a tab's fix fits where it is. A field indented by a tab
// starts at the left margin; a line of a text on several lines keeps its
// indentation, with spaces; a line that only looks blank is emptied.
func TestTabAdvice(t *testing.T) {
	sch := testSchema(t)
	for _, tc := range []struct{ name, src, fix string }{
		{"field", "---\ntitle: x\n\tauthors: [a]\ndate: 2026-01-01\n---\n", "i campi iniziano a inizio riga"},
		{"field after a text", "---\ntitle: x\ndate: 2026-01-01\n\tsummary: y\n---\n", "i campi iniziano a inizio riga"},
		{"list item", "---\ntitle: x\ndate: 2026-01-01\nargomenti:\n\t- giovani\n---\n", "Sostituisci il tab con due spazi"},
		{"text after |", "---\ntitle: x\ndate: 2026-01-01\nsummary: |\n\tuna riga\n---\n", "le righe di un testo su più righe"},
		{"text after |-", "---\ntitle: x\ndate: 2026-01-01\nsummary: |-\n  uno\n\tnota: due\n---\n", "le righe di un testo su più righe"},
		{"text after >", "---\ntitle: x\ndate: 2026-01-01\nsummary: >\n  riga uno\n\triga due\n---\n", "le righe di un testo su più righe"},
		{"only a tab", "---\ntitle: x\n\t\ndate: 2026-01-01\n---\n", "Cancella il tab"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var l diag.List
			Load(fstest.MapFS{"pratiche/pagina.md": {Data: []byte(tc.src)}}, sch, Options{}, &l)
			ds := l.All()
			if len(ds) == 0 || ds[0].Code != diag.FrontMatterSyntax || !strings.Contains(ds[0].Message, "tab") {
				t.Fatalf("want a tab's B103, got %v", ds)
			}
			if !strings.Contains(ds[0].Fix, tc.fix) {
				t.Errorf("fix %q, want %q", ds[0].Fix, tc.fix)
			}
		})
	}
}

// english matches words of the parsers' own messages: none may reach a
// net weaver.
var english = regexp.MustCompile(`(?i)\b(found|expected|mapping|character|token|indentation|stream|scanning|parsing|invalid|unexpected|cannot|line \d|key|value|string|escape|table|array|yaml:|toml:)\b`)

// quotedText matches what messages quote of the net weaver's own text.
var quotedText = regexp.MustCompile(`«[^»]*»|"[^"]*"|'[^']*'|: \S+ = .*|: \S+: .*|: \[.*`)

func TestSyntaxErrorsInItalian(t *testing.T) {
	sch := testSchema(t)
	var all []diag.Diagnostic
	for _, tc := range syntaxCases {
		t.Run(tc.name, func(t *testing.T) {
			var l diag.List
			Load(fstest.MapFS{"pratiche/pagina.md": {Data: []byte(tc.src)}}, sch, Options{}, &l)
			ds := l.All()
			if len(ds) == 0 || ds[0].Code != tc.code {
				t.Fatalf("want %s, got %v", tc.code, ds)
			}
			d := ds[0]
			if pos := fmt.Sprintf("%d:%d", d.Pos.Line, d.Pos.Col); pos != tc.pos {
				t.Errorf("position %s, want %s: %s", pos, tc.pos, d.Error())
			}
			for _, s := range []string{d.Message, d.Fix} {
				// Quoted text is the net weaver's own.
				bare := quotedText.ReplaceAllString(s, "")
				if w := english.FindString(bare); w != "" {
					t.Errorf("English %q in %q", w, s)
				}
			}
			if d.Fix == "" || d.Fix == d.Code.Info().Fix && tc.code == diag.FrontMatterSyntax {
				t.Errorf("no fix of its own: %q", d.Fix)
			}
			all = append(all, d)
		})
	}
	var buf bytes.Buffer
	for i, d := range all {
		fmt.Fprintf(&buf, "# %s\n", syntaxCases[i].name)
		diag.Print(&buf, []diag.Diagnostic{d})
	}
	golden.Check(t, "testdata/syntax.golden", buf.Bytes())
}
