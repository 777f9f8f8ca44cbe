// Package syntax explains YAML and TOML syntax errors to net weavers: in
// Italian, on the line (and, where it can be found, the column) of the
// mistake, with a fix that quotes their own line. No text of the parsers,
// which is English, reaches them.
//
// yaml.v3 reports the line where the construct around a mistake started
// (often the line before it, or none) and no column: YAML finds the line
// of the mistake itself by parsing ever longer beginnings of the text.
// BurntSushi/toml reports a byte offset: TOML turns it into a column.
package syntax

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Problem is a syntax error explained.
type Problem struct {
	// Line is 1-based in the text given; Col is 1-based in characters,
	// 0 when the problem is about the whole line.
	Line, Col int
	// Span is how many characters to underline from Col (at least 1).
	Span int
	// Message says what is wrong, Fix how to fix it, in Italian.
	Message, Fix string
	// Kind tells problems that have their own diagnostic code apart:
	// a key written twice, or a date that does not exist.
	Kind Kind
	// Key is the key written twice (Duplicate) or the key of the date
	// (BadDate); Date is the date as written.
	Key, Date string
}

// Kind classifies a Problem.
type Kind int

// The kinds of Problem.
const (
	// Syntax is a text that cannot be read.
	Syntax Kind = iota
	// Duplicate is a key written twice.
	Duplicate
	// BadDate is a date that is not a date.
	BadDate
)

// genericFix is the fix of a YAML problem the package cannot pin down.
const genericFix = "Controlla la riga: ogni campo è «nome: valore», i testi che contengono «: » o che iniziano con un simbolo vanno tra virgolette doppie, le voci di una lista iniziano con «- » e sono allineate, e i rientri si fanno con gli spazi, non con i tab."

// lines splits text into lines without their line endings.
func lines(text string) []string {
	ls := strings.Split(text, "\n")
	for i, l := range ls {
		ls[i] = strings.TrimSuffix(l, "\r")
	}
	return ls
}

// col is the 1-based character column of byte offset i in s.
func col(s string, i int) int {
	i = min(max(i, 0), len(s))
	return utf8.RuneCountInString(s[:i]) + 1
}

// firstNonSpace is the byte offset of the first character of s that is
// not a space or a tab, len(s) when there is none.
func firstNonSpace(s string) int {
	return len(s) - len(strings.TrimLeft(s, " \t"))
}

// wordSpan is the length in characters of the word (up to a space) that
// starts at byte offset i of s, at least 1.
func wordSpan(s string, i int) int {
	if i >= len(s) {
		return 1
	}
	end := strings.IndexFunc(s[i:], unicode.IsSpace)
	if end < 0 {
		end = len(s) - i
	}
	return max(utf8.RuneCountInString(s[i:i+end]), 1)
}

// shorten cuts a quoted value from the user's line for a message.
func shorten(s string) string {
	const max = 60
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return string(r[:max]) + "…"
}

// runeName names a character for a message: «@», or its code when it is
// invisible.
func runeName(r rune) string {
	if unicode.IsPrint(r) && r != ' ' {
		return "«" + string(r) + "»"
	}
	return fmt.Sprintf("invisibile (codice U+%04X)", r)
}
