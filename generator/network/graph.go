// Package network computes the graph of the organisations of the network
// linked by the pages they share (two organisations named by the same
// protocol, practice, minutes or event), and draws it as an inline SVG
// with a deterministic layout: the same content gives the same bytes.
//
// It knows nothing of sites or schemas: its callers give it the nodes
// (organisations), the kinds of pages (their sections) and, for every
// page, the nodes it names.
package network

import (
	"cmp"
	"slices"
)

// MaxPerPage is how many of the organisations a page names are paired:
// a page naming more (a public meeting with sixty attendees) links only
// the first MaxPerPage of them, in the order they are written, so that
// one page adds at most MaxPerPage·(MaxPerPage−1)/2 links.
const MaxPerPage = 30

// Node is an organisation of the network.
type Node struct {
	// Name is what readers see (the page's title), URL its page.
	Name, URL string
	// Group is the index of the node's group (its type, in the order of
	// the pick-list), -1 when it has none.
	Group int
	// Tags are the places the node works in (the slugs of its cantieri),
	// for Graph.Sub.
	Tags []string
}

// Page is one page that names several nodes: Kind is the index of its
// kind (its section) in the kinds given to Build, Nodes the indexes of
// the nodes it names, in the order written (repeats are ignored).
type Page struct {
	Kind  int
	Nodes []int
}

// Edge links two nodes, A < B, by the Weight pages that name both;
// Kinds counts them by kind (indexed as the graph's Kinds).
type Edge struct {
	A, B   int
	Weight int
	Kinds  []int32
}

// Graph is the network: its nodes, the kinds of the pages that link
// them and the links, sorted by A then B.
type Graph struct {
	Nodes []Node
	Kinds []string
	Edges []Edge
	// Strength is, per node, the sum of the weights of its links; Degree
	// the number of nodes it is linked to.
	Strength, Degree []int
}

// Build computes the graph of nodes linked by pages: time linear in the
// pages and the pairs each adds (at most MaxPerPage of its nodes are
// paired). Node indexes out of range are ignored.
func Build(nodes []Node, kinds []string, pages []Page) *Graph {
	g := &Graph{Nodes: nodes, Kinds: kinds}
	index := map[uint64]int{}
	var ids []int
	for _, p := range pages {
		if p.Kind < 0 || p.Kind >= len(kinds) {
			continue
		}
		ids = ids[:0]
		for _, n := range p.Nodes {
			if n < 0 || n >= len(nodes) || slices.Contains(ids, n) {
				continue
			}
			if len(ids) == MaxPerPage {
				break
			}
			ids = append(ids, n)
		}
		slices.Sort(ids)
		for i, a := range ids {
			for _, b := range ids[i+1:] {
				key := uint64(a)<<32 | uint64(b)
				e, ok := index[key]
				if !ok {
					e = len(g.Edges)
					index[key] = e
					g.Edges = append(g.Edges, Edge{A: a, B: b, Kinds: make([]int32, len(kinds))})
				}
				g.Edges[e].Weight++
				g.Edges[e].Kinds[p.Kind]++
			}
		}
	}
	slices.SortFunc(g.Edges, func(x, y Edge) int {
		return cmp.Or(cmp.Compare(x.A, y.A), cmp.Compare(x.B, y.B))
	})
	g.measure()
	return g
}

// measure computes Strength and Degree.
func (g *Graph) measure() {
	g.Strength = make([]int, len(g.Nodes))
	g.Degree = make([]int, len(g.Nodes))
	for _, e := range g.Edges {
		g.Strength[e.A] += e.Weight
		g.Strength[e.B] += e.Weight
		g.Degree[e.A]++
		g.Degree[e.B]++
	}
}

// Sub is the graph of the nodes tagged tag (the organisations working
// in one cantiere) and the links between them.
func (g *Graph) Sub(tag string) *Graph {
	at := make([]int, len(g.Nodes))
	s := &Graph{Kinds: g.Kinds}
	for i, n := range g.Nodes {
		at[i] = -1
		if slices.Contains(n.Tags, tag) {
			at[i] = len(s.Nodes)
			s.Nodes = append(s.Nodes, n)
		}
	}
	for _, e := range g.Edges {
		if a, b := at[e.A], at[e.B]; a >= 0 && b >= 0 {
			s.Edges = append(s.Edges, Edge{A: a, B: b, Weight: e.Weight, Kinds: e.Kinds})
		}
	}
	s.measure()
	return s
}

// Linked counts the nodes with at least one link.
func (g *Graph) Linked() int {
	n := 0
	for _, d := range g.Degree {
		if d > 0 {
			n++
		}
	}
	return n
}
