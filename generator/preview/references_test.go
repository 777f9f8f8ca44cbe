package preview

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/internal/sitefiles"
	"cantiericomuni.it/banca/generator/internal/testproject"
	"cantiericomuni.it/banca/generator/pipeline"
	"cantiericomuni.it/banca/generator/render"
)

// TestPreviewResolvesReferences: a page of a section with references is
// previewed with its links, and a reference that names no page is shown
// as the build reports it, at its line.
func TestPreviewResolvesReferences(t *testing.T) {
	proj := t.TempDir()
	files := sitefiles.Files(t, "")
	files["schema.yaml"] = &fstest.MapFile{Data: testproject.NetworkSchema(t)}
	sitefiles.Write(t, files, proj)
	contentDir := filepath.Join(proj, "content")
	if err := os.MkdirAll(filepath.Join(contentDir, "enti"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(contentDir, "enti", "cadiai.md"),
		[]byte("---\ntitle: Cooperativa sociale CADIAI\ndate: 2026-01-01\nsigla: CADIAI\n---\nUna cooperativa.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := pipeline.Run(pipeline.Config{Root: proj, Output: &render.MemOutput{}, Drafts: true, Now: testNow})
	if err != nil || res.Diags.HasErrors() {
		t.Fatalf("%v %v", err, res.Diags.All())
	}
	s := FromBuild(res)
	src := "---\ntitle: Verbale\ndate: 2026-11-20\npartecipanti: [CADIAI, Cooperativa Cadiaii]\n---\nIl verbale.\n"
	out := s.Render("verbali/verbale.md", []byte(src), testNow)
	if len(out.Diags) != 1 || out.Diags[0].Code != diag.ReferenceUnknown || out.Diags[0].Pos.Line != 4 || out.Diags[0].Pos.Col != 24 {
		t.Fatalf("diagnostics: %v", out.Diags)
	}
	if !strings.Contains(string(out.HTML), `<li><a href="/enti/cadiai/">Cooperativa sociale CADIAI</a></li><li>Cooperativa Cadiaii</li>`) {
		t.Errorf("no link in the preview:\n%s", out.HTML)
	}
}
