package render

import (
	"unicode"
	"unicode/utf8"

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
//     a term's pages of one section, when the term spans several sections.
//
// Each list shows the filters of its family, with the one in force marked.

// openSlug is the segment of the list of open opportunities.
const openSlug = "aperte"

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
// is the URL of the list being shown.
func (rn *run) sectionFilterGroups(sec *site.Section, filters []fieldFilter, here string) []FilterGroup {
	show := FilterGroup{Label: "Mostra", Links: []Link{{Name: "Tutte", URL: sec.URL, Count: len(sec.Pages)}}}
	if sec.Key == sectionOpportunities {
		show.Links = append(show.Links, Link{Name: "Solo aperte", URL: sec.URL + openSlug + "/", Count: len(rn.s.Open())})
	}
	groups := []FilterGroup{show}
	for _, ff := range filters {
		if len(groups) == 1 || groups[len(groups)-1].Label != ff.label {
			groups = append(groups, FilterGroup{Label: ff.label})
		}
		g := &groups[len(groups)-1]
		g.Links = append(g.Links, Link{Name: ff.value, URL: ff.url, Count: len(ff.pages)})
	}
	return markCurrent(groups, here)
}

// markCurrent sets Current on the links that lead to here.
func markCurrent(groups []FilterGroup, here string) []FilterGroup {
	for i := range groups {
		for j := range groups[i].Links {
			groups[i].Links[j].Current = groups[i].Links[j].URL == here
		}
	}
	return groups
}

// filteredList is the jobs of a paginated list of a section's pages at
// base, with its own heading and breadcrumb step.
func (rn *run) filteredList(sec *site.Section, filters []fieldFilter, base, heading, step, desc string, pages []*site.Page) []job {
	items := pages
	total := pageCount(len(items), rn.size)
	jobs := make([]job, 0, total)
	var fk uint64
	if rn.keys {
		fk = rn.filtersKey(sec, filters)
	}
	for i := 1; i <= total; i++ {
		url := pageURL(base, i)
		jobs = append(jobs, rn.html("list", url, "", func() *View {
			pager := newPager(base, i, total)
			v := rn.view("list", url, rn.title(pagedTitle(heading, pager)), heading, desc)
			v.Section, v.Pager, v.Items, v.Count = sec, pager, rn.window(items, i), len(items)
			v.Feeds = append(v.Feeds, sectionFeed(sec))
			v.Filters = rn.sectionFilterGroups(sec, filters, base)
			v.Breadcrumb = pagedCrumbs(step, base, i, Link{Name: sec.Label, URL: sec.URL})
			return v
		}))
		if rn.keys {
			jobs[len(jobs)-1].key = rn.windowKey("list", url, i, total, pages, fk,
				rn.newKeyer(heading, desc).str(step).sum())
		}
	}
	return jobs
}

// filterLists is the jobs of a section's filtered lists: the open
// opportunities, then one list per facet value.
func (rn *run) filterLists(sec *site.Section, filters []fieldFilter) []job {
	var jobs []job
	if sec.Key == sectionOpportunities {
		jobs = append(jobs, rn.filteredList(sec, filters, sec.URL+openSlug+"/", "Opportunità aperte", "Aperte",
			"Le opportunità ancora aperte, prima quelle che scadono prima.", rn.s.Open())...)
	}
	for _, ff := range filters {
		heading := sec.Label + ": " + lowerFirst(ff.label) + " " + ff.value
		desc := sec.Label + " di " + lowerFirst(ff.label) + " «" + ff.value + "»: " + Plural(len(ff.pages), "scheda", "schede") + "."
		jobs = append(jobs, rn.filteredList(sec, filters, ff.url, heading, upperFirst(ff.value), desc, ff.pages)...)
	}
	return jobs
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
func termFilterGroups(t *site.Term, splits []termSplit, here string) []FilterGroup {
	if splits == nil {
		return nil
	}
	g := FilterGroup{Label: "Sezione", Links: []Link{{Name: "Tutte", URL: termURL(t), Count: len(t.Pages)}}}
	for _, sp := range splits {
		g.Links = append(g.Links, Link{Name: sp.sec.Label, URL: sp.url, Count: len(sp.pages)})
	}
	return markCurrent([]FilterGroup{g}, here)
}

// termSectionLists is the jobs of a term's lists split by section. through
// is the breadcrumb up to the term's page.
func (rn *run) termSectionLists(tax *site.Taxonomy, t *site.Term, splits []termSplit, through []Link) []job {
	var jobs []job
	name := t.Name
	for _, sp := range splits {
		items := sp.pages
		total := pageCount(len(items), rn.size)
		heading := name + " — " + sp.sec.Label
		desc := sp.sec.Label + " per " + lowerFirst(tax.Singular) + " «" + name + "»: " + Plural(len(items), "scheda", "schede") + "."
		crumbsTo := append(append([]Link(nil), through...), Link{Name: name, URL: termURL(t)})
		for i := 1; i <= total; i++ {
			url := pageURL(sp.url, i)
			jobs = append(jobs, rn.html("term", url, "", func() *View {
				pager := newPager(sp.url, i, total)
				v := rn.view("term", url, rn.title(pagedTitle(heading, pager), tax.Label), heading, desc)
				v.Taxonomy, v.Term, v.Section = tax, t, sp.sec
				v.Pager, v.Items, v.Count = pager, rn.window(items, i), len(items)
				v.Feeds = append(v.Feeds, Link{Name: name, URL: termURL(t) + "index.xml"})
				v.Filters = termFilterGroups(t, splits, sp.url)
				v.Breadcrumb = pagedCrumbs(sp.sec.Label, sp.url, i, crumbsTo...)
				return v
			}))
			if rn.keys {
				jobs[len(jobs)-1].key = rn.windowKey("term", url, i, total, sp.pages, rn.splitsKey(t, splits))
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
