package pipeline

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"cantiericomuni.it/banca/generator/content"
	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/internal/golden"
	"cantiericomuni.it/banca/generator/render"
	"cantiericomuni.it/banca/generator/schema"
	"cantiericomuni.it/banca/generator/site"
)

// addressSite has an opportunity with a type, a topic and a deadline (so
// a filter list, a term page, the open list and a calendar), a bundle with
// an attachment, and a page whose aliases each try to take an address.
var addressSite = map[string]string{
	"opportunita/bando.md":     "---\ntitle: Bando\ndate: 2026-11-01\nente: Comune\ntipo: bando\nargomenti: [giovani]\ndeadline: 2027-01-10\n---\nTesto.\n",
	"pratiche/c/index.md":      "---\ntitle: C\ndate: 2026-11-01\n---\nTesto.\n",
	"pratiche/c/volantino.pdf": "%PDF-1.4",
	"pratiche/a.md": `---
title: A
date: 2026-11-01
aliases:
  - /api/search
  - /cerca/
  - /Opportunita
  - /argomenti/giovani/
  - /opportunita/tipo/bando/index.html
  - /opportunita/aperte/
  - /sitemap.xml
  - /opportunita/index.xml
  - /opportunita/bando/scadenza.ics
  - /css/main.css
  - /admin/
  - /_redirects
  - /robots.txt
  - /favicon.svg
  - /OPPORTUNITA/%42ando/
  - /pratiche/a/
  - /pratiche/c/volantino.pdf
  - /%2e%2e/etc/
  - /vecchio/
  - /Vecchio
  - /un vecchio indirizzo!/
  - /opportunita/page/2/
  - /argomenti/giovani/page/9/
  - /opportunita/tipo/bando/page/2
  - /%252e%252e/etc/
  - "/vecchio\u200b/"
---
Testo.
`,
	"pratiche/b.md": "---\ntitle: B\ndate: 2026-11-01\naliases: [\"/vecchio\"]\n---\nTesto.\n",
	// The same address, its accent composed and apart (NFC, NFD).
	"pratiche/d.md": "---\ntitle: D\ndate: 2026-11-01\naliases: [\"/attivit\u00e0/\"]\n---\nTesto.\n",
	"pratiche/e.md": "---\ntitle: E\ndate: 2026-11-01\naliases: [\"/attivita\u0300\"]\n---\nTesto.\n",
	// Full-width letters: the search, to a reader.
	"pratiche/f.md": "---\ntitle: F\ndate: 2026-11-01\naliases: [\"/ＡＰＩ/search\"]\n---\nTesto.\n",
}

// TestAliasesCannotTakeServedAddresses: an alias may only name an address
// nothing serves or reserves, compared as the host compares them; each
// refusal names the line and what the alias would take over.
func TestAliasesCannotTakeServedAddresses(t *testing.T) {
	dir := writeSite(t, addressSite)
	res, err := Run(Config{Root: root, Content: dir, Check: true, Now: now, Fingerprint: true})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{ // file:line → code and a piece of the message
		"a.md:5":  "B304 la ricerca",
		"a.md:6":  "B304 la pagina della ricerca",
		"a.md:7":  "B302 dell'elenco della sezione «Opportunità»",
		"a.md:8":  "B302 della pagina di «Giovani» in «Argomenti»",
		"a.md:9":  "B302 di un elenco filtrato della sezione «Opportunità» (/opportunita/tipo/bando/)",
		"a.md:10": "B302 di un elenco filtrato della sezione «Opportunità» (/opportunita/aperte/)",
		"a.md:11": "B302 della mappa del sito",
		"a.md:12": "B302 del feed RSS dell'elenco della sezione «Opportunità»",
		"a.md:13": "B302 del calendario delle scadenze",
		"a.md:14": "B304 i fogli di stile",
		"a.md:15": "B304 il pannello di redazione",
		"a.md:16": "B302 del file dei reindirizzamenti",
		"a.md:17": "B302 del file per i motori di ricerca",
		"a.md:18": "B302 del file static/favicon.svg",
		"a.md:19": "B302 della pagina content/opportunita/bando.md",
		"a.md:20": "B302 della pagina stessa",
		"a.md:21": "B302 dell'allegato",
		"a.md:22": "B111 risale le cartelle",
		"a.md:23": "B302 è anche un alias di",
		"a.md:26": "B304 le pagine successive dell'elenco della sezione «Opportunità»",
		"a.md:27": "B304 le pagine successive della pagina di «Giovani» in «Argomenti»",
		"a.md:28": "B304 le pagine successive di un elenco filtrato della sezione «Opportunità» (/opportunita/tipo/bando/)",
		"a.md:29": "B111 codificato due volte",
		"a.md:30": "B111 carattere invisibile",
		"b.md:4":  "B302 è già un alias di",
		"d.md:4":  "B302 è anche un alias di content/pratiche/e.md",
		"e.md:4":  "B302 è già un alias di content/pratiche/d.md",
		"f.md:4":  "B304 la ricerca",
	}
	got := map[string]string{}
	for _, d := range res.Diags.All() {
		k := fmt.Sprintf("%s:%d", d.File[strings.LastIndex(d.File, "/")+1:], d.Pos.Line)
		got[k] = string(d.Code) + " " + strings.ReplaceAll(d.Message, dir, "content")
	}
	for k, w := range want {
		code, piece, _ := strings.Cut(w, " ")
		if g := got[k]; !strings.HasPrefix(g, code) || !strings.Contains(g, piece) {
			t.Errorf("%s: got %q, want %s …%s…", k, g, code, piece)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d diagnostics, want %d: %v", len(got), len(want), got)
	}
	var buf bytes.Buffer
	diag.Print(&buf, res.Diags.All())
	golden.Check(t, "testdata/addresses.golden", []byte(strings.ReplaceAll(buf.String(), dir, "content")))
}

// TestRedirectsFileCannotBreak: the accepted aliases that hold spaces,
// "!", "#" or letters outside ASCII are written percent-encoded, one rule
// per line, and match the same page however they are written.
func TestRedirectsFileCannotBreak(t *testing.T) {
	site := map[string]string{
		"pratiche/a.md": "---\ntitle: A\ndate: 2026-11-01\naliases: [\"/un vecchio indirizzo!/\", \"/attività/\", \"/a%23b/\", \"/X/./Y//index.html\"]\n---\nTesto.\n",
	}
	out := &render.MemOutput{}
	res, err := Run(Config{Root: root, Content: writeSite(t, site), Output: out, Now: now})
	if err != nil || res.Diags.HasErrors() {
		t.Fatal(err, res.Diags.All())
	}
	got := string(out.Files()["_redirects"])
	want := "/a%23b/ /pratiche/a/ 301\n/attivit%C3%A0/ /pratiche/a/ 301\n/un%20vecchio%20indirizzo%21/ /pratiche/a/ 301\n/x/y/ /pratiche/a/ 301\n"
	if got != want {
		t.Errorf("_redirects:\n%s\nwant\n%s", got, want)
	}
}

// TestPageCannotTakeServedAddress: the same check holds for the address
// of a page, whatever section or slug gives it (a page of a section at
// the site's root: /cerca/, /opportunita/).
func TestPageCannotTakeServedAddress(t *testing.T) {
	sch, err := schema.Load(root + "/schema.yaml")
	if err != nil {
		t.Fatal(err)
	}
	page := func(file, url string) *content.Page {
		src := []byte("---\ntitle: x\ndate: 2026-11-01\n---\n")
		var l diag.List
		p := content.LoadPage(fstestFS(file, src), file, sch, content.Options{}, &l)
		p.URL = url
		return p
	}
	pages := []*content.Page{
		page("pratiche/cerca.md", "/cerca/"),
		page("pratiche/opportunita.md", "/opportunita/"),
		page("pratiche/argomenti.md", "/argomenti/"),
		page("pratiche/admin.md", "/admin/"),
		page("pratiche/tipo.md", "/opportunita/index.xml/"),
		page("opportunita/bando.md", "/opportunita/bando/"),
		page("pratiche/ok.md", "/pratiche/ok/"),
	}
	pages[5].Params["ente"] = "Comune"
	s := site.Assemble(pages, sch, site.Options{Now: time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)})
	var l diag.List
	checkAddresses(Config{Root: root}, render.Addresses(s), s, &content.Set{Pages: pages}, []string{"favicon.svg", "css/main.css"}, nil, &l)
	got := map[string]string{}
	for _, d := range l.All() {
		got[d.File] = string(d.Code) + " " + d.Message
	}
	for file, piece := range map[string]string{
		"content/pratiche/cerca.md":       "B303 l'indirizzo /cerca/ della pagina è già quello della pagina della ricerca, che Netlify",
		"content/pratiche/opportunita.md": "B303 l'indirizzo /opportunita/ della pagina è già quello dell'elenco della sezione «Opportunità»",
		"content/pratiche/argomenti.md":   "B303 l'indirizzo /argomenti/ della pagina è già quello dell'elenco «Argomenti»",
		"content/pratiche/admin.md":       "B303 l'indirizzo /admin/ della pagina è già quello del pannello di redazione",
		"content/pratiche/tipo.md":        "B303 l'indirizzo /opportunita/index.xml/ della pagina è già quello del feed RSS",
	} {
		if !strings.HasPrefix(got[file], piece) {
			t.Errorf("%s: got %q, want %q…", file, got[file], piece)
		}
	}
	if len(got) != 5 {
		t.Errorf("%d diagnostics: %v", len(got), got)
	}
}

// fstestFS is a content folder holding one file.
func fstestFS(name string, data []byte) fstest.MapFS {
	return fstest.MapFS{name: {Data: data}}
}

// TestFileKeyAgreesWithAliases: the quick path for the render's own file
// names gives the key NormaliseAlias gives.
func TestFileKeyAgreesWithAliases(t *testing.T) {
	for _, f := range []string{"opportunita/index.html", "opportunita/index.xml", "a/b/c/", "sitemap.xml", "robots.txt",
		"x..y/", "a/./b", "a//b/", "A/b/", "a b/", "cerca/index.html", "_redirects", "stato.json", "css/main.3f2a.css"} {
		want := "/"
		if f != "index.html" {
			want, _ = content.AddressKey("/" + strings.TrimSuffix(f, "index.html"))
		}
		if got := fileKey(f); got != want {
			t.Errorf("fileKey(%q) = %q, want %q", f, got, want)
		}
	}
}

// TestAliasOverRootPage: a page of a section at the site's root has an
// address like any other: an alias may not take it.
func TestAliasOverRootPage(t *testing.T) {
	dir := writeSite(t, map[string]string{
		"pagine/contatti.md":  "---\ntitle: Contatti\ndate: 2026-01-01\n---\nTesto.\n",
		"pratiche/vecchia.md": "---\ntitle: c\ndate: 2026-01-01\naliases: [/Contatti]\n---\nTesto.\n",
	})
	res, err := Run(Config{Root: root, Content: dir, Check: true, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	ds := res.Diags.All()
	if len(ds) != 1 || ds[0].Code != diag.AliasConflict || ds[0].Pos.Line != 4 || !strings.Contains(ds[0].Message, "della pagina "+dir+"/pagine/contatti.md") {
		t.Errorf("want B302 on line 4 naming the page, got %v", ds)
	}
}
