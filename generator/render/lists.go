package render

import (
	"sync"

	"cantiericomuni.it/banca/generator/italian"
	"cantiericomuni.it/banca/generator/site"
)

// A section's lists. Every list of a section shows its pages in the
// section's default order (site.Section.ListOrder: for a section with
// deadlines, the open ones first by nearest deadline, then those without
// deadline, then the closed ones); such a section also has
//
//   - /<sezione>/recenti/: every page, newest first (the other order a
//     reader can choose, linked beside the default one);
//   - /<sezione>/aperte/: the open ones only.
//
// All of a section's lists show the same filters (filters.go): the facet
// fields' values and the places (cantieri, territori), with their counts.

// recentSlug is the segment of a section's list newest first.
const recentSlug = "recenti"

// sectionInfo is what every list of a section shares, computed once.
type sectionInfo struct {
	sec *site.Section
	// listed is every page in the default order; open the open ones
	// (nil unless the section has deadlines).
	listed, open []*site.Page
	fields       []fieldFilter
	places       []placeGroup
	placesView   *Places
	// key hashes the filters (incremental rendering), 0 without keys.
	key uint64
}

// sectionInfo gathers what the lists of sec share.
func (rn *run) sectionInfo(sec *site.Section) *sectionInfo {
	si := &sectionInfo{sec: sec, listed: sec.ListOrder(sec.Pages), fields: rn.sectionFilters(sec), places: rn.placeFilters(sec)}
	si.placesView = placesView(si.places)
	if sec.HasLifecycle() {
		for _, p := range rn.s.Open() {
			if p.Section == sec {
				si.open = append(si.open, p)
			}
		}
	}
	if sec.HasStates() {
		si.open = sec.OpenByState()
	}
	if rn.keys {
		si.key = rn.filtersKey(si)
	}
	return si
}

// sectionLists is the jobs of every list of a section: the list itself,
// the same newest first and the open pages (for a section with deadlines),
// then one list per facet value.
func (rn *run) sectionLists(si *sectionInfo) []job {
	sec := si.sec
	note := orderNote(sec)
	jobs := rn.filteredList(si, sec.URL, sec.Label, "", sec.Description, note, si.listed)
	if sec.HasLifecycle() {
		words := sec.Lifecycle().Lists
		jobs = append(jobs, rn.filteredList(si, sec.URL+recentSlug+"/", sec.Label+": "+words.Recent, upperFirst(words.Recent),
			sec.Label+", dalla scheda pubblicata più di recente.", "", sec.Pages)...)
		jobs = append(jobs, rn.filteredList(si, sec.OpenURL(), sec.OpenTitle(), upperFirst(words.Open),
			sec.Label+" "+words.OpenNote, "", si.open)...)
	}
	if st := sec.Schema.States; st != nil && sec.URL != "" {
		// The open pages by their states (/bisogni/aperti/), newest first.
		desc := st.Note
		if desc == "" {
			desc = st.Title + "."
		}
		jobs = append(jobs, rn.filteredList(si, sec.StatesURL(), st.Title, upperFirst(st.List), desc, "", si.open)...)
	}
	for _, ff := range si.fields {
		heading := sec.Label + ": " + lowerFirst(ff.label) + " " + ff.value
		desc := sec.Label + " di " + lowerFirst(ff.label) + " «" + ff.value + "»: " + italian.Plural(len(ff.pages), "scheda", "schede") + "."
		jobs = append(jobs, rn.filteredList(si, ff.url, heading, upperFirst(ff.value), desc, note, sec.ListOrder(ff.pages))...)
	}
	return jobs
}

// filteredList is the jobs of a paginated list of a section's pages at
// base, with its own heading and breadcrumb step ("" for the section's
// own list, whose step is the section), and a note on its order.
func (rn *run) filteredList(si *sectionInfo, base, heading, step, desc, note string, pages []*site.Page) []job {
	sec := si.sec
	kind := rn.listLayout(sec)
	pages = groupOrder(sec, pages)
	counts := groupCounts(sec, pages)
	total := pageCount(len(pages), rn.size)
	var net *NetworkView
	if base == sec.URL {
		net = rn.sectionNetwork(sec)
	}
	filters := sync.OnceValue(func() Filters { return rn.sectionFilterGroups(si, base) })
	jobs := make([]job, 0, total)
	for i := 1; i <= total; i++ {
		url := pageURL(base, i)
		jobs = append(jobs, rn.html(kind, url, "", func() *View {
			pager := newPager(base, i, total)
			v := rn.view(kind, url, rn.title(pagedTitle(heading, pager)), heading, desc)
			v.Section, v.Pager, v.Items, v.Count = sec, pager, rn.window(pages, i), len(pages)
			v.Feeds = rn.feeds(sectionFeed(sec))
			v.Filters, v.Places = filters(), si.placesView
			v.Sorts, v.Note = sortLinks(sec, base), note
			v.Groups = rn.groups(si, pages, counts, i)
			if i == 1 {
				v.Network = net
			}
			if step == "" {
				v.ItemLinks = rn.itemLinks(sec)
				v.Breadcrumb = rn.pagedCrumbs(sec.Label, sec.URL, i)
			} else {
				v.Breadcrumb = rn.pagedCrumbs(step, base, i, Link{Name: sec.Label, URL: sec.URL})
			}
			return v
		}))
		if rn.keys {
			k := rn.newKeyer(heading, desc).str(step).str(note)
			if step == "" {
				for _, l := range rn.itemLinks(sec) {
					k.str(l.URL).str(l.Name).int(l.Count)
				}
			}
			if gs := rn.groups(si, pages, counts, i); gs != nil {
				k.u64(rn.groupsKey(gs))
			}
			if net != nil && i == 1 {
				k.u64(net.key)
			}
			jobs[len(jobs)-1].key = rn.windowKey(kind, url, i, total, pages, si.key, k.sum())
		}
	}
	return jobs
}

// sortLinks are the orders the list of sec at here can be read in: the
// default one and newest first, for a section with deadlines; nil when
// here is neither (a filtered list) or the section has one order only.
func sortLinks(sec *site.Section, here string) []Link {
	recent := sec.URL + recentSlug + "/"
	if !sec.HasLifecycle() || (here != sec.URL && here != recent) {
		return nil
	}
	return []Link{
		{Name: sec.Lifecycle().Lists.Order, URL: sec.URL, Current: here == sec.URL},
		{Name: "Più recenti", URL: recent, Current: here == recent},
	}
}

// ordered returns a list of pages in the default order of their section
// when they all belong to one (a cantiere's opportunities read like the
// section's list), else as they are (newest first) with the pages that
// have closed (expired opportunities) after all the others, with the note
// that says so (orderNote).
func ordered(pages []*site.Page) ([]*site.Page, string) {
	if len(pages) == 0 {
		return pages, ""
	}
	sec := pages[0].Section
	for _, p := range pages[1:] {
		if p.Section != sec {
			return closedLast(pages)
		}
	}
	return sec.ListOrder(pages), orderNote(sec)
}

// closedLast moves the pages that have closed after the others, each
// part in its order, as the search does at equal relevance: a list of
// several sections shows no expired call between open ones. The note
// says so when it moved any, in the words of the first closed page's
// section (its lifecycle's last).
func closedLast(pages []*site.Page) ([]*site.Page, string) {
	var rest, closed []*site.Page
	for _, p := range pages {
		if p.Closed() && p.Section.HasLifecycle() {
			closed = append(closed, p)
		} else {
			rest = append(rest, p)
		}
	}
	if len(closed) == 0 || len(rest) == 0 {
		return pages, ""
	}
	return append(rest, closed...), closed[0].Section.Lifecycle().Lists.Last
}

// orderNote says how the lists of sec are ordered, when that is not
// plain (newest first): "" for most sections.
func orderNote(sec *site.Section) string {
	if !sec.HasLifecycle() {
		return ""
	}
	return sec.Lifecycle().Lists.Note
}
