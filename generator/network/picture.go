package network

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"

	"cantiericomuni.it/banca/generator/italian"
)

// Options say how much of a graph a Picture shows.
type Options struct {
	// Nodes is the most nodes drawn (the most linked ones), Links the most
	// links drawn between them (the heaviest ones).
	Nodes, Links int
	// Groups name the nodes' groups (Node.Group indexes them).
	Groups []string
}

// Picture is the part of a graph that is drawn: the nodes numbered in the
// order they sit on the circle, the links between them, and the same
// facts as a table reads them (Drawn.Ties).
type Picture struct {
	Nodes []*Drawn
	Links []*Link
	// Groups are the groups of the nodes drawn, in the order of Options.Groups
	// (a node without one last), with their colour.
	Groups []Group
	// AllNodes, AllLinked and AllLinks count the graph's nodes, those with
	// a link and its links; Capped says some are not drawn.
	AllNodes, AllLinked, AllLinks int
	Capped                        bool
}

// Drawn is a node as drawn: its Number on the picture and in the table,
// its place, its colour and its ties to the other nodes drawn.
type Drawn struct {
	Node
	Number int
	// GroupName is the name of its group, "" for none; Colour its fill.
	GroupName, Colour string
	// Strength is how many pages it shares with others (over the whole
	// graph), Degree with how many nodes.
	Strength, Degree int
	X, Y             int
	// Ties are its links that are drawn, heaviest first.
	Ties []Tie
}

// Tie is one of a node's drawn links, seen from it.
type Tie struct {
	To   *Drawn
	Link *Link
}

// Link is a link drawn between two nodes.
type Link struct {
	A, B   *Drawn
	Weight int
	// Kinds counts its pages by kind, the kinds without pages left out.
	Kinds []KindCount
}

// KindCount is how many of a link's pages are of one kind.
type KindCount struct {
	Kind  string
	Count int
}

// Group is a group of nodes with the colour of its nodes.
type Group struct {
	Name, Colour string
}

// Pages says how many pages a link stands for, and of which kinds: "3
// schede in comune (Protocolli: 2, Verbali: 1)".
func (l *Link) Pages() string {
	parts := make([]string, len(l.Kinds))
	for i, k := range l.Kinds {
		parts[i] = k.Kind + ": " + strconv.Itoa(k.Count)
	}
	return italian.Plural(l.Weight, "scheda in comune", "schede in comune") + " (" + strings.Join(parts, ", ") + ")"
}

// Colours are the fills of the groups' nodes, in order (cycled): dark
// enough for white numbers on them (contrast at least 4.5:1) and for
// the circles against a white page (at least 3:1).
var Colours = []string{"#1d4f91", "#8c2d19", "#2e6b30", "#6a3d9a", "#7a5200", "#0e6470", "#9b1c5a", "#4d5d12", "#545454"}

// noGroup is the fill of a node without a group.
const noGroup = "#333333"

// Draw chooses the nodes and links of g that are drawn (the opts.Nodes
// with the most shared pages, then by name; the opts.Links heaviest links
// between them) and places them on a circle, by group then name, a gap
// between groups. Nil when the graph has no node.
func Draw(g *Graph, opts Options) *Picture {
	if len(g.Nodes) == 0 {
		return nil
	}
	p := &Picture{AllNodes: len(g.Nodes), AllLinked: g.Linked(), AllLinks: len(g.Edges)}
	// The most linked nodes.
	order := make([]int, len(g.Nodes))
	for i := range order {
		order[i] = i
	}
	byName := func(a, b int) int {
		na, nb := g.Nodes[a], g.Nodes[b]
		return cmp.Or(cmp.Compare(na.Name, nb.Name), cmp.Compare(na.URL, nb.URL), cmp.Compare(a, b))
	}
	slices.SortFunc(order, func(a, b int) int {
		return cmp.Or(cmp.Compare(g.Strength[b], g.Strength[a]), byName(a, b))
	})
	if opts.Nodes > 0 && len(order) > opts.Nodes {
		order = order[:opts.Nodes]
	}
	// On the circle: by group, a node without one last, then by name.
	group := func(i int) int {
		if gr := g.Nodes[i].Group; gr >= 0 && gr < len(opts.Groups) {
			return gr
		}
		return len(opts.Groups)
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Or(cmp.Compare(group(a), group(b)), byName(a, b)) })
	at := map[int]*Drawn{}
	for k, i := range order {
		d := &Drawn{Node: g.Nodes[i], Number: k + 1, Strength: g.Strength[i], Degree: g.Degree[i], Colour: noGroup}
		if gr := group(i); gr < len(opts.Groups) {
			d.GroupName, d.Colour = opts.Groups[gr], Colours[gr%len(Colours)]
		}
		if len(p.Groups) == 0 || p.Groups[len(p.Groups)-1].Name != d.GroupName {
			p.Groups = append(p.Groups, Group{Name: d.GroupName, Colour: d.Colour})
		}
		p.Nodes = append(p.Nodes, d)
		at[i] = d
	}
	// The heaviest links between them.
	var links []*Link
	for _, e := range g.Edges {
		a, b := at[e.A], at[e.B]
		if a == nil || b == nil {
			continue
		}
		if a.Number > b.Number {
			a, b = b, a
		}
		l := &Link{A: a, B: b, Weight: e.Weight}
		for k, n := range e.Kinds {
			if n > 0 {
				l.Kinds = append(l.Kinds, KindCount{Kind: g.Kinds[k], Count: int(n)})
			}
		}
		links = append(links, l)
	}
	slices.SortFunc(links, func(x, y *Link) int {
		return cmp.Or(cmp.Compare(y.Weight, x.Weight), cmp.Compare(x.A.Number, y.A.Number), cmp.Compare(x.B.Number, y.B.Number))
	})
	if opts.Links > 0 && len(links) > opts.Links {
		links = links[:opts.Links]
	}
	p.Capped = len(p.Nodes) < len(g.Nodes) || len(links) < len(g.Edges)
	for _, l := range links {
		l.A.Ties = append(l.A.Ties, Tie{To: l.B, Link: l})
		l.B.Ties = append(l.B.Ties, Tie{To: l.A, Link: l})
	}
	// Drawn lightest first, so that the heaviest lie on top.
	slices.Reverse(links)
	p.Links = links
	p.place()
	return p
}

// The picture's geometry, in the units of its viewBox: a square of Size,
// nodes of radius NodeRadius on a circle of radius ring around its
// centre. At 360 px wide a number of the picture reads at 13 px.
const (
	Size       = 400
	NodeRadius = 14
	ring       = Size/2 - NodeRadius - 4
)

// place puts the nodes on the circle, clockwise from the top, with an
// empty slot before every group but the first when there are several;
// one node sits in the centre. Coordinates are whole units.
func (p *Picture) place() {
	if len(p.Nodes) == 1 {
		p.Nodes[0].X, p.Nodes[0].Y = Size/2, Size/2
		return
	}
	slots := len(p.Nodes)
	if len(p.Groups) > 1 {
		slots += len(p.Groups)
	}
	s := 0
	for i, d := range p.Nodes {
		if len(p.Groups) > 1 && (i == 0 || d.GroupName != p.Nodes[i-1].GroupName) && i > 0 {
			s++
		}
		angle := -math.Pi/2 + 2*math.Pi*float64(s)/float64(slots)
		sin, cos := math.Sincos(angle)
		d.X = Size/2 + int(math.Round(ring*cos))
		d.Y = Size/2 + int(math.Round(ring*sin))
		s++
	}
}
