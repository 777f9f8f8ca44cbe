package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSummaryAndAnnotations runs check as the pull-request workflow does:
// the Markdown report is appended to the job summary, the annotations go
// to stdout.
func TestSummaryAndAnnotations(t *testing.T) {
	dir := t.TempDir()
	page := filepath.Join(dir, "content", "opportunita", "bando.md")
	os.MkdirAll(filepath.Dir(page), 0o755)
	os.WriteFile(page, []byte("---\ntitle: Bando\ndate: 2026-01-01\nargomenti: [giovanni]\n---\nTesto <b>x</b>\n"), 0o644)
	sum := filepath.Join(t.TempDir(), "summary.md")
	os.WriteFile(sum, []byte("# passi precedenti\n\n"), 0o644)

	// Paths are shown relative to the working folder: the workflow runs
	// from the repository's root, so they are the repository's paths.
	root := mustAbs(t, "..")
	t.Chdir(dir)
	var out, errOut strings.Builder
	code := run([]string{"check", "--root", root, "--content", "content", "--summary", sum,
		"--summary-links", "https://github.com/cantieri/banca/blob/abc123/", "--annotations"}, &out, &errOut)
	if code != exitContent {
		t.Fatalf("exit %d\n%s", code, errOut.String())
	}
	data, _ := os.ReadFile(sum)
	md := string(data)
	for _, want := range []string{
		"# passi precedenti\n\n### ❌ Controllo dei contenuti: 2 errori, 1 avviso\n",
		"**❌ Errore B107 — Valore non ammesso**  \n[`content/opportunita/bando.md:4:13`](<https://github.com/cantieri/banca/blob/abc123/content/opportunita/bando.md#L4>)",
		"«giovanni» non è un valore ammesso per «argomenti»",
		"```text\n   4 | argomenti: [giovanni]\n     |             ^^^^^^^^\n```",
		"**Come correggere:** Forse intendevi «giovani»?",
		"**⚠️ Avviso B205",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("summary lacks %q:\n%s", want, md)
		}
	}
	if !strings.Contains(out.String(), "::error file=content/opportunita/bando.md,line=4,col=13,title=B107 Valore non ammesso::") ||
		!strings.Contains(out.String(), "::warning file=content/opportunita/bando.md,line=6,") {
		t.Errorf("annotations:\n%s", out.String())
	}
	// The terminal report is unchanged.
	if !strings.Contains(errOut.String(), "bando.md:4:13: errore B107") {
		t.Errorf("stderr:\n%s", errOut.String())
	}
}

func TestSummaryWhenAllIsWell(t *testing.T) {
	sum := filepath.Join(t.TempDir(), "summary.md")
	code, out, errOut := runCLI(t, "check", "--content", filepath.Join("..", "content"), "--summary", sum)
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	data, _ := os.ReadFile(sum)
	if md := string(data); !strings.HasPrefix(md, "### ✅ Controllo dei contenuti: nessun problema\n\nControllo completato in ") {
		t.Errorf("summary:\n%s", md)
	}
	if strings.Contains(out, "::") {
		t.Errorf("annotations without --annotations:\n%s", out)
	}
}

func mustAbs(t *testing.T, p string) string {
	t.Helper()
	a, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}
