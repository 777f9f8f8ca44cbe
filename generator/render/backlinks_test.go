package render

import (
	"strings"
	"testing"
	"testing/fstest"

	"cantiericomuni.it/banca/generator/content"
	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/internal/testproject"
	"cantiericomuni.it/banca/generator/schema"
	"cantiericomuni.it/banca/generator/site"
)

// TestHeadedBacklinks shows the pages naming a page through a field that
// declares backlinks: under that heading, apart from the other groups.
func TestHeadedBacklinks(t *testing.T) {
	sch, err := schema.Parse("schema.yaml", testproject.NetworkSchema(t))
	if err != nil {
		t.Fatal(err)
	}
	sch.Section("verbali").Field("risposte").Backlinks = "Risponde a questi verbali"
	fsys := fstest.MapFS{
		"enti/cadiai.md":         {Data: []byte("---\ntitle: Cooperativa sociale CADIAI\ndate: 2026-01-01\nsigla: CADIAI\n---\nUna cooperativa.\n")},
		"risorse/aula-studio.md": {Data: []byte("---\ntitle: Aula studio\ndate: 2026-01-01\n---\nUno spazio.\n")},
		"verbali/primo.md":       {Data: []byte("---\ntitle: Primo incontro\ndate: 2026-02-03\npromotore: CADIAI\nrisposte: [risorse/aula-studio]\n---\nIl verbale.\n")},
		"verbali/secondo.md":     {Data: []byte("---\ntitle: Secondo incontro\ndate: 2026-02-10\nrisposte: [\"../risorse/aula-studio.md\"]\n---\nIl verbale.\n")},
	}
	var diags diag.List
	set := content.Load(fsys, sch, content.Options{}, &diags)
	published := set.Published(false)
	content.CheckSet(published, sch, &diags)
	s := site.Assemble(published, sch, site.Options{Now: testNow, Diags: &diags})
	if diags.Len() > 0 {
		t.Fatalf("diagnostics: %v", diags.All())
	}
	files := renderSite(t, s)
	aula := string(files["risorse/aula-studio/index.html"])
	want := `<section class="collegati" aria-labelledby="collegati-verbali-risposte">
<h2 id="collegati-verbali-risposte">Risponde a questi verbali</h2>
<ul><li><a href="/verbali/secondo/">Secondo incontro</a></li><li><a href="/verbali/primo/">Primo incontro</a></li></ul>
</section>`
	if !strings.Contains(aula, want) {
		t.Errorf("risorse/aula-studio: manca\n%s\nin\n%s", want, aula)
	}
	if strings.Contains(aula, "Collegati a questa pagina") {
		t.Error("risorse/aula-studio: the headed group is also among the others")
	}
	cadiai := string(files["enti/cadiai/index.html"])
	if !strings.Contains(cadiai, "Collegati a questa pagina") || strings.Contains(cadiai, "Risponde a questi") {
		t.Error("enti/cadiai: a field without backlinks keeps the common block")
	}
	for _, problem := range checkHTML(aula) {
		t.Errorf("risorse/aula-studio: %s", problem)
	}
}
