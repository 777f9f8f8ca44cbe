package render

import (
	"strings"

	"cantiericomuni.it/banca/generator/site"
)

// facts computes what a card of p says to help a reader choose it among
// the pages of its section, from the schema: the values of the section's
// fields marked as facets (an opportunity's tipo and ente, a protocol's
// stato, a resource's tipo), in schema order, those of a pick-list apart
// (kinds), then its places among the hubs' taxonomies (the cantieri, by
// their short names).
func facts(p *site.Page) (kinds, out []Fact) {
	for _, f := range p.Fields {
		def := fieldDef(p.Section, f.Key)
		v, ok := f.Value.(string)
		if def == nil || !def.Facet || !ok || strings.TrimSpace(v) == "" {
			continue
		}
		if len(def.Values) > 0 {
			kinds = append(kinds, Fact{Key: f.Key, Label: f.Label, Text: upperFirst(v)})
		} else {
			out = append(out, Fact{Key: f.Key, Label: f.Label, Text: v})
		}
	}
	for _, g := range p.Terms {
		tax := g.Taxonomy
		if tax == nil || tax.Schema == nil || tax.Schema.Pages == "" || len(g.Terms) == 0 {
			continue
		}
		names := make([]string, len(g.Terms))
		for i, t := range g.Terms {
			names[i] = t.ShortName()
		}
		label := tax.Label
		if len(names) == 1 {
			label = tax.Singular
		}
		out = append(out, Fact{Key: tax.Key, Label: label, Text: strings.Join(names, ", ")})
	}
	return kinds, out
}
