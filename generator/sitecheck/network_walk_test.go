package sitecheck

import (
	"context"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"cantiericomuni.it/banca/generator/pipeline"
	"cantiericomuni.it/banca/generator/serve"
)

// TestNetworkWalk walks the network's pages of the sample site as a
// reader does, with JavaScript off, at 360 and 1280 px: home → a cantiere
// → an organisation working there → a protocol it signed → back to the
// organisation (by its name among the signatories) → the minutes of its
// late action; then the calendar → a
// month → an event → the space it is held in, which lists it. Every page
// passes checkPage (one h1, no sideways scrolling, the skip link).
func TestNetworkWalk(t *testing.T) {
	needChromium(t)
	at := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	snap, res, err := serve.Build(pipeline.Config{Root: repoRoot, Now: at})
	if err != nil || snap == nil {
		t.Fatalf("anteprima: %v %v", err, res.Diags.All())
	}
	preview := serve.New(snap)
	defer preview.Close()
	srv := httptest.NewServer(preview)
	defer srv.Close()
	ctx, cancel, err := Browser(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer cancel()
	ctx, cancelRun := context.WithTimeout(ctx, 60*time.Second)
	defer cancelRun()
	if err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	})); err != nil {
		t.Fatal(err)
	}
	const (
		cantiere = "/cantieri/bologna-navile/"
		ente     = "/enti/comune-di-bologna-quartiere-navile/"
		patto    = "/protocolli/patto-educativo-di-comunita-navile/"
		verbale  = "/verbali/2026-03-10-tavolo-cantiere-navile/"
		evento   = "/eventi/festa-fine-anno-doposcuola-navile/"
		spazio   = "/risorse/sala-polivalente-casa-di-quartiere-navile/"
	)
	for _, width := range []int64{360, 1280} {
		// The month shows a grid on wide screens and a list on phones:
		// the event is followed from the one on screen.
		month := `.cal-lista a[href="` + evento + `"]`
		if width > 600 {
			month = `table.cal-griglia a[href="` + evento + `"]`
		}
		steps := []step{
			{name: "home", path: "/", want: "main"},
			{name: "cantiere", do: click(`main a[href="` + cantiere + `"]`), path: cantiere,
				want: `.rete a[href="` + ente + `"]`},
			{name: "ente", do: click(`main a[href="` + ente + `"]`), path: ente,
				want: `.voci-stato .stato-in-ritardo`},
			{name: "protocollo", do: click(`main .collegati a[href="` + patto + `"]`), path: patto,
				want: `main a[href="` + ente + `"]`},
			{name: "di nuovo l'ente", do: click(`main a[href="` + ente + `"]`), path: ente, want: `.voci-stato`},
			{name: "verbale dell'azione in ritardo", do: click(`.voci-stato tr:has(.stato-in-ritardo) a[href="` + verbale + `"]`),
				path: verbale, want: `main .stato-in-ritardo`},
			{name: "calendario", do: click(`.sezioni a[href="/calendario/"]`), path: "/calendario/", want: `.cal-mesi a[href="/calendario/2026/12/"]`},
			{name: "mese", do: click(`.cal-mesi a[href="/calendario/2026/12/"]`), path: "/calendario/2026/12/", want: month},
			{name: "evento", do: click(month), path: evento, want: `main a[href="` + spazio + `"]`},
			{name: "spazio", do: click(`main a[href="` + spazio + `"]`), path: spazio,
				want: `main .collegati a[href="` + evento + `"]`},
		}
		if err := chromedp.Do(ctx, Viewport(width, 800), chromedp.Navigate(srv.URL+"/")); err != nil {
			t.Fatal(err)
		}
		for _, s := range steps {
			if s.do != nil {
				if err := chromedp.Do(ctx, s.do); err != nil {
					t.Fatalf("%d px, %s: %v", width, s.name, err)
				}
			}
			loc, err := chromedp.Run(ctx, chromedp.Location())
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.TrimPrefix(loc, srv.URL); got != s.path {
				t.Fatalf("%d px, %s: il browser è su %s invece che su %s", width, s.name, got, s.path)
			}
			checkPage(t, ctx, width, s)
			if t.Failed() {
				t.Fatalf("%d px: la passeggiata si ferma a %s (%s)", width, s.name, strconv.Quote(s.want))
			}
		}
	}
}
