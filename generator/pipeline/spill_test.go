package pipeline

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"cantiericomuni.it/banca/generator/render"
)

// TestSingleBuildKeepsNoHTMLInMemory: a single build writes each page's
// HTML and plain text to a temporary file instead of keeping them in the
// pages until the render and the indexer get to them; the pages come out
// the same, and the file is gone afterwards.
func TestSingleBuildKeepsNoHTMLInMemory(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	out := &render.MemOutput{}
	bundle := filepath.Join(t.TempDir(), "bundle")
	res, err := Run(Config{Root: root, Output: out, Bundle: bundle, Now: now})
	if err != nil || res.Diags.HasErrors() {
		t.Fatal(err, res.Diags.All())
	}
	if res.Search == nil || res.Search.Docs != len(res.Site.Pages) {
		t.Fatalf("index: %+v for %d pages", res.Search, len(res.Site.Pages))
	}
	files := out.Files()
	checked := 0
	for _, p := range res.Site.Pages {
		if p.Content != "" || p.Plain != "" || p.Source != nil {
			t.Errorf("%s: the page still holds its HTML, text or file", p.File)
		}
		html, ok := files[strings.TrimPrefix(p.URL, "/")+"index.html"]
		if !ok || p.Headings == nil {
			continue
		}
		// The first heading of the text is in the page written.
		if id := `id="` + p.Headings[0].ID + `"`; !strings.Contains(string(html), id) {
			t.Errorf("%s: %s missing from the page written", p.URL, id)
		}
		checked++
	}
	if checked < 10 {
		t.Fatalf("only %d pages with headings checked", checked)
	}
	left, _ := os.ReadDir(tmp)
	for _, e := range left {
		t.Errorf("left in the temporary folder: %s", e.Name())
	}
}

// TestSpillFailureFailsTheBuild: when the temporary file cannot be written
// (a full disk), the build fails and public/ is left as it was.
func TestSpillFailureFailsTheBuild(t *testing.T) {
	dir := t.TempDir()
	orig := spillFile
	t.Cleanup(func() { spillFile = orig })
	spillFile = func() (*os.File, error) {
		// Opened read-only: every write fails.
		name := filepath.Join(dir, "sola-lettura")
		if err := os.WriteFile(name, nil, 0o644); err != nil {
			return nil, err
		}
		return os.Open(name)
	}
	out := filepath.Join(t.TempDir(), "public")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "index.html"), []byte("il sito di prima"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Run(Config{Root: root, Out: out, Now: now})
	if err == nil || !strings.Contains(err.Error(), "file temporaneo dei testi") {
		t.Fatalf("want a build error about the temporary file, got %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "index.html")); string(b) != "il sito di prima" {
		t.Errorf("public/ was touched: %q", b)
	}
	if _, err := os.Stat(filepath.Join(dir, "sola-lettura")); !os.IsNotExist(err) {
		t.Errorf("the temporary file was not removed: %v", err)
	}
}

// TestNoSpillFileStillBuilds: without a temporary folder the HTML stays in
// memory and the build goes on.
func TestNoSpillFileStillBuilds(t *testing.T) {
	orig := spillFile
	t.Cleanup(func() { spillFile = orig })
	spillFile = func() (*os.File, error) { return nil, os.ErrPermission }
	out := &render.MemOutput{}
	res, err := Run(Config{Root: root, Output: out, Now: now})
	if err != nil || res.Diags.HasErrors() {
		t.Fatal(err)
	}
	if len(out.Files()) < 50 {
		t.Fatalf("only %d files", len(out.Files()))
	}
}
