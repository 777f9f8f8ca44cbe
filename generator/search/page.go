package search

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"time"

	"cantiericomuni.it/banca/generator/render"
	"cantiericomuni.it/banca/generator/schema"
	"cantiericomuni.it/banca/generator/site"
)

// maxShownValues bounds the values of one filter shown on the HTML page
// (the most frequent, and every selected one); the JSON has them all.
const maxShownValues = 15

// HTMLPage renders search results as the site's search page, with the
// site's own layouts (layouts/search.html).
type HTMLPage struct {
	page *render.SearchPage
}

// NewHTMLPage prepares the results page of s, rendered by r.
func NewHTMLPage(r *render.Renderer, s *site.Site) *HTMLPage {
	return &HTMLPage{page: r.SearchPage(s)}
}

// LoadHTMLPage prepares the results page from a bundle (fsys is the
// bundle's folder): its layouts and schema, and the fingerprinted names of
// the stylesheet and script (AssetsFile) when the build wrote them. It is
// what a host without the site's sources (the Netlify function) uses.
func LoadHTMLPage(fsys fs.FS) (*HTMLPage, error) {
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
	r, err := render.New(layouts)
	if err != nil {
		return nil, err
	}
	if r.Assets, err = loadAssets(fsys); err != nil {
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
	return NewHTMLPage(r, s), nil
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
// results.
func (p *HTMLPage) RenderError(w io.Writer, r Request, msg string) error {
	res := &Response{Query: r.Query, Request: r, Page: 1}
	return p.page.Render(w, &render.SearchView{Query: r.Query, Searched: true, Error: msg,
		Sorts: sorts(res, nil)})
}

// view turns a response into what the layout shows, with a link for every
// choice, so that the page works without JavaScript.
func view(res *Response, m *Meta) *render.SearchView {
	r := res.Request
	link := func(q Request) string { return PagePath + "?" + q.Values(m).Encode() }
	sv := &render.SearchView{Query: res.Query, Searched: true, Total: res.Total, Sorts: sorts(res, m)}
	var active []render.SearchActive
	for _, h := range res.Hits {
		sh := render.SearchHit{URL: h.URL, Title: h.Title, Section: h.SectionLabel,
			Snippet: trusted(h.Snippet), Date: h.DateText, DateISO: h.Date, DateArticle: h.DateArticle, Badge: h.StatusText}
		if h.Status != "" {
			sh.Status = &site.Status{Key: h.Status, Label: h.StatusLabel, DaysLeft: h.DaysLeft}
		}
		sv.Hits = append(sv.Hits, sh)
	}
	for _, f := range m.Facets {
		sf := render.SearchFacet{Key: f.Key, Label: f.Label}
		for i, v := range res.Facets[f.Key] {
			if i >= maxShownValues && !v.Selected {
				continue
			}
			val := render.SearchValue{Value: v.Value, Label: v.Label, Count: v.Count,
				Selected: v.Selected, URL: link(r.Toggle(f.Key, v.Value))}
			sf.Values = append(sf.Values, val)
			if v.Selected {
				sf.Selected++
				active = append(active, render.SearchActive{Group: f.Label, Label: cmp.Or(v.Label, v.Value), URL: val.URL})
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
		sv.Open = render.SearchValue{Value: "si", Label: open[0].Label, Count: open[0].Count,
			Selected: r.Open, URL: link(o)}
		if r.Open {
			// First, as its group is first in the panel.
			active = append([]render.SearchActive{{Group: sv.OpenLabel, Label: open[0].Label, URL: link(o)}}, active...)
		}
	}
	sv.Active = active
	if r.HasFilters() {
		sv.ClearURL = link(Request{Query: r.Query, Sort: r.Sort})
	}
	if res.Pages > 1 {
		p := &render.Pager{Number: res.Page, Total: res.Pages}
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

// sorts lists the orders with the current one selected.
func sorts(res *Response, m *Meta) []render.SearchValue {
	out := []render.SearchValue{
		{Value: SortRelevance, Label: "pertinenza"},
		{Value: SortDate, Label: "data, le più recenti prima"},
		{Value: SortDeadline, Label: "scadenza, le più vicine prima"},
	}
	for i := range out {
		out[i].Selected = out[i].Value == res.Sort
		if m != nil {
			q := res.Request
			q.Sort, q.Page = out[i].Value, 1
			out[i].URL = PagePath + "?" + q.Values(m).Encode()
		}
	}
	return out
}
