package render

import (
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"

	"cantiericomuni.it/banca/generator/internal/cputime"

	"cantiericomuni.it/banca/generator/diag"
	goldenfile "cantiericomuni.it/banca/generator/internal/golden"
	"cantiericomuni.it/banca/generator/internal/htmltest"
	"cantiericomuni.it/banca/generator/site"
)

// newRenderer parses the repository's layouts.
func newRenderer(tb testing.TB) *Renderer {
	tb.Helper()
	r, err := New(os.DirFS("../../layouts"))
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

// renderSite renders s into memory.
func renderSite(tb testing.TB, s *site.Site) map[string][]byte {
	tb.Helper()
	var out MemOutput
	if err := newRenderer(tb).Render(s, &out); err != nil {
		tb.Fatal(err)
	}
	return out.Files()
}

// goldenFiles are the rendered files kept under testdata/golden.
var goldenFiles = []string{
	"index.html",
	"404.html",
	"opportunita/index.html",
	"opportunita/page/2/index.html",
	"opportunita/aperte/index.html",
	"opportunita/recenti/index.html",
	"opportunita/tipo/bando/index.html",
	"opportunita/bando-comunita-educanti-2027/index.html",
	"opportunita/corso-facilitazione/index.html",
	"opportunita/sala-prove/index.html",
	"opportunita/estate-in-rete-2025/index.html",
	"opportunita/sportello-progettazione/index.html",
	"opportunita/corso-facilitazione/scadenza.ics",
	"opportunita/scadenze.ics",
	"opportunita/index.xml",
	"pratiche/orti-condivisi/index.html",
	"protocolli/patto-scuole-ferrara/index.html",
	"risorse/sala-civica/index.html",
	"argomenti/index.html",
	"argomenti/scuola/index.html",
	"argomenti/scuola/page/2/index.html",
	"argomenti/scuola/protocolli/index.html",
	"argomenti/scuola/index.xml",
	"cantieri/index.html",
	"cantieri/ferrara/index.html",
	"cantieri/ferrara/page/2/index.html",
	"cantieri/ferrara/index.xml",
	"chi-siamo/index.html",
	"index.xml",
	"sitemap.xml",
	"robots.txt",
	"_redirects",
}

func TestGolden(t *testing.T) {
	files := renderSite(t, fixture(t).finish())
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)
	golden(t, "files.txt", []byte(strings.Join(names, "\n")+"\n"))
	for _, name := range goldenFiles {
		data, ok := files[name]
		if !ok {
			t.Errorf("%s non è stato scritto", name)
			continue
		}
		golden(t, name, data)
	}
}

// golden compares got with testdata/golden/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	goldenfile.Check(t, filepath.Join("testdata", "golden", filepath.FromSlash(name)), got)
}

func TestEveryPageIsValidHTML(t *testing.T) {
	files := renderSite(t, fixture(t).finish())
	n := 0
	for name, data := range files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		n++
		for _, problem := range checkHTML(string(data)) {
			t.Errorf("%s: %s", name, problem)
		}
	}
	if n < 30 {
		t.Errorf("solo %d pagine HTML scritte", n)
	}
}

func TestUniqueTitles(t *testing.T) {
	files := renderSite(t, fixture(t).finish())
	seen := map[string]string{}
	for name, data := range files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		s := string(data)
		i, j := strings.Index(s, "<title>"), strings.Index(s, "</title>")
		title := s[i+len("<title>") : j]
		if other, dup := seen[title]; dup {
			t.Errorf("%s e %s hanno lo stesso titolo %q", name, other, title)
		}
		seen[title] = name
	}
}

func TestHostileValuesAreEscaped(t *testing.T) {
	b := fixture(t)
	b.add(pageSpec{section: "opportunita", slug: "ostile", title: `<script>alert(1)</script>`,
		date: "2026-11-26", summary: `"onmouseover=alert(1) x="`, authors: []string{`<img src=x onerror=alert(1)>`},
		deadline: "2026-12-01",
		fields: map[string]any{"ente": `<script>alert(2)</script>`, "link": "javascript:alert(1)",
			"importo": `"onmouseover=alert(3)`, "tipo": "bando"},
		terms: map[string][]string{"territori": {`<b>Ferrara</b>`}}})
	b.add(pageSpec{section: "risorse", slug: "ostile-2", title: "Risorsa", date: "2026-11-26",
		summary: "ok", fields: map[string]any{"contatti": `<script>alert(4)</script>`, "indirizzo": `javascript:alert(5)`}})
	files := renderSite(t, b.finish())
	hrefJS := strings.NewReplacer(" ", "", "\n", "")
	for name, data := range files {
		if strings.HasSuffix(name, ".ics") {
			continue // plain text, escaped for iCalendar (see TestICSText)
		}
		s, blocks := htmltest.SplitScripts(string(data))
		for _, b := range blocks {
			if msg := htmltest.BadJSONLD(b); msg != "" {
				t.Errorf("%s: %s", name, msg)
			}
		}
		// "<img src=x": the hostile author; the site's own logo is an <img> too.
		for _, bad := range []string{"<script", "<img src=x", "<b>Ferrara", `"onmouseover=`, `" onmouseover=`} {
			if strings.Contains(s, bad) {
				t.Errorf("%s contiene %q non sfuggito", name, bad)
			}
		}
		if c := hrefJS.Replace(strings.ToLower(s)); strings.Contains(c, `href="javascript:`) || strings.Contains(c, "href=javascript:") {
			t.Errorf("%s ha un href javascript:", name)
		}
	}
	page := string(files["opportunita/ostile/index.html"])
	for _, want := range []string{"&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;script&gt;alert(2)&lt;/script&gt;", "&#34;onmouseover=alert(3)"} {
		if !strings.Contains(page, want) {
			t.Errorf("la pagina ostile non mostra %q come testo", want)
		}
	}
	if strings.Contains(page, "Vai alla pagina ufficiale") {
		t.Error("un link javascript: è diventato il pulsante della pagina ufficiale")
	}
	for _, problem := range checkHTML(page) {
		t.Errorf("pagina ostile: %s", problem)
	}
}

func TestLayoutErrors(t *testing.T) {
	layouts := func() fstest.MapFS {
		m := fstest.MapFS{}
		entries, err := os.ReadDir("../../layouts")
		if err != nil {
			t.Fatal(err)
		}
		add := func(name string) {
			data, err := os.ReadFile(filepath.Join("../../layouts", name))
			if err != nil {
				t.Fatal(err)
			}
			m[name] = &fstest.MapFile{Data: data}
		}
		for _, e := range entries {
			if !e.IsDir() {
				add(e.Name())
			}
		}
		parts, _ := os.ReadDir("../../layouts/partials")
		for _, e := range parts {
			add("partials/" + e.Name())
		}
		return m
	}
	cases := []struct {
		name, file, src string
		delete          bool
		wantFile        string
		wantLine        int
		wantMsg         string
	}{
		{name: "sintassi", file: "page.html", src: "{{define \"main\"}}\n<p>\n{{if .Doc}}\n</p>\n{{end}}",
			wantFile: "layouts/page.html", wantLine: 1, wantMsg: "non si chiude: manca un {{end}}"},
		{name: "funzione", file: "partials/item.html", src: "{{define \"item\"}}\n\n{{nonEsiste .}}{{end}}",
			wantFile: "layouts/partials/item.html", wantLine: 3, wantMsg: "nonEsiste"},
		{name: "contesto", file: "term.html", src: "{{define \"main\"}}\n<p>\n{{if .Term}}<a href=\"{{end}}\">x</a></p>{{end}}",
			wantFile: "layouts/term.html", wantLine: 3, wantMsg: "i rami di un {{if}}"},
		{name: "frammento incompleto", file: "partials/extra.html", src: "{{define \"frammento\"}}\n<a href=\"{{.}}{{end}}",
			wantFile: "layouts/partials/extra.html", wantLine: 1, wantMsg: "il modello finisce dentro un tag"},
		{name: "manca main", file: "hub.html", src: "{{define \"principale\"}}{{end}}",
			wantFile: "layouts/hub.html", wantMsg: `{{define "main"}}`},
		{name: "manca il file", file: "404.html", delete: true,
			wantFile: "layouts/404.html", wantMsg: "manca il modello 404.html"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fsys := layouts()
			if c.delete {
				delete(fsys, c.file)
			} else {
				fsys[c.file] = &fstest.MapFile{Data: []byte(c.src)}
			}
			_, err := New(fsys)
			var d diag.Diagnostic
			if !errors.As(err, &d) {
				t.Fatalf("errore %v, voglio una diag.Diagnostic", err)
			}
			if d.Code != diag.LayoutInvalid || d.File != c.wantFile || d.Pos.Line != c.wantLine || !strings.Contains(d.Message, c.wantMsg) {
				t.Errorf("ottenuto %s %s:%d %q\nvoglio   %s %s:%d …%q…", d.Code, d.File, d.Pos.Line, d.Message,
					diag.LayoutInvalid, c.wantFile, c.wantLine, c.wantMsg)
			}
			if c.wantLine > 0 && d.Source == "" {
				t.Error("manca la riga del modello")
			}
		})
	}
}

func TestLayoutErrorInBaseReportedOnce(t *testing.T) {
	fsys := fstest.MapFS{"base.html": {Data: []byte("<p>\n{{if .Title}}<a href=\"{{end}}\">x</a></p>")}}
	for _, k := range Kinds {
		fsys[k+".html"] = &fstest.MapFile{Data: []byte(`{{define "main"}}<p>x</p>{{end}}`)}
	}
	_, err := New(fsys)
	var d diag.Diagnostic
	if !errors.As(err, &d) || d.File != "layouts/base.html" || d.Pos.Line != 2 {
		t.Fatalf("errore %v", err)
	}
	if n := strings.Count(err.Error(), "layouts/base.html"); n != 1 {
		t.Errorf("l'errore di base.html compare %d volte:\n%v", n, err)
	}
}

// BenchmarkRender renders a synthetic site of 2,000 pages (and, as a
// sub-benchmark, one of 10,000 to check the budget of the real size).
func BenchmarkRender(b *testing.B) {
	for _, n := range []int{2000, 10000} {
		b.Run("pagine="+strconv.Itoa(n), func(b *testing.B) {
			s := synthetic(b, n)
			r := newRenderer(b)
			var out *countOutput
			b.ReportAllocs()
			cpu0 := cputime.Used()
			for b.Loop() {
				out = &countOutput{}
				if err := r.Render(s, out); err != nil {
					b.Fatal(err)
				}
			}
			// CPU time is steadier than wall time on a shared machine.
			b.ReportMetric(float64((cputime.Used()-cpu0).Milliseconds())/float64(b.N), "cpu-ms/op")
			b.ReportMetric(float64(out.files.Load()), "file/op")
			b.ReportMetric(float64(out.bytes.Load())/1e6, "MB/op")
		})
	}
}

// countOutput counts what it is given and keeps nothing.
type countOutput struct {
	files, bytes atomic.Int64
}

func (c *countOutput) WriteFile(_ string, data []byte) error {
	c.files.Add(1)
	c.bytes.Add(int64(len(data)))
	return nil
}

func TestSitemapListsEveryPage(t *testing.T) {
	files := renderSite(t, fixture(t).finish())
	sitemap := string(files["sitemap.xml"])
	for name := range files {
		if !strings.HasSuffix(name, "index.html") {
			continue
		}
		loc := "<loc>https://banca.cantiericomuni.it/" + strings.TrimSuffix(name, "index.html") + "</loc>"
		if !strings.Contains(sitemap, loc) {
			t.Errorf("la mappa del sito non elenca %s", name)
		}
	}
	if strings.Contains(sitemap, "404") {
		t.Error("la mappa del sito elenca la pagina 404")
	}
	if n := strings.Count(sitemap, "<loc>"); n != strings.Count(strings.Join(slices.Collect(maps.Keys(files)), "\n"), "index.html") {
		t.Errorf("la mappa del sito ha %d indirizzi", n)
	}
}

func TestCalendarOnlyOpenDeadlines(t *testing.T) {
	files := renderSite(t, fixture(t).finish())
	ics := string(files["opportunita/scadenze.ics"])
	for _, slug := range []string{"sala-prove", "corso-facilitazione", "bando-comunita-educanti-2027"} {
		if !strings.Contains(ics, "UID:"+slug+"@banca.cantiericomuni.it\r\n") {
			t.Errorf("manca l'evento di %s", slug)
		}
	}
	for _, slug := range []string{"estate-in-rete-2025", "sportello-progettazione"} {
		if strings.Contains(ics, "UID:"+slug+"@") {
			t.Errorf("c'è l'evento di %s, che non ha una scadenza aperta", slug)
		}
	}
	if _, ok := files["opportunita/sportello-progettazione/scadenza.ics"]; ok {
		t.Error("scadenza.ics scritto per un'opportunità a sportello")
	}
	for name, data := range files {
		if strings.HasSuffix(name, ".ics") && strings.Contains(strings.ReplaceAll(string(data), "\r\n", ""), "\n") {
			t.Errorf("%s ha righe che non finiscono con CRLF", name)
		}
	}
}

// TestNoListGrowsWithTheSite renders the synthetic site at two sizes and
// requires that its heaviest page weighs about the same: every list that
// is not paginated (the home's blocks, a cantiere's open opportunities,
// filters, related pages) is capped, with a link to the whole. The month
// pages of the calendar are split by date rather than by count: a month
// holds what falls in it, as a page of a list holds its share.
func TestNoListGrowsWithTheSite(t *testing.T) {
	heaviest := func(n int) (string, int) {
		name, size := "", 0
		for f, data := range renderSite(t, synthetic(t, n)) {
			if strings.HasPrefix(f, "calendario/20") {
				continue
			}
			if strings.HasSuffix(f, ".html") && len(data) > size {
				name, size = f, len(data)
			}
		}
		return name, size
	}
	smallName, small := heaviest(200)
	bigName, big := heaviest(2000)
	t.Logf("la pagina più pesante: %s, %d byte con 200 schede; %s, %d byte con 2.000", smallName, small, bigName, big)
	if big > small+small/10 {
		t.Errorf("con 10 volte le schede la pagina più pesante passa da %d a %d byte (%s): c'è un elenco senza limite", small, big, bigName)
	}
}
