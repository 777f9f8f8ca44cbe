package schema

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"cantiericomuni.it/banca/generator/diag"
)

// A page's title, summary, authors and terms are repeated in every list,
// feed, related block and search result that shows the page: a title of
// 1.9 MB was copied into 176 of the sample site's 406 files (38 MB from
// one file; every page of a 10k site would have carried it), and a page
// with 50,000 territori made 50,000 term pages. So the values of the front
// matter are bounded, in characters and in items, far above what a page
// needs (the longest title of the 10k corpus has 152 characters).
const (
	// MaxLine is the most characters of a one-line value (string, and
	// each item of a list or taxonomy).
	MaxLine = 300
	// MaxText is the most characters of a paragraph (text, contacts).
	MaxText = 4000
	// MaxSummary is the most characters of the summary, which every card
	// of every list shows: one or two sentences; 20 cards of 600
	// characters keep a list page within its weight.
	MaxSummary = 600
	// MaxItems is the most items of a list or taxonomy.
	MaxItems = 100
)

// lengthLimit is the most characters a value of f may have, 0 for no
// limit of this file (a URL, a date, a number: bounded by their syntax
// or by the file's size, and never repeated on other pages).
func lengthLimit(f *Field) int {
	if f.Key == "summary" {
		return MaxSummary
	}
	switch f.Type {
	case TypeString, TypeList:
		return MaxLine
	case TypeText, TypeContacts:
		return MaxText
	}
	return 0
}

// tooLong reports a value of key (an item of its list when item is set)
// longer than limit characters, and says whether it was.
func tooLong(key, text string, v Value, limit int, item bool, report Reporter) bool {
	if limit == 0 || len(text) <= limit {
		return false
	}
	n := utf8.RuneCountInString(text)
	if n <= limit {
		return false
	}
	what := "una riga"
	switch limit {
	case MaxText:
		what = "un paragrafo"
	case MaxSummary:
		what = "un sommario: una o due frasi"
	}
	subject := fmt.Sprintf("il campo «%s» è lungo", key)
	if item {
		subject = fmt.Sprintf("una voce di «%s» è lunga", key)
	}
	report(diag.Diagnostic{Code: diag.FieldTooLong, Pos: v.Pos, Span: min(v.Span, 80),
		Message: fmt.Sprintf("%s %s caratteri: il massimo è %s (%s)", subject, number(n), number(limit), what),
		Fix:     "Accorcia il valore: i dettagli vanno nel testo della pagina, sotto l'intestazione."})
	return true
}

// tooMany reports a list of key with more than MaxItems items, and says
// whether it had.
func tooMany(key string, v Value, report Reporter) bool {
	if len(v.Items) <= MaxItems {
		return false
	}
	report(diag.Diagnostic{Code: diag.FieldTooLong, Pos: v.Pos, Span: 1,
		Message: fmt.Sprintf("la lista «%s» ha %s voci: il massimo è %d", key, number(len(v.Items)), MaxItems),
		Fix:     "Tieni nella lista le voci che contano di più; le altre possono stare nel testo della pagina."})
	return true
}

// number writes n the Italian way: 12.345.
func number(n int) string {
	s := strconv.Itoa(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	return b.String()
}
