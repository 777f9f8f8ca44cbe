package network

import (
	"fmt"
	"strings"
	"testing"

	"cantiericomuni.it/banca/generator/internal/golden"
)

// fixture is a small network: five organisations of three types in two
// cantieri, and the pages that name them.
func fixture() ([]Node, []string, []Page) {
	nodes := []Node{
		{Name: "Comune di Ferrara", URL: "/enti/comune-ferrara/", Group: 0, Tags: []string{"ferrara"}},
		{Name: "IC 5 Ferrara", URL: "/enti/ic5/", Group: 1, Tags: []string{"ferrara"}},
		{Name: "Cooperativa Cadiai", URL: "/enti/cadiai/", Group: 2, Tags: []string{"ferrara", "bologna"}},
		{Name: "Comune di Bologna", URL: "/enti/comune-bologna/", Group: 0, Tags: []string{"bologna"}},
		{Name: "Associazione <Arci> & co", URL: "/enti/arci/", Group: -1, Tags: []string{"bologna"}},
	}
	kinds := []string{"Protocolli", "Verbali"}
	pages := []Page{
		{Kind: 0, Nodes: []int{0, 1, 2}},
		{Kind: 0, Nodes: []int{0, 2}},
		{Kind: 1, Nodes: []int{2, 0, 0}}, // a repeat counts once
		{Kind: 1, Nodes: []int{3, 2, 4}},
		{Kind: 1, Nodes: []int{3}},       // one organisation: no link
		{Kind: 5, Nodes: []int{3, 4}},    // an unknown kind: ignored
		{Kind: 0, Nodes: []int{4, 9, 3}}, // an unknown node: ignored
	}
	return nodes, kinds, pages
}

func edges(g *Graph) string {
	var b strings.Builder
	for _, e := range g.Edges {
		fmt.Fprintf(&b, "%s–%s %d %v; ", g.Nodes[e.A].Name, g.Nodes[e.B].Name, e.Weight, e.Kinds)
	}
	return b.String()
}

func TestBuild(t *testing.T) {
	g := Build(fixture())
	want := "Comune di Ferrara–IC 5 Ferrara 1 [1 0]; Comune di Ferrara–Cooperativa Cadiai 3 [2 1]; " +
		"IC 5 Ferrara–Cooperativa Cadiai 1 [1 0]; Cooperativa Cadiai–Comune di Bologna 1 [0 1]; " +
		"Cooperativa Cadiai–Associazione <Arci> & co 1 [0 1]; Comune di Bologna–Associazione <Arci> & co 2 [1 1]; "
	if got := edges(g); got != want {
		t.Errorf("edges:\n got %s\nwant %s", got, want)
	}
	if fmt.Sprint(g.Strength) != "[4 2 6 3 3]" || fmt.Sprint(g.Degree) != "[2 2 4 2 2]" {
		t.Errorf("strength %v, degree %v", g.Strength, g.Degree)
	}
	sub := g.Sub("bologna")
	if got, want := edges(sub), "Cooperativa Cadiai–Comune di Bologna 1 [0 1]; Cooperativa Cadiai–Associazione <Arci> & co 1 [0 1]; Comune di Bologna–Associazione <Arci> & co 2 [1 1]; "; got != want {
		t.Errorf("sub:\n got %s\nwant %s", got, want)
	}
	if len(sub.Nodes) != 3 || sub.Linked() != 3 || len(g.Sub("imola").Nodes) != 0 {
		t.Errorf("sub nodes %d", len(sub.Nodes))
	}
}

func TestBuildCapsThePairsOfAPage(t *testing.T) {
	var nodes []Node
	var ids []int
	for i := range 40 {
		nodes = append(nodes, Node{Name: fmt.Sprintf("Ente %02d", i)})
		ids = append(ids, i)
	}
	g := Build(nodes, []string{"Verbali"}, []Page{{Kind: 0, Nodes: ids}})
	if want := MaxPerPage * (MaxPerPage - 1) / 2; len(g.Edges) != want {
		t.Errorf("%d links, want %d", len(g.Edges), want)
	}
	if g.Degree[MaxPerPage] != 0 || g.Degree[0] != MaxPerPage-1 {
		t.Errorf("degrees %v", g.Degree)
	}
}

var groups = []string{"comune", "scuola", "cooperativa sociale"}

func TestDrawChoosesTheMostLinked(t *testing.T) {
	g := Build(fixture())
	for _, tc := range []struct {
		nodes, links int
		want         string
		capped       bool
	}{
		// By group, then name; Arci, without a group, last.
		{0, 0, "1 Comune di Bologna (comune) 3/2; 2 Comune di Ferrara (comune) 4/2; 3 IC 5 Ferrara (scuola) 2/2; 4 Cooperativa Cadiai (cooperativa sociale) 6/4; 5 Associazione <Arci> & co 3/2; ", false},
		// The three with most shared pages; Arci before Bologna by name.
		{3, 0, "1 Comune di Ferrara (comune) 4/2; 2 Cooperativa Cadiai (cooperativa sociale) 6/4; 3 Associazione <Arci> & co 3/2; ", true},
		{0, 2, "1 Comune di Bologna (comune) 3/2; 2 Comune di Ferrara (comune) 4/2; 3 IC 5 Ferrara (scuola) 2/2; 4 Cooperativa Cadiai (cooperativa sociale) 6/4; 5 Associazione <Arci> & co 3/2; ", true},
	} {
		p := Draw(g, Options{Nodes: tc.nodes, Links: tc.links, Groups: groups})
		var b strings.Builder
		for _, d := range p.Nodes {
			fmt.Fprintf(&b, "%d %s %d/%d; ", d.Number, strings.TrimPrefix(d.Label(), fmt.Sprint(d.Number)+". "), d.Strength, d.Degree)
		}
		if b.String() != tc.want || p.Capped != tc.capped {
			t.Errorf("%d, %d:\n got %s (capped %v)\nwant %s", tc.nodes, tc.links, b.String(), p.Capped, tc.want)
		}
		if tc.links > 0 && len(p.Links) != tc.links {
			t.Errorf("%d links drawn, want %d", len(p.Links), tc.links)
		}
	}
	p := Draw(g, Options{Links: 2, Groups: groups})
	// The two heaviest: Ferrara–Cadiai (3), Bologna–Arci (2), drawn lightest first.
	if l := p.Links; l[0].Weight != 2 || l[1].Weight != 3 || l[1].Pages() != "3 schede in comune (Protocolli: 2, Verbali: 1)" {
		t.Errorf("links %+v %+v", l[0], l[1])
	}
	if Draw(&Graph{}, Options{}) != nil {
		t.Error("a picture of nothing")
	}
}

// TestTiesAreTheLinksDrawn checks that what a table reads from the
// nodes' ties is exactly what the picture draws.
func TestTiesAreTheLinksDrawn(t *testing.T) {
	for _, links := range []int{0, 1, 3} {
		p := Draw(Build(fixture()), Options{Links: links, Groups: groups})
		drawn := map[string]int{}
		for _, l := range p.Links {
			drawn[l.A.Name+"|"+l.B.Name] = l.Weight
		}
		seen := map[string]int{}
		for _, d := range p.Nodes {
			for _, tie := range d.Ties {
				a, b := d, tie.To
				if a.Number > b.Number {
					a, b = b, a
				}
				seen[a.Name+"|"+b.Name] += tie.Link.Weight
			}
		}
		for k, w := range drawn {
			if seen[k] != 2*w { // once from each end
				t.Errorf("%d: %s weighs %d in the ties, %d drawn", links, k, seen[k], w)
			}
		}
		if len(seen) != len(drawn) {
			t.Errorf("%d: %d ties, %d links drawn", links, len(seen), len(drawn))
		}
	}
}

func TestSVGIsStable(t *testing.T) {
	draw := func() string {
		p := Draw(Build(fixture()), Options{Groups: groups})
		return p.SVG("rete", "La rete", "Chi lavora con chi.")
	}
	first := draw()
	if again := draw(); again != first {
		t.Fatal("two drawings of the same network differ")
	}
	golden.Check(t, "testdata/fixture.svg.golden", []byte(first+"\n"))
	if strings.Contains(first, "<Arci>") || !strings.Contains(first, "&lt;Arci&gt; &amp; co") {
		t.Error("names are not escaped")
	}
}

func TestPlaceOnTheCircle(t *testing.T) {
	one := Draw(&Graph{Nodes: []Node{{Name: "Solo"}}, Strength: []int{0}, Degree: []int{0}}, Options{})
	if d := one.Nodes[0]; d.X != Size/2 || d.Y != Size/2 {
		t.Errorf("one node at %d,%d", d.X, d.Y)
	}
	p := Draw(Build(fixture()), Options{Groups: groups})
	// Five nodes in four groups: nine slots, the first at the top.
	if d := p.Nodes[0]; d.X != Size/2 || d.Y != Size/2-ring {
		t.Errorf("first node at %d,%d", d.X, d.Y)
	}
	for _, d := range p.Nodes {
		if d.X < NodeRadius || d.Y < NodeRadius || d.X > Size-NodeRadius || d.Y > Size-NodeRadius {
			t.Errorf("%s outside the picture: %d,%d", d.Name, d.X, d.Y)
		}
	}
}

// BenchmarkBuild builds the graph of a network the size of a 50,000-page
// corpus: 1,250 organisations, 5,000 pages naming 2 to 12 of them.
func BenchmarkBuild(b *testing.B) {
	nodes := make([]Node, 1250)
	for i := range nodes {
		nodes[i] = Node{Name: fmt.Sprintf("Ente %04d", i), Group: i % 9, Tags: []string{fmt.Sprint("c", i%5)}}
	}
	pages := make([]Page, 5000)
	for i := range pages {
		n := 2 + i%11
		ids := make([]int, n)
		for j := range ids {
			ids[j] = (i*7 + j*131) % len(nodes)
		}
		pages[i] = Page{Kind: i % 4, Nodes: ids}
	}
	kinds := []string{"Protocolli", "Buone pratiche", "Verbali", "Calendario"}
	b.ReportAllocs()
	for b.Loop() {
		g := Build(nodes, kinds, pages)
		Draw(g, Options{Nodes: 30, Links: 80})
		Draw(g.Sub("c1"), Options{Nodes: 30, Links: 80})
	}
}
