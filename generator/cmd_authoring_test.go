package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestNewWritesADraftAndRefusesToOverwrite(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := runCLI(t, "new", "pratiche", "Orti", "condivisi", "a", "Ferrara", "--content", dir)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	file := filepath.Join(dir, "pratiche", "orti-condivisi-a-ferrara.md")
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "title: \"Orti condivisi a Ferrara\"\n") || !strings.Contains(string(data), "draft: true\n") ||
		!strings.Contains(out, file) {
		t.Errorf("stdout %s\nfile:\n%s", out, data)
	}
	// The new page checks cleanly, as a draft.
	if code, _, errOut := runCLI(t, "check", "--content", dir); code != exitOK {
		t.Errorf("check: exit %d\n%s", code, errOut)
	}
	code, _, errOut = runCLI(t, "new", "--content", dir, "pratiche", "Orti condivisi a Ferrara")
	if code != exitUsage || !strings.Contains(errOut, "esiste già: non la sovrascrivo") {
		t.Errorf("second new: exit %d: %s", code, errOut)
	}
	if again, _ := os.ReadFile(file); string(again) != string(data) {
		t.Error("the page was overwritten")
	}
	// A page folder with the same name counts too.
	os.MkdirAll(filepath.Join(dir, "risorse", "kit"), 0o755)
	os.WriteFile(filepath.Join(dir, "risorse", "kit", "index.md"), []byte("x"), 0o644)
	if code, _, errOut := runCLI(t, "new", "risorse", "Kit", "--content", dir); code != exitUsage || !strings.Contains(errOut, "esiste già") {
		t.Errorf("bundle: exit %d: %s", code, errOut)
	}
}

func TestNewRefusesUnknownSections(t *testing.T) {
	code, _, errOut := runCLI(t, "new", "pratica", "Orti", "--content", t.TempDir())
	if code != exitUsage || !strings.Contains(errOut, "la sezione «pratica» non esiste: le sezioni sono opportunita, protocolli, pratiche, risorse, cantieri, enti, verbali, eventi, bisogni, pagine (forse intendevi «pratiche»?)") {
		t.Errorf("exit %d: %s", code, errOut)
	}
	code, _, errOut = runCLI(t, "new", "pratiche")
	if code != exitUsage || !strings.Contains(errOut, "uso: go run ./generator new <sezione>") || !strings.Contains(errOut, "le sezioni sono: opportunita") {
		t.Errorf("exit %d: %s", code, errOut)
	}
}

// TestGeneratedFilesUpToDate: cms and guida find nothing to change in the
// committed files (the authoring package's tests say what differs).
func TestGeneratedFilesUpToDate(t *testing.T) {
	for cmd, name := range map[string]string{"cms": "static/admin/config.yml", "guida": "docs/guida-autori.md"} {
		code, out, errOut := runCLI(t, cmd)
		if code != exitOK || out != name+" è già aggiornato.\n" {
			t.Errorf("%s: exit %d %q %s", cmd, code, out, errOut)
		}
	}
}
