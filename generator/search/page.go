package search

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"time"

	"cantiericomuni.it/banca/generator/schema"
	"cantiericomuni.it/banca/generator/search/results"
	"cantiericomuni.it/banca/generator/site"
)

// maxShownValues bounds the values of one filter shown on the HTML page
// (the most frequent, and every selected one); the JSON has them all.
const maxShownValues = 15

// ResultsPage renders the search page showing a view of the results, in
// the site's own layouts: render.SearchPage implements it. Whoever wires
// a Handler passes one in, so that this package needs no renderer.
type ResultsPage interface {
	Render(w io.Writer, v *results.View) error
}

// HTMLPage renders search results as the site's search page.
type HTMLPage struct {
	page ResultsPage
}

// NewHTMLPage prepares the results page rendered by page.
func NewHTMLPage(page ResultsPage) *HTMLPage {
	return &HTMLPage{page: page}
}

// PageParts is what a bundle holds to render the results page on a host
// without the site's sources (the Netlify function): render.NewSearchPage
// makes the page from them.
type PageParts struct {
	// Site holds the site's settings, sections, taxonomies and footer,
	// and no pages.
	Site *site.Site
	// Layouts is the bundle's copy of layouts/.
	Layouts fs.FS
	// Assets maps the site path of every fingerprinted file to the name
	// the build published it under (AssetsFile); nil when the build wrote
	// none.
	Assets map[string]string
}

// LoadPageParts reads the parts of the results page from a bundle (fsys
// is the bundle's folder): its schema, layouts, fingerprinted names and
// the footer its description keeps.
func LoadPageParts(fsys fs.FS) (*PageParts, error) {
	data, err := fs.ReadFile(fsys, "schema.yaml")
	if err != nil {
		return nil, fmt.Errorf("pagina di ricerca: %w", err)
	}
	sch, err := schema.Parse("schema.yaml", data)
	if err != nil {
		return nil, err
	}
	layouts, err := fs.Sub(fsys, "layouts")
	if err != nil {
		return nil, err
	}
	assets, err := loadAssets(fsys)
	if err != nil {
		return nil, err
	}
	s := site.Assemble(nil, sch, site.Options{Now: time.Now()})
	// The footer links pages, which a site without pages lacks: the
	// index's description keeps them.
	if data, err := fs.ReadFile(fsys, "meta.json"); err == nil {
		var m Meta
		if json.Unmarshal(data, &m) == nil {
			s.Footer = m.Footer
		}
	}
	return &PageParts{Site: s, Layouts: layouts, Assets: assets}, nil
}

// Render writes the page for res.
func (p *HTMLPage) Render(w io.Writer, res *Response, m *Meta) error {
	return p.page.Render(w, view(res, m))
}

// RenderStart writes the page before any search: res answers the empty
// request, and only its filters are shown.
func (p *HTMLPage) RenderStart(w io.Writer, res *Response, m *Meta) error {
	sv := view(res, m)
	sv.Searched, sv.Hits, sv.Pager = false, nil, nil
	return p.page.Render(w, sv)
}

// RenderError writes the page for r with an error message instead of
// results, without the index's description: its orders are those every
// site has (RenderFailure names the order by closing date too).
func (p *HTMLPage) RenderError(w io.Writer, r Request, msg string) error {
	return p.RenderFailure(w, r, msg, nil)
}

// RenderFailure writes the page for r with an error message instead of
// results; m, the index's description (nil when there is none), gives
// the words of the order by closing date.
func (p *HTMLPage) RenderFailure(w io.Writer, r Request, msg string, m *Meta) error {
	res := &Response{Query: r.Query, Request: r, Page: 1}
	sv := &results.View{Query: r.Query, Searched: true, Error: msg, Sorts: sorts(res, nil)}
	if m != nil {
		sv.Sorts = withClosingSort(sv.Sorts, res, m)
		sv.Ranges, _ = rangeViews(res, m, func(q Request) string { return PagePath + "?" + q.Values(m).Encode() })
	}
	return p.page.Render(w, sv)
}

// view turns a response into what the layout shows, with a link for every
// choice, so that the page works without JavaScript.
func view(res *Response, m *Meta) *results.View {
	r := res.Request
	link := func(q Request) string { return PagePath + "?" + q.Values(m).Encode() }
	sv := &results.View{Query: res.Query, Searched: true, Total: res.Total, Sorts: sorts(res, m)}
	if s := res.Suggestion; s != nil {
		sv.Suggestion, sv.SuggestionURL = s.Query, s.URL
	}
	var active []results.Active
	for _, h := range res.Hits {
		sh := results.Hit{URL: h.URL, Title: h.Title, Section: h.SectionLabel,
			Snippet: trusted(h.Snippet), Date: h.DateText, DateISO: h.Date, DateArticle: h.DateArticle, Badge: h.StatusText}
		if h.Status != "" {
			sh.Status = &results.Status{Key: h.Status, Label: h.StatusLabel, DaysLeft: h.DaysLeft}
		}
		sv.Hits = append(sv.Hits, sh)
	}
	for _, f := range m.Facets {
		sf := results.Facet{Key: f.Key, Label: f.Label}
		for i, v := range res.Facets[f.Key] {
			if i >= maxShownValues && !v.Selected {
				continue
			}
			val := results.Value{Value: v.Value, Label: v.Label, Count: v.Count,
				Selected: v.Selected, URL: link(r.Toggle(f.Key, v.Value))}
			sf.Values = append(sf.Values, val)
			if v.Selected {
				sf.Selected++
				active = append(active, results.Active{Group: f.Label, Label: cmp.Or(v.Label, v.Value), URL: val.URL})
			}
		}
		if len(sf.Values) > 0 {
			sv.Facets = append(sv.Facets, sf)
		}
	}
	sv.OpenLabel = cmp.Or(m.OpenLabel, openGroup)
	if open := res.Facets[OpenKey]; len(open) == 1 {
		o := r
		o.Open, o.Page = !r.Open, 1
		sv.Open = results.Value{Value: "si", Label: open[0].Label, Count: open[0].Count,
			Selected: r.Open, URL: link(o)}
		if r.Open {
			// First, as its group is first in the panel.
			active = append([]results.Active{{Group: sv.OpenLabel, Label: open[0].Label, URL: link(o)}}, active...)
		}
	}
	// The date ranges come after the open filter, as in the panel.
	ranges, inForce := rangeViews(res, m, link)
	sv.Ranges = ranges
	if len(inForce) > 0 {
		at := 0
		if r.Open {
			at = 1
		}
		active = append(active[:at], append(inForce, active[at:]...)...)
	}
	sv.Active = active
	if r.HasFilters() {
		sv.ClearURL = link(Request{Query: r.Query, Sort: r.Sort})
	}
	if res.Pages > 1 {
		p := &results.Pager{Number: res.Page, Total: res.Pages}
		if res.Page > 1 {
			q := r
			q.Page = res.Page - 1
			p.Prev = link(q)
		}
		if res.Page < res.Pages {
			q := r
			q.Page = res.Page + 1
			p.Next = link(q)
		}
		sv.Pager = p
	}
	return sv
}

// sorts lists the orders with the current one selected, each with its
// link when m is set: relevance, date and, when a section has a
// lifecycle, closing date, in the words its lifecycle declares
// (Meta.closingSort).
func sorts(res *Response, m *Meta) []results.Value {
	out := []results.Value{
		{Value: SortRelevance, Label: "pertinenza"},
		{Value: SortDate, Label: "data, le più recenti prima"},
	}
	if m != nil {
		if label := m.closingSort(); label != "" {
			out = append(out, results.Value{Value: SortDeadline, Label: label})
		}
	}
	for i := range out {
		out[i].Selected = out[i].Value == res.Sort
		if m != nil {
			out[i].URL = sortURL(res, m, out[i].Value)
		}
	}
	return out
}

// withClosingSort adds to orders without links (sorts(res, nil)) the
// order by closing date in m's words, without a link either.
func withClosingSort(orders []results.Value, res *Response, m *Meta) []results.Value {
	if label := m.closingSort(); label != "" {
		orders = append(orders, results.Value{Value: SortDeadline, Label: label, Selected: res.Sort == SortDeadline})
	}
	return orders
}

// sortURL links the results of res in the order sort, from its first page.
func sortURL(res *Response, m *Meta, sort string) string {
	q := res.Request
	q.Sort, q.Page = sort, 1
	return PagePath + "?" + q.Values(m).Encode()
}
