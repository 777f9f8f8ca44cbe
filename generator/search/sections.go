package search

import (
	"strings"

	"cantiericomuni.it/banca/generator/site"
)

// sectionNames is the name of p's section as the schema gives it, plural
// and singular ("Opportunità", "Opportunità"; "Eventi", "Evento"), for
// the page's terms: a section's name says what its pages are, so that
// «opportunità ferrara» finds the opportunities of Ferrara, and
// «evento doposcuola» the events about after-school help. Pages of a
// section without a list of its own (the site's pages: chi siamo,
// privacy) are not of a kind readers search by: they get none.
func sectionNames(p *site.Page) string {
	sec := p.Section
	if sec == nil || sec.Label == "" || sec.URL == "" || p.Hub != nil {
		return ""
	}
	names := sec.Label
	if sec.Singular != "" && !strings.EqualFold(sec.Singular, sec.Label) {
		names += "\n" + sec.Singular
	}
	return names + "\n"
}
