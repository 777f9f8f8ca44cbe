package sitecheck

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// TestEveryPageHasTitleAndDescription requires, on every page of the
// sample site, the title and the description that search engines show
// (Lighthouse's SEO audits fail a page without them), the 404 page
// included: it is served at any address that does not exist.
func TestEveryPageHasTitleAndDescription(t *testing.T) {
	inv, _, out := surveyed(t, sampleContent())
	title := regexp.MustCompile(`<title>[^<\s][^<]*</title>`)
	description := regexp.MustCompile(`<meta name="description" content="[^"\s][^"]*">`)
	for _, pg := range inv.Pages {
		data, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(pg.File)))
		if err != nil {
			t.Fatal(err)
		}
		if !title.Match(data) {
			t.Errorf("%s (%s): manca il titolo", pg.URL, pg.Kind)
		}
		if !description.Match(data) {
			t.Errorf("%s (%s): manca la descrizione (meta name=description)", pg.URL, pg.Kind)
		}
	}
}
