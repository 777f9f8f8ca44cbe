package main

import (
	"fmt"
	"io"
	"os"
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

// pages prints the chosen pages with their reasons; with kindsOnly, only
// the URL of each kind's page, one a line (for Lighthouse in run).
func pages(dir, contentDir string, kindsOnly bool) error {
	inv, choices, err := choose(dir, contentDir)
	if err != nil {
		return err
	}
	if kindsOnly {
		fmt.Println(strings.Join(kindPages(choices), "\n"))
		return nil
	}
	printChoices(os.Stdout, inv, choices)
	return nil
}
