package markdown

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// nbsp is the no-break space that keeps a number and its unit together.
const nbsp = "\u00a0"

// units are the units a number is kept with, after it (30.000 €, 20 km,
// 50 %) or, for the currency, before it (€ 500). A unit must end its word:
// "3 mesi" is not "3 m".
var units = []string{"€", "euro", "EUR", "%", "‰", "km", "m", "cm", "mm", "m²", "m³", "mq", "ha",
	"kg", "g", "l", "ml", "h", "min", "°C", "KB", "MB", "GB", "kW", "kWh"}

// hasUnitSpace is a quick test: does s have a digit or € followed by a
// space?
func hasUnitSpace(s string) bool {
	for i := 0; i+1 < len(s); i++ {
		if s[i] == ' ' && i > 0 && (isDigit(s[i-1]) || strings.HasSuffix(s[:i], "€")) {
			return true
		}
	}
	return false
}

// unitSpaceRanges returns the runs of spaces of v, as [start, end) byte
// offsets, that separate a number from its unit.
func unitSpaceRanges(v string) [][2]int {
	var out [][2]int
	for i := 0; i < len(v); i++ {
		if v[i] != ' ' || i == 0 {
			continue
		}
		j := i
		for j < len(v) && v[j] == ' ' {
			j++
		}
		before, after := v[:i], v[j:]
		switch {
		case isDigit(before[len(before)-1]) && unitAt(after):
			out = append(out, [2]int{i, j})
		case strings.HasSuffix(before, "€") && len(after) > 0 && isDigit(after[0]) && !letterBefore(before[:len(before)-len("€")]):
			out = append(out, [2]int{i, j})
		}
		i = j - 1
	}
	return out
}

// unitAt reports whether s starts with a unit that ends its word.
func unitAt(s string) bool {
	for _, u := range units {
		if strings.HasPrefix(s, u) {
			r, _ := utf8.DecodeRuneInString(s[len(u):])
			if len(s) == len(u) || !(unicode.IsLetter(r) || unicode.IsDigit(r)) {
				return true
			}
		}
	}
	return false
}

// letterBefore reports whether s ends with a letter or digit.
func letterBefore(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return s != "" && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// unitSpaces replaces the spaces between numbers and their units with a
// no-break space.
func unitSpaces(s string) string {
	rs := unitSpaceRanges(s)
	if rs == nil {
		return s
	}
	var b strings.Builder
	prev := 0
	for _, r := range rs {
		b.WriteString(s[prev:r[0]])
		b.WriteString(nbsp)
		prev = r[1]
	}
	b.WriteString(s[prev:])
	return b.String()
}

// keepUnits splits a text node of a body around the spaces between a
// number and its unit, and puts a no-break space in their place.
func keepUnits(n *ast.Text, src []byte) {
	seg := n.Segment
	rs := unitSpaceRanges(string(seg.Value(src)))
	if rs == nil {
		return
	}
	parent := n.Parent()
	prev := seg.Start
	for _, r := range rs {
		t := ast.NewTextSegment(text.NewSegment(prev, seg.Start+r[0]))
		t.SetRaw(n.IsRaw())
		parent.InsertBefore(parent, n, t)
		s := ast.NewString([]byte(nbsp))
		s.SetCode(true)
		parent.InsertBefore(parent, n, s)
		prev = seg.Start + r[1]
	}
	n.Segment = seg.WithStart(prev)
}
