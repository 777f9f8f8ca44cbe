package render

import (
	"bytes"
	"html/template"
	"io"
	"io/fs"

	"cantiericomuni.it/banca/generator/italian"
	"cantiericomuni.it/banca/generator/search/results"
	"cantiericomuni.it/banca/generator/site"
)

// SearchPage renders the search page of one site for any number of
// searches, concurrently: the search handler's results page (it
// implements search.ResultsPage).
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

// NewSearchPage prepares the search page from layouts alone, for a host
// without the site's sources (the Netlify function): s holds the site's
// settings, sections, taxonomies and footer, and no pages; assets maps
// the fingerprinted files as Renderer.Assets does.
func NewSearchPage(layouts fs.FS, assets map[string]string, s *site.Site) (*SearchPage, error) {
	r, err := New(layouts)
	if err != nil {
		return nil, err
	}
	r.Assets = assets
	return r.SearchPage(s), nil
}

// Render writes the search page showing sv.
func (p *SearchPage) Render(w io.Writer, sv *results.View) error {
	return p.t.ExecuteTemplate(w, entry, p.rn.searchView(sv))
}

// searchView is the View of the search page.
func (rn *run) searchView(sv *results.View) *View {
	title := "Cerca"
	if sv.Searched && sv.Query != "" {
		title = "Cerca «" + sv.Query + "»"
	}
	v := rn.view("search", searchURL, rn.title(title), "Cerca nella banca", rn.searchDescription())
	v.Breadcrumb = rn.crumbs("Cerca")
	v.Search = sv
	v.rn, v.t = rn, rn.r.kinds["search"]
	return v
}

// searchDescription describes the search page: the site's declaration
// (search_description), else the sections with a list, by name ("Cerca
// tra opportunità, protocolli e buone pratiche.").
func (rn *run) searchDescription() string {
	if d := rn.s.Config.SearchDescription; d != "" {
		return d
	}
	var names []string
	for _, sec := range rn.s.Sections {
		if sec.URL != "" {
			names = append(names, lowerFirst(sec.Label))
		}
	}
	if len(names) == 0 {
		return "Cerca tra le pagine del sito."
	}
	return "Cerca tra " + italian.JoinNames(names) + "."
}

// searchPage is the job of the search page without a query. It also
// renders, into nothing, the page as searches show it (rehearsals): the
// page written has no results, so a mistake in the layout's results, its
// pager or its message of error would otherwise pass the build and fail
// every search on the host.
func (rn *run) searchPage() job {
	j := rn.html("search", searchURL, "", func() *View {
		sv := &results.View{}
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
// of a layout: results of every kind (a page with a status, one with its
// section, date and snippet, one without), filters chosen, orders, a
// pager, a search without results, and one that failed. Their words are
// neutral: they are rendered into nothing, only to exercise the layout.
func searchRehearsals(s *site.Site) []*results.View {
	value := results.Value{Value: "prova", Label: "Prova", Count: 2, Selected: true, URL: searchURL + "?q=prova"}
	facets := []results.Facet{{Key: "sezione", Label: "Sezione", Values: []results.Value{value, {Value: "altro", Label: "Altro", Count: 1, URL: searchURL}}, Selected: 1}}
	for _, tax := range s.Taxonomies {
		facets = append(facets, results.Facet{Key: tax.Key, Label: tax.Label, Values: []results.Value{value}, Selected: 1})
	}
	full := &results.View{
		Query: "prova", Searched: true, Total: 45,
		Hits: []results.Hit{
			{URL: "/prova/stato/", Title: "Prova", Section: "Prove", Snippet: "una <mark>prova</mark>",
				Date: "1 dicembre 2026", DateISO: "2026-12-01", DateArticle: "il ",
				Status: &results.Status{Key: "in-prova", Label: "in prova", DaysLeft: 3}, Badge: "finisce tra 3 giorni"},
			{URL: "/prova/data/", Title: "Prova", Section: "Prove", Snippet: "<mark>prova</mark>",
				Date: "8 novembre 2026", DateISO: "2026-11-08", DateArticle: "l’"},
			{URL: "/prova/", Title: "Prova"},
		},
		Facets: facets, Open: value, OpenLabel: "Stato",
		Ranges: []results.Range{{Key: "prova", Label: "Prova", Choices: []results.Value{value}, Counted: true,
			Carry: "prova", Chosen: "prova", Open: true,
			Fields: []results.DateField{{ID: "prova", Name: "prova", Label: "Prova", Value: "2026-12-01", Error: "Prova."}}}},
		Active:   []results.Active{{Group: "Sezione", Label: "Prova", URL: searchURL + "?q=prova"}},
		Sorts:    []results.Value{value, {Value: "date", Label: "Data", URL: searchURL + "?q=prova&sort=date"}},
		Pager:    &results.Pager{Number: 2, Total: 3, Prev: searchURL + "?q=prova", Next: searchURL + "?q=prova&page=3"},
		ClearURL: searchURL + "?q=prova",
	}
	none := &results.View{Query: "prova", Searched: true, Facets: facets, Sorts: full.Sorts}
	failed := &results.View{Query: "prova", Searched: true, Error: "La ricerca non ha risposto in tempo: riprova tra qualche secondo."}
	return []*results.View{full, none, failed}
}
