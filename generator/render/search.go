package render

import (
	"bytes"
	"html/template"
	"io"

	"cantiericomuni.it/banca/generator/site"
)

// SearchView is what the search page (kind "search", layouts/search.html)
// shows: View.Search. The build writes the page without a query
// (cerca/index.html); the search handler renders it for each query, with
// the same layouts, through a SearchPage.
type SearchView struct {
	// Query is the text searched; Searched is false on the page written
	// by the build, before any search.
	Query    string
	Searched bool
	// Total counts the pages found; Hits are this page of them.
	Total int
	Hits  []SearchHit
	// Facets are the filter groups, in display order; Open is the
	// "solo opportunità aperte" filter, in a group of its own named
	// OpenLabel ("Stato dell’opportunità").
	Facets    []SearchFacet
	Open      SearchValue
	OpenLabel string
	// Active lists the filters set, each with the search without it.
	Active []SearchActive
	// Sorts are the orders the reader can choose, the current one marked.
	Sorts []SearchValue
	// Pager links the pages of results (nil for one page).
	Pager *Pager
	// ClearURL leads to the same words without any filter ("" when no
	// filter is set).
	ClearURL string
	// Error is an Italian message when the search could not run.
	Error string
}

// SearchHit is one page found.
type SearchHit struct {
	URL, Title string
	// Section is the section's name ("Opportunità").
	Section string
	// Snippet is the text around the words found, escaped by the search
	// package, with the matches in <mark>.
	Snippet template.HTML
	// Date is the publication date in Italian ("" when the page shows
	// none); DateISO as YYYY-MM-DD; DateArticle the article before Date
	// ("il ", "l’").
	Date, DateISO, DateArticle string
	// Status is the opportunity's status today, and Badge its phrase
	// ("scade tra 5 giorni"); nil and "" for other pages.
	Status *site.Status
	Badge  string
}

// SearchFacet is one filter group.
type SearchFacet struct {
	// Key is the URL parameter; Label the group's heading.
	Key, Label string
	Values     []SearchValue
	// Selected counts the values chosen.
	Selected int
}

// SearchActive is a filter set, shown above the results with the link
// that removes it.
type SearchActive struct {
	// Group is the name of the filter's group ("Argomenti"), Label the
	// value's ("Scuola").
	Group, Label string
	// URL is the search without this filter.
	URL string
}

// SearchValue is one value of a filter, or one sort order.
type SearchValue struct {
	Value, Label string
	// Count is the number of pages the value gives.
	Count    int
	Selected bool
	// URL is the search with the value toggled (no JavaScript needed).
	URL string
}

// SearchPage renders the search page of one site for any number of
// searches, concurrently.
type SearchPage struct {
	rn *run
	t  *template.Template
}

// SearchPage prepares the search page of s. Only the site's settings,
// sections and taxonomies are used: s may hold no pages.
func (r *Renderer) SearchPage(s *site.Site) *SearchPage {
	light := &site.Site{Schema: s.Schema, Config: s.Config, Now: s.Now,
		Sections: s.Sections, Taxonomies: s.Taxonomies, Redirects: s.Redirects, Footer: s.Footer}
	return &SearchPage{rn: newRun(r, light), t: r.kinds["search"]}
}

// Render writes the search page showing sv.
func (p *SearchPage) Render(w io.Writer, sv *SearchView) error {
	return p.t.ExecuteTemplate(w, entry, p.rn.searchView(sv))
}

// searchView is the View of the search page.
func (rn *run) searchView(sv *SearchView) *View {
	title := "Cerca"
	if sv.Searched && sv.Query != "" {
		title = "Cerca «" + sv.Query + "»"
	}
	v := rn.view("search", searchURL, rn.title(title), "Cerca nella banca",
		"Cerca tra opportunità, protocolli, buone pratiche e risorse della rete di Cantieri Comuni.")
	v.Breadcrumb = crumbs("Cerca")
	v.Search = sv
	v.rn, v.t = rn, rn.r.kinds["search"]
	return v
}

// searchPage is the job of the search page without a query. It also
// renders, into nothing, the page as searches show it (rehearsals): the
// page written has no results, so a mistake in the layout's results, its
// pager or its message of error would otherwise pass the build and fail
// every search on the host.
func (rn *run) searchPage() job {
	j := rn.html("search", searchURL, "", func() *View {
		sv := &SearchView{}
		if rn.r.SearchStart != nil {
			sv = rn.r.SearchStart(rn.s)
		}
		return rn.searchView(sv)
	})
	page := j.write
	j.write = func(buf *bytes.Buffer) error {
		if err := page(buf); err != nil {
			return err
		}
		var scratch bytes.Buffer
		for _, sv := range searchRehearsals(rn.s) {
			scratch.Reset()
			v := rn.searchView(sv)
			if err := v.t.ExecuteTemplate(&cappedWriter{buf: &scratch, kind: "search"}, entry, v); err != nil {
				return err
			}
		}
		return nil
	}
	if rn.keys {
		// The filters and their counts come from every page's front
		// matter and status: its entry.
		j.key = rn.newKeyer("search", searchURL).pages(rn, rn.s.Pages).sum()
	}
	return j
}

// searchRehearsals are views of the search page that take every branch
// of a layout: results of every kind (an opportunity with its status, a
// page with its section, date and snippet, one without), filters chosen,
// orders, a pager, a search without results, and one that failed.
func searchRehearsals(s *site.Site) []*SearchView {
	value := SearchValue{Value: "prova", Label: "Prova", Count: 2, Selected: true, URL: searchURL + "?q=prova"}
	facets := []SearchFacet{{Key: "sezione", Label: "Sezione", Values: []SearchValue{value, {Value: "altro", Label: "Altro", Count: 1, URL: searchURL}}, Selected: 1}}
	for _, tax := range s.Taxonomies {
		facets = append(facets, SearchFacet{Key: tax.Key, Label: tax.Label, Values: []SearchValue{value}, Selected: 1})
	}
	full := &SearchView{
		Query: "prova", Searched: true, Total: 45,
		Hits: []SearchHit{
			{URL: "/opportunita/prova/", Title: "Prova", Section: "Opportunità", Snippet: "una <mark>prova</mark>",
				Date: "1 dicembre 2026", DateISO: "2026-12-01", DateArticle: "il ",
				Status: &site.Status{Key: "in-scadenza", Label: "in scadenza", DaysLeft: 3}, Badge: "scade tra 3 giorni"},
			{URL: "/pratiche/prova/", Title: "Prova", Section: "Buone pratiche", Snippet: "<mark>prova</mark>",
				Date: "8 novembre 2026", DateISO: "2026-11-08", DateArticle: "l’"},
			{URL: "/prova/", Title: "Prova"},
		},
		Facets: facets, Open: value, OpenLabel: "Stato dell’opportunità",
		Active:   []SearchActive{{Group: "Sezione", Label: "Prova", URL: searchURL + "?q=prova"}},
		Sorts:    []SearchValue{value, {Value: "date", Label: "Data", URL: searchURL + "?q=prova&sort=date"}},
		Pager:    &Pager{Number: 2, Total: 3, Prev: searchURL + "?q=prova", Next: searchURL + "?q=prova&page=3"},
		ClearURL: searchURL + "?q=prova",
	}
	none := &SearchView{Query: "prova", Searched: true, Facets: facets, Sorts: full.Sorts}
	failed := &SearchView{Query: "prova", Searched: true, Error: "La ricerca non ha risposto in tempo: riprova tra qualche secondo."}
	return []*SearchView{full, none, failed}
}
