package render

import (
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"cantiericomuni.it/banca/generator/content"
	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/schema"
	"cantiericomuni.it/banca/generator/site"
)

// TestNeedsRendered renders a need with its status badge, its answers
// and its possible answers, the list of the open needs, and the heading
// a page named as an answer lists the needs under.
func TestNeedsRendered(t *testing.T) {
	sch, err := schema.Load(filepath.Join("..", "..", "schema.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"cantieri/ferrara.md": "---\ntitle: Cantiere Ferrara\ndate: 2026-01-01\ncomune: Ferrara\n---\nIl cantiere.\n",
		"opportunita/bando-doposcuola.md": "---\ntitle: Bando per il doposcuola\ndate: 2026-02-01\nente: Fondazione\ndeadline: 2026-12-30\n" +
			"argomenti: [dispersione scolastica]\ncantieri: [ferrara]\n---\nIl bando.\n",
		"risorse/aula-studio.md": "---\ntitle: Aula studio diffusa\ndate: 2026-01-05\ncantieri: [ferrara]\nargomenti: [dispersione scolastica]\n---\nUno spazio.\n",
		"bisogni/aule.md": "---\ntitle: Mancano aule studio\ndate: 2026-02-10\nemerso_il: 2026-02-05\nstato: aperto\n" +
			"argomenti: [dispersione scolastica]\ncantieri: [ferrara]\nrisposte: [\"../risorse/aula-studio.md\"]\n---\nIl bisogno.\n",
		"bisogni/trasporti.md": "---\ntitle: Trasporto per le uscite\ndate: 2026-02-11\nemerso_il: 2026-02-05\nstato: soddisfatto\n" +
			"risposte: [/risorse/aula-studio/]\n---\nIl bisogno.\n",
	}
	fsys := fstest.MapFS{}
	for name, src := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(src)}
	}
	var diags diag.List
	set := content.Load(fsys, sch, content.Options{Now: testNow}, &diags)
	published := set.Published(false)
	content.CheckSet(published, sch, &diags)
	s := site.Assemble(published, sch, site.Options{Now: testNow, Diags: &diags})
	if diags.Len() > 0 {
		t.Fatalf("diagnostics: %v", diags.All())
	}
	for _, p := range s.Pages {
		p.Content = "<p>Il testo.</p>"
	}
	out := renderSite(t, s)
	need := string(out["bisogni/aule/index.html"])
	for _, want := range []string{
		`<p class="stato stato-grande stato-aperto">aperto</p>`,
		`<section class="risposte-possibili" aria-labelledby="risposte-possibili-titolo">
<h2 id="risposte-possibili-titolo">Potrebbero rispondere</h2>`,
		`<h3 class="voce-titolo"><a href="/opportunita/bando-doposcuola/">Bando per il doposcuola</a></h3>`,
		`<span class="motivo">stesso argomento: dispersione scolastica; stesso cantiere: Ferrara</span>`,
	} {
		if !strings.Contains(need, want) {
			t.Errorf("bisogni/aule: manca\n%s", want)
		}
	}
	if strings.Contains(need, `risposte-possibili-titolo">Potrebbero rispondere</h2>
<ul class="voci voci-compatte">
<li class="voce">
<h3 class="voce-titolo"><a href="/risorse/aula-studio/">`) {
		t.Error("bisogni/aule: a page already among its answers is suggested again")
	}
	if met := string(out["bisogni/trasporti/index.html"]); strings.Contains(met, "risposte-possibili") || !strings.Contains(met, "stato-soddisfatto") {
		t.Error("bisogni/trasporti: a met need shows possible answers, or no badge")
	}
	open := string(out["bisogni/aperti/index.html"])
	if !strings.Contains(open, "<h1>Bisogni aperti</h1>") || !strings.Contains(open, `href="/bisogni/aule/"`) || strings.Contains(open, `href="/bisogni/trasporti/"`) {
		t.Errorf("bisogni/aperti:\n%s", open)
	}
	if list := string(out["bisogni/index.html"]); !strings.Contains(list, `href="/bisogni/aperti/"`) || !strings.Contains(list, `stato-soddisfatto`) {
		t.Error("bisogni: no link to the open needs, or no badge in the list")
	}
	aula := string(out["risorse/aula-studio/index.html"])
	if !strings.Contains(aula, `<h2 id="collegati-bisogni-risposte">Risponde a questi bisogni</h2>
<ul><li><a href="/bisogni/trasporti/">Trasporto per le uscite</a></li><li><a href="/bisogni/aule/">Mancano aule studio</a></li></ul>`) {
		t.Errorf("risorse/aula-studio: no needs it answers\n%s", aula)
	}
	for _, name := range []string{"bisogni/aule/index.html", "bisogni/aperti/index.html", "risorse/aula-studio/index.html"} {
		golden(t, "needs/"+name, out[name])
		for _, problem := range checkHTML(string(out[name])) {
			t.Errorf("%s: %s", name, problem)
		}
	}
}
