package serve

import (
	"context"
	"encoding/json"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"cantiericomuni.it/banca/generator/sitecheck"
)

// needChromium skips the test when Debian's Chromium is missing, except
// in CI (CI set), where a missing browser is a failure.
func needChromium(t *testing.T) {
	t.Helper()
	if sitecheck.HaveChromium() {
		return
	}
	if os.Getenv("CI") != "" {
		t.Fatal(sitecheck.ChromiumPath + " manca: .ci/run installa il pacchetto chromium")
	}
	t.Skip(sitecheck.ChromiumPath + " manca: installa il pacchetto Debian chromium per i test nel browser")
}

// startBrowser starts headless Chromium for the test; the browser closes
// when the test ends.
func startBrowser(t *testing.T) context.Context {
	t.Helper()
	browser, cancel, err := sitecheck.Browser(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cancel)
	return browser
}

// inBrowser starts headless Chromium for the test and returns its first
// tab, which gives up after d.
func inBrowser(t *testing.T, d time.Duration) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(startBrowser(t), d)
	t.Cleanup(cancel)
	return ctx
}

// canonJS reads what a reader sees of a search page, as JSON: the count
// sentence, the hits (link, text, the meta line's and the snippet's
// markup), the pager, the filter counts on show, the number of values
// chosen and the active filters. It runs on the live
// page and on the page the server renders for the same address, so the
// script's rendering can be compared with the server's.
const canonJS = `(doc) => {
	const clean = (s) => s.replace(/\s+/g, " ").trim();
	const html = (n) => n ? clean(n.innerHTML.replace(/>\s+</g, "><")) : "";
	return JSON.stringify({
		count: clean(doc.getElementById("risultati-conta").textContent),
		hits: [...doc.querySelectorAll("#risultati-voci > li")].map((li) => ({
			href: li.querySelector("a").getAttribute("href"),
			text: clean(li.textContent),
			meta: html(li.querySelector(".voce-meta")),
			snippet: html(li.querySelector(".voce-sommario")),
		})),
		pager: clean((doc.querySelector("nav.paginazione") || {textContent: ""}).textContent),
		counts: Object.fromEntries([...doc.querySelectorAll("[data-conta]")]
			.filter((s) => !s.closest("[hidden]"))
			.map((s) => [s.dataset.conta, s.textContent])),
		chosen: clean([...doc.querySelectorAll("#filtri-quanti, .filtro-scelti")]
			.filter((s) => !s.closest("[hidden]")).map((s) => s.textContent).join("|")),
		active: [...doc.querySelectorAll("#filtri-attivi:not([hidden]) a")].map((a) => {
			const u = new URL(a.getAttribute("href"), "http://x");
			return clean(a.textContent) + " → " + u.pathname + "?" + [...u.searchParams].map(([k, v]) => k + "=" + v).sort().join("&");
		}),
	});
}`

// pageView is what canonJS reads.
type pageView struct {
	Count  string
	Hits   []struct{ Href, Text, Meta, Snippet string }
	Pager  string
	Counts map[string]string
	// Chosen is how many values are chosen, in all and in each group;
	// Active the active filters with the search each link leads to.
	Chosen string
	Active []string
}

// view reads the live page.
func view(t *testing.T, ctx context.Context) pageView {
	t.Helper()
	return decodeView(t, ctx, `(`+canonJS+`)(document)`, false)
}

// serverView reads the page the server renders for the live page's
// address.
func serverView(t *testing.T, ctx context.Context) pageView {
	t.Helper()
	return decodeView(t, ctx, `fetch(location.href, {headers: {Accept: "text/html"}}).then((r) => r.text())
		.then((t) => (`+canonJS+`)(new DOMParser().parseFromString(t, "text/html")))`, true)
}

func decodeView(t *testing.T, ctx context.Context, expr string, await bool) pageView {
	t.Helper()
	var opts []chromedp.EvaluateOption
	if await {
		opts = append(opts, chromedp.EvalAwaitPromise)
	}
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr, opts...))
	if err != nil {
		t.Fatal(err)
	}
	var v pageView
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// waitFor waits until the JavaScript condition holds.
func waitFor(t *testing.T, ctx context.Context, what, cond string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](cond, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		loc, _ := chromedp.Run(ctx, chromedp.Location())
		t.Fatalf("%s: %v (the browser is on %s)", what, err, loc)
	}
}

// openGroup opens the filter panel, if it is folded (on a phone), and the
// group of key, as a reader does: by their titles.
func openGroup(key string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		folded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const s = document.querySelector("#filtri > summary");
			return !document.getElementById("filtri").open && s.getClientRects().length > 0 })()`))
		if err != nil {
			return err
		}
		if folded {
			if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#filtri > summary"), chromedp.NodeVisible)); err != nil {
				return err
			}
		}
		group := `#filtri [data-filtro="` + key + `"]`
		open, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector(`+strconv.Quote(group)+`).open`))
		if err != nil || open {
			return err
		}
		return chromedp.Do(ctx, chromedp.Click(chromedp.CSS(group+" > summary"), chromedp.NodeVisible))
	})
}

// sameAsServer checks that the script shows what the server renders for
// the same address.
func sameAsServer(t *testing.T, ctx context.Context, step string) pageView {
	t.Helper()
	got, want := view(t, ctx), serverView(t, ctx)
	if !reflect.DeepEqual(got, want) {
		g, _ := json.MarshalIndent(got, "", "  ")
		w, _ := json.MarshalIndent(want, "", "  ")
		t.Errorf("%s: the script shows\n%s\nthe server renders\n%s", step, g, w)
	}
	return got
}

// TestSearchPageInBrowser drives the search page in Chromium against the
// preview: results follow typing without a page load, a filter changes
// results and counts, the back button restores the previous search, and
// with JavaScript off the form still searches.
func TestSearchPageInBrowser(t *testing.T) {
	needChromium(t)
	base := sampleURL(t)
	ctx := inBrowser(t, 25*time.Second)

	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/cerca/"), chromedp.WaitVisible(chromedp.CSS("#ricerca-q"))); err != nil {
		t.Fatal(err)
	}
	// A page load would lose this mark.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.stessaPagina = true`)); err != nil {
		t.Fatal(err)
	}
	samePage := `window.stessaPagina === true`

	// Typing shows results and puts the words in the address.
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS("#ricerca-q"), "bando")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "results while typing", samePage+` && location.search.includes("q=bando") &&
		document.getElementById("risultati-conta").textContent.includes("«bando»")`)
	typed := sameAsServer(t, ctx, "bando")
	if !strings.Contains(typed.Count, "per «bando»") || len(typed.Hits) == 0 {
		t.Fatalf("bando: %+v", typed)
	}

	// A filter narrows the results and changes the other groups' counts.
	// (The groups are folded: open the sections' one first.)
	box := `input[name="sezione"][value="pratiche"]`
	if err := chromedp.Do(ctx, openGroup("sezione"), chromedp.Click(chromedp.CSS(box), chromedp.NodeVisible)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "results after a filter", samePage+` && location.search.includes("sezione=pratiche") &&
		document.getElementById("risultati-conta").textContent.trim() !== `+strconv.Quote(typed.Count))
	filtered := sameAsServer(t, ctx, "bando in pratiche")
	if len(filtered.Hits) >= len(typed.Hits) || reflect.DeepEqual(filtered.Counts, typed.Counts) {
		t.Errorf("the filter changed neither results nor counts: %d → %d hits", len(typed.Hits), len(filtered.Hits))
	}

	// Back: the search before the filter, without a page load.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`history.back(), true`)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "back button", samePage+` && !location.search.includes("sezione=") &&
		!document.querySelector(`+strconv.Quote(box)+`).checked &&
		document.getElementById("risultati-conta").textContent.trim() === `+strconv.Quote(typed.Count))
	if back := view(t, ctx); !reflect.DeepEqual(back, typed) {
		t.Errorf("back: the page differs from before the filter")
	}

	// The pager's links are searches too.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/cerca/?q="),
		chromedp.Evaluate[chromedp.Void](`window.stessaPagina = true`),
		chromedp.Click(chromedp.CSS(`nav.paginazione a[rel=next]`), chromedp.NodeVisible)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "next page", samePage+` && location.search.includes("page=2") &&
		document.getElementById("risultati-conta").textContent.includes("pagina 2 di")`)
	paged := sameAsServer(t, ctx, "page 2")

	// When the search does not answer, the reader is told and the results stay.
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`document.getElementById("ricerca").dataset.api = "http://127.0.0.1:1/api/search"`),
		openGroup("sezione"), chromedp.Click(chromedp.CSS(box), chromedp.NodeVisible)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "network error", samePage+` && document.getElementById("risultati-conta").textContent.startsWith("La ricerca non ha risposto")`)
	if v := view(t, ctx); !reflect.DeepEqual(v.Hits, paged.Hits) {
		t.Errorf("a failed search changed the results")
	}

	// Without JavaScript, in a tab of its own, the form still searches.
	tab, cancelTab := chromedp.NewContext(ctx)
	defer cancelTab()
	if err := chromedp.Do(tab, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}), chromedp.Navigate(base+"/cerca/"), chromedp.SendKeys(chromedp.CSS("#ricerca-q"), "giovani")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.RunResponse(tab, chromedp.Click(chromedp.CSS(".ricerca-campo button[type=submit]"), chromedp.NodeVisible)); err != nil {
		t.Fatal(err)
	}
	loc, err := chromedp.Run(tab, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(loc, "/cerca/?q=giovani") {
		t.Fatalf("without JavaScript the form led to %s", loc)
	}
	if v := view(t, tab); !strings.Contains(v.Count, "per «giovani»") || len(v.Hits) == 0 {
		t.Errorf("without JavaScript: %+v", v)
	}
}
