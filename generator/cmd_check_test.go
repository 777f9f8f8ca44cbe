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
