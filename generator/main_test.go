package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(append(args, "--root", ".."), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestHelp(t *testing.T) {
	var out bytes.Buffer
	if code := run([]string{"--help"}, &out, &out); code != exitOK || !strings.Contains(out.String(), "--broken-links=warn") {
		t.Errorf("help: %d %s", code, out.String())
	}
	if code := run([]string{"build", "--help"}, &out, &out); code != exitOK {
		t.Errorf("build --help: %d", code)
	}
	if code := run([]string{"costruisci"}, &out, &out); code != exitUsage {
		t.Errorf("unknown command: %d", code)
	}
	if code := run([]string{"build", "--broken-links=forse"}, &out, &out); code != exitUsage {
		t.Errorf("bad flag value: %d", code)
	}
}

func TestCheckSampleContent(t *testing.T) {
	code, out, errOut := runCLI(t, "check", "--content", filepath.Join("..", "content"))
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	if !strings.Contains(out, "Controllo completato") || !strings.Contains(out, "0 errori, 0 avvisi") {
		t.Errorf("summary: %s", out)
	}
}

func TestBuildReportsErrorsAndExits1(t *testing.T) {
	dir := t.TempDir()
	page := filepath.Join(dir, "opportunita", "bando.md")
	os.MkdirAll(filepath.Dir(page), 0o755)
	os.WriteFile(page, []byte("---\ntitle: Bando\ndate: 2026-01-01\nargomenti: [giovanni]\n---\nTesto\n"), 0o644)
	out := filepath.Join(t.TempDir(), "public")
	code, stdout, stderr := runCLI(t, "build", "--content", dir, "--out", out)
	if code != exitContent {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{
		"bando.md:4:13: errore B107: «giovanni» non è un valore ammesso per «argomenti»",
		"Forse intendevi «giovani»?",
		"manca il campo obbligatorio «ente»",
		"2 errori, 0 avvisi: il sito non è stato scritto",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("missing %q in\n%s", want, stderr)
		}
	}
	if stdout != "" {
		t.Errorf("stdout: %s", stdout)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("output written despite errors")
	}
}
