package sitecheck

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// ChromiumPath is Debian's Chromium, the only browser the checks use:
// nothing is ever downloaded.
const ChromiumPath = "/usr/bin/chromium"

// HaveChromium reports whether the browser is installed.
func HaveChromium() bool {
	st, err := os.Stat(ChromiumPath)
	return err == nil && !st.IsDir()
}

// Browser starts headless Chromium with a fresh profile in userDataDir
// (which the caller creates and removes) and returns a chromedp context for
// its first tab; cancel stops the browser. The flags are those the project
// uses everywhere: no sandbox (CI runs as root), no GPU, no background
// traffic, no component updates, no first-run or sync.
func Browser(parent context.Context, userDataDir string) (context.Context, context.CancelFunc, error) {
	if !HaveChromium() {
		return nil, nil, errors.New("manca " + ChromiumPath + ": installa il pacchetto Debian chromium")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(ChromiumPath),
		chromedp.UserDataDir(userDataDir),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("mute-audio", true),
		chromedp.Flag("force-color-profile", "srgb"),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(parent, opts...)
	ctx, cancelTab := chromedp.NewContext(actx)
	// The first Run starts the browser; it must not carry a timeout.
	if err := chromedp.Do(ctx); err != nil {
		cancelTab()
		cancelAlloc()
		return nil, nil, fmt.Errorf("avvio di Chromium: %w", err)
	}
	return ctx, func() { cancelTab(); cancelAlloc() }, nil
}

// Viewport sets the width of the page (height as given) as a phone (mobile,
// touch) when width is under 600 px, as a desktop otherwise.
func Viewport(width, height int64) chromedp.Action[chromedp.Void] {
	if width < 600 {
		return chromedp.EmulateViewport(width, height, chromedp.EmulateMobile, chromedp.EmulateTouch)
	}
	return chromedp.EmulateViewport(width, height)
}

// ColorScheme makes the page see prefers-color-scheme as "light" or
// "dark".
func ColorScheme(scheme string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
		})
		return err
	})
}

// AxeResult is the part of axe-core's results the checks read.
type AxeResult struct {
	Violations []AxeViolation `json:"violations"`
	Passes     []struct {
		ID string `json:"id"`
	} `json:"passes"`
}

// AxeViolation is one failed axe-core rule with the elements that fail it.
type AxeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  []any  `json:"target"`
		Summary string `json:"failureSummary"`
	} `json:"nodes"`
}

// String names the rule and the elements that fail it.
func (v AxeViolation) String() string {
	s := v.ID + " (" + v.Impact + "): " + v.Help
	for _, n := range v.Nodes {
		s += fmt.Sprintf("\n    %v", n.Target)
	}
	return s
}

// AxeTags are the rule sets checked: WCAG 2.0 and 2.1, levels A and AA.
var AxeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}

// RunAxe injects axe-core (the source of axe.min.js) into the page loaded
// in ctx and runs the WCAG 2.1 A and AA rules on the whole document.
func RunAxe(ctx context.Context, axeSource string) (*AxeResult, error) {
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[any](axeSource+";void 0")); err != nil {
		return nil, fmt.Errorf("caricamento di axe-core: %w", err)
	}
	tags, _ := json.Marshal(AxeTags)
	expr := `axe.run(document, {runOnly: {type: "tag", values: ` + string(tags) + `}, resultTypes: ["violations"]})
		.then(r => JSON.stringify({violations: r.violations, passes: r.passes.map(p => ({id: p.id}))}))`
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		return nil, fmt.Errorf("axe.run: %w", err)
	}
	var res AxeResult
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		return nil, err
	}
	return &res, nil
}
