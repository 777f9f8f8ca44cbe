package serve

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"cantiericomuni.it/banca/generator/sitecheck"
)

// TestLiveReloadInBrowser opens a page of the live preview in Chromium,
// scrolls it, and saves the page's file: the page reloads by itself, shows
// the change and keeps its place. A broken save shows the overlay in
// Italian over the same page; fixing the file takes it away.
func TestLiveReloadInBrowser(t *testing.T) {
	needChromium(t)
	lp := startLive(t)
	ctx := inBrowser(t, 30*time.Second)

	const file = "opportunita/bando-comunita-educanti-2025.md"
	original := lp.read(file)
	// A long page, so that there is somewhere to scroll to.
	long := original + strings.Repeat("\nUn paragrafo per allungare la pagina e poterla scorrere.\n", 80)
	lp.write(file, long)
	page := lp.url + "/opportunita/bando-comunita-educanti-2025/"
	lp.waitUntil("long page", "/opportunita/bando-comunita-educanti-2025/", func(_ int, b string) bool {
		return strings.Count(b, "per allungare la pagina") == 80
	})
	if err := chromedp.Do(ctx, sitecheck.Viewport(360, 740), chromedp.Navigate(page), chromedp.WaitVisible(chromedp.CSS("h1"))); err != nil {
		t.Fatal(err)
	}
	// The event stream is open once the script has run; then scroll.
	waitFor(t, ctx, "script loaded", `document.querySelector('script[data-versione]') !== null`)
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.scrollTo(0, 1200); window.stessaPagina = true`)); err != nil {
		t.Fatal(err)
	}
	// No wait for the event stream: it sends the current version as it
	// opens, and a page that missed a build reloads then.

	lp.write(file, long+"\nFrase nuova vista nel browser.\n")
	waitLoad(t, ctx, "the page reloads with the edit",
		`document.body.innerText.includes("Frase nuova vista nel browser") && window.stessaPagina !== true`)
	waitLoad(t, ctx, "the scroll position is kept", `Math.abs(window.scrollY - 1200) < 40`)

	// A broken save: the overlay appears, the old text stays under it.
	lp.write(file, strings.Replace(long, "deadline: 2025-03-31", "deadline: 2025-02-30", 1))
	waitLoad(t, ctx, "the overlay appears", `(() => {
		const o = document.getElementById("anteprima-errori");
		return o !== null && o.getBoundingClientRect().height > 50 && o.innerText.includes("Come correggere");
	})()`)
	waitLoad(t, ctx, "the last good page stays", `document.body.innerText.includes("Frase nuova vista nel browser")`)
	lp.write(file, original)
	waitLoad(t, ctx, "the overlay goes when the file is fixed",
		`document.getElementById("anteprima-errori") === null && !document.body.innerText.includes("per allungare la pagina")`)
}

// waitLoad waits until cond holds in the page, across the reloads the
// preview makes (an evaluation cut by a navigation is tried again).
func waitLoad(t *testing.T, ctx context.Context, what, cond string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](cond))
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			loc, _ := chromedp.Run(ctx, chromedp.Location())
			t.Fatalf("%s: not after 10 s (last error %v; the browser is on %s)", what, err, loc)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
