package contact

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind says what a Part of a contacts text is.
type Kind int

// The kinds of Part.
const (
	// Plain is text shown as it is.
	Plain Kind = iota
	// Mail is an e-mail address (Href "mailto:…").
	Mail
	// Tel is a telephone number (Href "tel:+39…").
	Tel
	// Web is a web address (Href "https://…").
	Web
	// Break is a line break of the text.
	Break
)

// Part is a piece of a contacts text.
type Part struct {
	Kind Kind
	// Text is what is shown (a phone number with its spaces made
	// non-breaking); Href the link of Mail, Tel and Web parts.
	Text, Href string
}

// Problem is something in a contacts text that looks like an e-mail
// address or a telephone number but is not a valid one, so it stays text.
type Problem struct {
	// Offset and Len are in bytes of the text.
	Offset, Len int
	Message     string
	Fix         string
}

// The fixes of Problems.
const (
	FixEmail = "Correggi l'indirizzo, che deve essere nella forma nome@dominio.it (per esempio segreteria@comune.bologna.it), senza spazi."
	FixPhone = "Scrivi il numero per intero, con il prefisso: 051 123456 o +39 051 123456 per un fisso, 338 123 4567 per un cellulare (10 cifre)."
)

// tokenStop are the characters that end a word when looking for e-mail
// and web addresses, besides spaces.
const tokenStop = "<>()[]{}\",;«»“”"

// trailing is the punctuation that ends a sentence after an address.
const trailing = ".:!?'’"

// span is a link found in the text, from start to end (bytes).
type span struct {
	start, end int
	part       Part
}

// Split cuts a contacts text into plain text and links: e-mail addresses,
// web addresses (http://, https://, www.) and telephone numbers (as
// ParsePhone reads them; short numbers only in a field of their own, as
// a number like 1500 in a text is more often something else). Line
// breaks become Break parts. What looks like an address or a number that
// is not valid (a word with @; digits after «tel.» or «cellulare») stays
// text and is returned as a Problem.
func Split(text string) ([]Part, []Problem) {
	all, problems := scan(text)
	return parts(text, all), problems
}

// Found is an e-mail address, a web address or a telephone number found
// in a text, Len bytes at Offset, as Split would make a link of it.
type Found struct {
	Kind        Kind
	Offset, Len int
	// Text is the address or the number as written.
	Text string
}

// Find returns the e-mail addresses, web addresses and telephone numbers
// of text, in order, found as Split finds them (a date or an amount is
// not a number; short numbers are not taken).
func Find(text string) []Found {
	all, _ := scan(text)
	out := make([]Found, len(all))
	for i, l := range all {
		out[i] = Found{Kind: l.part.Kind, Offset: l.start, Len: l.end - l.start, Text: text[l.start:l.end]}
	}
	return out
}

// scan finds the links of text, in order, and what looks like a link
// but is not a valid one.
func scan(text string) ([]span, []Problem) {
	var links []span
	var problems []Problem
	for start := 0; start < len(text); {
		r, n := utf8.DecodeRuneInString(text[start:])
		if unicode.IsSpace(r) || strings.ContainsRune(tokenStop, r) {
			start += n
			continue
		}
		end := start
		for end < len(text) {
			r, n := utf8.DecodeRuneInString(text[end:])
			if unicode.IsSpace(r) || strings.ContainsRune(tokenStop, r) {
				break
			}
			end += n
		}
		word := strings.TrimRight(text[start:end], trailing)
		if s, p, ok := address(word, start); ok {
			links = append(links, s)
		} else if p != nil {
			problems = append(problems, *p)
		}
		start = end
	}
	// Telephone numbers, between the addresses.
	var all []span
	prev := 0
	for _, l := range append(links, span{start: len(text), end: len(text)}) {
		ph, pp := phones(text, prev, l.start)
		all = append(all, ph...)
		problems = append(problems, pp...)
		if l.end > l.start {
			all = append(all, l)
		}
		prev = l.end
	}
	sortProblems(problems)
	return all, problems
}

// address reads word (at offset off) as a web or e-mail address: ok when
// it is one, a problem when it looks like an e-mail address but is not.
func address(word string, off int) (span, *Problem, bool) {
	lower := strings.ToLower(word)
	switch {
	case strings.HasPrefix(lower, "http://") || strings.HasPrefix(lower, "https://"):
		if u, err := url.Parse(word); err == nil && u.Host != "" {
			return span{off, off + len(word), Part{Kind: Web, Text: word, Href: u.String()}}, nil, true
		}
		return span{}, nil, false
	case strings.HasPrefix(lower, "www.") && strings.Count(word, ".") >= 2:
		if u, err := url.Parse("https://" + word); err == nil && u.Host != "" {
			return span{off, off + len(word), Part{Kind: Web, Text: word, Href: u.String()}}, nil, true
		}
		return span{}, nil, false
	case !strings.Contains(word, "@"):
		return span{}, nil, false
	}
	// "email:info@x.it", "mailto:info@x.it": the address is after the colon.
	at := strings.IndexByte(word, '@')
	if c := strings.LastIndexByte(word[:at], ':'); c >= 0 {
		off += c + 1
		word = word[c+1:]
	}
	addr, problem := Email(word)
	if problem != "" {
		return span{}, &Problem{Offset: off, Len: len(word),
			Message: "«" + word + "» sembra un indirizzo e-mail, ma " + problem + " (resta testo, senza collegamento)", Fix: FixEmail}, false
	}
	return span{off, off + len(word), Part{Kind: Mail, Text: word, Href: "mailto:" + addr}}, nil, true
}

// parts turns the sorted links of text into its parts.
func parts(text string, links []span) []Part {
	var out []Part
	plain := func(s string) {
		for i, line := range strings.Split(s, "\n") {
			if i > 0 {
				out = append(out, Part{Kind: Break})
			}
			if line = strings.TrimSuffix(line, "\r"); line != "" {
				out = append(out, Part{Kind: Plain, Text: line})
			}
		}
	}
	prev := 0
	for _, l := range links {
		plain(text[prev:l.start])
		out = append(out, l.part)
		prev = l.end
	}
	plain(text[prev:])
	return out
}

func sortProblems(ps []Problem) {
	for i := 1; i < len(ps); i++ {
		for j := i; j > 0 && ps[j].Offset < ps[j-1].Offset; j-- {
			ps[j], ps[j-1] = ps[j-1], ps[j]
		}
	}
}
