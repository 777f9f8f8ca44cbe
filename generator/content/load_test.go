package content

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/internal/golden"
	"cantiericomuni.it/banca/generator/schema"
)

func testSchema(t testing.TB) *schema.Schema {
	t.Helper()
	s, err := schema.Load(filepath.Join("..", "..", "schema.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

const okOpportunity = `---
title: "Bando: estate 2026"
date: 2026-03-01
ente: Comune di Bologna
argomenti: [giovani, "povertà educativa"]
cantieri:
  - ferrara
---

Testo.
`

// badCases maps a case name to a file that holds one class of bad input,
// the diagnostic code expected, and its line:col.
var badCases = []struct {
	name, file, src string
	code            diag.Code
	pos             string
}{
	{"no front matter", "pratiche/a.md", "# Titolo\n\nTesto\n", diag.FrontMatterMissing, "1:1"},
	{"unclosed", "pratiche/b.md", "---\ntitle: x\ndate: 2026-01-01\n\nTesto\n", diag.FrontMatterUnclosed, "1:1"},
	{"yaml colon", "pratiche/c.md", "---\ntitle: Bando: scadenza\ndate: 2026-01-01\n---\n", diag.FrontMatterSyntax, "2:13"},
	{"yaml indentation", "pratiche/d.md", "---\ntitle: \"x\"\ndate: 2026-01-01\nargomenti:\n  - giovani\n - scuola\n---\n", diag.FrontMatterSyntax, "6:2"},
	{"toml syntax", "pratiche/e.md", "+++\ntitle = \"x\"\ndate = 2026-01-01\nauthors = [\"a\"\n+++\n", diag.FrontMatterSyntax, "4:11"},
	{"missing title", "pratiche/f.md", "---\ndate: 2026-01-01\n---\n", diag.FieldRequired, "1:1"},
	{"missing required section field", "protocolli/g.md", "---\ntitle: x\ndate: 2026-01-01\ndata_firma: 2026-01-01\n---\n", diag.FieldRequired, "1:1"},
	{"wrong type list for string", "pratiche/h.md", "---\ntitle: [a, b]\ndate: 2026-01-01\n---\n", diag.FieldType, "2:8"},
	{"wrong type map for list", "pratiche/i.md", "---\ntitle: x\ndate: 2026-01-01\nauthors:\n  nome: Maria\n---\n", diag.FieldType, "5:3"},
	{"bad bool", "pratiche/j.md", "---\ntitle: x\ndate: 2026-01-01\ndraft: forse\n---\n", diag.FieldType, "4:8"},
	{"italian date", "pratiche/k.md", "---\ntitle: x\ndate: 31/03/2026\n---\n", diag.FieldDate, "3:7"},
	{"impossible date", "pratiche/l.md", "---\ntitle: x\ndate: 2026-02-30\n---\n", diag.FieldDate, "3:7"},
	{"bad deadline toml", "opportunita/m.md", "+++\ntitle = \"x\"\ndate = 2026-01-01\nente = \"e\"\ndeadline = \"domani\"\n+++\n", diag.FieldDate, "5:12"},
	{"unknown argomento", "pratiche/n.md", "---\ntitle: x\ndate: 2026-01-01\nargomenti:\n  - poverta educativa\n---\n", diag.FieldValue, "5:5"},
	{"unknown destinatari", "pratiche/o.md", "---\ntitle: x\ndate: 2026-01-01\ndestinatari: [bambin]\n---\n", diag.FieldValue, "4:15"},
	{"unknown tipo", "opportunita/p.md", "---\ntitle: x\ndate: 2026-01-01\nente: e\ntipo: concorso\n---\n", diag.FieldValue, "5:7"},
	{"unknown key", "pratiche/q.md", "---\ntitle: x\ndate: 2026-01-01\ntitel: y\n---\n", diag.FieldUnknown, "4:1"},
	{"unknown table toml", "pratiche/qt.md", "+++\ntitle = \"x\"\ndate = 2026-01-01\n\n[extra]\nx = 1\n+++\n", diag.FieldUnknown, "5:2"},
	{"bad url", "opportunita/r.md", "---\ntitle: x\ndate: 2026-01-01\nente: e\nlink: www.comune.bologna.it\n---\n", diag.FieldURL, "5:7"},
	{"bad slug", "pratiche/s.md", "---\ntitle: x\ndate: 2026-01-01\nslug: \"../../etc\"\n---\n", diag.SlugInvalid, "4:7"},
	{"bad alias", "pratiche/u.md", "---\ntitle: x\ndate: 2026-01-01\naliases: [\"/../../fuori/\"]\n---\n", diag.AliasInvalid, "4:11"},
	{"bad email", "cantieri/ae.md", "---\ntitle: x\ndate: 2026-01-01\nemail: cantiere.ferrara@example\n---\n", diag.FieldEmail, "4:8"},
	{"bad phone", "cantieri/af.md", "---\ntitle: x\ndate: 2026-01-01\ntelefono: \"051 62\"\n---\n", diag.FieldPhone, "4:11"},
	{"suspect contact", "risorse/ag.md", "---\ntitle: x\ndate: 2026-01-01\ncontatti: \"Scrivere a info@associazione, tel. 051 62\"\n---\n", diag.ContactSuspect, "4:47"},
	{"duplicate key", "pratiche/v.md", "---\ntitle: x\ndate: 2026-01-01\ntitle: y\n---\n", diag.FieldDuplicateKey, "4:1"},
	{"not utf8", "pratiche/w.md", "---\ntitle: caff\xe8\ndate: 2026-01-01\n---\n", diag.FileNotUTF8, "2:12"},
	{"outside section", "bandi/x.md", okOpportunity, diag.FileOutsideSection, ""},
	{"deadline before publication", "opportunita/za.md", "---\ntitle: x\ndate: 2026-05-04\nente: e\ndeadline: 2026-04-30\n---\n", diag.DateOrder, "5:11"},
	{"block too long", "pratiche/z.md", "---\ntitle: x\ndate: 2026-01-01\n---\n\nIntro.\n\n" + strings.Repeat("[a](", 20000), diag.BlockTooLong, "8:1"},
	{"title too long", "pratiche/zb.md", "---\ntitle: \"" + strings.Repeat("à", schema.MaxLine+1) + "\"\ndate: 2026-01-01\n---\n", diag.FieldTooLong, "2:8"},
	{"summary too long", "pratiche/zc.md", "+++\ntitle = \"x\"\ndate = 2026-01-01\nsummary = \"" + strings.Repeat("parola ", schema.MaxText/6) + "\"\n+++\n", diag.FieldTooLong, "4:11"},
	{"too many terms", "pratiche/zd.md", "---\ntitle: x\ndate: 2026-01-01\nterritori: [" + strings.Repeat("Bologna, ", schema.MaxItems) + "Imola]\n---\n", diag.FieldTooLong, "4:12"},
	{"term too long", "pratiche/ze.md", "---\ntitle: x\ndate: 2026-01-01\nterritori:\n  - " + strings.Repeat("B", schema.MaxLine+1) + "\n---\n", diag.FieldTooLong, "5:5"},
	{"too many authors", "pratiche/zf.md", "---\ntitle: x\ndate: 2026-01-01\nauthors:\n" + strings.Repeat("  - Maria\n", schema.MaxItems+1) + "---\n", diag.FieldTooLong, "5:3"},
	{"too large", "pratiche/y.md", "---\ntitle: x\ndate: 2026-01-01\n---\n" + strings.Repeat("parola ", 10<<20/7), diag.FileTooLarge, ""},
}

// TestValuesUpToTheBounds loads values as long as they may be: no
// FieldTooLong.
func TestValuesUpToTheBounds(t *testing.T) {
	src := "---\ntitle: \"" + strings.Repeat("à", schema.MaxLine) + "\"\ndate: 2026-01-01\nsummary: \"" + strings.Repeat("é", schema.MaxSummary) +
		"\"\nterritori: [" + strings.Repeat("Bologna, ", schema.MaxItems-1) + "\"" + strings.Repeat("B", schema.MaxLine) + "\"]\n---\n\nTesto.\n"
	var l diag.List
	Load(fstest.MapFS{"pratiche/a.md": {Data: []byte(src)}}, testSchema(t), Options{}, &l)
	for _, d := range l.All() {
		t.Errorf("%s", d.Error())
	}
}

func TestLoadReportsEachClassOfBadInput(t *testing.T) {
	sch := testSchema(t)
	var all []diag.Diagnostic
	for _, tc := range badCases {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{tc.file: {Data: []byte(tc.src)}}
			var l diag.List
			Load(fsys, sch, Options{}, &l)
			var found *diag.Diagnostic
			for _, d := range l.All() {
				if d.Code == tc.code {
					d := d
					found = &d
				}
			}
			if found == nil {
				t.Fatalf("want %s, got %v", tc.code, l.All())
			}
			pos := ""
			if found.Pos.Line > 0 {
				pos = fmt.Sprint(found.Pos.Line)
				if found.Pos.Col > 0 {
					pos += fmt.Sprintf(":%d", found.Pos.Col)
				}
			}
			if pos != tc.pos {
				t.Errorf("position %q, want %q (%s)", pos, tc.pos, found.Error())
			}
			if found.Message == "" || found.Fix == "" {
				t.Errorf("message and fix must both be set: %+v", found)
			}
			if found.File != "content/"+tc.file {
				t.Errorf("file %q", found.File)
			}
			all = append(all, *found)
		})
	}
	var buf bytes.Buffer
	diag.Print(&buf, all)
	golden.Check(t, "testdata/diagnostics.golden", buf.Bytes())
}

func TestClosestSuggestion(t *testing.T) {
	sch := testSchema(t)
	src := "---\ntitle: x\ndate: 2026-01-01\nargomenti: [\"povertà educatva\", \"Giovani\"]\ncantieri: [feRRara, bologna]\n---\n"
	fsys := fstest.MapFS{
		"pratiche/a.md":              {Data: []byte(src)},
		"cantieri/ferrara.md":        {Data: []byte("---\ntitle: Ferrara\ndate: 2026-01-01\n---\n")},
		"cantieri/bologna-navile.md": {Data: []byte("---\ntitle: Navile\ndate: 2026-01-01\n---\n")},
	}
	var l diag.List
	set := Load(fsys, sch, Options{}, &l)
	CheckSet(set.Published(false), sch, &l)
	var fixes []string
	for _, d := range l.All() {
		fixes = append(fixes, string(d.Code)+" "+d.Fix)
	}
	got := strings.Join(fixes, "\n")
	for _, want := range []string{"B107 Forse intendevi «povertà educativa»?", "B112 Forse intendevi «ferrara»?", "B112 Forse intendevi «bologna-navile»?"} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
	// "Giovani" is accepted as "giovani": case is not a typo worth an error.
	if p := set.Pages[2]; len(p.TermValues["argomenti"]) != 1 || p.TermValues["argomenti"][0] != "giovani" {
		t.Errorf("argomenti = %v", p.TermValues["argomenti"])
	}
}

func TestLoadGoodPage(t *testing.T) {
	sch := testSchema(t)
	fsys := fstest.MapFS{
		"opportunita/Bando Estate è qui.md": {Data: []byte(okOpportunity)},
		"pratiche/orti/index.md":            {Data: []byte("+++\ntitle = \"Orti\"\ndate = 2025-05-02T10:00:00+02:00\naliases = [\"/vecchio/orti\"]\ndraft = true\n+++\nTesto\n")},
		"pratiche/orti/foto.jpg":            {Data: []byte("jpg")},
		"pratiche/orti/doc/scheda.pdf":      {Data: []byte("pdf")},
	}
	var l diag.List
	set := Load(fsys, sch, Options{}, &l)
	if l.Len() != 0 {
		t.Fatal(l.All())
	}
	if len(set.Pages) != 2 {
		t.Fatalf("pages: %d", len(set.Pages))
	}
	o := set.Pages[0]
	if o.URL != "/opportunita/bando-estate-e-qui/" || o.Title != "Bando: estate 2026" || o.Section != "opportunita" {
		t.Errorf("opportunity: %q %q", o.URL, o.Title)
	}
	if o.Date.Location().String() != "Europe/Rome" || o.Date.Format("2006-01-02") != "2026-03-01" {
		t.Errorf("date: %v", o.Date)
	}
	if string(o.Body) != "\nTesto.\n" || o.Pos(1).Line != 10 {
		t.Errorf("body %q at line %d", o.Body, o.Pos(1).Line)
	}
	b := set.Pages[1]
	if !b.Bundle || !b.Draft || b.URL != "/pratiche/orti/" || len(b.Attachments) != 2 || b.Aliases[0] != "/vecchio/orti/" {
		t.Errorf("bundle: %+v", b)
	}
	if len(set.Published(false)) != 1 || len(set.Published(true)) != 2 {
		t.Error("drafts must be left out of the published set")
	}
}

func TestCheckSetDuplicatesAndAliases(t *testing.T) {
	sch := testSchema(t)
	fsys := fstest.MapFS{
		"pratiche/orti.md":       {Data: []byte("---\ntitle: a\ndate: 2026-01-01\naliases: [/pratiche/altro/]\n---\n")},
		"pratiche/Orti/index.md": {Data: []byte("---\ntitle: b\ndate: 2026-01-01\n---\n")},
		"pratiche/altro.md":      {Data: []byte("---\ntitle: c\ndate: 2026-01-01\nslug: orti\n---\n")},
	}
	var l diag.List
	set := Load(fsys, sch, Options{}, &l)
	CheckSet(set.Published(false), sch, &l)
	codes := map[diag.Code]int{}
	for _, d := range l.All() {
		codes[d.Code]++
	}
	if codes[diag.URLDuplicate] != 2 {
		t.Errorf("want 2 duplicate URLs, got %v", l.All())
	}
}

func TestReservedSlugs(t *testing.T) {
	sch := testSchema(t)
	fsys := fstest.MapFS{
		"pratiche/page.md":       {Data: []byte("---\ntitle: a\ndate: 2026-01-01\n---\n")},
		"pratiche/aperte.md":     {Data: []byte("---\ntitle: b\ndate: 2026-01-01\n---\n")},
		"pratiche/altro.md":      {Data: []byte("---\ntitle: c\ndate: 2026-01-01\nslug: page\n---\n")},
		"opportunita/aperte.md":  {Data: []byte("---\ntitle: d\ndate: 2026-01-01\nente: X\n---\n")},
		"opportunita/tipo.md":    {Data: []byte("---\ntitle: e\ndate: 2026-01-01\nente: X\n---\n")},
		"opportunita/bandi-2.md": {Data: []byte("---\ntitle: f\ndate: 2026-01-01\nente: X\n---\n")},
		"opportunita/recenti.md": {Data: []byte("---\ntitle: g\ndate: 2026-01-01\nente: X\n---\n")},
		"pratiche/recenti.md":    {Data: []byte("---\ntitle: h\ndate: 2026-01-01\n---\n")},
	}
	var l diag.List
	set := Load(fsys, sch, Options{}, &l)
	CheckSet(set.Published(false), sch, &l)
	got := map[string]int{}
	for _, d := range l.All() {
		if d.Code == diag.SlugReserved {
			got[d.File] = d.Pos.Line
		}
	}
	// aperte and recenti are reserved only where pages have deadlines;
	// tipo is a filter of opportunities (schema.yaml: facet with a
	// pick-list).
	want := map[string]int{"content/pratiche/page.md": 1, "content/pratiche/altro.md": 4, "content/opportunita/aperte.md": 1,
		"content/opportunita/tipo.md": 1, "content/opportunita/recenti.md": 1}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("reserved slugs: got %v, want %v (%v)", got, want, l.All())
	}
}

func TestAttachmentsAreChecked(t *testing.T) {
	sch := testSchema(t)
	page := []byte("---\ntitle: x\ndate: 2026-01-01\n---\n")
	fsys := fstest.MapFS{
		"pratiche/a/index.md":    {Data: page},
		"pratiche/a/foto.JPG":    {Data: []byte("jpg")},
		"pratiche/a/mappa.svg":   {Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>`)},
		"pratiche/a/pagina.html": {Data: []byte("<script>alert(1)</script>")},
		"pratiche/a/_redirects":  {Data: []byte("/* https://evil.example 200")},
		"pratiche/a/cattiva.svg": {Data: []byte("<svg>\n  <rect ONLOAD = \"alert(1)\"/>\n</svg>")},
		"pratiche/a/script.svg":  {Data: []byte("<svg><script>alert(1)</script></svg>")},
		"robots.txt":             {Data: []byte("Disallow: /")},
		"pratiche/volantino.pdf": {Data: []byte("%PDF")},
	}
	var l diag.List
	set := Load(fsys, sch, Options{}, &l)
	got := map[string]diag.Code{}
	for _, d := range l.All() {
		got[d.File] = d.Code
		if d.Code == diag.AttachmentUnsafe && d.File == "content/pratiche/a/cattiva.svg" && d.Pos != (diag.Pos{Line: 2, Col: 8}) {
			t.Errorf("position %v", d.Pos)
		}
	}
	want := map[string]diag.Code{
		"content/pratiche/a/pagina.html": diag.AttachmentType,
		"content/pratiche/a/_redirects":  diag.AttachmentType,
		"content/pratiche/a/cattiva.svg": diag.AttachmentUnsafe,
		"content/pratiche/a/script.svg":  diag.AttachmentUnsafe,
		"content/robots.txt":             diag.FileOutsideSection,
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %v\nwant %v", got, want)
	}
	if fmt.Sprint(set.Files) != "[pratiche/a/foto.JPG pratiche/a/mappa.svg pratiche/volantino.pdf]" {
		t.Errorf("published files: %v", set.Files)
	}
}
