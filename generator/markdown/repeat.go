package markdown

import (
	"fmt"

	"github.com/yuin/goldmark/ast"

	"cantiericomuni.it/banca/generator/diag"
)

// A link written [text][name] repeats the destination and the title of
// the definition "[name]: destination "title"" wherever it is used: one
// definition of 60 KB used 15,000 times made a 120 KB body render 900 MB
// of HTML (12 s, 3.4 GiB). What the links of a body may repeat is
// bounded: the destinations and titles of all its links, counted at every
// use, may make up repeatBudget; past it, each link or image shows as its
// text, and the first one cut is reported (LinkRepeated) with the count.

// repeatBudget is the bytes of destinations and titles the links and
// images of a body of n bytes may have in all: inline links never pass
// n, so only definitions used many times reach it.
func repeatBudget(n int) int { return 2*n + 64<<10 }

// repeated reports whether n is a link or an image past the budget of
// its body.
func (w *checker) repeated(n ast.Node) bool {
	var cost int
	switch n := n.(type) {
	case *ast.Link:
		cost = len(n.Destination) + len(n.Title)
	case *ast.Image:
		cost = len(n.Destination) + len(n.Title)
	default:
		return false
	}
	st := w.st
	st.linkBytes += cost
	if st.linkBytes <= repeatBudget(len(w.src)) {
		return false
	}
	if st.repeatCuts++; st.repeatCuts == 1 {
		off, l := w.linkSpan(n)
		st.repeatAt = len(st.problems)
		w.report(Problem{Code: diag.LinkRepeated, Severity: diag.Warning, Offset: off, Len: l, Fix: diag.LinkRepeated.Info().Fix})
	}
	st.problems[st.repeatAt].Message = fmt.Sprintf("i collegamenti della pagina ripetono indirizzi e titoli per più di %s caratteri: da qui in poi %s mostrati come testo",
		number(repeatBudget(len(w.src))), cutLinks(st.repeatCuts))
	return true
}

// unwrap puts the children of n in its place and returns the first of
// them, nil when it had none.
func unwrap(n ast.Node) ast.Node {
	parent, first := n.Parent(), n.FirstChild()
	for c := first; c != nil; {
		next := c.NextSibling()
		parent.InsertBefore(parent, n, c)
		c = next
	}
	parent.RemoveChild(parent, n)
	return first
}

// cutLinks says how many links were cut, in Italian.
func cutLinks(n int) string {
	if n == 1 {
		return "un collegamento è"
	}
	return number(n) + " collegamenti sono"
}
