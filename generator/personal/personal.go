// Package personal finds personal data in a text: telephone numbers, the
// e-mail addresses of people and Italian codici fiscali. Pages of the
// sections that declare personal_data: warn are checked with it (the
// content package): such data belongs, if anywhere, in an organisation's
// contacts, not in minutes or needs published on the web.
package personal

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"cantiericomuni.it/banca/generator/contact"
)

// Kind says what personal data a Hit is.
type Kind int

// The kinds of personal data.
const (
	// Phone is a telephone number (as contact.Find reads them: a date or
	// an amount is not one).
	Phone Kind = iota + 1
	// Email is a person's e-mail address (PersonalEmail).
	Email
	// TaxCode is a codice fiscale with a valid check character.
	TaxCode
)

// Hit is personal data found in a text: Len bytes at Offset.
type Hit struct {
	Kind        Kind
	Offset, Len int
	Text        string
}

// Find returns the personal data of text, in order.
func Find(text string) []Hit {
	var out []Hit
	for _, f := range contact.Find(text) {
		switch {
		case f.Kind == contact.Tel:
			out = append(out, Hit{Kind: Phone, Offset: f.Offset, Len: f.Len, Text: f.Text})
		case f.Kind == contact.Mail && PersonalEmail(f.Text):
			out = append(out, Hit{Kind: Email, Offset: f.Offset, Len: f.Len, Text: f.Text})
		}
	}
	for _, h := range taxCodes(text) {
		i := len(out)
		for i > 0 && out[i-1].Offset > h.Offset {
			i--
		}
		out = append(out[:i], append([]Hit{h}, out[i:]...)...)
	}
	return out
}

// PersonalEmail reports whether addr reads as a person's address rather
// than an office's: its part before the @ is two or three words of
// letters joined by a dot, a hyphen or an underscore (name.surname,
// n.surname, name_middle.surname; the last may end with digits), and no
// word is one of an office's mailbox (info, segreteria, amministrazione,
// ufficio, …) or a label of the address's domain (csv.ferrara@csv.it is
// the organisation's own).
func PersonalEmail(addr string) bool {
	at := strings.LastIndexByte(addr, '@')
	if at <= 0 {
		return false
	}
	local, domain := strings.ToLower(addr[:at]), strings.ToLower(addr[at+1:])
	words := strings.FieldsFunc(local, func(r rune) bool { return r == '.' || r == '-' || r == '_' })
	if len(words) < 2 || len(words) > 3 || len(strings.Join(words, "")) < 4 {
		return false
	}
	labels := strings.FieldsFunc(domain, func(r rune) bool { return r == '.' || r == '-' })
	for i, w := range words {
		if i == len(words)-1 {
			w = strings.TrimRightFunc(w, func(r rune) bool { return '0' <= r && r <= '9' })
		}
		if w == "" || strings.IndexFunc(w, func(r rune) bool { return !unicode.IsLetter(r) }) >= 0 || officeWords[w] {
			return false
		}
		for _, l := range labels {
			if len(w) >= 3 && strings.Contains(l, w) {
				return false
			}
		}
	}
	return true
}

// officeWords are words of the mailboxes of offices and organisations:
// an address made of them is not a person's.
var officeWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`info informazioni segreteria amministrazione amministrativo ufficio uffici
		protocollo direzione direttore presidenza presidente contatti contatto servizi servizio sociali sociale
		scuola scuole comune biblioteca sportello urp pec posta mail email staff team progetti progetto
		stampa comunicazione redazione didattica personale ragioneria tecnico anagrafe cultura giovani welfare
		noreply no reply admin webmaster newsletter bandi iscrizioni prenotazioni volontari volontariato
		associazione cooperativa coop fondazione parrocchia oratorio centro casa rete cantiere cantieri istituto
		ic dirigente dirigenza help support supporto accoglienza orientamento formazione lavoro famiglie
		educativo educativa nido nidi polo sede citta città quartiere municipio assessorato settore area
		coordinamento tavolo tavoli ente odv aps onlus asp ausl csv sindaco giunta consiglio`) {
		m[w] = true
	}
	return m
}()

// taxCodes finds the codici fiscali of text: words of 16 letters and
// digits in their pattern (6 letters, the year, the month's letter, the
// day, the town's code, the check letter; digits may be replaced by the
// letters of omocodia), whose check letter is right. Either case.
func taxCodes(text string) []Hit {
	var out []Hit
	for i := 0; i+16 <= len(text); {
		if !isAlnum(text[i]) {
			i++
			continue
		}
		j := i
		for j < len(text) && isAlnum(text[j]) {
			j++
		}
		if j-i == 16 && boundary(text, i, j) {
			if w := text[i:j]; TaxCodeValid(w) {
				out = append(out, Hit{Kind: TaxCode, Offset: i, Len: 16, Text: w})
			}
		}
		i = j
	}
	return out
}

// boundary reports whether text[i:j] is a word of its own: no letter
// joins it on either side (an accented one, say).
func boundary(text string, i, j int) bool {
	if i > 0 {
		if r, _ := utf8.DecodeLastRuneInString(text[:i]); unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	if j < len(text) {
		if r, _ := utf8.DecodeRuneInString(text[j:]); unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

func isAlnum(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// TaxCodeValid reports whether s is a codice fiscale of a person: its
// pattern and its check letter (either case).
func TaxCodeValid(s string) bool {
	if len(s) != 16 {
		return false
	}
	s = strings.ToUpper(s)
	const omocodia = "LMNPQRSTUV"
	digit := func(c byte) bool { return '0' <= c && c <= '9' || strings.IndexByte(omocodia, c) >= 0 }
	letter := func(c byte) bool { return 'A' <= c && c <= 'Z' }
	for i := range 16 {
		c := s[i]
		var ok bool
		switch {
		case i < 6 || i == 11 || i == 15:
			ok = letter(c)
		case i == 8:
			ok = strings.IndexByte("ABCDEHLMPRST", c) >= 0
		default:
			ok = digit(c)
		}
		if !ok {
			return false
		}
	}
	// Odd places (1st, 3rd, …) weigh by this table, even ones by their
	// value (a digit's, or a letter's place in the alphabet).
	odd := [36]int{1, 0, 5, 7, 9, 13, 15, 17, 19, 21, // 0-9
		1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23} // A-Z
	value := func(c byte) int {
		if c <= '9' {
			return int(c - '0')
		}
		return int(c - 'A')
	}
	index := func(c byte) int {
		if c <= '9' {
			return int(c - '0')
		}
		return 10 + int(c-'A')
	}
	sum := 0
	for i := range 15 {
		if i%2 == 0 {
			sum += odd[index(s[i])]
		} else {
			sum += value(s[i])
		}
	}
	return s[15] == byte('A'+sum%26)
}
