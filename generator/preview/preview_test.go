package preview

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"cantiericomuni.it/banca/generator/pipeline"
	"cantiericomuni.it/banca/generator/project"
	"cantiericomuni.it/banca/generator/render"
)

// root is the project folder.
var root = filepath.Join("..", "..")

// testNow is the instant of the previews: 27 November 2026, 10:00 in Rome.
var testNow = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)

var (
	sampleOnce sync.Once
	sample     *Site
	sampleErr  error
)

// sampleSite is the repository's content, built into memory, drafts
// included as `serve` builds it.
func sampleSite(t *testing.T) *Site {
	t.Helper()
	sampleOnce.Do(func() {
		res, err := pipeline.Run(pipeline.Config{Root: root, Output: &render.MemOutput{}, Drafts: true, Now: testNow})
		if err != nil {
			sampleErr = err
			return
		}
		if res.Diags.HasErrors() {
			sampleErr = res.Diags.All()[0]
			return
		}
		sample = FromBuild(res)
	})
	if sampleErr != nil {
		t.Fatal(sampleErr)
	}
	return sample
}

// opportunity is an entry of the opportunita section as the editing UI
// sends it, valid, with changes applied by edit.
func opportunity(edit func(d map[string]any)) *Request {
	d := map[string]any{
		"title":       "Bando prova \"anteprima\" 2027",
		"date":        "2026-11-20",
		"draft":       false,
		"summary":     "Una prova.",
		"authors":     []any{"Giulia Ferri"},
		"argomenti":   []any{"povertà educativa", "scuola"},
		"destinatari": []any{"scuole"},
		"territori":   []any{"Bologna"},
		"cantieri":    []any{"bologna-navile"},
		"deadline":    "2026-12-15T12:00",
		"ente":        "Fondazione di prova",
		"link":        "https://www.esempio.it/bando",
		"tipo":        "bando",
		"importo":     "fino a 10.000 €",
		"requisiti":   "",
		"avanzate":    map[string]any{"slug": "", "aliases": []any{}, "weight": nil, "lastmod": ""},
		"body": "Un paragrafo con una nota[^1] e un [collegamento](../pratiche/tutor-tra-pari-san-lazzaro.md).\n\n" +
			"[^1]: La nota.\n",
	}
	if edit != nil {
		edit(d)
	}
	return &Request{Collection: "opportunita", Data: d}
}

// TestPreview: a table of entries as the panel sends them, each with the
// page it must show and the diagnostics the build would give.
func TestPreview(t *testing.T) {
	s := sampleSite(t)
	cases := []struct {
		name string
		req  *Request
		// url is the page's address; in are fragments of its HTML ("" when
		// it cannot be shown), out fragments it must not hold.
		url     string
		in, out []string
		// codes are the diagnostics' codes, in order, where their place
		// in the form, fix the fix of the first.
		codes []string
		where []string
		fix   string
	}{
		{name: "valid", req: opportunity(nil), url: "/opportunita/bando-prova-anteprima-2027/",
			in: []string{`<h1>Bando prova “anteprima” 2027</h1>`, `stato-grande stato-aperta`, "aperta — scade tra 18 giorni",
				`href="/pratiche/tutor-tra-pari-san-lazzaro/"`, `class="footnotes"`, `<link rel="stylesheet" href="/css/main.css">`,
				"Fondazione di prova", `href="/cantieri/bologna-navile/"`},
			out: []string{"[^1]", "stato-bozza"}},
		{name: "wrong argomento", req: opportunity(func(d map[string]any) { d["argomenti"] = []any{"poverta educativa"} }),
			url: "/opportunita/bando-prova-anteprima-2027/", in: []string{"<h1>"},
			codes: []string{"B107"}, where: []string{"Argomenti"}, fix: "Forse intendevi «povertà educativa»?"},
		{name: "broken link", req: opportunity(func(d map[string]any) { d["body"] = "Primo.\n\nVedi [qui](/pratiche/non-esiste/).\n" }),
			url: "/opportunita/bando-prova-anteprima-2027/", in: []string{"<h1>"},
			codes: []string{"B201"}, where: []string{"Testo, riga 3"}},
		{name: "missing ente", req: opportunity(func(d map[string]any) { d["ente"] = "" }),
			url: "/opportunita/bando-prova-anteprima-2027/", in: []string{"<h1>"},
			codes: []string{"B104"}, where: []string{"Ente promotore"}},
		{name: "unknown cantiere", req: opportunity(func(d map[string]any) { d["cantieri"] = []any{"bologna-navil"} }),
			url: "/opportunita/bando-prova-anteprima-2027/", codes: []string{"B112"}, where: []string{"Cantieri"},
			fix: "Forse intendevi «bologna-navile»?"},
		{name: "advanced options are written at the top", req: opportunity(func(d map[string]any) {
			d["avanzate"] = map[string]any{"slug": "altro-indirizzo", "aliases": []any{"/vecchio/bando/"}, "lastmod": "2026-11-25", "weight": 2.0}
		}), url: "/opportunita/altro-indirizzo/", in: []string{"Aggiornato", "25 novembre 2026"}},
		{name: "address of another page", req: opportunity(func(d map[string]any) {
			d["avanzate"] = map[string]any{"slug": "estate-in-rete-2025"}
		}), url: "/opportunita/estate-in-rete-2025/", in: []string{"<h1>Bando prova"}, codes: []string{"B301"}},
		{name: "draft", req: opportunity(func(d map[string]any) { d["draft"] = true }),
			url: "/opportunita/bando-prova-anteprima-2027/", in: []string{"stato-bozza"}},
		{name: "raw HTML stays text", req: opportunity(func(d map[string]any) {
			d["body"] = "Prima.\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n"
		}), url: "/opportunita/bando-prova-anteprima-2027/", in: []string{"&lt;script&gt;"},
			out: []string{"<script>alert", "<img src=x"}, codes: []string{"B205", "B205"}},
		{name: "hostile title", req: opportunity(func(d map[string]any) { d["title"] = `</title><script>alert(1)</script>` }),
			url: "/opportunita/title-script-alert-1-script/", in: []string{"&lt;/title&gt;&lt;script&gt;"}, out: []string{"<script>alert"}},
		{name: "uploaded image not yet published", req: func() *Request {
			r := opportunity(func(d map[string]any) { d["body"] = "![Una foto](/img/nuova-foto.jpg)\n" })
			r.Media = []string{"/img/nuova-foto.jpg"}
			return r
		}(), url: "/opportunita/bando-prova-anteprima-2027/", in: []string{`<img src="/img/nuova-foto.jpg" alt="Una foto"`}},
		{name: "image nowhere", req: opportunity(func(d map[string]any) { d["body"] = "![Una foto](/img/nuova-foto.jpg)\n" }),
			url: "/opportunita/bando-prova-anteprima-2027/", codes: []string{"B202"}, where: []string{"Testo, riga 1"}},
		{name: "an existing page keeps its file", req: &Request{Collection: "opportunita", Path: "content/opportunita/estate-in-rete-2025.md",
			Slug: "estate-in-rete-2025", Data: map[string]any{"title": "Estate in rete", "date": "2025-01-10", "ente": "Comune",
				"deadline": "2025-05-01", "body": "Testo."}},
			url: "/opportunita/estate-in-rete-2025/", in: []string{"stato-scaduta"}},
		{name: "a cantiere shows as its hub", req: &Request{Collection: "cantieri", Path: "content/cantieri/ferrara.md",
			Data: map[string]any{"title": "Ferrara nuova", "date": "2025-01-10", "body": "Il cantiere."}},
			url: "/cantieri/ferrara/", in: []string{"<h1>Ferrara nuova</h1>"}},
		{name: "renaming a cantiere breaks the pages that name it", req: &Request{Collection: "cantieri", Path: "content/cantieri/ferrara.md",
			Data: map[string]any{"title": "Ferrara", "date": "2025-01-10", "avanzate": map[string]any{"slug": "ferrara-2"}, "body": "Il cantiere."}},
			url: "/cantieri/ferrara-2/", codes: strings.Fields(strings.Repeat("B112 ", 29))},
		{name: "unknown field", req: opportunity(func(d map[string]any) { d["scadenza"] = "2026-12-01" }),
			url: "/opportunita/bando-prova-anteprima-2027/", codes: []string{"B108"}, where: []string{"scadenza"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp, err := s.Preview(c.req, testNow)
			if err != nil {
				t.Fatal(err)
			}
			if resp.URL != c.url {
				t.Errorf("url %s, want %s", resp.URL, c.url)
			}
			for _, want := range c.in {
				if !strings.Contains(resp.HTML, want) {
					t.Errorf("the page lacks %q", want)
				}
			}
			for _, bad := range c.out {
				if strings.Contains(resp.HTML, bad) {
					t.Errorf("the page holds %q", bad)
				}
			}
			var codes, where []string
			for _, d := range resp.Diagnostics {
				codes = append(codes, d.Code)
				where = append(where, d.Where)
			}
			if strings.Join(codes, " ") != strings.Join(c.codes, " ") {
				t.Fatalf("codes %v, want %v: %+v", codes, c.codes, resp.Diagnostics)
			}
			if c.where != nil && strings.Join(where, "|") != strings.Join(c.where, "|") {
				t.Errorf("where %q, want %q", where, c.where)
			}
			if c.fix != "" && !strings.HasPrefix(resp.Diagnostics[0].Fix, c.fix) {
				t.Errorf("fix %q, want %q", resp.Diagnostics[0].Fix, c.fix)
			}
			for _, d := range resp.Diagnostics {
				if d.Message == "" || d.Location == "" || d.Title == "" || d.Fix == "" {
					t.Errorf("incomplete: %+v", d)
				}
			}
			if len(c.codes) > 0 && resp.Summary == "0 errori, 0 avvisi" {
				t.Errorf("summary %q", resp.Summary)
			}
		})
	}
}

// TestPreviewIsTheBuiltPage: previewing an unchanged page of the content
// gives the very file the build writes for it, page after page.
func TestPreviewIsTheBuiltPage(t *testing.T) {
	out := &render.MemOutput{}
	res, err := pipeline.Run(pipeline.Config{Root: root, Output: out, Drafts: true, Now: testNow})
	if err != nil || res.Diags.HasErrors() {
		t.Fatal(err, res.Diags.All())
	}
	files := out.Files()
	s := FromBuild(res)
	for _, p := range res.Site.Pages {
		src, err := readSource(project.Dir(root, ""), p.File)
		if err != nil {
			t.Fatal(err)
		}
		got := s.Render(p.File, src, testNow)
		if len(got.Diags) > 0 {
			t.Errorf("%s: %v", p.File, got.Diags)
		}
		want := files[strings.TrimPrefix(p.URL, "/")+"index.html"]
		if !bytes.Equal(got.HTML, want) {
			t.Errorf("%s: the preview differs from the built page", p.File)
		}
	}
}

// TestHandler: what the panel's requests get, and what anything else gets.
func TestHandler(t *testing.T) {
	s := sampleSite(t)
	h := &Handler{Site: func() *Site { return s }, Now: func() time.Time { return testNow }}
	body, _ := json.Marshal(opportunity(nil))
	cases := []struct {
		name, method, ctype string
		body                []byte
		site                *Site
		status              int
		want                string
	}{
		{"preview", http.MethodPost, "application/json", body, s, 200, `"html":"\u003c!DOCTYPE html\u003e`},
		{"get", http.MethodGet, "", nil, s, 405, "solo a richieste POST"},
		{"form", http.MethodPost, "application/x-www-form-urlencoded", []byte("a=b"), s, 415, "solo JSON"},
		{"bad JSON", http.MethodPost, "application/json", []byte("{"), s, 400, "richiesta non valida"},
		{"unknown section", http.MethodPost, "application/json", []byte(`{"collection":"nessuna","data":{}}`), s, 400, "la sezione «nessuna» non esiste"},
		{"too large", http.MethodPost, "application/json", bytes.Repeat([]byte(" "), maxRequest+10), s, 413, "troppo grande"},
		{"no site yet", http.MethodPost, "application/json", body, nil, 503, "non è ancora pronta"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			site := c.site
			h.Site = func() *Site { return site }
			req := httptest.NewRequest(c.method, APIPath, bytes.NewReader(c.body))
			if c.ctype != "" {
				req.Header.Set("Content-Type", c.ctype)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != c.status || !strings.Contains(rec.Body.String(), c.want) {
				t.Errorf("%d %s, want %d with %q", rec.Code, rec.Body.String()[:min(200, rec.Body.Len())], c.status, c.want)
			}
			if ct := rec.Header().Get("Content-Type"); ct != "application/json; charset=utf-8" {
				t.Errorf("Content-Type %q", ct)
			}
			if rec.Header().Get("X-Content-Type-Options") != "nosniff" || !strings.Contains(rec.Header().Get("Content-Security-Policy"), "sandbox") {
				t.Errorf("headers %v", rec.Header())
			}
		})
	}
}

// TestBundle: the site a bundle carries previews every page of the content
// as the build wrote it, fingerprinted stylesheet included, and a bundle
// that was never written says so.
func TestBundle(t *testing.T) {
	out := &render.MemOutput{}
	res, err := pipeline.Run(pipeline.Config{Root: root, Output: out, Now: testNow, Fingerprint: true})
	if err != nil || res.Diags.HasErrors() {
		t.Fatal(err, res.Diags.All())
	}
	dir := filepath.Join(t.TempDir(), "bundle")
	if err := WriteBundle(dir, project.Dir(root, ""), res); err != nil {
		t.Fatal(err)
	}
	// Written twice: the second replaces the first.
	if err := WriteBundle(dir, project.Dir(root, ""), res); err != nil {
		t.Fatal(err)
	}
	s, err := LoadBundle(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	if s.Pages() != len(res.Site.Pages) {
		t.Errorf("%d pages, want %d", s.Pages(), len(res.Site.Pages))
	}
	files := out.Files()
	for _, p := range res.Site.Pages {
		src, err := readSource(project.Dir(root, ""), p.File)
		if err != nil {
			t.Fatal(err)
		}
		got := s.Render(p.File, src, testNow)
		if len(got.Diags) > 0 {
			t.Errorf("%s: %v", p.File, got.Diags)
		}
		if want := files[strings.TrimPrefix(p.URL, "/")+"index.html"]; !bytes.Equal(got.HTML, want) {
			t.Errorf("%s: the preview differs from the built page", p.File)
		}
	}
	if !strings.Contains(string(files["index.html"]), `href="/css/main.`) {
		t.Error("the build did not fingerprint the stylesheet")
	}
	if _, err := LoadBundle(os.DirFS(t.TempDir())); err != ErrNoBundle {
		t.Errorf("empty bundle: %v", err)
	}
}
