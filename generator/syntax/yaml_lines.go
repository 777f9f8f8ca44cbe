package syntax

import (
	"strings"
)

// topLevelKey reports whether l starts a top-level entry ("key: …" at
// the start of the line), where a text can be parsed from on its own.
func topLevelKey(l string) bool {
	if l == "" || strings.ContainsRune(" \t#-[{\"'", rune(l[0])) {
		return false
	}
	return keyColon(l) > 0
}

// entry is a block line taken apart: "  - key: value".
type entry struct {
	indent int    // bytes of leading spaces and tabs
	dash   bool   // a list item, "- "
	dashAt int    // byte offset of the dash
	key    string // the key before ": ", "" when none
	keyAt  int    // byte offset of the key (or of the item's text)
	value  int    // byte offset of the value, -1 when the line has none
}

func parseEntry(l string) entry {
	e := entry{indent: firstNonSpace(l), value: -1}
	i := e.indent
	if strings.HasPrefix(l[i:], "-") && (len(l) == i+1 || l[i+1] == ' ' || l[i+1] == '\t') {
		e.dash, e.dashAt = true, i
		i = i + 1 + firstNonSpace(l[i+1:])
	}
	e.keyAt = i
	rest := l[i:]
	if rest == "" || strings.HasPrefix(rest, "#") {
		return e
	}
	if strings.ContainsRune(`"'[{`, rune(rest[0])) {
		e.value = i
		return e
	}
	if k := keyColon(rest); k >= 0 {
		e.key = strings.TrimSpace(rest[:k])
		v := i + k + 1
		v += firstNonSpace(l[v:])
		if v < len(l) && l[v] != '#' {
			e.value = v
		}
		return e
	}
	e.value = i
	return e
}

// keyColon is the offset of the colon that ends a key in s ("key: …" or
// "key:" at the end), -1 when there is none.
func keyColon(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] == ':' && (i+1 == len(s) || s[i+1] == ' ' || s[i+1] == '\t') {
			return i
		}
		if s[i] == ' ' && i+1 < len(s) && s[i+1] == '#' {
			return -1 // a comment
		}
	}
	return -1
}

// scanQuoted scans the quoted scalar that starts at byte i of l; it
// returns the offset just past its closing quote and whether it closed.
func scanQuoted(l string, i int) (int, bool) {
	q := l[i]
	for j := i + 1; j < len(l); j++ {
		switch {
		case q == '"' && l[j] == '\\':
			j++
		case q == '\'' && l[j] == '\'' && j+1 < len(l) && l[j+1] == '\'':
			j++
		case l[j] == q:
			return j + 1, true
		}
	}
	return len(l), false
}

// quoteYAML writes v as a YAML string: between double quotes, or single
// ones when v holds double quotes or backslashes.
func quoteYAML(v string) string {
	if !strings.ContainsAny(v, `"\`) {
		return `"` + v + `"`
	}
	return "'" + strings.ReplaceAll(v, "'", "''") + "'"
}

// withValue rewrites line l of entry e with its value replaced.
func withValue(l string, e entry, value string) string {
	return strings.TrimLeft(l[:e.value], " \t") + value
}

// prevLine is the index of the nearest line before i that is neither
// blank nor a comment, -1 when there is none.
func prevLine(ls []string, i int) int {
	for j := i - 1; j >= 0; j-- {
		if t := strings.TrimSpace(ls[j]); t != "" && !strings.HasPrefix(t, "#") {
			return j
		}
	}
	return -1
}

// inText reports whether line i of ls continues the text of the field
// above it: a text introduced by «|» or «>», quotes not closed, or, when
// the line does not look like a field of its own (keyed is false), a
// plain text going on. The nearest line above that starts at the left
// margin is the field's.
func inText(ls []string, i int, keyed bool) bool {
	for j := i - 1; j >= 0; j-- {
		l := ls[j]
		if strings.TrimSpace(l) == "" || firstNonSpace(l) > 0 {
			continue
		}
		e := parseEntry(l)
		if e.key == "" || e.value < 0 {
			return false
		}
		v := strings.TrimSpace(l[e.value:])
		if strings.ContainsRune("|>", rune(v[0])) {
			return true
		}
		if v[0] == '"' || v[0] == '\'' {
			_, closed := scanQuoted(l, e.value)
			return !closed
		}
		return !keyed && !strings.ContainsRune("[{&*!#", rune(v[0]))
	}
	return false
}

// leadingTab is the offset of a tab in the indentation of l, or between a
// list's dash and its text; -1 when there is none.
func leadingTab(l string) int {
	ind := firstNonSpace(l)
	if i := strings.IndexByte(l[:ind], '\t'); i >= 0 {
		return i
	}
	if strings.HasPrefix(l[ind:], "-") {
		gap := l[ind+1 : ind+1+firstNonSpace(l[ind+1:])]
		if i := strings.IndexByte(gap, '\t'); i >= 0 {
			return ind + 1 + i
		}
	}
	return -1
}

// validEscape reports whether s, the text after a backslash, starts a
// YAML escape.
func validEscape(s string) bool {
	if s == "" {
		return true // a line break: the text goes on on the next line
	}
	hex := map[byte]int{'x': 2, 'u': 4, 'U': 8}[s[0]]
	if hex > 0 {
		if len(s) <= hex {
			return false
		}
		for _, c := range s[1 : 1+hex] {
			if !strings.ContainsRune("0123456789abcdefABCDEF", c) {
				return false
			}
		}
		return true
	}
	return strings.IndexByte("0abt\tnvfre \"/\\N_LP", s[0]) >= 0
}

// unclosedBracket is the offset of the last [ or { of l (outside quotes)
// left open at the end of the line, -1 when none is.
func unclosedBracket(l string) int {
	var open []int
	for i := 0; i < len(l); i++ {
		switch c := l[i]; c {
		case '"', '\'':
			if i == 0 || strings.ContainsRune("[{, :", rune(l[i-1])) {
				end, _ := scanQuoted(l, i)
				i = end - 1
			}
		case '[', '{':
			open = append(open, i)
		case ']', '}':
			if len(open) > 0 {
				open = open[:len(open)-1]
			}
		case '#':
			if i > 0 && l[i-1] == ' ' {
				i = len(l)
			}
		}
	}
	if len(open) == 0 {
		return -1
	}
	return open[len(open)-1]
}

// quoteToken rewrites l with the value that starts at byte i between
// double quotes: up to the end of the line, or of its item when it is in
// a list between brackets.
func quoteToken(l string, i int) string {
	end := len(l)
	if strings.ContainsAny(l[:i], "[{") {
		if j := strings.IndexAny(l[i:], ",]}"); j >= 0 {
			end = i + j
		}
	}
	tok := strings.TrimSpace(l[i:end])
	return strings.TrimLeft(l[:i], " \t") + quoteYAML(tok) + l[i+len(strings.TrimRight(l[i:end], " \t")):]
}
