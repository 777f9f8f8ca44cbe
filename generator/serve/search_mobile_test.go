package serve

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"cantiericomuni.it/banca/generator/sitecheck"
)

// phoneLayoutJS measures the search page as a phone shows it: where the
// order, the filter switch and the first result are, and the names of the
// filter groups.
const phoneLayoutJS = `(() => {
	const box = (sel) => { const n = document.querySelector(sel);
		if (!n || !n.getClientRects().length) return null;
		const r = n.getBoundingClientRect(); return {top: r.top + scrollY, bottom: r.bottom + scrollY}; };
	return JSON.stringify({
		first: box("#risultati-voci > li"),
		sort: box("#ricerca-ordine"),
		filters: box("#filtri > summary"),
		group: box("#filtri [data-filtro=sezione] > summary"),
		value: box("#filtri input[name=sezione]"),
		active: [...document.querySelectorAll("#filtri-attivi:not([hidden]) li a")].map((a) =>
			({text: a.textContent.replace(/\s+/g, " ").trim(), href: a.getAttribute("href")})),
		names: [...document.querySelectorAll("#filtri .filtro-nome")].map((n) => n.textContent.trim()),
		overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
	});
})()`

type span struct{ Top, Bottom float64 }

type phoneLayout struct {
	First, Sort, Filters, Group, Value *span
	Active                             []struct{ Text, Href string }
	Names                              []string
	Overflow                           int
}

func measurePhone(t *testing.T, ctx context.Context) phoneLayout {
	t.Helper()
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](phoneLayoutJS))
	if err != nil {
		t.Fatal(err)
	}
	var l phoneLayout
	if err := json.Unmarshal([]byte(out), &l); err != nil {
		t.Fatal(err)
	}
	return l
}

// TestSearchOnPhone opens /cerca/?q=doposcuola on a 360 px phone, with
// JavaScript and without: the order and the filters (the switch, then,
// once open, the groups and their values) come before the first result;
// every group has a name of its own; a filter chosen shows among the
// active filters, as a link that removes it. Screenshots of the first
// screen go to $BANCA_SCREENSHOTS (cerca-360-*.png) when set.
func TestSearchOnPhone(t *testing.T) {
	needChromium(t)
	base := sampleURL(t)
	browser := startBrowser(t)
	shots := os.Getenv("BANCA_SCREENSHOTS")
	for _, js := range []bool{false, true} {
		name := "senza-js"
		if js {
			name = "con-js"
		}
		t.Run(name, func(t *testing.T) {
			tab, cancelTab := chromedp.NewContext(browser)
			defer cancelTab()
			ctx, cancelRun := context.WithTimeout(tab, 30*time.Second)
			defer cancelRun()
			if !js {
				if err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
					_, err := cdp.Call(ctx, t, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
					return err
				})); err != nil {
					t.Fatal(err)
				}
			}
			shot := func(step string) {
				if shots == "" {
					return
				}
				png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(shots, "cerca-360-"+name+"-"+step+".png"), png, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if err := chromedp.Do(ctx, sitecheck.Viewport(360, 740), chromedp.Navigate(base+"/cerca/?q=doposcuola"),
				chromedp.WaitVisible(chromedp.CSS("#risultati-voci > li"))); err != nil {
				t.Fatal(err)
			}
			count, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("risultati-conta").textContent`))
			if err != nil {
				t.Fatal(err)
			}
			l := measurePhone(t, ctx)
			if l.First == nil || l.Sort == nil || l.Filters == nil {
				t.Fatalf("missing on the page: %+v", l)
			}
			if l.Sort.Bottom > l.First.Top || l.Filters.Bottom > l.First.Top {
				t.Errorf("order (%v) or filters (%v) below the first result (%v)", *l.Sort, *l.Filters, *l.First)
			}
			if l.Overflow > 0 {
				t.Errorf("the page is %d px wider than the phone", l.Overflow)
			}
			seen := map[string]bool{}
			for _, n := range l.Names {
				if seen[n] {
					t.Errorf("two filter groups called %q: %q", n, l.Names)
				}
				seen[n] = true
				if strings.ContainsAny(n, "()") {
					t.Errorf("a filter group names its sections in brackets: %q", n)
				}
			}
			for _, want := range []string{"Stato del protocollo o del bisogno", "Stato dell’opportunità o dell’evento", "Tipo"} {
				if !seen[want] {
					t.Errorf("no group %q: %q", want, l.Names)
				}
			}
			shot("1-risultati")

			// Open the filters, then a group: its values are still above
			// the first result.
			if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#filtri > summary"), chromedp.NodeVisible),
				chromedp.Click(chromedp.CSS("#filtri [data-filtro=sezione] > summary"), chromedp.NodeVisible),
				chromedp.WaitVisible(chromedp.CSS(`#filtri input[name=sezione][value=pratiche]`))); err != nil {
				t.Fatal(err)
			}
			l = measurePhone(t, ctx)
			if l.Group == nil || l.Value == nil || l.Value.Bottom > l.First.Top {
				t.Errorf("open filters: group %v, value %v, first result %v", l.Group, l.Value, l.First)
			}
			shot("2-filtri-aperti")

			// Choose a section: applied by the form without JavaScript, at
			// once with it.
			if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#filtri input[name=sezione][value=pratiche]`), chromedp.NodeVisible)); err != nil {
				t.Fatal(err)
			}
			if !js {
				if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(".ricerca-azioni button[type=submit]"), chromedp.NodeVisible)); err != nil {
					t.Fatal(err)
				}
			}
			waitFor(t, ctx, "the filter applied", `location.search.includes("sezione=pratiche") &&
				document.querySelectorAll("#filtri-attivi:not([hidden]) li a").length === 1 &&
				document.getElementById("risultati-conta").textContent !== `+strconv.Quote(count))
			l = measurePhone(t, ctx)
			if len(l.Active) != 1 || l.Active[0].Text != "Togli il filtro Sezione: Buone pratiche×" ||
				strings.Contains(l.Active[0].Href, "sezione=") || !strings.Contains(l.Active[0].Href, "q=doposcuola") {
				t.Errorf("active filters: %+v", l.Active)
			}
			if l.First == nil || l.Sort.Bottom > l.First.Top {
				t.Errorf("after the filter: order %v, first result %v", l.Sort, l.First)
			}
			if js {
				sameAsServer(t, ctx, "doposcuola in pratiche, on a phone")
			}
			shot("3-filtro-attivo")

			// The active filter's link removes it.
			remove := chromedp.Click(chromedp.CSS("#filtri-attivi li a"), chromedp.NodeVisible)
			if js {
				err = chromedp.Do(ctx, remove)
			} else {
				_, err = chromedp.RunResponse(ctx, remove)
			}
			if err != nil {
				t.Fatal(err)
			}
			waitFor(t, ctx, "the filter removed", `!location.search.includes("sezione=") &&
				document.getElementById("filtri-attivi").hidden &&
				document.getElementById("risultati-conta").textContent === `+strconv.Quote(count))
			if !js {
				return
			}
			// Two groups at once, one of them the opportunities' status:
			// the script lists them as the server does.
			if err := chromedp.Do(ctx, openGroup("sezione"), chromedp.Click(chromedp.CSS(`#filtri input[name=sezione][value=opportunita]`), chromedp.NodeVisible)); err != nil {
				t.Fatal(err)
			}
			waitFor(t, ctx, "sezione=opportunita", `location.search.includes("sezione=opportunita") &&
				document.querySelectorAll("#filtri-attivi li a").length === 1`)
			if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`[data-gruppo=aperte] > summary`), chromedp.NodeVisible),
				chromedp.Click(chromedp.CSS(`#filtri input[name=aperte]`), chromedp.NodeVisible)); err != nil {
				t.Fatal(err)
			}
			waitFor(t, ctx, "aperte=si", `location.search.includes("aperte=si") &&
				document.querySelectorAll("#filtri-attivi li a").length === 2`)
			v := sameAsServer(t, ctx, "doposcuola, open opportunities, on a phone")
			if len(v.Active) != 3 || !strings.Contains(v.Active[0], "Stato dell’opportunità o dell’evento: Solo opportunità aperte ed eventi in programma") {
				t.Errorf("active filters: %q", v.Active)
			}
		})
	}
}
