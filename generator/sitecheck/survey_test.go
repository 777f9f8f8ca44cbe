package sitecheck

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"cantiericomuni.it/banca/generator/content"
	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/markdown"
	"cantiericomuni.it/banca/generator/pipeline"
	"cantiericomuni.it/banca/generator/project"
	"cantiericomuni.it/banca/generator/site"
)

// surveyed builds the site of the content in sources into a temporary
// folder and surveys it.
func surveyed(t *testing.T, sources fs.FS) (*Inventory, *site.Site, string) {
	t.Helper()
	out := t.TempDir()
	res, err := pipeline.Run(pipeline.Config{Root: repoRoot, FS: project.Mount(project.Dir(repoRoot, ""), project.Content, sources), Output: &dirOutput{root: out},
		Now: time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if res.Diags.HasErrors() {
		t.Fatalf("la costruzione fallisce: %v", res.Diags.All())
	}
	inv, err := Survey(out, res.Site, sources)
	if err != nil {
		t.Fatal(err)
	}
	return inv, res.Site, out
}

// sampleContent is the repository's content folder.
func sampleContent() fs.FS { return os.DirFS(filepath.Join(repoRoot, "content")) }

// taskListRE finds a GFM task list item in Markdown source.
var taskListRE = regexp.MustCompile(`(?m)^\s*[-*+] \[[ xX]\] `)

// TestSurveySample derives the pages to check from the sample site and
// requires that they cover what the site has, each part found here in a
// way of its own rather than through the survey: every layout on a body
// in the output, every section and every opportunity status of the
// assembled site, every Markdown construct of every published page (and
// the task lists of the launch issue, found in the sources by a pattern),
// every kind of element of every page; one page per kind, each kind once;
// and the same choice every time.
func TestSurveySample(t *testing.T) {
	inv, s, out := surveyed(t, sampleContent())
	choices := inv.Choose()
	var chosen []*PageInfo
	for _, c := range choices {
		chosen = append(chosen, c.Page)
	}
	t.Logf("%d pagine scelte su %d", len(choices), len(inv.Pages))

	// Every layout written on a body in the output (the editing UI aside).
	layouts := map[string]bool{}
	body := regexp.MustCompile(`<body class="tipo-([^"]+)"`)
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") || strings.HasPrefix(p, filepath.Join(out, EditorUI)+string(filepath.Separator)) {
			return err
		}
		data, err := os.ReadFile(p)
		if m := body.FindSubmatch(data); m != nil {
			layouts[string(m[1])] = true
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(layouts) < 5 {
		t.Fatalf("solo %d layout nell'uscita: %v", len(layouts), layouts)
	}
	for l := range layouts {
		if !slices.ContainsFunc(chosen, func(pg *PageInfo) bool { return pg.Layout == l }) {
			t.Errorf("nessuna pagina scelta con il layout %q", l)
		}
	}

	// Every section with pages, every opportunity status.
	sections, statuses := map[string]bool{}, map[string]bool{}
	for _, p := range s.Pages {
		sections[p.Section.Key] = true
		if p.Status != nil {
			statuses[p.Status.Key] = true
		}
	}
	for _, pg := range chosen {
		if p := s.Page(pg.URL); p != nil {
			delete(sections, p.Section.Key)
			if p.Status != nil {
				delete(statuses, p.Status.Key)
			}
		}
	}
	if len(sections)+len(statuses) > 0 {
		t.Errorf("sezioni senza pagina scelta: %v; stati senza pagina scelta: %v", sections, statuses)
	}

	// Every Markdown construct of every published page, and the task lists.
	constructs := map[string]bool{}
	tasks := 0
	for _, p := range s.Pages {
		var diags diag.List
		lp := content.LoadPage(sampleContent(), p.File, s.Schema, content.Options{}, &diags)
		for _, f := range markdown.Features(lp.Body) {
			constructs[f] = true
		}
		if taskListRE.Match(lp.Body) {
			tasks++
			pg := find(inv, p.URL)
			if pg == nil || !slices.Contains(pg.Markdown, "TaskCheckBox") {
				t.Errorf("%s ha una lista di attività, ma il rilievo non la vede: %v", p.URL, pg)
			}
		}
	}
	if tasks == 0 || !constructs["TaskCheckBox"] {
		t.Errorf("il sito di esempio ha %d pagine con liste di attività; costrutti: %v", tasks, constructs)
	}
	if got := inv.MarkdownFeatures(); !reflect.DeepEqual(got, sortedKeys(constructs)) {
		t.Errorf("costrutti del rilievo %v, delle pagine %v", got, sortedKeys(constructs))
	}
	covered := union(chosen, func(pg *PageInfo) []string { return pg.Markdown })
	if !reflect.DeepEqual(covered, sortedKeys(constructs)) {
		t.Errorf("le pagine scelte hanno i costrutti %v, il sito %v", covered, sortedKeys(constructs))
	}

	// Every kind of element, every kind once.
	if got, want := union(chosen, func(pg *PageInfo) []string { return pg.Markup }), inv.MarkupFeatures(); !reflect.DeepEqual(got, want) {
		t.Errorf("le pagine scelte hanno %d tipi di elemento, il sito %d", len(got), len(want))
	}
	var kinds []string
	for _, c := range choices {
		if c.ForKind {
			kinds = append(kinds, c.Page.Kind)
		}
	}
	slices.Sort(kinds)
	if !reflect.DeepEqual(kinds, inv.Kinds()) {
		t.Errorf("tipi scelti %v, tipi del sito %v", kinds, inv.Kinds())
	}
	for _, want := range []string{"home", "404", "search", "list", "list sotto list", "term sotto taxonomy", "taxonomy"} {
		if !slices.Contains(kinds, want) {
			t.Errorf("manca il tipo %q in %v", want, kinds)
		}
	}
	if !slices.ContainsFunc(kinds, func(k string) bool { return strings.HasSuffix(k, ", pagina 2 e seguenti") }) {
		t.Errorf("nessuna pagina 2 tra i tipi %v", kinds)
	}

	// The same choice every time.
	again := inv.Choose()
	for i := range choices {
		if again[i].Page != choices[i].Page || again[i].Reason() != choices[i].Reason() {
			t.Fatalf("scelta %d diversa la seconda volta: %s, %s", i, again[i].Page.URL, choices[i].Page.URL)
		}
	}
}

// TestSurveyNewConstruct adds to the sample a page with Markdown
// constructs that the sample does not use: the page must be chosen for
// them, and they must be named in its reason.
func TestSurveyNewConstruct(t *testing.T) {
	sample, _, _ := surveyed(t, sampleContent())
	sources := fstest.MapFS{}
	err := fs.WalkDir(sampleContent(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(sampleContent(), p)
		sources[p] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	page := `---
title: "Una scheda con altri costrutti"
date: 2026-11-20
tipo: "documento"
---

Il testo, con ` + "`codice in linea`" + ` e un [rimando][guida].

---

###### Un titolo di sesto livello

` + "```\nun blocco di codice\n```" + `

[guida]: https://www.esempio.it/guida
`
	sources["risorse/altri-costrutti.md"] = &fstest.MapFile{Data: []byte(page)}
	inv, _, _ := surveyed(t, sources)

	var added []string
	for _, f := range inv.MarkdownFeatures() {
		if !slices.Contains(sample.MarkdownFeatures(), f) {
			added = append(added, f)
		}
	}
	if len(added) == 0 {
		t.Fatalf("la pagina nuova non porta costrutti nuovi: %v", inv.MarkdownFeatures())
	}
	for _, want := range []string{"FencedCodeBlock", "Heading h6", "ThematicBreak", "LinkReferenceDefinition", "CodeSpan"} {
		if !slices.Contains(inv.MarkdownFeatures(), want) {
			t.Errorf("manca %q tra i costrutti: %v", want, inv.MarkdownFeatures())
		}
	}
	for _, c := range inv.Choose() {
		if c.Page.URL == "/risorse/altri-costrutti/" {
			for _, f := range added {
				if !strings.Contains(c.Reason(), f) {
					t.Errorf("il motivo %q non nomina %s", c.Reason(), f)
				}
			}
			return
		}
	}
	t.Errorf("la pagina con i costrutti %v non è tra quelle scelte", added)
}

// TestSurveyKinds classifies hand-written sites of layouts the project does
// not have: kinds come from the layouts and the tree, not from a list.
func TestSurveyKinds(t *testing.T) {
	page := func(layout, head, body string) string {
		cls := ""
		if layout != "" {
			cls = ` class="tipo-` + layout + `"`
		}
		return "<!DOCTYPE html><html><head>" + head + "</head><body" + cls + "><main>" + body + "</main></body></html>"
	}
	prev := func(u string) string { return `<link rel="prev" href="` + u + `">` }
	files := map[string]string{
		"index.html":                      page("home", "", "<h1>Casa</h1>"),
		"404.html":                        page("404", "", ""),
		"galleria/index.html":             page("galleria", "", ""),
		"galleria/page/2/index.html":      page("galleria", prev("/galleria/"), ""),
		"galleria/page/3/index.html":      page("galleria", prev("/galleria/page/2/"), ""),
		"galleria/mare/index.html":        page("galleria", "", ""),
		"galleria/mare/x/y/index.html":    page("foto", "", `<figure class="grande"><img alt="" src="/a.png"></figure>`),
		"galleria/mare/x/z/index.html":    page("foto", "", `<figure class="grande"><video controls></video></figure>`),
		"senza/index.html":                page("", "", ""),
		"chi-siamo.html":                  page("pagina", "", `<input type="checkbox" disabled>`),
		EditorUI + "/index.html":          "<!DOCTYPE html><html><body>CMS</body></html>",
		"galleria/mare/x/y/foto.svg":      "<svg/>",
		"galleria/mare/page/2/index.html": page("galleria", prev("/galleria/mare/"), ""),
	}
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	inv, err := Survey(dir, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ url, kind string }{
		{"/", "home"},
		{"/404.html", "404"},
		{"/chi-siamo.html", "pagina"},
		{"/galleria/", "galleria"},
		{"/galleria/page/2/", "galleria, pagina 2 e seguenti"},
		{"/galleria/page/3/", "galleria, pagina 2 e seguenti"},
		{"/galleria/mare/", "galleria sotto galleria"},
		{"/galleria/mare/page/2/", "galleria sotto galleria, pagina 2 e seguenti"},
		{"/galleria/mare/x/y/", "foto sotto galleria"},
		{"/galleria/mare/x/z/", "foto sotto galleria"},
		{"/senza/", "senza tipo"},
	}
	if len(inv.Pages) != len(tests) {
		var urls []string
		for _, pg := range inv.Pages {
			urls = append(urls, pg.URL)
		}
		t.Errorf("pagine %v, attese %d (senza %s/)", urls, len(tests), EditorUI)
	}
	for _, tt := range tests {
		pg := find(inv, tt.url)
		if pg == nil {
			t.Errorf("%s: manca", tt.url)
			continue
		}
		if pg.Kind != tt.kind {
			t.Errorf("%s: tipo %q, atteso %q", tt.url, pg.Kind, tt.kind)
		}
	}
	// One page per kind (the first by URL when they bring the same), then
	// the page whose elements no other has.
	var got []string
	for _, c := range inv.Choose() {
		got = append(got, c.Page.URL+" "+c.Because)
	}
	want := []string{"/ tipo", "/404.html tipo", "/chi-siamo.html tipo", "/galleria/ tipo", "/galleria/mare/ tipo",
		"/galleria/mare/page/2/ tipo", "/galleria/mare/x/y/ tipo", "/galleria/page/2/ tipo", "/senza/ tipo",
		"/galleria/mare/x/z/ elementi"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("scelte\n%s\nattese\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// find is the page of the inventory at url, or nil.
func find(inv *Inventory, url string) *PageInfo {
	for _, pg := range inv.Pages {
		if pg.URL == url {
			return pg
		}
	}
	return nil
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
