package contact

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// phoneLabels are the words after which digits are meant as a telephone
// number: if they are not a valid one, Split reports it.
var phoneLabels = []string{"tel", "telefono", "telefonare", "chiamare", "chiamate", "cell", "cellulare", "fax", "whatsapp"}

// group is a run of digits of a candidate number, [start, end) in bytes,
// with the separator that precedes it ("" for the first).
type group struct {
	start, end int
	sep        string
}

// phones finds the telephone numbers in text[from:to].
func phones(text string, from, to int) ([]span, []Problem) {
	var out []span
	var problems []Problem
	for i := from; i < to; {
		c := text[i]
		startsNumber := isDigitByte(c) || (c == '+' || c == '(') && i+1 < to && (isDigitByte(text[i+1]) || text[i+1] == '+')
		if !startsNumber || !boundaryBefore(text, i) {
			_, n := utf8.DecodeRuneInString(text[i:])
			i += n
			continue
		}
		groups := scanGroups(text, i, to)
		if len(groups) == 0 {
			i++
			continue
		}
		last := groups[len(groups)-1].end
		if notPhone(text, i, to, groups) {
			i = last
			continue
		}
		if k, p := longestPhone(text, i, to, groups); k > 0 {
			// A shorter number is taken only when another one follows
			// (two numbers in a row), not when digits would be left over.
			if k == len(groups) || func() bool { k2, _ := longestPhone(text, groups[k].start, to, groups[k:]); return k2 > 0 }() {
				end := phoneEnd(text, i, to, groups[k-1].end)
				out = append(out, span{i, end, Part{Kind: Tel, Text: p.Text, Href: p.Href}})
				i = end
				continue
			}
		}
		if cand := text[i:last]; labelled(text[:i]) && digitCount(cand) >= 4 {
			_, problem := ParsePhone(cand)
			if problem == "" {
				problem = "i numeri brevi non diventano collegamenti in un testo: scrivili nel campo del telefono"
			}
			problems = append(problems, Problem{Offset: i, Len: last - i,
				Message: "«" + cand + "» sembra un numero di telefono, ma " + problem + " (resta testo, senza collegamento)", Fix: FixPhone})
			i = last
			continue
		}
		i = groups[0].end
	}
	return out, problems
}

// longestPhone returns how many of the groups, from the first (which
// starts at i), make the longest valid number, with the number; 0 when
// none does. Short numbers (1522) do not count: in a text they are more
// often something else.
func longestPhone(text string, i, to int, groups []group) (int, Phone) {
	for k := len(groups); k >= 1; k-- {
		p, problem := ParsePhone(text[i:phoneEnd(text, i, to, groups[k-1].end)])
		if problem == "" && !strings.HasPrefix(p.Href, "tel:1") {
			return k, p
		}
	}
	return 0, Phone{}
}

// phoneEnd includes the closing parenthesis of a number that opened one.
func phoneEnd(text string, i, to, end int) int {
	if end < to && text[end] == ')' && strings.Contains(text[i:end], "(") && !strings.Contains(text[i:end], ")") {
		end++
	}
	return end
}

// scanGroups reads the runs of digits of a candidate number from i: runs
// joined by one or two separators (space, no-break space, . - / ( )).
func scanGroups(text string, i, to int) []group {
	j := i
	if j < to && text[j] == '(' {
		j++
	}
	if j < to && text[j] == '+' {
		j++
	}
	var out []group
	sep := ""
	for j < to && isDigitByte(text[j]) {
		g := group{start: j, sep: sep}
		for j < to && isDigitByte(text[j]) {
			j++
		}
		g.end = j
		out = append(out, g)
		// Up to two separators, then digits again.
		k, seps := j, 0
		for k < to && seps < 2 {
			r, n := utf8.DecodeRuneInString(text[k:])
			if !strings.ContainsRune(" .-/()\u00a0", r) {
				break
			}
			k += n
			seps++
		}
		if seps == 0 || k >= to || !isDigitByte(text[k]) {
			break
		}
		sep, j = text[j:k], k
	}
	return out
}

// notPhone reports candidates that are something else: a date
// (31/03/2026, 2026-03-31, 03/2026) or an amount (350.000.000 €).
func notPhone(text string, i, to int, gs []group) bool {
	size := func(k int) int { return gs[k].end - gs[k].start }
	dateSep := func(s string) bool { return s == "/" || s == "-" || s == "." }
	switch {
	case len(gs) >= 3 && dateSep(gs[1].sep) && gs[2].sep == gs[1].sep:
		if size(0) <= 2 && size(1) <= 2 && (size(2) == 2 || size(2) == 4) {
			return true
		}
		if size(0) == 4 && size(1) <= 2 && size(2) <= 2 {
			return true
		}
	case len(gs) == 2 && dateSep(gs[1].sep) && size(0) <= 2 && size(1) == 4 &&
		(strings.HasPrefix(text[gs[1].start:], "19") || strings.HasPrefix(text[gs[1].start:], "20")):
		return true
	}
	after := strings.TrimLeft(text[gs[len(gs)-1].end:to], " \u00a0")
	if strings.HasPrefix(after, "€") || strings.HasPrefix(strings.ToLower(after), "euro") || strings.HasPrefix(after, "%") {
		return true
	}
	before := strings.TrimRight(text[:i], " \u00a0")
	return strings.HasSuffix(before, "€")
}

// labelled reports whether the text before a number ends with a word such
// as «tel.» or «cellulare:».
func labelled(before string) bool {
	before = strings.TrimRightFunc(before, func(r rune) bool { return unicode.IsSpace(r) || r == ':' || r == '.' })
	lower := strings.ToLower(before)
	for _, l := range phoneLabels {
		if strings.HasSuffix(lower, l) {
			k := len(lower) - len(l)
			if k == 0 {
				return true
			}
			if r, _ := utf8.DecodeLastRuneInString(lower[:k]); !unicode.IsLetter(r) {
				return true
			}
		}
	}
	return false
}

// boundaryBefore reports whether text[i] starts a word: it follows no
// letter or digit.
func boundaryBefore(text string, i int) bool {
	if i == 0 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(text[:i])
	return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '+'
}

func digitCount(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if isDigitByte(s[i]) {
			n++
		}
	}
	return n
}

func isDigitByte(c byte) bool { return '0' <= c && c <= '9' }
