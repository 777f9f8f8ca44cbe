package serve

import (
	"context"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// rangesJS reads the date ranges and the orders of a search page: each
// quick choice (its words, link, count, whether it is the current one),
// the hidden field that carries it, the date fields with their values and
// messages, and the orders' links.
const rangesJS = `(doc) => {
	const clean = (s) => s.replace(/\s+/g, " ").trim();
	const href = (a) => {
		const u = new URL(a.getAttribute("href"), "http://x");
		return u.pathname + "?" + [...u.searchParams].map(([k, v]) => k + "=" + v).sort().join("&");
	};
	return JSON.stringify({
		groups: [...doc.querySelectorAll("[data-intervallo]")].map((g) => ({
			key: g.dataset.intervallo,
			choices: [...g.querySelectorAll(".filtro-scelte li")].map((li) => {
				const a = li.querySelector("a");
				return clean(a.textContent) + " → " + href(a) + (a.getAttribute("aria-current") === "true" ? " [current]" : "") +
					" (" + clean((li.querySelector(".filtro-conta") || {textContent: ""}).textContent) + ")";
			}),
			carry: [...g.querySelectorAll("input[type=hidden]")].map((i) => i.name + "=" + i.value),
			fields: [...g.querySelectorAll("input[type=date]")].map((i) => {
				const msg = i.getAttribute("aria-describedby") ? doc.getElementById(i.getAttribute("aria-describedby")) : null;
				const label = doc.querySelector("label[for=\"" + i.id + "\"]");
				return (label ? clean(label.textContent) : "NO LABEL") + ": " + (i.getAttribute("value") === null ? i.value : (i.value || i.getAttribute("value"))) +
					(i.getAttribute("aria-invalid") ? " invalid" : "") + (msg ? " — " + clean(msg.textContent) : "");
			}),
		})),
		orders: [...doc.querySelectorAll("a[data-ordine]")].map((a) => a.dataset.ordine + " → " + href(a) +
			(a.getAttribute("aria-current") === "true" ? " [current]" : "")),
	});
}`

type rangesView struct {
	Groups []struct {
		Key     string
		Choices []string
		Carry   []string
		Fields  []string
	}
	Orders []string
}

func readRanges(t *testing.T, ctx context.Context, server bool) rangesView {
	t.Helper()
	expr := `(` + rangesJS + `)(document)`
	var opts []chromedp.EvaluateOption
	if server {
		expr = `fetch(location.href, {headers: {Accept: "text/html"}}).then((r) => r.text())
			.then((t) => (` + rangesJS + `)(new DOMParser().parseFromString(t, "text/html")))`
		opts = append(opts, chromedp.EvalAwaitPromise)
	}
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr, opts...))
	if err != nil {
		t.Fatal(err)
	}
	var v rangesView
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// sameRanges checks that the script shows the date ranges and orders as
// the server renders them for the same address, and the rest of the page
// too (sameAsServer).
func sameRanges(t *testing.T, ctx context.Context, step string) rangesView {
	t.Helper()
	sameAsServer(t, ctx, step)
	got, want := readRanges(t, ctx, false), readRanges(t, ctx, true)
	if !reflect.DeepEqual(got, want) {
		g, _ := json.MarshalIndent(got, "", "  ")
		w, _ := json.MarshalIndent(want, "", "  ")
		t.Errorf("%s: the script shows\n%s\nthe server renders\n%s", step, g, w)
	}
	return got
}

// openRange opens the group of the date range key, as a reader does.
func openRange(key string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		group := `#filtri [data-intervallo="` + key + `"]`
		open, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector(`+strconv.Quote(group)+`).open`))
		if err != nil || open {
			return err
		}
		return chromedp.Do(ctx, chromedp.Click(chromedp.CSS(group+" > summary"), chromedp.NodeVisible))
	})
}

// setDay types a day into a date field, as the browser's date picker
// sets it, and tells the page.
func setDay(id, day string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](`(() => { const i = document.getElementById(` + strconv.Quote(id) + `);
		i.value = ` + strconv.Quote(day) + `; i.dispatchEvent(new Event("input", {bubbles: true}));
		i.dispatchEvent(new Event("change", {bubbles: true})); })()`)
}

func current(v rangesView, key string) string {
	for _, g := range v.Groups {
		if g.Key == key {
			for _, c := range g.Choices {
				if strings.Contains(c, "[current]") {
					return c
				}
			}
		}
	}
	return ""
}

// TestDateRangesInBrowser: with the script, the date ranges' quick choices
// (links), their date fields and the orders' links search without a page
// load and show what the server renders for the same address (counts,
// current choice, messages about days); back restores the previous
// search; without JavaScript the links and the form do it all.
func TestDateRangesInBrowser(t *testing.T) {
	needChromium(t)
	base := sampleURL(t)
	ctx := inBrowser(t, 40*time.Second)

	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/cerca/?q="), chromedp.WaitVisible(chromedp.CSS("#ricerca-q")),
		chromedp.Evaluate[chromedp.Void](`window.stessaPagina = true`)); err != nil {
		t.Fatal(err)
	}
	samePage := `window.stessaPagina === true && !document.querySelector(".risultati[aria-busy]") && `
	start := sameRanges(t, ctx, "browsing")
	if len(start.Groups) != 2 || len(start.Orders) != 3 || !strings.Contains(start.Orders[0], "[current]") {
		t.Fatalf("ranges and orders: %+v", start)
	}

	// A quick choice of "scade entro".
	if err := chromedp.Do(ctx, openRange("scade_entro"), chromedp.Click(chromedp.CSS(`a[data-scelta="30-giorni"]`), chromedp.NodeVisible)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "a quick choice", samePage+`location.search.includes("scade_entro=30-giorni") &&
		document.querySelector('a[data-scelta="30-giorni"][aria-current]') !== null`)
	quick := sameRanges(t, ctx, "entro 30 giorni")
	if c := current(quick, "scade_entro"); !strings.HasPrefix(c, "entro 30 giorni") {
		t.Errorf("current choice: %q", c)
	}

	// A day typed replaces the quick choice.
	if err := chromedp.Do(ctx, setDay("ricerca-scade-entro", "2027-01-31")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "a day", samePage+`location.search.includes("scade_entro=2027-01-31") && !location.search.includes("30-giorni") &&
		document.querySelector('#filtri-attivi').textContent.includes("31 gennaio 2027")`)
	if v := sameRanges(t, ctx, "entro il 31 gennaio 2027"); current(v, "scade_entro") != "" {
		t.Errorf("a quick choice still current with a day chosen")
	}

	// The events' dates, with the opportunities' range removed by its
	// active filter's link.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#filtri-attivi a`), chromedp.NodeVisible),
		openRange("quando"), chromedp.Click(chromedp.CSS(`a[data-scelta="3-mesi"][href*="quando"]`), chromedp.NodeVisible)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "events' quick choice", samePage+`location.search.includes("quando=3-mesi") && !location.search.includes("scade_entro")`)
	sameRanges(t, ctx, "eventi nei prossimi 3 mesi")

	// Days in the wrong order: the server's message beside the field.
	if err := chromedp.Do(ctx, setDay("ricerca-dal", "2027-01-10"), setDay("ricerca-al", "2027-01-01")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "an error", samePage+`document.getElementById("ricerca-al-errore") !== null &&
		location.search.includes("al=2027-01-01")`)
	wrong := sameRanges(t, ctx, "dal dopo al")
	if f := wrong.Groups[1].Fields; len(f) != 2 || !strings.Contains(f[1], "invalid — La data finale viene prima") {
		t.Errorf("fields: %q", f)
	}

	// An order's link.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`a[data-ordine="date"]`), chromedp.NodeVisible)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "an order", samePage+`location.search.includes("sort=date") &&
		document.querySelector('a[data-ordine="date"][aria-current]') !== null && document.getElementById("ricerca-ordine").value === "date"`)
	sameRanges(t, ctx, "per data")

	// Back: the days in the wrong order again, with their message.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`history.back(), true`)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "back", samePage+`location.search.includes("al=2027-01-01") && !location.search.includes("sort=") &&
		document.querySelector('a[data-ordine="relevance"][aria-current]') !== null && document.getElementById("ricerca-al-errore") !== null`)
	sameRanges(t, ctx, "back")

	// Without JavaScript: the links, then a day in the form.
	tab, cancelTab := chromedp.NewContext(ctx)
	defer cancelTab()
	if err := chromedp.Do(tab, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}), chromedp.Navigate(base+"/cerca/?q=&scade_entro=7-giorni")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.RunResponse(tab, openRange("scade_entro"), chromedp.Click(chromedp.CSS(`a[data-scelta="3-mesi"][href*="scade_entro"]`), chromedp.NodeVisible)); err != nil {
		t.Fatal(err)
	}
	if loc, _ := chromedp.Run(tab, chromedp.Location()); !strings.Contains(loc, "scade_entro=3-mesi") {
		t.Fatalf("without JavaScript the link led to %s", loc)
	}
	if c := current(readRanges(t, tab, false), "scade_entro"); !strings.HasPrefix(c, "entro 3 mesi") {
		t.Errorf("without JavaScript, current: %q", c)
	}
	if err := chromedp.Do(tab, chromedp.SetValue(chromedp.CSS("#ricerca-scade-entro"), "2027-01-31")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.RunResponse(tab, chromedp.Click(chromedp.CSS(".ricerca-azioni button[type=submit]"), chromedp.NodeVisible)); err != nil {
		t.Fatal(err)
	}
	loc, _ := chromedp.Run(tab, chromedp.Location())
	if !strings.Contains(loc, "scade_entro=2027-01-31") {
		t.Fatalf("without JavaScript the form led to %s", loc)
	}
	if v := view(t, tab); len(v.Active) == 0 || !strings.Contains(v.Active[0], "Scadenza: entro il 31 gennaio 2027") {
		t.Errorf("without JavaScript, the day typed: %+v", v.Active)
	}
}
