package render

import (
	"cmp"
	"html/template"
	"slices"
	"strings"
	"sync"

	"cantiericomuni.it/banca/generator/italian"
	"cantiericomuni.it/banca/generator/network"
	"cantiericomuni.it/banca/generator/schema"
	"cantiericomuni.it/banca/generator/site"
	"cantiericomuni.it/banca/generator/slug"
)

// The network of a section whose pages are organisations (schema.yaml:
// network), drawn on the first page of its list and on the first page of
// every hub (a cantiere's page), there with the organisations tagged with
// the hub's term; and the lists of a section grouped by a pick-list field
// (schema.yaml: group_by).

// NetworkView is a network as a page shows it: a picture and a table of
// the same facts (the partial "rete").
type NetworkView struct {
	// Title heads the block; ID prefixes the ids of its elements.
	Title, ID string
	// Note says what is drawn ("Il disegno mostra 30 su 1.250 …").
	Note string
	// SVG is the picture, Picture what it draws (the table's rows).
	SVG     template.HTML
	Picture *network.Picture
	// Node and Group name a node's column and its group's ("Ente",
	// "Tipo di ente").
	Node, Group string

	key uint64
}

// ListGroup is the part of one page of a grouped list with one value of
// the field it is grouped by: the value with a capital initial, how many
// pages of the whole list have it, the list of those pages (URL, "" when
// there is none) and this page's items.
type ListGroup struct {
	// ID is the name as a slug, for the heading's id.
	Name, ID string
	Count    int
	URL      string
	Items    []GroupItem
}

// GroupItem is a page of a grouped list with the number of pages that
// refer to it (Refs).
type GroupItem struct {
	*Entry
	Refs int
}

// networks holds the graph of every section with a network, made once.
type networks struct {
	once   sync.Once
	graphs map[*site.Section]*netGraph
}

// netGraph is the graph of one section's pages.
type netGraph struct {
	sec    *site.Section
	graph  *network.Graph
	groups []string // the values of the group_by field, for colours
	group  string   // the group_by field's label
}

// graphs returns the graphs of the sections with a network.
func (rn *run) graphs() map[*site.Section]*netGraph {
	rn.nets.once.Do(func() {
		rn.nets.graphs = map[*site.Section]*netGraph{}
		for _, sec := range rn.s.Sections {
			if sec.Schema != nil && sec.Schema.Network != nil {
				rn.nets.graphs[sec] = rn.buildGraph(sec)
			}
		}
	})
	return rn.nets.graphs
}

// buildGraph links the pages of sec named together by a page through
// one of the fields of its network; each node is tagged with its terms
// of the taxonomies whose terms are pages (cantieri), for the hubs.
func (rn *run) buildGraph(sec *site.Section) *netGraph {
	ng := &netGraph{sec: sec}
	if f := sec.Schema.Field(sec.Schema.GroupBy); f != nil {
		ng.groups, ng.group = f.Values, f.Label
	}
	index := make(map[*site.Page]int, len(sec.Pages))
	nodes := make([]network.Node, len(sec.Pages))
	for i, p := range sec.Pages {
		index[p] = i
		nodes[i] = network.Node{Name: p.Title, URL: p.URL, Group: -1}
		if ng.groups != nil {
			nodes[i].Group = slices.Index(ng.groups, p.Params.String(sec.Schema.GroupBy))
		}
		for _, tg := range p.Terms {
			if tg.Taxonomy.Schema != nil && tg.Taxonomy.Schema.Pages != "" {
				for _, t := range tg.Terms {
					nodes[i].Tags = append(nodes[i].Tags, hubTag(t))
				}
			}
		}
	}
	var kinds []string
	var pages []network.Page
	var fields []schema.NetworkField
	if rn.s.Schema != nil {
		fields = rn.s.Schema.NetworkFields(sec.Schema)
	}
	for _, nf := range fields {
		from := rn.s.Section(nf.Section.Key)
		if from == nil {
			continue
		}
		kind := slices.Index(kinds, from.Label)
		if kind < 0 {
			kind = len(kinds)
			kinds = append(kinds, from.Label)
		}
		for _, p := range from.Pages {
			var ids []int
			for _, f := range p.Fields {
				if f.Key != nf.Field.Key {
					continue
				}
				refs, _ := f.Value.([]site.Reference)
				for _, r := range refs {
					if i, ok := index[r.Page]; ok && r.Page != nil {
						ids = append(ids, i)
					}
				}
			}
			if len(ids) > 1 {
				pages = append(pages, network.Page{Kind: kind, Nodes: ids})
			}
		}
	}
	ng.graph = network.Build(nodes, kinds, pages)
	return ng
}

// hubTag is the tag of the nodes carrying the term t.
func hubTag(t *site.Term) string { return t.Taxonomy.Key + "/" + t.Slug }

// networkView draws g as the section sec's network, where describes
// which pages are its nodes ("" for all of them); nil when no two of
// them are linked.
func (rn *run) networkView(ng *netGraph, g *network.Graph, where string) *NetworkView {
	def := ng.sec.Schema.Network
	if len(g.Edges) == 0 {
		return nil
	}
	pic := network.Draw(g, network.Options{Nodes: def.Nodes, Links: def.Links, Groups: ng.groups})
	v := &NetworkView{Title: def.Title, ID: "rete", Picture: pic, Node: ng.sec.Singular, Group: ng.group}
	many := lowerFirst(ng.sec.Label) + where
	links := func(n int) string { return italian.Plural(n, "legame", "legami") }
	nodes := italian.Number(len(pic.Nodes)) + " " + many
	if len(pic.Nodes) < pic.AllNodes {
		nodes = italian.Number(len(pic.Nodes)) + " su " + italian.Number(pic.AllNodes) + " " + many + " (quelli con più schede in comune)"
	}
	drawn := links(len(pic.Links))
	if len(pic.Links) < pic.AllLinks {
		drawn = italian.Number(len(pic.Links)) + " su " + links(pic.AllLinks) + " (i più forti)"
	}
	v.Note = "Il disegno mostra " + nodes + " e " + drawn + "; la tabella dice gli stessi fatti."
	desc := "Ogni cerchio è un " + lowerFirst(ng.sec.Singular) + ", con il numero della sua riga nella tabella che segue; " +
		"una linea ne unisce due che compaiono nelle stesse schede, più spessa quando le schede sono di più."
	if ng.group != "" {
		desc += " Il colore dice «" + ng.group + "», scritto anche nella legenda e nella tabella."
	}
	v.SVG = template.HTML(pic.SVG(v.ID, def.Title, desc))
	k := rn.newKeyer("rete", "").str(string(v.SVG)).str(v.Note)
	for _, d := range pic.Nodes {
		k.int(d.Degree) // the table says it, the picture does not
	}
	v.key = k.sum()
	return v
}

// sectionNetwork is the network of sec as its list shows it, nil when
// it declares none.
func (rn *run) sectionNetwork(sec *site.Section) *NetworkView {
	ng := rn.graphs()[sec]
	if ng == nil {
		return nil
	}
	return rn.networkView(ng, ng.graph, "")
}

// hubNetwork is the network of the pages tagged with the hub p's term,
// nil when there is none.
func (rn *run) hubNetwork(p *site.Page) *NetworkView {
	if p.Hub == nil {
		return nil
	}
	for _, sec := range rn.s.Sections {
		if ng := rn.graphs()[sec]; ng != nil {
			return rn.networkView(ng, ng.graph.Sub(hubTag(p.Hub)), " che lavorano qui")
		}
	}
	return nil
}

// groupOrder returns pages ordered by their value of sec's group_by
// field, in the pick-list's order (pages without one last), each group
// by title (folded: case and accents do not count).
func groupOrder(sec *site.Section, pages []*site.Page) []*site.Page {
	f := groupField(sec)
	if f == nil {
		return pages
	}
	key := make(map[*site.Page]string, len(pages))
	for _, p := range pages {
		key[p] = slug.Make(p.Title)
	}
	out := slices.Clone(pages)
	slices.SortStableFunc(out, func(a, b *site.Page) int {
		return cmp.Or(groupRank(f, a)-groupRank(f, b), strings.Compare(key[a], key[b]))
	})
	return out
}

// groupField is the field sec's lists are grouped by, nil for none.
func groupField(sec *site.Section) *schema.Field {
	if sec.Schema == nil || sec.Schema.GroupBy == "" {
		return nil
	}
	return sec.Schema.Field(sec.Schema.GroupBy)
}

func groupRank(f *schema.Field, p *site.Page) int {
	if i := slices.Index(f.Values, p.Params.String(f.Key)); i >= 0 {
		return i
	}
	return len(f.Values)
}

// groupCounts counts the pages of a list of sec by their value of its
// group_by field (the last for those without one); nil when sec's lists
// are not grouped.
func groupCounts(sec *site.Section, pages []*site.Page) []int {
	f := groupField(sec)
	if f == nil {
		return nil
	}
	counts := make([]int, len(f.Values)+1)
	for _, p := range pages {
		counts[groupRank(f, p)]++
	}
	return counts
}

// groups splits the entries of page i of a grouped list of pages (in
// groupOrder) by value, with the count of every value in the whole list
// (groupCounts) and the list of the section's pages with it (filters).
func (rn *run) groups(si *sectionInfo, pages []*site.Page, counts []int, i int) []ListGroup {
	f := groupField(si.sec)
	if f == nil || counts == nil {
		return nil
	}
	var out []ListGroup
	last := -1
	for _, p := range window(pages, i, rn.size) {
		r := groupRank(f, p)
		if r != last || len(out) == 0 {
			g := ListGroup{Name: "Altro", ID: "altro", Count: counts[r]}
			if r < len(f.Values) {
				g.Name = upperFirst(f.Values[r])
				g.ID = slug.Make(f.Values[r])
				for _, ff := range si.fields {
					if ff.key == f.Key && ff.value == f.Values[r] {
						g.URL = ff.url
					}
				}
			}
			out = append(out, g)
			last = r
		}
		g := &out[len(out)-1]
		g.Items = append(g.Items, GroupItem{Entry: rn.entry(p), Refs: referrers(p)})
	}
	return out
}

// referrers counts the pages that name p.
func referrers(p *site.Page) int {
	seen := map[*site.Page]bool{}
	for _, g := range p.Backlinks {
		for _, q := range g.Pages {
			seen[q] = true
		}
	}
	return len(seen)
}

// groupsKey hashes what the groups of page i of a grouped list show
// besides the entries: the counts of the values and the referrers.
func (rn *run) groupsKey(gs []ListGroup) uint64 {
	k := rn.newKeyer("groups", "")
	for _, g := range gs {
		k.str(g.Name).int(g.Count).str(g.URL)
		for _, it := range g.Items {
			k.int(it.Refs)
		}
	}
	return k.sum()
}
