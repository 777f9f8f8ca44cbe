package content

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"cantiericomuni.it/banca/generator/diag"
)

// TestRootPages: the pages of a section declared root (pagine) live at
// /<slug>/ and may not take an address the site serves.
func TestRootPages(t *testing.T) {
	sch := testSchema(t)
	page := func(extra string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: x\ndate: 2026-01-01\n" + extra + "---\n")}
	}
	for _, tc := range []struct {
		file, extra string
		url         string
		reserved    bool
	}{
		{"pagine/chi-siamo.md", "", "/chi-siamo/", false},
		{"pagine/Privacy e cookie.md", "", "/privacy-e-cookie/", false},
		{"pagine/note.md", "slug: note-legali\n", "/note-legali/", false},
		{"pagine/accessibilita/index.md", "", "/accessibilita/", false},
		// The site's own folders and routes.
		{"pagine/cerca.md", "", "/cerca/", true},
		{"pagine/api.md", "", "/api/", true},
		{"pagine/admin.md", "", "/admin/", true},
		{"pagine/css.md", "", "/css/", true},
		{"pagine/js.md", "", "/js/", true},
		{"pagine/img.md", "", "/img/", true},
		// Sections with a list, and taxonomies.
		{"pagine/opportunita.md", "", "/opportunita/", true},
		{"pagine/x.md", "slug: cantieri\n", "/cantieri/", true},
		{"pagine/argomenti.md", "", "/argomenti/", true},
		{"pagine/territori.md", "", "/territori/", true},
		// The section itself has no list: its key is free.
		{"pagine/pagine.md", "", "/pagine/", false},
		// Words that only look like the site's files.
		{"pagine/sitemap.md", "", "/sitemap/", false},
		{"pagine/cercasi-volontari.md", "", "/cercasi-volontari/", false},
	} {
		t.Run(tc.file, func(t *testing.T) {
			var l diag.List
			set := Load(fstest.MapFS{tc.file: page(tc.extra)}, sch, Options{}, &l)
			if l.Len() != 0 || len(set.Pages) != 1 {
				t.Fatalf("load: %v", l.All())
			}
			if got := set.Pages[0].URL; got != tc.url {
				t.Errorf("URL %s, want %s", got, tc.url)
			}
			CheckSet(set.Pages, sch, &l)
			var found *diag.Diagnostic
			for _, d := range l.All() {
				if d.Code == diag.SlugReserved {
					found = &d
				}
			}
			if (found != nil) != tc.reserved {
				t.Fatalf("reserved: %v, want %v (%v)", found != nil, tc.reserved, l.All())
			}
			if found != nil && (!strings.Contains(found.Message, "l'indirizzo "+tc.url+" è riservato: il sito lo usa per") || found.Fix == "" || found.File != "content/"+tc.file) {
				t.Errorf("diagnostic: %s (fix %q)", found.Error(), found.Fix)
			}
			if found != nil && tc.extra != "" && found.Pos.Line != 4 {
				t.Errorf("the diagnostic should point at the slug (line 4): %s", found.Error())
			}
		})
	}
}

// TestRootPageClashes: a root page and another page on the same address
// are reported like any duplicate (an alias over a root page is checked
// with every other address, by build: TestAliasOverRootPage).
func TestRootPageClashes(t *testing.T) {
	sch := testSchema(t)
	fsys := fstest.MapFS{
		"pagine/contatti.md":  {Data: []byte("---\ntitle: a\ndate: 2026-01-01\n---\n")},
		"pagine/altro.md":     {Data: []byte("---\ntitle: b\ndate: 2026-01-01\nslug: contatti\n---\n")},
		"pratiche/vecchia.md": {Data: []byte("---\ntitle: c\ndate: 2026-01-01\naliases: [/contatti/]\n---\n")},
	}
	var l diag.List
	set := Load(fsys, sch, Options{}, &l)
	CheckSet(set.Published(false), sch, &l)
	codes := map[diag.Code]int{}
	for _, d := range l.All() {
		codes[d.Code]++
	}
	if codes[diag.URLDuplicate] != 1 || len(codes) != 1 {
		t.Errorf("want one duplicate, got %v", l.All())
	}
}

// TestTypeset: the front matter's text gets the body's typography where
// the page is loaded; names the site matches do not.
func TestTypeset(t *testing.T) {
	sch := testSchema(t)
	src := `---
title: "L'estate dei ragazzi: il \"bando\" 2027 -- fino a 30.000 €"
date: 2026-01-01
summary: "Un po' di tutto... per l'8 marzo"
authors: ["Maria D'Amico"]
ente: "Associazione Terre d'Acqua"
importo: "fino a 15.000 € (€ 500 al mese)"
requisiti: "Enti con sede nell'area 'metropolitana'"
link: "https://www.esempio.it/l'estate"
contatti: "o'neil@example.org, dell'ufficio"
tipo: bando
argomenti: ["povertà educativa"]
territori: ["Sant'Agata Bolognese"]
slug: estate-2027
aliases: ["/vecchio/l'estate/"]
---
`
	var l diag.List
	set := Load(fstest.MapFS{"opportunita/a.md": {Data: []byte(src)}}, sch, Options{}, &l)
	for _, d := range l.All() {
		if d.Code != diag.AliasInvalid {
			t.Errorf("unexpected: %s", d.Error())
		}
	}
	p := set.Pages[0]
	const n = "\u00a0"
	for _, tc := range []struct{ what, got, want string }{
		{"title", p.Title, "L’estate dei ragazzi: il “bando” 2027 – fino a 30.000" + n + "€"},
		{"title param", p.Params.String("title"), p.Title},
		{"summary", p.Summary, "Un po’ di tutto… per l’8 marzo"},
		{"authors", fmt.Sprint(p.Authors), "[Maria D’Amico]"},
		// A reference is a name the site matches: as written.
		{"ente", fmt.Sprint(p.Params.Refs("ente")[0].Text), "Associazione Terre d'Acqua"},
		{"importo", p.Params.String("importo"), "fino a 15.000" + n + "€ (€" + n + "500 al mese)"},
		{"requisiti", p.Params.String("requisiti"), "Enti con sede nell’area ‘metropolitana’"},
		{"contatti", p.Params.String("contatti"), "o'neil@example.org, dell’ufficio"},
		// Addresses, pick-lists, terms and slugs stay as written.
		{"link", p.Params.String("link"), "https://www.esempio.it/l'estate"},
		{"tipo", p.Params.String("tipo"), "bando"},
		{"territori", fmt.Sprint(p.TermValues["territori"]), "[Sant'Agata Bolognese]"},
		{"slug", p.Slug, "estate-2027"},
	} {
		if tc.got != tc.want {
			t.Errorf("%s = %q, want %q", tc.what, tc.got, tc.want)
		}
	}
}

func TestPlaceTitle(t *testing.T) {
	for _, tc := range []struct{ title, place, want string }{
		{"Cantiere Ferrara", "Ferrara", "Cantiere di Ferrara"},
		{"cantiere ferrara", "Ferrara", "Cantiere di ferrara"},
		{"Cantiere Bologna – Navile", "Bologna", "Cantiere di Bologna – Navile"},
		{"Cantiere San Lazzaro di Savena", "San Lazzaro di Savena", "Cantiere di San Lazzaro di Savena"},
		{"Cantiere Imola", "Imola", "Cantiere di Imola"},
		{"Cantiere Forlì", "Forli", "Cantiere di Forlì"},
		// The place shortened, as people say it.
		{"Cantiere San Lazzaro", "San Lazzaro di Savena", "Cantiere di San Lazzaro"},
		{"Cantiere Casalecchio", "Casalecchio di Reno", "Cantiere di Casalecchio"},
		{"Cantiere Sant'Agata", "Sant’Agata Bolognese", "Cantiere di Sant'Agata"},
		// Already Italian, or not the pattern: left alone.
		{"Cantiere di Ferrara", "Ferrara", ""},
		{"Cantiere della Bolognina", "Bologna", ""},
		{"Cantiere Copparo", "Ferrara", ""},
		{"Ferrara", "Ferrara", ""},
		{"Cantiere", "Ferrara", ""},
		{"Cantiere Ferrara", "", ""},
		{"Il cantiere Ferrara", "Ferrara", ""},
	} {
		if got := PlaceTitle(tc.title, "Cantiere", tc.place); got != tc.want {
			t.Errorf("PlaceTitle(%q, %q) = %q, want %q", tc.title, tc.place, got, tc.want)
		}
	}
	// Where the schema declares it (cantieri: title_place: comune), the
	// page's title itself reads as Italian, so every output agrees.
	sch := testSchema(t)
	var l diag.List
	set := Load(fstest.MapFS{"cantieri/ferrara.md": {Data: []byte("---\ntitle: Cantiere Ferrara\ndate: 2026-01-01\ncomune: Ferrara\n---\n")}}, sch, Options{}, &l)
	if got := set.Pages[0].Title; got != "Cantiere di Ferrara" {
		t.Errorf("title %q", got)
	}
}
