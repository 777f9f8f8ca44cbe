package sitecheck

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// phoneWidth is the narrowest screen the site is designed for.
const phoneWidth = 360

// navLink is what the browser reports of one link of the section bar.
type navLink struct {
	Text, Href, Current          string
	Left, Right, Top, Bottom     float64
	Visible, OnTop, FocusOutline bool
}

// TestPhoneNavigation loads pages of the sample site in Chromium at 360 px,
// JavaScript off, and requires that every link of the section bar is on
// screen without scrolling sideways (inside the viewport, not covered,
// not hidden), that the page itself is not wider than the screen, that the
// bar marks where the reader is (aria-current) and that keyboard focus on
// its links is visible.
func TestPhoneNavigation(t *testing.T) {
	needChromium(t)
	srv := httptest.NewServer(Handler(sampleSite(t)))
	defer srv.Close()
	ctx := phone(t)
	for _, c := range []struct {
		path, current, value string
	}{
		{"/", "", ""},
		{"/opportunita/", "/opportunita/", "page"},
		{"/opportunita/bando-giovani-protagonisti-2027/", "/opportunita/", "true"},
		{"/cantieri/ferrara/", "/cantieri/", "true"},
		{"/argomenti/scuola/", "", ""},
		{"/cerca/", "/cerca/", "page"},
	} {
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+c.path)); err != nil {
			t.Fatalf("%s: %v", c.path, err)
		}
		links := navLinks(t, ctx)
		if len(links) < 6 {
			t.Fatalf("%s: %d link nella barra delle sezioni, ne voglio almeno 6", c.path, len(links))
		}
		for _, l := range links {
			switch {
			case !l.Visible:
				t.Errorf("%s: «%s» non si vede", c.path, l.Text)
			case l.Left < 0 || l.Right > phoneWidth:
				t.Errorf("%s: «%s» è fuori dallo schermo (da %.0f a %.0f px, schermo di %d)", c.path, l.Text, l.Left, l.Right, phoneWidth)
			case !l.OnTop:
				t.Errorf("%s: «%s» è coperto da un altro elemento", c.path, l.Text)
			}
			want := ""
			if l.Href == c.current {
				want = c.value
			}
			if l.Current != want {
				t.Errorf("%s: «%s» ha aria-current=%q, voglio %q", c.path, l.Text, l.Current, want)
			}
		}
		overflow, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth - document.documentElement.clientWidth`))
		if overflow > 0 {
			t.Errorf("%s: la pagina è più larga dello schermo di %d px", c.path, overflow)
		}
	}
	// Keyboard: Tab through the bar; every link must show its focus.
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/opportunita/")); err != nil {
		t.Fatal(err)
	}
	focused := map[string]bool{}
	for range 20 {
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
			t.Fatal(err)
		}
		var l navLink
		raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => {
			const a = document.activeElement;
			if (!a.closest(".sezioni")) return "{}";
			const s = getComputedStyle(a), r = a.getBoundingClientRect();
			return JSON.stringify({Text: a.textContent.trim(), Left: r.left, Right: r.right, Top: r.top, Bottom: r.bottom,
				FocusOutline: a.matches(":focus-visible") && s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2});
		})()`))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(raw), &l); err != nil {
			t.Fatal(err)
		}
		if l.Text == "" {
			continue
		}
		focused[l.Text] = true
		if !l.FocusOutline {
			t.Errorf("«%s» ha il fuoco senza un contorno visibile", l.Text)
		}
		if l.Left < 0 || l.Right > phoneWidth || l.Top < 0 {
			t.Errorf("«%s» ha il fuoco fuori dallo schermo", l.Text)
		}
	}
	if len(focused) < 6 {
		t.Errorf("con il tasto Tab il fuoco passa solo da %d link delle sezioni: %v", len(focused), focused)
	}
}

// navLinks reads the links of the section bar, as the reader sees them.
func navLinks(t *testing.T, ctx context.Context) []navLink {
	t.Helper()
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.stringify([...document.querySelectorAll("nav.sezioni a")].map(a => {
		const r = a.getBoundingClientRect(), s = getComputedStyle(a);
		const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1), y = r.top + r.height / 2;
		const hit = document.elementFromPoint(x, y);
		return {Text: a.textContent.trim(), Href: a.getAttribute("href"), Current: a.getAttribute("aria-current") || "",
			Left: r.left, Right: r.right, Top: r.top, Bottom: r.bottom,
			Visible: r.width > 0 && r.height > 0 && s.visibility === "visible" && a.checkVisibility(),
			OnTop: hit !== null && (hit === a || a.contains(hit))};
	}))`))
	if err != nil {
		t.Fatal(err)
	}
	var links []navLink
	if err := json.Unmarshal([]byte(raw), &links); err != nil {
		t.Fatal(err)
	}
	return links
}

// listed is one card of a list, as the browser shows it.
type listed struct {
	Title, Status, Deadline string
}

// TestPhoneOpportunities opens /opportunita/ at 360 px and requires the
// order a reader choosing an opportunity needs: the open ones first, the
// nearest deadline first, then those without deadline (a sportello), then
// the expired ones, the most recently expired first. It also measures the
// home page, which must tell what the bank is and offer its ways in
// within a short scroll.
func TestPhoneOpportunities(t *testing.T) {
	needChromium(t)
	srv := httptest.NewServer(Handler(sampleSite(t)))
	defer srv.Close()
	ctx := phone(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/opportunita/")); err != nil {
		t.Fatal(err)
	}
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.stringify([...document.querySelectorAll("main ul.voci > li.voce")].map(li => {
		const badge = li.querySelector(".stato");
		const when = [...li.querySelectorAll("time[datetime]")].find(t => t.parentElement.textContent.trim().startsWith("Scadenza"));
		return {Title: li.querySelector(".voce-titolo").textContent.trim(),
			Status: badge ? (badge.className.match(/stato-([a-z-]+)/) || [])[1] || "" : "",
			Deadline: when ? when.getAttribute("datetime") : ""};
	}))`))
	if err != nil {
		t.Fatal(err)
	}
	var items []listed
	if err := json.Unmarshal([]byte(raw), &items); err != nil {
		t.Fatal(err)
	}
	if len(items) < 10 {
		t.Fatalf("solo %d opportunità nella prima pagina di /opportunita/", len(items))
	}
	group := func(it listed) int {
		switch it.Status {
		case "aperta", "in-scadenza":
			return 0
		case "a-sportello":
			return 1
		}
		return 2
	}
	groups := map[int]int{}
	for i, it := range items {
		groups[group(it)]++
		if i == 0 {
			continue
		}
		prev := items[i-1]
		gp, gi := group(prev), group(it)
		switch {
		case gi < gp:
			t.Errorf("«%s» (%s) viene dopo «%s» (%s)", it.Title, it.Status, prev.Title, prev.Status)
		case gi == gp && gi == 0 && closes(t, it.Deadline).Before(closes(t, prev.Deadline)):
			t.Errorf("«%s» scade il %s, prima di «%s» (%s) che la precede", it.Title, it.Deadline, prev.Title, prev.Deadline)
		case gi == gp && gi == 2 && closes(t, it.Deadline).After(closes(t, prev.Deadline)):
			t.Errorf("scadute: «%s» (%s) è scaduta dopo «%s» (%s) che la precede", it.Title, it.Deadline, prev.Title, prev.Deadline)
		}
	}
	if groups[0] == 0 || groups[1] == 0 || groups[2] == 0 {
		t.Errorf("il campione deve avere opportunità aperte, a sportello e scadute: %v", groups)
	}

	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/")); err != nil {
		t.Fatal(err)
	}
	height, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollHeight`))
	if err != nil {
		t.Fatal(err)
	}
	// Before the home was redesigned it was 10,608 px tall (ten full
	// cards first); the goal is well under half.
	t.Logf("home a %d px: alta %d px", phoneWidth, height)
	if height > 4500 {
		t.Errorf("la home a %d px è alta %d px: deve restare sotto i 4.500", phoneWidth, height)
	}
}

// closes reads the datetime of a deadline as the instant the opportunity
// closes: a bare date lasts until the end of that day in Rome.
func closes(t *testing.T, iso string) time.Time {
	t.Helper()
	rome, err := time.LoadLocation("Europe/Rome")
	if err != nil {
		t.Fatal(err)
	}
	if d, err := time.ParseInLocation(time.DateOnly, iso, rome); err == nil {
		return d.AddDate(0, 0, 1)
	}
	d, err := time.Parse("2006-01-02T15:04-07:00", iso)
	if err != nil {
		t.Fatalf("scadenza %q: %v", iso, err)
	}
	return d
}

// phone starts Chromium with JavaScript off and a 360 px wide phone screen.
func phone(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel, err := Browser(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cancel)
	ctx, cancelRun := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(cancelRun)
	if err := chromedp.Do(ctx, noScript(), Viewport(phoneWidth, 780)); err != nil {
		t.Fatal(err)
	}
	return ctx
}

// noScript turns JavaScript off in the tab: every page must work without.
func noScript() chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	})
}
