package sitecheck

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"cantiericomuni.it/banca/generator/authoring"
	"cantiericomuni.it/banca/generator/pipeline"
	"cantiericomuni.it/banca/generator/serve"
)

// TestCSP loads pages in Chromium with JavaScript on, with the headers of
// netlify.toml applied as the strictest host would (every matching rule,
// every policy enforced), and requires that the browser reports no
// Content-Security-Policy violation: the home, an opportunity and a
// practice (both with JSON-LD), the search page while the reader types (its
// script and its requests to /api/search), the 404 page, and Decap CMS at
// /admin/ when its bundle is installed (npm ci). A page of the same policy
// with an inline script and a style attribute must report both, or the
// recording would prove nothing.
func TestCSP(t *testing.T) {
	needChromium(t)
	// Decap CMS, as the command line publishes it, when npm ci installed it.
	cms, err := authoring.CMSBundle(os.DirFS(repoRoot))
	if err != nil {
		t.Fatal(err)
	}
	snap, res, err := serve.Build(pipeline.Config{Root: repoRoot, Now: time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC), Extra: cms})
	if err != nil || snap == nil {
		t.Fatalf("anteprima: %v %v", err, res.Diags.All())
	}
	preview := serve.New(snap)
	defer preview.Close()
	rules, err := NetlifyHeaders(filepath.Join(repoRoot, "netlify.toml"))
	if err != nil {
		t.Fatal(err)
	}
	var opportunity, practice string
	for _, p := range res.Site.Pages {
		switch {
		case opportunity == "" && p.Section.Key == "opportunita" && p.Deadline != nil:
			opportunity = p.URL
		case practice == "" && p.Section.Key == "pratiche":
			practice = p.URL
		}
	}
	mux := http.NewServeMux()
	mux.Handle("/", preview)
	mux.HandleFunc("/prova-csp/", func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		preview.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
		meta := regexp.MustCompile(`<meta http-equiv="Content-Security-Policy"[^>]*>`).FindString(rec.Body.String())
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(`<!doctype html><html lang="it"><head>` + meta + `<title>prova</title></head>
<body><p style="color: red">prova</p><script>document.title = "eseguito"</script></body></html>`))
	})
	srv := httptest.NewServer(WithHeaders(rules, mux))
	defer srv.Close()

	ctx, cancel, err := Browser(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer cancel()
	ctx, cancelRun := context.WithTimeout(ctx, 90*time.Second)
	defer cancelRun()
	if err := RecordCSPViolations(ctx); err != nil {
		t.Fatal(err)
	}
	check := func(name, path string, wait chromedp.Action[chromedp.Void]) []string {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+path), wait); err != nil {
			t.Fatalf("%s (%s): %v", name, path, err)
		}
		v, err := CSPViolations(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	ready := chromedp.WaitReady(chromedp.CSS("main"))
	for _, p := range []struct{ name, path string }{{"home", "/"}, {"opportunità", opportunity},
		{"buona pratica", practice}, {"404", "/non-esiste/"}} {
		if v := check(p.name, p.path, ready); len(v) > 0 {
			t.Errorf("%s (%s): violazioni della CSP: %v", p.name, p.path, v)
		}
	}
	// The search page with its script: typing asks /api/search for results.
	typed := chromedp.Steps(chromedp.WaitReady(chromedp.CSS("form.ricerca input[name=q]")),
		chromedp.SendKeys(chromedp.CSS("form.ricerca input[name=q]"), "giovani"),
		chromedp.WaitReady(chromedp.CSS("#risultati-voci .voce mark")))
	if v := check("ricerca", "/cerca/", typed); len(v) > 0 {
		t.Errorf("ricerca: violazioni della CSP: %v", v)
	}
	// The control: an inline script and a style attribute are reported
	// (and the script does not run).
	v := check("controllo", "/prova-csp/", chromedp.WaitReady(chromedp.CSS("p")))
	joined := strings.Join(v, "\n")
	if !strings.Contains(joined, "script-src") || !strings.Contains(joined, "style-src") {
		t.Errorf("la pagina di controllo doveva violare script-src e style-src: %v", v)
	}
	if title, _ := chromedp.Run(ctx, chromedp.Title()); title == "eseguito" {
		t.Error("lo script in linea della pagina di controllo è stato eseguito")
	}

	probe := httptest.NewRecorder()
	preview.ServeHTTP(probe, httptest.NewRequest(http.MethodHead, "/admin/decap-cms.js", nil))
	if probe.Code != http.StatusOK {
		t.Log("/admin/ non controllata: decap-cms non è installato (npm ci)")
		return
	}
	// Decap CMS mounts into #nc-root and, without a session, shows its
	// login button, after compiling its configuration's schema (which it
	// cannot do without 'unsafe-eval'). On 127.0.0.1 it also looks for
	// decap-server, the local backend of config.yml (local_backend), at
	// localhost:8081: production, on its own host name, never does, so the
	// policy does not allow it.
	mounted := chromedp.WaitReady(chromedp.CSS("#nc-root button"))
	var bad []string
	for _, x := range check("admin", "/admin/", mounted) {
		if !strings.HasPrefix(x, "connect-src http://localhost:8081/") {
			bad = append(bad, x)
		}
	}
	if len(bad) > 0 {
		t.Errorf("/admin/: violazioni della CSP: %v", bad)
	}
}
