package schema

import (
	"fmt"
	"slices"
)

// Network declares that a section's pages are the organisations of a
// network, drawn as a graph on its list and on each cantiere's page: two
// of them are linked when one page names both through a multiple
// reference field to the section that says network: true
// (ReferenceOptions.Network).
type Network struct {
	// Title heads the picture and its table ("Chi lavora con chi").
	Title string `yaml:"title"`
	// Nodes is the most organisations drawn (the most linked ones),
	// Links the most links drawn between them (the strongest): the
	// rest stays out, with a note, so that a page stays small.
	Nodes int `yaml:"nodes"`
	Links int `yaml:"links"`
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
// with a network, in schema order: the multiple reference fields of any
// section that name sec's pages and say network: true.
func (s *Schema) NetworkFields(sec *Section) []NetworkField {
	if sec.Network == nil {
		return nil
	}
	var out []NetworkField
	for _, other := range s.Sections {
		for _, f := range other.Fields {
			if f.Type == TypeReference && f.Multiple && f.Network && slices.Contains(f.Sections, sec.Key) {
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
		if len(s.NetworkFields(sec)) == 0 {
			ps.add(at, fmt.Sprintf("nessun campo con «network: true» rimanda alla sezione «%s»: la rete non avrebbe collegamenti", sec.Key),
				"Aggiungi «network: true» ai campi che elencano pagine di questa sezione (type: reference, multiple: true, sections: ["+sec.Key+"]) e che le collegano, o togli «network».")
		}
	}
	// The fields that link: lists of pages of a section with a network.
	for i, sec := range s.Sections {
		for j, f := range sec.Fields {
			if f.Type != TypeReference || !f.Network {
				continue
			}
			drawn := false
			for _, key := range f.Sections {
				if t := s.Section(key); t != nil && t.Network != nil {
					drawn = true
				}
			}
			at := path{"sections", i, "fields", j, "network"}
			switch {
			case !f.Multiple:
				ps.add(at, fmt.Sprintf("«network: true» vale per un campo che elenca più pagine, e «%s» ne nomina una sola", f.Key),
					"Aggiungi «multiple: true» al campo, oppure togli «network: true».")
			case !drawn:
				ps.add(at, fmt.Sprintf("«network: true» collega le pagine di una sezione con «network», e nessuna delle sezioni a cui «%s» rimanda lo dichiara", f.Key),
					"Aggiungi «network: {title: …}» alla sezione a cui il campo rimanda, oppure togli «network: true».")
			}
		}
	}
}
