package serve

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestSuggestionInBrowser: a search with a typo the search does not
// forgive («volntraiato», two edits) shows «Forse cercavi» in the live
// region with the count, as the server renders it, as a real link; the
// link is a search of its own, without a page load.
func TestSuggestionInBrowser(t *testing.T) {
	needChromium(t)
	base := sampleURL(t)
	ctx := inBrowser(t, 25*time.Second)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/cerca/"), chromedp.WaitVisible(chromedp.CSS("#ricerca-q")),
		chromedp.Evaluate[chromedp.Void](`window.stessaPagina = true`),
		chromedp.SendKeys(chromedp.CSS("#ricerca-q"), "volntraiato")); err != nil {
		t.Fatal(err)
	}
	samePage := `window.stessaPagina === true`
	link := `document.querySelector('#risultati-conta[role=status][aria-live=polite] .forse-cercavi a[href]')`
	waitFor(t, ctx, "the suggestion", samePage+` && location.search.includes("q=volntraiato") && `+link+` !== null`)
	v := sameAsServer(t, ctx, "volntraiato")
	if !strings.Contains(v.Count, "Nessun risultato per «volntraiato»") || !strings.Contains(v.Count, "Forse cercavi: volontariato?") {
		t.Errorf("count: %q", v.Count)
	}
	href, err := chromedp.Run(ctx, chromedp.Evaluate[string](link+`.getAttribute("href")`))
	if err != nil || href != "/cerca/?q=volontariato" {
		t.Fatalf("link %q, %v", href, err)
	}
	// The link searches the words suggested, on the same page.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#risultati-conta .forse-cercavi a"), chromedp.NodeVisible)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the suggested search", samePage+` && location.search.includes("q=volontariato") &&
		document.getElementById("ricerca-q").value === "volontariato" &&
		document.getElementById("risultati-conta").textContent.includes("per «volontariato»")`)
	after := sameAsServer(t, ctx, "volontariato")
	if len(after.Hits) == 0 || strings.Contains(after.Count, "Forse cercavi") {
		t.Errorf("after the link: %+v", after.Count)
	}
}
