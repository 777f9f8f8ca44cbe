package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckCapsDiagnosticsPerFile: a file with 40,000 broken links prints
// 20 of them and one line for the rest, in the terminal, in the job
// summary and in the annotations; the counts and the exit status stay true.
func TestCheckCapsDiagnosticsPerFile(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("---\ntitle: Tanti collegamenti\ndate: 2026-01-01\n---\n\n")
	for i := range 40000 {
		fmt.Fprintf(&b, "[a](/non-esiste-%d/)\n\n", i)
	}
	writeFile(t, filepath.Join(dir, "pratiche", "tanti.md"), b.String())
	sum := filepath.Join(t.TempDir(), "summary.md")
	code, stdout, stderr := runCLI(t, "check", "--content", dir, "--summary", sum, "--annotations")
	if code != exitContent {
		t.Fatalf("exit %d", code)
	}
	line := "… e altri 39.980 errori B201 simili in questo file (Collegamento a una pagina inesistente), non mostrati."
	for _, o := range []struct{ name, out, each string }{
		{"stderr", stderr, ": errore B201: "},
		{"annotations", stdout, "::il collegamento «/non-esiste-"},
		{"summary", readFile(t, sum), "**❌ Errore B201"},
	} {
		name, out := o.name, o.out
		if !strings.Contains(out, line) {
			t.Errorf("%s lacks the summary line:\n%.2000s", name, out)
		}
		if n := strings.Count(out, o.each); n != 20 {
			t.Errorf("%s shows %d links", name, n)
		}
		if len(out) > 30<<10 {
			t.Errorf("%s is %d bytes", name, len(out))
		}
	}
	if !strings.Contains(stderr, "40.000 errori, 0 avvisi: il sito non è stato scritto") {
		t.Errorf("counts:\n%s", stderr[max(0, len(stderr)-300):])
	}
	if !strings.Contains(readFile(t, sum), "### ❌ Controllo dei contenuti: 40.000 errori\n") {
		t.Errorf("summary headline")
	}
}

func writeFile(t *testing.T, name, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// project copies the repository's schema, layouts and static files and
// the sample content into a new folder, then applies edit to it.
func project(t *testing.T, edit func(root string)) string {
	t.Helper()
	root := t.TempDir()
	for _, dir := range []string{"layouts", "static/css", "static/js", "content"} {
		if err := os.CopyFS(filepath.Join(root, dir), os.DirFS(filepath.Join("..", dir))); err != nil {
			t.Fatal(err)
		}
	}
	writeFile(t, filepath.Join(root, "schema.yaml"), readFile(t, filepath.Join("..", "schema.yaml")))
	edit(root)
	return root
}

// TestCheckBrokenTeamFiles: a broken schema.yaml or layout is reported
// like the content's problems (exit 1, Italian, file:line, a fix), and
// build leaves public/ alone.
func TestCheckBrokenTeamFiles(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(root string)
		want []string
	}{
		{"schema syntax", func(root string) {
			p := filepath.Join(root, "schema.yaml")
			writeFile(t, p, strings.Replace(readFile(t, p), "  page_size: 20", "  page_size: 20\n\tlanguage: it", 1))
		}, []string{"schema.yaml:", ": errore B901: c'è un tab", "Come correggere: "}},
		{"schema semantics", func(root string) {
			p := filepath.Join(root, "schema.yaml")
			s := strings.Replace(readFile(t, p), "      - key: importo\n        type: string", "      - key: importo\n        type: stringa", 1)
			writeFile(t, p, strings.Replace(s, "    pages: cantieri", "    pages: cantiere", 1))
		}, []string{": errore B901: il campo «importo» ha un tipo sconosciuto: «stringa»", "Forse intendevi «string»?",
			": errore B901: la tassonomia «cantieri» rimanda alla sezione «cantiere», che non esiste", "2 errori, 0 avvisi"}},
		{"layout syntax", func(root string) {
			p := filepath.Join(root, "layouts", "page.html")
			writeFile(t, p, strings.Replace(readFile(t, p), `{{define "main"}}`, `{{define "main"}}{{ longdate .Title }}`, 1))
		}, []string{"layouts/page.html:5:", "errore B902: la funzione «longdate» non esiste", "Forse intendevi «longDate»?"}},
		{"layout execution", func(root string) {
			p := filepath.Join(root, "layouts", "page.html")
			writeFile(t, p, strings.Replace(readFile(t, p), `{{define "main"}}`, `{{define "main"}}{{ .Entry.Titel }}`, 1))
		}, []string{"layouts/page.html:5:21: errore B903: il modello usa «.Entry.Titel», ma «Entry» non ha il campo «Titel», mentre generava la pagina /",
			".md)", "Forse intendevi «Title»?", "1 errore, 0 avvisi: il sito non è stato scritto"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := project(t, tc.edit)
			for _, cmd := range []string{"check", "build"} {
				out := filepath.Join(root, "public")
				os.MkdirAll(out, 0o755)
				writeFile(t, filepath.Join(out, "index.html"), "sito precedente")
				var stdout, stderr strings.Builder
				code := run([]string{cmd, "--root", root, "--bundle", "-"}, &stdout, &stderr)
				if code != exitContent {
					t.Fatalf("%s: exit %d\n%s", cmd, code, stderr.String())
				}
				for _, w := range tc.want {
					if !strings.Contains(stderr.String(), w) {
						t.Errorf("%s: missing %q in\n%s", cmd, w, stderr.String())
					}
				}
				for _, english := range []string{"yaml: ", "template: ", "can't", "unexpected", "not defined"} {
					if strings.Contains(stderr.String(), english) {
						t.Errorf("%s: %q in\n%s", cmd, english, stderr.String())
					}
				}
				if got := readFile(t, filepath.Join(out, "index.html")); got != "sito precedente" {
					t.Errorf("%s touched public/", cmd)
				}
			}
		})
	}
}
