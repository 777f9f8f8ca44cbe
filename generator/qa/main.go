// Command qa runs the site's quality checks that need no Node tools, and
// the axe-core one in Chromium; generator/qa/run calls it, with the Nu Html
// Checker and Lighthouse around it.
//
//	go run ./generator/qa serve DIR ADDR      serve a built site as the host does (with
//	                                          the headers of netlify.toml)
//	go run ./generator/qa links DIR [PREFIX…] check every internal link and asset
//	                                          (links starting with a PREFIX are not checked)
//	go run ./generator/qa weight DIR          bytes transferred per page (gzip)
//	go run ./generator/qa axe AXE.JS DIR      axe-core WCAG 2.1 A/AA on a spread of pages
//	go run ./generator/qa pages DIR           print that spread of pages
//	go run ./generator/qa search BUNDLE DIR NAME:QUERY…
//	                                          save results pages rendered from a search
//	                                          bundle as DIR/NAME/index.html
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
		if len(args) != 2 {
			usage()
		}
		ok, err = axe(args[0], args[1])
	case "search":
		if len(args) < 3 {
			usage()
		}
		err = searchPages(args[0], args[1], args[2:])
	case "pages":
		var pages []string
		pages, err = spread(args[0])
		fmt.Println(strings.Join(pages, "\n"))
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
	fmt.Fprintln(os.Stderr, "uso: qa serve DIR ADDR | links DIR [PREFIX…] | weight DIR | axe AXE.JS DIR | pages DIR | search BUNDLE DIR NAME:QUERY…")
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

// editorUI is the folder of the editing UI (Decap CMS, /admin/): an
// application of its own (5 MB of script) for the people who write, not a
// page of the site, so page weight and axe-core leave it out; the Nu Html
// Checker and the link check still cover its page.
const editorUI = "admin"

// weight measures every HTML page and fails when one exceeds the budget.
func weight(dir string) (bool, error) {
	var ws []sitecheck.Weight
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() && p == filepath.Join(dir, editorUI) {
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

// spread picks the pages axe checks: the home, the 404, every top-level
// list, the first page under each of them, the first page one level deeper
// (a filter or a section of a term) and the first second page of a list.
func spread(dir string) ([]string, error) {
	pages := []string{"/", "/404.html"}
	top, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var page2 string
	for _, e := range top {
		if !e.IsDir() || e.Name() == editorUI || !exists(filepath.Join(dir, e.Name(), "index.html")) {
			continue
		}
		base := "/" + e.Name() + "/"
		pages = append(pages, base)
		subs, _ := os.ReadDir(filepath.Join(dir, e.Name()))
		var doc, deep string
		for _, s := range subs {
			if !s.IsDir() {
				continue
			}
			if s.Name() == "page" {
				if page2 == "" && exists(filepath.Join(dir, e.Name(), "page", "2", "index.html")) {
					page2 = base + "page/2/"
				}
				continue
			}
			if doc == "" && exists(filepath.Join(dir, e.Name(), s.Name(), "index.html")) {
				doc = base + s.Name() + "/"
			}
			if deep == "" {
				inner, _ := os.ReadDir(filepath.Join(dir, e.Name(), s.Name()))
				for _, x := range inner {
					if x.IsDir() && x.Name() != "page" && exists(filepath.Join(dir, e.Name(), s.Name(), x.Name(), "index.html")) {
						deep = base + s.Name() + "/" + x.Name() + "/"
						break
					}
				}
			}
		}
		for _, p := range []string{doc, deep} {
			if p != "" {
				pages = append(pages, p)
			}
		}
	}
	if page2 != "" {
		pages = append(pages, page2)
	}
	return pages, nil
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// axe runs axe-core on the spread of pages, at 1280 px in light and dark
// colours, and at 360 px on the first pages.
func axe(axeJS, dir string) (bool, error) {
	src, err := os.ReadFile(axeJS)
	if err != nil {
		return false, err
	}
	pages, err := spread(dir)
	if err != nil {
		return false, err
	}
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
	for i, page := range pages {
		for _, scheme := range []string{"light", "dark"} {
			if err := check(page, 1280, scheme); err != nil {
				return false, err
			}
		}
		if i < 6 {
			if err := check(page, 360, "light"); err != nil {
				return false, err
			}
		}
	}
	fmt.Printf("axe-core (WCAG 2.1 A/AA): %d pagine, %d controlli, %d regole superate", len(pages), runs, len(rules))
	if ok {
		fmt.Println(", 0 violazioni")
	} else {
		fmt.Println(", con violazioni")
	}
	return ok, nil
}
