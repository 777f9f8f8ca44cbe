// Command qa runs the site's quality checks that need no Node tools, and
// the axe-core one in Chromium; generator/qa/run calls it, with the Nu Html
// Checker and Lighthouse around it.
//
//	go run ./generator/qa serve DIR ADDR      serve a built site as the host does (with
//	                                          the headers of netlify.toml)
//	go run ./generator/qa links DIR [PREFIX…] check every internal link and asset
//	                                          (links starting with a PREFIX are not checked)
//	go run ./generator/qa weight DIR          bytes transferred per page (gzip)
//	go run ./generator/qa axe AXE.JS DIR CONTENT
//	                                          axe-core WCAG 2.1 A/AA on the chosen pages of
//	                                          the site built in DIR from the Markdown of CONTENT
//	go run ./generator/qa pages DIR CONTENT   print the chosen pages, each with why
//	go run ./generator/qa kinds DIR CONTENT   print the URL of the chosen page of each kind
//	go run ./generator/qa layouts DIR CONTENT print the URL of the heaviest of those pages
//	                                          for each layout (Lighthouse's pages)
//	go run ./generator/qa search BUNDLE SITE NAME:QUERY…
//	                                          save results pages rendered from the search
//	                                          bundle of the site built in SITE as
//	                                          SITE/cerca/NAME/index.html
//
// Each check prints what it found and exits 1 when it fails.
package main

import (
	"context"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/chromedp/chromedp"

	"cantiericomuni.it/banca/generator/sitecheck"
)

// The budgets of the issue "The public site": per page, before images.
const (
	maxPageBytes = 30 * 1024
	maxCSSBytes  = 15 * 1024
)

func main() {
	if len(os.Args) < 3 {
		usage()
	}
	var err error
	ok := true
	switch args := os.Args[2:]; os.Args[1] {
	case "serve":
		if len(args) != 2 {
			usage()
		}
		// With the headers of netlify.toml, as Netlify serves the site
		// (Lighthouse reads their caching and security headers).
		var rules []sitecheck.HeaderRule
		if rules, err = sitecheck.NetlifyHeaders("netlify.toml"); err == nil {
			fmt.Println("sito", args[0], "su http://"+args[1]+"/")
			err = http.ListenAndServe(args[1], sitecheck.WithHeaders(rules, sitecheck.Handler(args[0])))
		}
	case "links":
		ok, err = links(args[0], args[1:])
	case "weight":
		ok, err = weight(args[0])
	case "axe":
		if len(args) != 3 {
			usage()
		}
		ok, err = axe(args[0], args[1], args[2])
	case "search":
		if len(args) < 3 {
			usage()
		}
		err = searchPages(args[0], args[1], args[2:])
	case "pages", "kinds", "layouts":
		if len(args) != 2 {
			usage()
		}
		err = pages(args[0], args[1], map[string]list{"kinds": listKinds, "layouts": listLayouts}[os.Args[1]])
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "qa:", err)
		os.Exit(2)
	}
	if !ok {
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "uso: qa serve DIR ADDR | links DIR [PREFIX…] | weight DIR | axe AXE.JS DIR CONTENT | pages DIR CONTENT | kinds DIR CONTENT | layouts DIR CONTENT | search BUNDLE SITE NAME:QUERY…")
	os.Exit(2)
}

// links reports the broken internal links and assets of the site, but for
// those that start with one of the ignored prefixes (the generated corpus
// refers to photos it does not ship).
func links(dir string, ignored []string) (bool, error) {
	problems, err := sitecheck.CheckLinks(dir)
	if err != nil {
		return false, err
	}
	n, skipped := 0, 0
next:
	for _, p := range problems {
		for _, pre := range ignored {
			if strings.HasPrefix(p.Target, pre) {
				skipped++
				continue next
			}
		}
		n++
		fmt.Println("  ", p)
	}
	fmt.Printf("link interni e risorse: %d problemi", n)
	if skipped > 0 {
		fmt.Printf(" (%d link a %s non controllati)", skipped, strings.Join(ignored, ", "))
	}
	fmt.Println()
	return n == 0, nil
}

// weight measures every HTML page and fails when one exceeds the budget.
func weight(dir string) (bool, error) {
	var ws []sitecheck.Weight
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() && p == filepath.Join(dir, sitecheck.EditorUI) {
			return filepath.SkipDir
		}
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		w, err := sitecheck.PageWeight(dir, filepath.ToSlash(rel))
		if err != nil {
			return err
		}
		ws = append(ws, w)
		return nil
	})
	if err != nil || len(ws) == 0 {
		return false, err
	}
	sort.Slice(ws, func(i, j int) bool { return ws[i].Total() > ws[j].Total() })
	ok := true
	css := 0
	for _, w := range ws {
		css = max(css, w.CSS)
		if w.Total() > maxPageBytes {
			ok = false
			fmt.Printf("   oltre il limite: %s %s\n", w.Page, kb(w.Total()))
		}
	}
	med := ws[len(ws)/2]
	fmt.Printf("peso per pagina (gzip, HTML+CSS+JS, senza immagini) su %d pagine: massimo %s (%s: HTML %s, CSS %s, JS %s), mediana %s; CSS %s\n",
		len(ws), kb(ws[0].Total()), ws[0].Page, kb(ws[0].HTML), kb(ws[0].CSS), kb(ws[0].JS), kb(med.Total()), kb(css))
	if css > maxCSSBytes {
		ok = false
		fmt.Printf("   il CSS supera %s\n", kb(maxCSSBytes))
	}
	return ok, nil
}

func kb(n int) string { return fmt.Sprintf("%.1f KB", float64(n)/1024) }

// axe runs axe-core on the chosen pages of the site built in dir from
// contentDir (see choose), each at 1280 px in light and dark colours and
// at 360 px.
func axe(axeJS, dir, contentDir string) (bool, error) {
	src, err := os.ReadFile(axeJS)
	if err != nil {
		return false, err
	}
	inv, choices, err := choose(dir, contentDir)
	if err != nil {
		return false, err
	}
	printChoices(os.Stdout, inv, choices)
	srv := httptest.NewServer(sitecheck.Handler(dir))
	defer srv.Close()
	profile, err := os.MkdirTemp("", "qa-chromium-")
	if err != nil {
		return false, err
	}
	defer os.RemoveAll(profile)
	ctx, cancel, err := sitecheck.Browser(context.Background(), profile)
	if err != nil {
		return false, err
	}
	defer cancel()
	ok, runs, rules := true, 0, map[string]bool{}
	check := func(page string, width int64, scheme string) error {
		c, cancel := context.WithTimeout(ctx, 90*time.Second)
		defer cancel()
		if err := chromedp.Do(c, sitecheck.Viewport(width, 900), sitecheck.ColorScheme(scheme), chromedp.Navigate(srv.URL+page)); err != nil {
			return fmt.Errorf("%s: %w", page, err)
		}
		res, err := sitecheck.RunAxe(c, string(src))
		if err != nil {
			return fmt.Errorf("%s: %w", page, err)
		}
		runs++
		for _, p := range res.Passes {
			rules[p.ID] = true
		}
		for _, v := range res.Violations {
			ok = false
			fmt.Printf("   %s (%d px, %s): %s\n", page, width, scheme, v)
		}
		return nil
	}
	for _, c := range choices {
		for _, scheme := range []string{"light", "dark"} {
			if err := check(c.Page.URL, 1280, scheme); err != nil {
				return false, err
			}
		}
		if err := check(c.Page.URL, 360, "light"); err != nil {
			return false, err
		}
	}
	fmt.Printf("axe-core (WCAG 2.1 A/AA): %d pagine, %d controlli, %d regole superate", len(choices), runs, len(rules))
	if ok {
		fmt.Println(", 0 violazioni")
	} else {
		fmt.Println(", con violazioni")
	}
	return ok, nil
}
