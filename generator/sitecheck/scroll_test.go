package sitecheck

import (
	"context"
	"fmt"
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

// widerJS names the elements that stick out of a screen of width w on the
// right: the page would scroll sideways. An element that scrolls by itself
// (a wide table) takes its content with it, so what is inside one is not
// counted. (On a phone, Chromium zooms a page wider than the screen out
// until it fits: innerWidth is then the page's width, not the screen's.)
const widerJS = `((w) => [...document.querySelectorAll("body *")].filter(e => {
	if (e.getBoundingClientRect().right <= w + 0.5) return false;
	for (let p = e.parentElement; p; p = p.parentElement) {
		if (/auto|scroll|hidden|clip/.test(getComputedStyle(p).overflowX)) return false;
	}
	return true;
}).map(e => e.tagName.toLowerCase() + (e.className ? "." + e.className : "")))`

// TestNarrowScreens visits the pages the quality checks choose in the
// sample site (a page of every kind, Markdown construct and kind of
// element) on the narrowest phones still common, 320 px, and on 360 px,
// JavaScript off: no page may be wider than the screen, so nothing is
// reached only by scrolling sideways.
func TestNarrowScreens(t *testing.T) {
	needChromium(t)
	inv, _, out := surveyed(t, sampleContent())
	srv := httptest.NewServer(Handler(out))
	defer srv.Close()
	ctx, cancel, err := Browser(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer cancel()
	if err := chromedp.Do(ctx, noScript()); err != nil {
		t.Fatal(err)
	}
	for _, width := range []int64{320, phoneWidth} {
		for _, c := range inv.Choose() {
			url := c.Page.URL
			pctx, cancelPage := context.WithTimeout(ctx, 30*time.Second)
			err := chromedp.Do(pctx, Viewport(width, 780), chromedp.Navigate(srv.URL+url))
			var over int
			var wide []string
			if err == nil {
				over, err = chromedp.Run(pctx, chromedp.Evaluate[int](fmt.Sprintf(`document.documentElement.scrollWidth - %d`, width)))
			}
			if err == nil {
				wide, err = chromedp.Run(pctx, chromedp.Evaluate[[]string](fmt.Sprintf("%s(%d)", widerJS, width)))
			}
			cancelPage()
			if err != nil {
				t.Fatalf("%s: %v", url, err)
			}
			if over > 0 || len(wide) > 0 {
				t.Errorf("%s a %d px: la pagina è più larga dello schermo di %d px; escono a destra: %q", url, width, over, wide)
			}
		}
	}
}
