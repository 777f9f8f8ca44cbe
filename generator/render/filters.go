package render

import (
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"cantiericomuni.it/banca/generator/italian"
	"cantiericomuni.it/banca/generator/site"
	"cantiericomuni.it/banca/generator/slug"
)

// Browsing by filter works with plain links to generated lists, so that it
// needs no JavaScript:
//
//   - /opportunita/aperte/: the open opportunities, nearest deadline first;
//   - /<sezione>/<campo>/<valore>/: a section's pages with one value of a
//     pick-list field that the schema marks as a facet (tipo, stato);
//   - /<tassonomia>/<termine>/<sezione>/ (and /cantieri/<cantiere>/<sezione>/):
//     a term's pages of one section, when the term spans several sections;
//     a section's lists link them as its filters by place (cantiere,
//     territorio), or the term's own list when all its pages are of the
//     section.
//
// Each list shows the filters of its family, with the one in force marked.

// fieldFilter is one value of a facet field of a section: its list's URL
// and pages.
type fieldFilter struct {
	key, label, value, url string
	pages                  []*site.Page
}

// sectionFilters lists the facet values of sec that some page carries, in
// schema order, with their pages in section order.
func (rn *run) sectionFilters(sec *site.Section) []fieldFilter {
	if sec.Schema == nil {
		return nil
	}
	var out []fieldFilter
	for _, f := range sec.Schema.Fields {
		if !f.Facet || len(f.Values) == 0 {
			continue
		}
		for _, v := range f.Values {
			ff := fieldFilter{key: f.Key, label: f.Label, value: v,
				url: sec.URL + slug.Make(f.Key) + "/" + slug.Make(v) + "/"}
			for _, p := range sec.Pages {
				if fieldIs(p, f.Key, v) {
					ff.pages = append(ff.pages, p)
				}
			}
			if len(ff.pages) > 0 {
				out = append(out, ff)
			}
		}
	}
	return out
}

// fieldIs reports whether p's field key holds value.
func fieldIs(p *site.Page, key, value string) bool {
	for _, f := range p.Fields {
		if f.Key == key {
			s, ok := f.Value.(string)
			return ok && s == value
		}
	}
	return false
}

// sectionFilterGroups are the filters shown above a section's lists; here
// is the URL of the list being shown. The filters by place are apart
// (sectionInfo.places).
func (rn *run) sectionFilterGroups(si *sectionInfo, here string) Filters {
	sec := si.sec
	show := FilterGroup{Label: "Mostra", Links: []Link{{Name: "Tutte", URL: sec.URL, Count: len(sec.Pages)}}}
	if sec.HasLifecycle() {
		show.Links = append(show.Links, Link{Name: "Solo " + sec.Lifecycle().Lists.Open, URL: sec.OpenURL(), Count: len(si.open)})
	} else if st := sec.Schema.States; st != nil {
		show.Links = append(show.Links, Link{Name: "Solo " + st.List, URL: sec.StatesURL(), Count: len(si.open)})
	}
	groups := []FilterGroup{show}
	for _, ff := range si.fields {
		if len(groups) == 1 || groups[len(groups)-1].Label != ff.label {
			groups = append(groups, FilterGroup{Label: ff.label})
		}
		g := &groups[len(groups)-1]
		g.Links = append(g.Links, Link{Name: ff.value, URL: ff.url, Count: len(ff.pages)})
	}
	return markCurrent(groups, here)
}

// placesView is the filters by place of a section's lists, as layouts
// show them, nil when there are none.
func placesView(groups []placeGroup) *Places {
	if len(groups) == 0 {
		return nil
	}
	pl := &Places{}
	names := make([]string, len(groups))
	for i, pg := range groups {
		pl.Groups = append(pl.Groups, FilterGroup{Label: pg.tax.Singular, Links: pg.links})
		names[i] = lowerFirst(pg.tax.Singular)
	}
	pl.Title = "Filtra per " + strings.Join(names, " o ")
	return pl
}

// maxPlaceLinks bounds the links of one place taxonomy above a section's
// lists: past it, the places with most pages, then a link to them all.
const maxPlaceLinks = 12

// placeGroup is the filter of a section's lists by one place taxonomy:
// a link per term carrying some of the section's pages, with their count.
type placeGroup struct {
	tax   *site.Taxonomy
	links []Link
}

// isPlace reports whether a taxonomy names places: the cantieri (bound to
// their pages) and the taxonomies of free values (territori), as opposed
// to the pick-lists of topics and target groups.
func isPlace(tax *site.Taxonomy) bool {
	return tax.Schema != nil && (tax.Schema.Pages != "" || len(tax.Schema.Values) == 0)
}

// placeFilters lists, per place taxonomy (the cantieri first, then in
// schema order), the terms carrying pages of sec (in the taxonomy's order,
// by name) linked to their list of sec's pages: the term's split by
// section, or the term's own list when every page it carries is of sec.
func (rn *run) placeFilters(sec *site.Section) []placeGroup {
	var out []placeGroup
	taxes := slices.Clone(rn.s.Taxonomies)
	slices.SortStableFunc(taxes, func(a, b *site.Taxonomy) int {
		return boolRank(a.Schema.Pages == "") - boolRank(b.Schema.Pages == "")
	})
	for _, tax := range taxes {
		if !isPlace(tax) || rn.hubSections[sec.Key] == tax {
			continue
		}
		pg := placeGroup{tax: tax}
		for _, t := range tax.Terms {
			n := 0
			for _, p := range t.Pages {
				if p.Section == sec {
					n++
				}
			}
			if n == 0 {
				continue
			}
			url := termURL(t)
			if n < len(t.Pages) {
				url += sec.Key + "/"
			}
			pg.links = append(pg.links, Link{Name: t.ShortName(), URL: url, Count: n})
		}
		if len(pg.links) > maxPlaceLinks {
			pg.links = mostPages(pg.links, maxPlaceLinks)
			pg.links = append(pg.links, Link{Name: "Elenco completo", URL: tax.URL, Count: len(tax.Terms)})
		}
		if len(pg.links) > 0 {
			out = append(out, pg)
		}
	}
	return out
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

// mostPages keeps the n links with the highest counts, in their order.
func mostPages(links []Link, n int) []Link {
	byCount := slices.Clone(links)
	slices.SortStableFunc(byCount, func(a, b Link) int { return b.Count - a.Count })
	keep := make(map[string]bool, n)
	for _, l := range byCount[:n] {
		keep[l.URL] = true
	}
	out := make([]Link, 0, n)
	for _, l := range links {
		if keep[l.URL] {
			out = append(out, l)
		}
	}
	return out
}

// markCurrent sets Current on the links that lead to here.
func markCurrent(groups Filters, here string) Filters {
	for i := range groups {
		for j := range groups[i].Links {
			groups[i].Links[j].Current = groups[i].Links[j].URL == here
		}
	}
	return groups
}

// termSplit is a term's pages of one section.
type termSplit struct {
	sec   *site.Section
	url   string
	pages []*site.Page
}

// termSplits divides a term's pages by section, in section order; nil when
// they all belong to one section (the term's list already is that list).
func (rn *run) termSplits(t *site.Term) []termSplit {
	var out []termSplit
	for _, sec := range rn.s.Sections {
		if sec.URL == "" {
			continue // not a section readers browse (schema: list: false)
		}
		var pages []*site.Page
		for _, p := range t.Pages {
			if p.Section == sec {
				pages = append(pages, p)
			}
		}
		if len(pages) > 0 {
			out = append(out, termSplit{sec: sec, url: termURL(t) + sec.Key + "/", pages: pages})
		}
	}
	if len(out) < 2 {
		return nil
	}
	return out
}

// termFilterGroups are the section filters of a term's lists.
func termFilterGroups(t *site.Term, splits []termSplit, here string) Filters {
	if splits == nil {
		return nil
	}
	g := FilterGroup{Label: "Sezione", Links: []Link{{Name: "Tutte", URL: termURL(t), Count: len(t.Pages)}}}
	for _, sp := range splits {
		g.Links = append(g.Links, Link{Name: sp.sec.Label, URL: sp.url, Count: len(sp.pages)})
	}
	return markCurrent(Filters{g}, here)
}

// termFilters returns, once and for every page of the list at here, the
// filters of a term's lists (termFilterGroups).
func termFilters(t *site.Term, splits []termSplit, here string) func() Filters {
	return sync.OnceValue(func() Filters { return termFilterGroups(t, splits, here) })
}

// termSectionLists is the jobs of a term's lists split by section. through
// is the breadcrumb up to the term's page.
func (rn *run) termSectionLists(tax *site.Taxonomy, t *site.Term, splits []termSplit, through []Link) []job {
	var jobs []job
	name := t.Name
	for _, sp := range splits {
		items := sp.sec.ListOrder(sp.pages)
		total := pageCount(len(items), rn.size)
		heading := name + " — " + sp.sec.Label
		desc := sp.sec.Label + " per " + lowerFirst(tax.Singular) + " «" + name + "»: " + italian.Plural(len(items), "scheda", "schede") + "."
		crumbsTo := append(append([]Link(nil), through...), Link{Name: name, URL: termURL(t)})
		filters := termFilters(t, splits, sp.url)
		for i := 1; i <= total; i++ {
			url := pageURL(sp.url, i)
			jobs = append(jobs, rn.html("term", url, "", func() *View {
				pager := newPager(sp.url, i, total)
				v := rn.view("term", url, rn.title(pagedTitle(heading, pager), tax.Label), heading, desc)
				v.Taxonomy, v.Term, v.Section = tax, t, sp.sec
				v.Pager, v.Items, v.Count, v.Note = pager, rn.window(items, i), len(items), orderNote(sp.sec)
				v.Feeds = rn.feeds(Link{Name: name, URL: termURL(t) + "index.xml"})
				v.Filters = filters()
				v.Breadcrumb = rn.pagedCrumbs(sp.sec.Label, sp.url, i, crumbsTo...)
				return v
			}))
			if rn.keys {
				jobs[len(jobs)-1].key = rn.windowKey("term", url, i, total, items, rn.splitsKey(t, splits))
			}
		}
	}
	return jobs
}

// lowerFirst and upperFirst change the case of the first letter of s.
func lowerFirst(s string) string { return changeFirst(s, unicode.ToLower) }
func upperFirst(s string) string { return changeFirst(s, unicode.ToUpper) }

func changeFirst(s string, to func(rune) rune) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(to(r)) + s[n:]
}
