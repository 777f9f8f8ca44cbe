package diag

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"cantiericomuni.it/banca/generator/internal/golden"
)

// reportDiags are diagnostics of every shape: with a column, with a line
// only, for a whole file, outside the project, and with text that Markdown
// or a workflow command would otherwise read as markup.
var reportDiags = []Diagnostic{
	{Code: FieldValue, File: "content/opportunita/bando.md", Pos: Pos{7, 5}, Span: 16,
		Source: "  - povertà educatva", Message: "«povertà educatva» non è un valore ammesso per «argomenti».",
		Fix: "forse intendevi «povertà educativa»?"},
	{Code: RawHTML, Severity: Warning, File: "content/pratiche/orti, condivisi.md", Pos: Pos{12, 1}, Span: 3,
		Source:  "<b>*Importante*</b> ```codice``` | [x](javascript:y)",
		Message: "HTML <b> mostrato come testo: **non** [interpretato](x) & _basta_\n::error::iniettato",
		Fix:     FieldValue.Info().Fix},
	{Code: FieldRequired, File: "content/risorse/sala.md", Pos: Pos{Line: 1}, Source: "---", Message: "manca il campo obbligatorio «title»."},
	{Code: FileNotUTF8, File: "content/pratiche/vecchio.md", Message: "1. il file non è UTF-8", Fix: "- salvalo in UTF-8"},
	{Code: LinkBroken, File: "/tmp/altrove/x.md", Pos: Pos{3, 2}, Source: "[a](b.md)", Message: "link rotto"},
}

// reportOmitted are what two files left out past MaxPerFile: one of them
// has a diagnostic shown, the other none.
var reportOmitted = []Omission{
	{File: "content/opportunita/bando.md", Code: FieldValue, Severity: Error, Count: 39980},
	{File: "content/pratiche/[altro].md", Code: LinkBroken, Severity: Error, Count: 1},
}

func link(file string, line int) string {
	u := "https://github.com/cantieri/banca/blob/abc123/" + strings.ReplaceAll(file, " ", "%20")
	if line > 0 {
		u += "#L" + strconv.Itoa(line)
	}
	return u
}

func TestWriteMarkdown(t *testing.T) {
	var b bytes.Buffer
	for _, r := range []Report{
		{Title: "Controllo dei contenuti", Note: "Controllo completato in 312 ms: 52 pagine (Opportunità 14), 418 file da generare; 0 errori, 0 avvisi."},
		{Title: "Controllo dei contenuti", Diags: reportDiags, Errors: 39984, Warnings: 4,
			Hidden: map[Code]int{RawHTML: 3}, Omitted: reportOmitted, FileURL: link},
		{Title: "Costruzione del sito", Diags: reportDiags[1:2], Warnings: 1},
		{Title: "Costruzione del sito", Failure: "errore: open layouts/base.html: <permesso negato>"},
	} {
		if err := WriteMarkdown(&b, r); err != nil {
			t.Fatal(err)
		}
		b.WriteString("<!-- fine del resoconto -->\n\n")
	}
	golden.Check(t, "testdata/report.md", b.Bytes())
}

func TestWriteAnnotations(t *testing.T) {
	var b bytes.Buffer
	if err := WriteAnnotations(&b, reportDiags, reportOmitted...); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "testdata/annotations.txt", b.Bytes())
	// One line per diagnostic: a line break in a message cannot start a
	// workflow command of its own.
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != len(reportDiags)+len(reportOmitted) {
		t.Errorf("%d lines for %d diagnostics", len(lines), len(reportDiags))
	}
	for _, line := range lines {
		if !strings.HasPrefix(line, "::error ") && !strings.HasPrefix(line, "::warning ") {
			t.Errorf("not a workflow command: %s", line)
		}
	}
}

func TestEscapeMarkdown(t *testing.T) {
	for in, want := range map[string]string{
		"testo semplice, già «citato».": "testo semplice, già «citato».",
		"*a* _b_ `c` [d](e) <f> | g ~h": `\*a\* \_b\_ \` + "`" + `c\` + "`" + ` \[d\](e) \<f\> \| g \~h`,
		"# titolo":                      `\# titolo`,
		"- voce":                        `\- voce`,
		"12. voce":                      `12\. voce`,
		"1,5 MB":                        "1,5 MB",
		"riga\nnuova":                   "riga nuova",
		"&amp;":                         `\&amp;`,
	} {
		if got := escapeMarkdown(in); got != want {
			t.Errorf("escapeMarkdown(%q) = %q, want %q", in, got, want)
		}
	}
	if got := codeSpan("a``b"); got != "```a``b```" {
		t.Errorf("codeSpan = %q", got)
	}
}
