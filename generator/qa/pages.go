package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"cantiericomuni.it/banca/generator/pipeline"
	"cantiericomuni.it/banca/generator/sitecheck"
)

// choose surveys the site built in dir from the Markdown of contentDir and
// picks the pages the browser checks visit (sitecheck.Inventory.Choose):
// a page of every kind, of every Markdown construct, of every kind of
// element. The site's assembly (URLs, sections, statuses) comes from the
// same pipeline as the build's, run again without writing.
func choose(dir, contentDir string) (*sitecheck.Inventory, []sitecheck.Choice, error) {
	res, err := pipeline.Run(pipeline.Config{Root: ".", Content: contentDir, Check: true, BrokenLinksWarn: true})
	if err != nil {
		return nil, nil, err
	}
	if res.Diags.HasErrors() {
		errs, _ := res.Diags.Count()
		return nil, nil, fmt.Errorf("%s: il sito non si costruisce (%d errori)", contentDir, errs)
	}
	inv, err := sitecheck.Survey(dir, res.Site, os.DirFS(contentDir))
	if err != nil {
		return nil, nil, err
	}
	return inv, inv.Choose(), nil
}

// printChoices writes the chosen pages, one a line with the reason, and
// what they cover.
func printChoices(w io.Writer, inv *sitecheck.Inventory, choices []sitecheck.Choice) {
	fmt.Fprintf(w, "pagine scelte: %d su %d (%d tipi, %d costrutti Markdown, %d tipi di elemento)\n",
		len(choices), len(inv.Pages), len(inv.Kinds()), len(inv.MarkdownFeatures()), len(inv.MarkupFeatures()))
	width := 0
	for _, c := range choices {
		width = max(width, len(c.Page.URL))
	}
	for _, c := range choices {
		fmt.Fprintf(w, "  %-*s  %s\n", width, c.Page.URL, c.Reason())
	}
}

// kindPages lists the URL of the page chosen for each kind.
func kindPages(choices []sitecheck.Choice) []string {
	var out []string
	for _, c := range choices {
		if c.ForKind {
			out = append(out, c.Page.URL)
		}
	}
	return out
}

// layoutPages picks, among the pages chosen for a kind, one per layout:
// the heaviest (size gives the bytes of a page), since what Lighthouse
// measures beyond axe-core's checks (load time, layout shifts, the head's
// metadata) comes from the layout and grows with the page; the first
// chosen on a tie. Layouts are in the order of their first kind.
func layoutPages(choices []sitecheck.Choice, size func(*sitecheck.PageInfo) int64) []string {
	var order []string
	heaviest := map[string]*sitecheck.PageInfo{}
	bytes := map[string]int64{}
	for _, c := range choices {
		if !c.ForKind {
			continue
		}
		l, n := c.Page.Layout, size(c.Page)
		top, seen := heaviest[l]
		if !seen {
			order = append(order, l)
		}
		if top == nil || n > bytes[l] {
			heaviest[l], bytes[l] = c.Page, n
		}
	}
	out := make([]string, len(order))
	for i, l := range order {
		out[i] = heaviest[l].URL
	}
	return out
}

// list says what pages prints: every chosen page with its reason, the
// page of each kind, or the page of each layout.
type list int

const (
	listChosen list = iota
	listKinds
	listLayouts
)

// pages prints the chosen pages of the site built in dir: with their
// reasons, or only the URL of each kind's page or of each layout's, one a
// line (for Lighthouse in run).
func pages(dir, contentDir string, what list) error {
	inv, choices, err := choose(dir, contentDir)
	if err != nil {
		return err
	}
	switch what {
	case listKinds:
		fmt.Println(strings.Join(kindPages(choices), "\n"))
	case listLayouts:
		size := func(pg *sitecheck.PageInfo) int64 {
			st, err := os.Stat(filepath.Join(dir, filepath.FromSlash(pg.File)))
			if err != nil {
				return 0
			}
			return st.Size()
		}
		fmt.Println(strings.Join(layoutPages(choices, size), "\n"))
	default:
		printChoices(os.Stdout, inv, choices)
	}
	return nil
}
