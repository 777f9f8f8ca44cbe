package sitetest

import (
	"strings"
	"testing"

	"cantiericomuni.it/banca/generator/authoring"
	"cantiericomuni.it/banca/generator/internal/sitefiles"
	"cantiericomuni.it/banca/generator/pipeline"
)

const orto = `-- content/pratiche/orto.md --
---
title: Orto di quartiere
date: 2026-01-01
---
Un orto tra i palazzi.
`

// TestBuild builds small sites written inline. The tests run in this
// package's folder, which holds no schema.yaml, layouts/ or static/: a
// site that builds was read from the files given, not from the disk.
func TestBuild(t *testing.T) {
	for _, c := range []struct {
		name    string
		archive string
		// edit, when set, changes the project's schema.yaml: old → new.
		edit [2]string
		// file and want: a file of the site and what it must hold.
		file, want string
		// diag: a printed diagnostic expected instead of a site.
		diag string
	}{
		{name: "a page among the project's layouts", archive: orto,
			file: "pratiche/orto/index.html", want: "Un orto tra i palazzi."},
		{name: "static files are copied", archive: orto,
			file: "css/main.css", want: "{"},
		{name: "a layout of the test replaces the project's",
			archive: orto + "-- layouts/page.html --\n{{define \"main\"}}<p class=\"di-prova\">{{.Heading}}</p>{{end}}\n",
			file:    "pratiche/orto/index.html", want: `<p class="di-prova">Orto di quartiere</p>`},
		{name: "the project's schema.yaml with one change", archive: orto,
			edit: [2]string{"title: Banca delle risorse e delle buone pratiche", "title: Banca di prova"},
			file: "pratiche/orto/index.html", want: "<title>Orto di quartiere — Banca di prova</title>"},
		{name: "a mistake in a page is named by its path in the project",
			archive: strings.Replace(orto, "2026-01-01", "2026-02-30", 1),
			diag:    "content/pratiche/orto.md:3:7"},
		{name: "a broken layout is named by its path in the project",
			archive: orto + "-- layouts/page.html --\n{{define \"main\"}}\n<h1>{{.Title</h1>\n{{end}}\n",
			diag:    "layouts/page.html:2"},
		{name: "netlify.toml's routes come from the files too",
			archive: strings.Replace(orto, "date: 2026-01-01\n", "date: 2026-01-01\naliases: [\"/prova-funzione/\"]\n", 1) +
				"-- netlify.toml --\n[[redirects]]\n  from = \"/prova-funzione/*\"\n  to = \"/.netlify/functions/prova\"\n  status = 200\n",
			diag: "la regola di netlify.toml che manda /prova-funzione/*"},
		{name: "a broken schema is named by its path in the project", archive: orto,
			edit: [2]string{"page_size: 20", "page_size: venti"},
			diag: "schema.yaml:"},
	} {
		t.Run(c.name, func(t *testing.T) {
			files := sitefiles.Files(t, c.archive)
			if c.edit[0] != "" {
				sitefiles.Edit(t, files, "schema.yaml", c.edit[0], c.edit[1])
			}
			site := Build(t, files, pipeline.Config{})
			printed := site.Diagnostics()
			if c.diag != "" {
				if !site.Diags.HasErrors() || !strings.Contains(printed, c.diag) {
					t.Fatalf("want an error at %s, got:\n%s", c.diag, printed)
				}
				if len(site.Files) != 0 {
					t.Errorf("a site with errors wrote %d files", len(site.Files))
				}
				return
			}
			if site.Diags.HasErrors() {
				t.Fatalf("errors:\n%s", printed)
			}
			if got := site.File(t, c.file); !strings.Contains(got, c.want) {
				t.Errorf("%s does not hold %q:\n%s", c.file, c.want, got)
			}
		})
	}
}

// TestEditingUIFromTheFiles: the editing UI's files, listed and copied
// from node_modules among the project's files, held here in memory.
func TestEditingUIFromTheFiles(t *testing.T) {
	files := sitefiles.Files(t, orto+"-- node_modules/decap-cms/dist/decap-cms.js --\n// il pannello\n"+
		"-- node_modules/decap-cms/dist/decap-cms.js.map --\n{}\n")
	extra, err := authoring.CMSBundle(files)
	if err != nil {
		t.Fatal(err)
	}
	site := Build(t, files, pipeline.Config{Extra: extra})
	if site.Diags.HasErrors() {
		t.Fatalf("errors:\n%s", site.Diagnostics())
	}
	if got := site.File(t, "admin/decap-cms.js"); got != "// il pannello\n" {
		t.Errorf("admin/decap-cms.js holds %q", got)
	}
	if _, ok := site.Files["admin/decap-cms.js.map"]; ok {
		t.Error("the source map was published")
	}
}
