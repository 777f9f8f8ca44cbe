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
// 50 %) or, for the currencies, before it (€ 500, euro 1.500,00). A unit
// must end its word: "3 mesi" is not "3 m".
var units = []string{"€", "euro", "Euro", "EUR", "%", "‰", "km", "m", "cm", "mm", "m²", "m³", "mq", "ha",
	"kg", "g", "l", "ml", "h", "min", "°C", "KB", "MB", "GB", "kW", "kWh"}

// currencies are the units that may also come before the number.
var currencies = []string{"€", "euro", "Euro", "EUR"}

// multipliers are the words that amounts are written with in Italian
// ("30 mila €", "1,5 milioni di euro"): the number, the word and the
// unit after it stay together.
var multipliers = []string{"mila", "milione", "milioni", "miliardo", "miliardi", "mln", "mld"}

// hasUnitSpace is a quick test: does s have a digit, or a currency
// before a number, followed by a space?
func hasUnitSpace(s string) bool {
	for i := 0; i+1 < len(s); i++ {
		if s[i] == ' ' && i > 0 && (isDigit(s[i-1]) || currencyBefore(s[:i]) && isDigit(s[i+1])) {
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
		// Each case first tests the byte that it needs beside the
		// spaces, which most spaces do not have.
		last := before[len(before)-1]
		switch {
		case isDigit(last) && (unitAt(after) || wordAt(after, multipliers)):
			// 30.000 €, 20 km; 30 mila
			out = append(out, [2]int{i, j})
		case len(after) > 0 && isDigit(after[0]) && currencyBefore(before):
			// € 500, euro 1.500,00
			out = append(out, [2]int{i, j})
		case multiplierEnd(last) && amountBefore(before) &&
			(unitAt(after) || strings.HasPrefix(after, "di ") && unitAt(strings.TrimLeft(after[3:], " "))):
			// 30 mila €, 1,5 milioni di euro
			out = append(out, [2]int{i, j})
		case last == 'i' && strings.HasSuffix(before, " di") && amountBefore(before[:len(before)-3]) && unitAt(after):
			// the space after "di" in "1,5 milioni di euro"
			out = append(out, [2]int{i, j})
		}
		i = j - 1
	}
	return out
}

// multiplierEnd reports whether c ends one of the multipliers.
func multiplierEnd(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'n', 'd':
		return true
	}
	return false
}

// mayHaveUnitSpace reports whether v can have a space that unitSpaceRanges
// keeps: one after a digit or before one (30 €, € 30), or after a
// multiplier or "di" with a digit before them (30 mila €, 1,5 milioni di
// euro). Most text has none, and is not scanned further.
func mayHaveUnitSpace(v []byte) bool {
	digit := false
	for i := 0; i < len(v); i++ {
		c := v[i]
		if isDigit(c) {
			digit = true
			continue
		}
		if c != ' ' || i == 0 {
			continue
		}
		j := i
		for j < len(v) && v[j] == ' ' {
			j++
		}
		if last := v[i-1]; isDigit(last) || j < len(v) && isDigit(v[j]) || digit && multiplierEnd(last) && amountWord(v[:i]) {
			return true
		}
		i = j - 1
	}
	return false
}

// amountWord reports whether the run of lower-case ASCII letters that
// ends b is "di" or a multiplier.
func amountWord(b []byte) bool {
	k := len(b)
	for k > 0 && b[k-1] >= 'a' && b[k-1] <= 'z' {
		k--
	}
	w := b[k:]
	if string(w) == "di" {
		return true
	}
	for _, m := range multipliers {
		if string(w) == m {
			return true
		}
	}
	return false
}

// wordAt reports whether s starts with one of words, ending its word.
func wordAt(s string, words []string) bool {
	for _, w := range words {
		if strings.HasPrefix(s, w) {
			r, _ := utf8.DecodeRuneInString(s[len(w):])
			if len(s) == len(w) || !(unicode.IsLetter(r) || unicode.IsDigit(r)) {
				return true
			}
		}
	}
	return false
}

// currencyBefore reports whether s ends with a currency that is a word
// of its own ("€", "euro"; not "neuro").
func currencyBefore(s string) bool {
	for _, c := range currencies {
		if strings.HasSuffix(s, c) && !letterBefore(s[:len(s)-len(c)]) {
			return true
		}
	}
	return false
}

// amountBefore reports whether s ends with a number and a multiplier
// ("30 mila", "1,5 milioni"), whatever spaces are between them.
func amountBefore(s string) bool {
	for _, m := range multipliers {
		if !strings.HasSuffix(s, m) || letterBefore(s[:len(s)-len(m)]) {
			continue
		}
		num := strings.TrimRight(s[:len(s)-len(m)], " "+nbsp)
		return num != "" && isDigit(num[len(num)-1])
	}
	return false
}

// unitAt reports whether s starts with a unit that ends its word.
func unitAt(s string) bool { return wordAt(s, units) }

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
	v := seg.Value(src)
	if !mayHaveUnitSpace(v) {
		return
	}
	rs := unitSpaceRanges(string(v))
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
