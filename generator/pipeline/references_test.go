package pipeline

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/internal/sitefiles"
	"cantiericomuni.it/banca/generator/internal/testproject"
)

// networkProject is a copy of the project whose schema has the sections
// of generator/schema/testdata/network.yaml added (enti, with a sigla;
// verbali, with reference and records fields): no Go knows them.
func networkProject(t *testing.T) string {
	t.Helper()
	proj := t.TempDir()
	files := sitefiles.Files(t, "")
	files["schema.yaml"] = &fstest.MapFile{Data: testproject.NetworkSchema(t)}
	sitefiles.Write(t, files, proj)
	return proj
}

// networkPages are the pages of the new sections, and the resource and
// practice the minutes answer with.
var networkPages = map[string]string{
	"enti/cadiai.md":          "---\ntitle: Cooperativa sociale CADIAI\ndate: 2026-01-01\nsigla: CADIAI\n---\nUna cooperativa di Bologna.\n",
	"enti/comune-di-imola.md": "---\ntitle: Comune di Imola\ndate: 2026-01-01\n---\nIl comune.\n",
	"risorse/sala-civica.md":  "---\ntitle: Sala civica\ndate: 2026-01-01\ntipo: spazio\n---\nUna sala.\n",
	"verbali/tavolo-di-regia.md": `---
title: Tavolo di regia di marzo
date: 2026-03-10
promotore: Comune di Imola
partecipanti: [cadiai, "comune di imola"]
luogo: Sala civica
risposte: [risorse/sala-civica]
azioni:
  - cosa: Preparare il calendario
    chi: CADIAI
    entro: 2026-04-01
  - cosa: Scrivere all'assessore
    chi: Anna Bianchi
    fatto: true
---
Il verbale dell'incontro.
`,
	"verbali/equipe.md": "---\ntitle: Équipe di aprile\ndate: 2026-04-02\npartecipanti: [CADIAI]\n---\nIl verbale.\n",
}

// TestBuildWithReferences builds a site whose schema declares a new
// section with reference and records fields, with no Go change: the
// references become links, the records a table, and the pages referred
// to list the pages that refer to them.
func TestBuildWithReferences(t *testing.T) {
	proj := networkProject(t)
	out := filepath.Join(t.TempDir(), "public")
	res, err := Run(Config{Root: proj, Content: writeSite(t, networkPages), Out: out, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if res.Diags.Len() > 0 {
		var b bytes.Buffer
		diag.Print(&b, res.Diags.All())
		t.Fatalf("diagnostics:\n%s", b.String())
	}
	read := func(name string) string {
		data, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	for _, tc := range []struct {
		file  string
		wants []string
	}{
		{"verbali/tavolo-di-regia/index.html", []string{
			`<dt>Chi ha convocato</dt>
<dd><a href="/enti/comune-di-imola/">Comune di Imola</a></dd>`,
			`<ul><li><a href="/enti/cadiai/">Cooperativa sociale CADIAI</a></li><li><a href="/enti/comune-di-imola/">Comune di Imola</a></li></ul>`,
			`<dd><a href="/risorse/sala-civica/">Sala civica</a></dd>`,
			`<caption>Azioni</caption>`,
			`<tr><th scope="row">Preparare il calendario</th><td><a href="/enti/cadiai/">Cooperativa sociale CADIAI</a></td><td><time datetime="2026-04-01">1º aprile 2026</time></td><td></td></tr>`,
			`<tr><th scope="row">Scrivere all’assessore</th><td>Anna Bianchi</td><td></td><td>sì</td></tr>`,
		}},
		{"enti/cadiai/index.html", []string{
			`<h2 id="collegati-titolo">Collegati a questa pagina</h2>`,
			`<dt>Verbali: Partecipanti</dt>
<dd><ul><li><a href="/verbali/equipe/">Équipe di aprile</a></li><li><a href="/verbali/tavolo-di-regia/">Tavolo di regia di marzo</a></li></ul></dd>`,
			`<dt>Verbali: Azioni (Chi)</dt>
<dd><ul><li><a href="/verbali/tavolo-di-regia/">Tavolo di regia di marzo</a></li></ul></dd>`,
		}},
		{"enti/comune-di-imola/index.html", []string{
			`<dt>Verbali: Chi ha convocato</dt>`,
			`<dt>Verbali: Partecipanti</dt>`,
		}},
		{"risorse/sala-civica/index.html", []string{
			`<dt>Verbali: Luogo</dt>`,
			`<dt>Verbali: Risposte</dt>`,
		}},
	} {
		html := read(tc.file)
		for _, want := range tc.wants {
			if !strings.Contains(html, want) {
				t.Errorf("%s: missing\n%s", tc.file, want)
			}
		}
	}
	if strings.Contains(read("verbali/equipe/index.html"), "collegati-titolo") {
		t.Error("verbali/equipe: no page refers to it, yet it shows the block")
	}
	checkInternalLinks(t, out)
}

// TestBuildStopsOnABrokenReference: a reference that names no page is an
// error at its line, with the nearest name, and nothing is written.
func TestBuildStopsOnABrokenReference(t *testing.T) {
	proj := networkProject(t)
	pages := map[string]string{}
	for k, v := range networkPages {
		pages[k] = v
	}
	pages["verbali/equipe.md"] = "---\ntitle: Équipe di aprile\ndate: 2026-04-02\npartecipanti: [CADIAI, Comune di Imol]\n---\nIl verbale.\n"
	out := filepath.Join(t.TempDir(), "public")
	res, err := Run(Config{Root: proj, Content: writeSite(t, pages), Out: out, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	ds := res.Diags.All()
	if len(ds) != 1 || ds[0].Code != diag.ReferenceUnknown || ds[0].Pos.Line != 4 || ds[0].Pos.Col != 24 ||
		!strings.HasSuffix(ds[0].File, "verbali/equipe.md") || ds[0].Fix != "Forse intendevi «Comune di Imola»?" {
		t.Fatalf("diagnostics: %+v", ds)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("the site was written despite the error")
	}
}

// TestSessionKeepsReferencesCurrent: in the preview, a page that shows
// another page's title by a reference, or lists it as a backlink, is
// rendered again when that changes; after every edit the session's site
// is the site of a full build.
func TestSessionKeepsReferencesCurrent(t *testing.T) {
	proj := networkProject(t)
	content := filepath.Join(proj, "content")
	file := func(name string) string { return filepath.Join(content, filepath.FromSlash(name)) }
	write := func(name, text string) {
		if err := os.MkdirAll(filepath.Dir(file(name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file(name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name, text := range networkPages {
		write(name, text)
	}
	ss := NewSession(Config{Root: proj, Drafts: true})
	if _, res, err := ss.Build(now); err != nil || res.Diags.HasErrors() {
		t.Fatalf("first build: %v %v", err, res.Diags.All())
	}
	edit := func(name, old, new string) {
		data, err := os.ReadFile(file(name))
		if err != nil || !strings.Contains(string(data), old) {
			t.Fatalf("%s: %v, or no %q", name, err, old)
		}
		write(name, strings.Replace(string(data), old, new, 1))
		ss.Changed(file(name))
	}
	for _, st := range []struct {
		name string
		edit func()
		file string // a file the edit must change
		want string // and what it must then show
	}{
		{"the title of a page referred to", func() {
			edit("enti/cadiai.md", "title: Cooperativa sociale CADIAI", "title: Cadiai cooperativa sociale")
		}, "verbali/tavolo-di-regia/index.html", `<a href="/enti/cadiai/">Cadiai cooperativa sociale</a>`},
		{"a reference added", func() {
			edit("verbali/equipe.md", "partecipanti: [CADIAI]", "partecipanti: [CADIAI, comune-di-imola]")
		}, "enti/comune-di-imola/index.html", `<li><a href="/verbali/equipe/">Équipe di aprile</a></li>`},
		{"the title of a page that refers", func() {
			edit("verbali/equipe.md", "title: Équipe di aprile", "title: Équipe di maggio")
		}, "enti/cadiai/index.html", `<li><a href="/verbali/equipe/">Équipe di maggio</a></li>`},
		{"the text of a page that refers", func() {
			edit("verbali/tavolo-di-regia.md", "Il verbale dell'incontro.", "Il verbale dell'incontro, corretto.")
		}, "verbali/tavolo-di-regia/index.html", `<caption>Azioni</caption>`},
	} {
		st.edit()
		b, res, err := ss.Build(now)
		if err != nil || res.Diags.HasErrors() {
			t.Fatalf("%s: %v %v", st.name, err, res.Diags.All())
		}
		if !strings.Contains(string(b.Files[st.file]), st.want) {
			t.Errorf("%s: %s does not show %s", st.name, st.file, st.want)
		}
		sameFiles(t, st.name, b.Files, fullBuild(t, os.DirFS(proj), now))
	}
}
