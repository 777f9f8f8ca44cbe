package render

import (
	"fmt"
	"regexp"
	"strconv"
	"testing"
)

// TestTaxonomyIndexIsPaginated: a taxonomy of free values may have a term
// for nearly every page (10,000 territori made a /territori/ of 52 KB
// compressed); its index lists termsPerPage terms a page, every term
// once, with the pages linked to each other.
func TestTaxonomyIndexIsPaginated(t *testing.T) {
	b := fixture(t) // page size 2: 20 terms a page
	const n = 45
	for i := range n {
		b.add(pageSpec{section: "risorse", slug: "sala-" + strconv.Itoa(i), title: fmt.Sprintf("Sala %d", i),
			date: "2026-04-04", terms: map[string][]string{"territori": {fmt.Sprintf("Località %02d", i)}}})
	}
	files := renderSite(t, b.finish())
	per := termsPerPage(2)
	termRE := regexp.MustCompile(`<li><a href="(/territori/[^"]+/)">`)
	seen := map[string]bool{}
	for i := 1; ; i++ {
		name := "territori/index.html"
		if i > 1 {
			name = "territori/page/" + strconv.Itoa(i) + "/index.html"
		}
		page, ok := files[name]
		if !ok {
			if i <= 3 {
				t.Fatalf("%s is missing", name)
			}
			break
		}
		terms := termRE.FindAllStringSubmatch(string(page), -1)
		if len(terms) > per {
			t.Errorf("%s lists %d terms, more than %d", name, len(terms), per)
		}
		for _, m := range terms {
			if seen[m[1]] {
				t.Errorf("%s lists %s again", name, m[1])
			}
			seen[m[1]] = true
		}
		for _, rel := range []struct {
			name string
			to   int
		}{{"prev", i - 1}, {"next", i + 1}} {
			if rel.to < 1 || rel.to > 3 {
				continue
			}
			want := "/territori/"
			if rel.to > 1 {
				want += "page/" + strconv.Itoa(rel.to) + "/"
			}
			if !regexp.MustCompile(`<a rel="` + rel.name + `" href="` + want + `"`).Match(page) {
				t.Errorf("%s does not link %s to %s", name, rel.name, want)
			}
		}
	}
	if len(seen) < n {
		t.Errorf("%d terms listed, want at least %d", len(seen), n)
	}
}
