package sitecheck

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// scrollersJS lists the elements of the page that scroll (their content is
// wider or taller than they are, and they let it scroll) and that a
// keyboard cannot reach: neither they nor anything inside them takes focus.
// It is axe-core's rule scrollable-region-focusable (WCAG 2.1.1), without
// axe.
const scrollersJS = `[...document.querySelectorAll("body *")].filter(e => {
	const s = getComputedStyle(e);
	return (e.scrollWidth > e.clientWidth && /auto|scroll/.test(s.overflowX)) ||
		(e.scrollHeight > e.clientHeight && /auto|scroll/.test(s.overflowY));
}).filter(e => e.tabIndex < 0 &&
	!e.querySelector("a[href], button, input, select, textarea, [tabindex]:not([tabindex='-1'])")
).map(e => e.tagName.toLowerCase() + (e.className ? "." + e.className : ""))`

// TestScrollableRegionsFocusable visits the pages the quality checks choose
// in the sample site (a page of every kind, Markdown construct and kind of
// element) on a 360 px phone, and requires that whatever scrolls there can
// be scrolled from the keyboard: a wide table in a page's text scrolls
// sideways on a phone.
func TestScrollableRegionsFocusable(t *testing.T) {
	needChromium(t)
	inv, _, out := surveyed(t, sampleContent())
	srv := httptest.NewServer(Handler(out))
	defer srv.Close()
	ctx, cancel, err := Browser(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer cancel()
	for _, c := range inv.Choose() {
		url := c.Page.URL
		pctx, cancelPage := context.WithTimeout(ctx, 30*time.Second)
		err := chromedp.Do(pctx, Viewport(360, 780), chromedp.Navigate(srv.URL+url))
		var bad []string
		if err == nil {
			bad, err = chromedp.Run(pctx, chromedp.Evaluate[[]string](scrollersJS))
		}
		cancelPage()
		if err != nil {
			t.Fatalf("%s: %v", url, err)
		}
		for _, b := range bad {
			t.Errorf("%s a 360 px: %s scorre, ma la tastiera non ci arriva", url, b)
		}
	}
}
