package schema

import (
	"fmt"
	"slices"
)

// Network declares that a section's pages are the organisations of a
// network, drawn as a graph on its list and on each cantiere's page: two
// of them are linked when one page names both through a multiple
// reference field to the section.
type Network struct {
	// Title heads the picture and its table ("Chi lavora con chi").
	Title string `yaml:"title"`
	// Nodes is the most organisations drawn (the most linked ones),
	// Links the most links drawn between them (the strongest): the
	// rest stays out, with a note, so that a page stays small.
	Nodes int `yaml:"nodes"`
	Links int `yaml:"links"`
	// Fields are the keys of the fields that link: multiple reference
	// fields, of any section, that name the section's pages. Empty means
	// every such field.
	Fields []string `yaml:"fields"`
}

// The defaults and the limits of Network's Nodes and Links.
const (
	NetworkNodes    = 30
	NetworkMaxNodes = 40
	NetworkLinks    = 80
	NetworkMaxLinks = 200
)

// NetworkField is a field whose values link the organisations of a
// network: the multiple reference field Field of Section.
type NetworkField struct {
	Section *Section
	Field   *Field
}

// NetworkFields are the fields that link the pages of sec, a section
// with a network, in schema order: its Network.Fields, or every multiple
// reference field of a section that names sec's pages.
func (s *Schema) NetworkFields(sec *Section) []NetworkField {
	if sec.Network == nil {
		return nil
	}
	var out []NetworkField
	for _, other := range s.Sections {
		for _, f := range other.Fields {
			if f.Type == TypeReference && f.Multiple && slices.Contains(f.Sections, sec.Key) &&
				(len(sec.Network.Fields) == 0 || slices.Contains(sec.Network.Fields, f.Key)) {
				out = append(out, NetworkField{Section: other, Field: f})
			}
		}
	}
	return out
}

// validateGrouping checks the group_by and network options of every
// section, and sets the network's defaults.
func (s *Schema) validateGrouping(ps *problems) {
	for i, sec := range s.Sections {
		at := path{"sections", i}
		if sec.GroupBy != "" {
			if f := sec.Field(sec.GroupBy); f == nil || f.Type != TypeString || len(f.Values) == 0 {
				ps.add(append(at, "group_by"), fmt.Sprintf("«group_by» della sezione «%s» indica «%s», che non è un campo di tipo string della sezione con un elenco di valori (values)", sec.Key, sec.GroupBy),
					"Indica un campo a scelta da un elenco, per esempio «group_by: tipo».")
			}
		}
		n := sec.Network
		if n == nil {
			continue
		}
		at = append(at, "network")
		if n.Title == "" {
			ps.add(at, fmt.Sprintf("la rete della sezione «%s» non ha il titolo (title) che la introduce", sec.Key),
				"Aggiungi per esempio «title: Chi lavora con chi».")
		}
		limit := func(key string, v *int, def, most int) {
			switch {
			case *v == 0:
				*v = def
			case *v < 2 || *v > most:
				ps.add(append(at, key), fmt.Sprintf("«%s» della rete della sezione «%s» deve essere un numero fra 2 e %d", key, sec.Key, most),
					fmt.Sprintf("Scrivi per esempio «%s: %d», o toglilo per usare %d.", key, def, def))
			}
		}
		limit("nodes", &n.Nodes, NetworkNodes, NetworkMaxNodes)
		limit("links", &n.Links, NetworkLinks, NetworkMaxLinks)
		for j, key := range n.Fields {
			found := false
			for _, other := range s.Sections {
				if f := other.Field(key); f != nil && f.Type == TypeReference && f.Multiple && slices.Contains(f.Sections, sec.Key) {
					found = true
				}
			}
			if !found {
				ps.add(append(at, "fields", j), fmt.Sprintf("«%s» non è un campo di tipo reference con «multiple: true» che rimanda alla sezione «%s»: non può collegarne le pagine", key, sec.Key),
					"Indica la chiave di un campo che elenca pagine della sezione (per esempio firmatari), o togli «fields» per usarli tutti.")
			}
		}
		if len(n.Fields) == 0 && len(s.NetworkFields(sec)) == 0 {
			ps.add(at, fmt.Sprintf("nessun campo di tipo reference con «multiple: true» rimanda alla sezione «%s»: la rete non avrebbe collegamenti", sec.Key),
				"Dichiara in un'altra sezione un campo che elenca pagine di questa (type: reference, multiple: true, sections: ["+sec.Key+"]), o togli «network».")
		}
	}
}
