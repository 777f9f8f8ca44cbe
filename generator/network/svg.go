package network

import (
	"html"
	"strconv"
	"strings"
)

// SVG writes the picture as an inline <svg> for an HTML page: a group
// named by its title (id+"-titolo") and described by its description
// (id+"-desc"), the links as lines (each with a title naming the two
// nodes and their shared pages, from 1 to 4 units wide, the widest for
// the heaviest link drawn), then every node
// as a numbered circle, a link to its page titled with its name. Every
// element has an end tag, as in the HTML around it. The
// output depends only on the picture: integers, fixed order, no
// randomness.
func (p *Picture) SVG(id, title, desc string) string {
	var b strings.Builder
	num := strconv.Itoa
	esc := html.EscapeString
	b.WriteString(`<svg class="rete-disegno" viewBox="0 0 ` + num(Size) + ` ` + num(Size) + `" role="group" aria-labelledby="` +
		id + `-titolo" aria-describedby="` + id + `-desc">`)
	b.WriteString("\n<title id=\"" + id + "-titolo\">" + esc(title) + "</title>")
	b.WriteString("\n<desc id=\"" + id + "-desc\">" + esc(desc) + "</desc>")
	b.WriteString("\n<g class=\"rete-legami\" stroke=\"#6b6b6b\">")
	heaviest := 1
	for _, l := range p.Links {
		heaviest = max(heaviest, l.Weight)
	}
	for _, l := range p.Links {
		b.WriteString("\n<line x1=\"" + num(l.A.X) + `" y1="` + num(l.A.Y) + `" x2="` + num(l.B.X) + `" y2="` + num(l.B.Y) +
			`" stroke-width="` + num(strokeWidth(l.Weight, heaviest)) + `"><title>` + esc(l.A.Name+" e "+l.B.Name+": "+l.Pages()) + "</title></line>")
	}
	b.WriteString("\n</g>\n<g class=\"rete-enti\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\">")
	for _, d := range p.Nodes {
		b.WriteString("\n<a href=\"" + esc(d.URL) + `"><title>` + esc(d.Label()) + "</title>")
		b.WriteString(`<circle cx="` + num(d.X) + `" cy="` + num(d.Y) + `" r="` + num(NodeRadius) + `" fill="` + d.Colour + `"></circle>`)
		b.WriteString(`<text x="` + num(d.X) + `" y="` + num(d.Y+5) + `" fill="#ffffff">` + num(d.Number) + "</text></a>")
	}
	b.WriteString("\n</g>\n</svg>")
	return b.String()
}

// Label names a node drawn: "3. Comune di Ferrara (comune)".
func (d *Drawn) Label() string {
	s := strconv.Itoa(d.Number) + ". " + d.Name
	if d.GroupName != "" {
		s += " (" + d.GroupName + ")"
	}
	return s
}

// strokeWidth is the width of a line of weight w, from 1 to 4, 4 for the
// heaviest link drawn.
func strokeWidth(w, heaviest int) int {
	return max(1, (4*w+heaviest-1)/heaviest)
}
