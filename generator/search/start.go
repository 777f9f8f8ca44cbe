package search

import (
	"cantiericomuni.it/banca/generator/schema"
	"cantiericomuni.it/banca/generator/search/results"
	"cantiericomuni.it/banca/generator/site"
)

// StartView is what the search page shows before any search (the page the
// build writes at /cerca/): every filter with the number of pages it gives,
// counted from the site itself with the same rules as the index, so that a
// reader can browse by filter from the start. Opportunity status is the
// build's; searches recompute it.
func StartView(s *site.Site) *results.View {
	m := &Meta{OpenLabel: groupNames(s)[OpenKey]}
	// The sections and their lifecycles give the words of the open
	// filter and of the order by closing date, as the index's meta does.
	for _, sec := range s.Sections {
		m.Sections = append(m.Sections, sectionOption(sec))
		if lc := sec.Lifecycle(); lc != nil {
			if m.Lifecycles == nil {
				m.Lifecycles = map[string]*schema.Lifecycle{}
			}
			m.Lifecycles[sec.Key] = lc
		}
	}
	fields := facetFields(s)
	counts := make([]map[string]int, len(fields))
	labels := make([]map[string]string, len(fields))
	for i := range fields {
		counts[i], labels[i] = map[string]int{}, map[string]string{}
	}
	open := 0
	for _, p := range s.Pages {
		if p.Section.HasLifecycle() && p.Status != nil && !p.Closed() {
			open++
		}
		for i, f := range fields {
			for _, o := range f.values(p) {
				if o.Value != "" {
					counts[i][o.Value]++
					labels[i][o.Value] = o.Label
				}
			}
		}
	}
	res := &Response{Facets: map[string][]FacetValue{}, Sort: SortRelevance}
	for i, f := range fields {
		for v, l := range labels[i] {
			f.facet.Values = append(f.facet.Values, Option{Value: v, Label: l})
		}
		if f.facet.Key == SectionKey {
			f.facet.Values = nil
			for _, sec := range s.Sections {
				if sec.URL != "" {
					f.facet.Values = append(f.facet.Values, Option{Value: sec.Key, Label: sec.Label})
				}
			}
		}
		m.Facets = append(m.Facets, f.facet)
		var vals []FacetValue
		for _, o := range f.facet.Values {
			if n := counts[i][o.Value]; n > 0 {
				vals = append(vals, FacetValue{Value: o.Value, Label: o.Label, Count: n})
			}
		}
		res.Facets[f.facet.Key] = vals
	}
	m.prepare()
	for _, f := range m.Facets {
		res.Facets[f.Key] = orderFacet(f, res.Facets[f.Key], nil)
	}
	res.Facets[OpenKey] = []FacetValue{{Value: "si", Label: m.openFilter(), Count: open}}
	sv := view(res, m)
	sv.Searched = false
	return sv
}
