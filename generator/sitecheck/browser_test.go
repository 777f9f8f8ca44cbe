package sitecheck

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"cantiericomuni.it/banca/generator/pipeline"
	"cantiericomuni.it/banca/generator/serve"
)

// repoRoot is the project folder, from this package's folder.
const repoRoot = "../.."

// needChromium skips the test when Chromium is missing, except in CI
// (CI set), where a missing browser is a failure.
func needChromium(t *testing.T) {
	t.Helper()
	if HaveChromium() {
		return
	}
	if os.Getenv("CI") != "" {
		t.Fatal(ChromiumPath + " manca: .ci/run installa il pacchetto chromium")
	}
	t.Skip(ChromiumPath + " manca: installa il pacchetto Debian chromium per i test nel browser")
}

// dirOutput writes a build into a folder.
type dirOutput struct {
	root string
	mu   sync.Mutex
}

func (d *dirOutput) WriteFile(name string, data []byte) error {
	p := filepath.Join(d.root, filepath.FromSlash(name))
	d.mu.Lock()
	err := os.MkdirAll(filepath.Dir(p), 0o755)
	d.mu.Unlock()
	if err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}

// sampleSite builds the repository's content into a temporary folder, at
// a fixed instant so that the statuses in the screenshots do not drift.
func sampleSite(t *testing.T) string {
	t.Helper()
	out := t.TempDir()
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	res, err := pipeline.Run(pipeline.Config{Root: repoRoot, Output: &dirOutput{root: out}, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if res.Diags.HasErrors() {
		t.Fatalf("la costruzione del sito di esempio fallisce: %v", res.Diags.All())
	}
	return out
}

// step is one page of the walk: how to get there and what must be on it.
type step struct {
	name string
	// do leads to the page (a click, a form); nil on the first step.
	do   chromedp.Action[chromedp.Void]
	path string // the path the browser must reach (prefix)
	want string // a CSS selector that must be on the page
}

// TestWalk walks home → section → page → term → search → a page of the
// site (from the footer) at 360 and 1280 px
// with JavaScript disabled, as a reader on a phone and one at a desk,
// checking each page and saving a screenshot of it (into $BANCA_SCREENSHOTS
// when set, as docs/screenshots in the README are made).
func TestWalk(t *testing.T) {
	needChromium(t)
	// The preview server: the site and its search, so that the walk ends
	// on a real results page.
	snap, res, err := serve.Build(pipeline.Config{Root: repoRoot, Now: time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)})
	if err != nil || snap == nil {
		t.Fatalf("anteprima: %v %v", err, res.Diags.All())
	}
	preview := serve.New(snap)
	defer preview.Close()
	srv := httptest.NewServer(preview)
	defer srv.Close()
	shots := os.Getenv("BANCA_SCREENSHOTS")
	if shots != "" && !filepath.IsAbs(shots) {
		// Relative to the repository, not to this package's folder.
		shots = filepath.Join(repoRoot, shots)
	}
	if shots == "" {
		shots = t.TempDir()
	} else if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	ctx, cancel, err := Browser(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer cancel()
	ctx, cancelRun := context.WithTimeout(ctx, 40*time.Second)
	defer cancelRun()
	// Everything must work without JavaScript.
	if err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	})); err != nil {
		t.Fatal(err)
	}
	for _, width := range []int64{360, 1280} {
		height := int64(780)
		if width > 600 {
			height = 820
		}
		steps := []step{
			{name: "home", path: "/", want: "form.cerca[role=search] input[name=q]"},
			{name: "sezione", do: click(`.sezioni a[href="/opportunita/"]`), path: "/opportunita/", want: ".filtri a[aria-current=page]"},
			{name: "scheda", do: click(`.voci .voce-titolo a[href^="/opportunita/"]`), path: "/opportunita/", want: ".in-breve .campo-scadenza"},
			{name: "termine", do: click(`.termini dd a`), path: "/", want: ".occhiello a"},
			{name: "cerca", do: chromedp.Steps(click(`.sezioni a[href="/cerca/"]`),
				chromedp.SendKeys(chromedp.CSS(`form.ricerca input[name=q]`), "giovani"), submit(`form.ricerca`)), path: "/cerca/", want: "#risultati-voci .voce mark"},
			// A page of the site itself, from the footer's links.
			{name: "pagina", do: click(`.piede-sito a[href="/accessibilita/"]`), path: "/accessibilita/", want: `.piede-sito a[aria-current=page]`},
		}
		if err := chromedp.Do(ctx, Viewport(width, height), chromedp.Navigate(srv.URL+"/")); err != nil {
			t.Fatal(err)
		}
		for i, s := range steps {
			if s.do != nil {
				if err := chromedp.Do(ctx, s.do); err != nil {
					t.Fatalf("%d px, %s: %v", width, s.name, err)
				}
			}
			loc, err := chromedp.Run(ctx, chromedp.Location())
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(strings.TrimPrefix(loc, srv.URL), s.path) {
				t.Fatalf("%d px, %s: il browser è su %s invece che sotto %s", width, s.name, loc, s.path)
			}
			if s.name == "cerca" && !strings.Contains(loc, "q=giovani") {
				t.Errorf("%d px: la ricerca non porta la domanda nell'indirizzo: %s", width, loc)
			}
			checkPage(t, ctx, width, s)
			png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
			if err != nil {
				t.Fatal(err)
			}
			name := strconv.FormatInt(width, 10) + "-" + strconv.Itoa(i+1) + "-" + s.name + ".png"
			if err := os.WriteFile(filepath.Join(shots, name), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// checkPage checks what every page must offer: the selector of the step, one
// h1, no horizontal scrolling, and a skip link that shows on the first Tab.
func checkPage(t *testing.T, ctx context.Context, width int64, s step) {
	t.Helper()
	where := strconv.FormatInt(width, 10) + " px, " + s.name
	if err := chromedp.Do(ctx, chromedp.WaitReady(chromedp.CSS(s.want))); err != nil {
		t.Errorf("%s: manca %s: %v", where, s.want, err)
	}
	var facts struct {
		H1, Overflow int
		Lang         string
	}
	facts.H1, _ = chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("h1").length`))
	facts.Overflow, _ = chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth - document.documentElement.clientWidth`))
	facts.Lang, _ = chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.lang`))
	if facts.H1 != 1 {
		t.Errorf("%s: %d titoli h1", where, facts.H1)
	}
	if facts.Overflow > 0 {
		t.Errorf("%s: la pagina è più larga dello schermo di %d px", where, facts.Overflow)
	}
	if facts.Lang != "it" {
		t.Errorf("%s: lang=%q", where, facts.Lang)
	}
	// The first Tab lands on the skip link, which must then be on screen.
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
		t.Fatal(err)
	}
	skip, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const a = document.activeElement;
		return a.classList.contains("salta") && a.getBoundingClientRect().top >= 0 })()`))
	if !skip {
		t.Errorf("%s: il primo Tab non mostra il link «Vai al contenuto»", where)
	}
	// Back to the top without focus, for the screenshot.
	_, _ = chromedp.Run(ctx, chromedp.Evaluate[bool](`document.activeElement.blur(); window.scrollTo(0, 0); true`))
}

// click follows a link and waits for the next page.
func click(sel string) chromedp.Action[chromedp.Void] {
	return waitNav(chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
}

// submit submits a form and waits for the next page.
func submit(sel string) chromedp.Action[chromedp.Void] {
	return waitNav(chromedp.Submit(chromedp.CSS(sel)))
}

// waitNav runs a that starts a navigation and waits until the new page has
// loaded.
func waitNav(a chromedp.Action[chromedp.Void]) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.RunResponse(ctx, a)
		return err
	})
}
