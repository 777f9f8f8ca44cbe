// Package contact reads the ways readers reach people: e-mail addresses and
// telephone numbers (Italian formats first: +39, landlines 051…, mobiles
// 3xx, numeri verdi 800…, short numbers such as 1522), each checked and
// turned into the href of a link (mailto:, tel:+39…), and free texts of
// contacts in which the addresses and numbers it finds become links.
//
// Problems come back as Italian explanations, for the diagnostics of the
// schema check; the package knows nothing of files or positions beyond the
// byte offsets of a text.
package contact

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Email checks an e-mail address. It returns the address without the
// spaces around it and without a leading "mailto:", or an Italian
// explanation of what is wrong.
func Email(s string) (addr, problem string) {
	addr = strings.TrimSpace(s)
	if len(addr) >= 7 && strings.EqualFold(addr[:7], "mailto:") {
		addr = strings.TrimSpace(addr[7:])
	}
	switch {
	case addr == "":
		return "", "l'indirizzo e-mail è vuoto"
	case strings.IndexFunc(addr, unicode.IsSpace) >= 0:
		return "", "un indirizzo e-mail non contiene spazi"
	case strings.Count(addr, "@") == 0:
		return "", "manca la chiocciola (@) tra il nome e il dominio"
	case strings.Count(addr, "@") > 1:
		return "", "contiene più di una chiocciola (@)"
	}
	local, domain, _ := strings.Cut(addr, "@")
	if p := localProblem(local); p != "" {
		return "", p
	}
	if p := domainProblem(domain); p != "" {
		return "", p
	}
	return addr, ""
}

// localPunct are the characters besides letters and digits that an
// address may have before the @ (RFC 5322's atext, and the dot).
const localPunct = "!#$%&'*+/=?^_`{|}~.-"

func localProblem(local string) string {
	if local == "" {
		return "manca il nome prima della chiocciola (@)"
	}
	if len(local) > 64 {
		return "il nome prima della chiocciola (@) è troppo lungo"
	}
	for _, r := range local {
		if !(r < utf8.RuneSelf && (isASCIILetter(r) || isDigit(r) || strings.ContainsRune(localPunct, r))) {
			return "contiene caratteri non ammessi in un indirizzo e-mail («" + string(r) + "»)"
		}
	}
	if local[0] == '.' || local[len(local)-1] == '.' || strings.Contains(local, "..") {
		return "un punto all'inizio, alla fine o ripetuto prima della chiocciola (@)"
	}
	return ""
}

func domainProblem(domain string) string {
	if domain == "" {
		return "manca il dominio dopo la chiocciola (@), per esempio comune.bologna.it"
	}
	labels := strings.Split(domain, ".")
	if len(labels) < 2 {
		return "il dominio «" + domain + "» è incompleto: manca la parte finale, per esempio .it"
	}
	for _, l := range labels {
		if l == "" {
			return "il dominio «" + domain + "» ha un punto di troppo"
		}
		if len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return "il dominio «" + domain + "» non è valido"
		}
		for _, r := range l {
			if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-') {
				return "il dominio «" + domain + "» contiene caratteri non ammessi («" + string(r) + "»)"
			}
		}
	}
	tld := labels[len(labels)-1]
	if utf8.RuneCountInString(tld) < 2 || strings.IndexFunc(tld, func(r rune) bool { return !unicode.IsLetter(r) }) >= 0 {
		return "il dominio «" + domain + "» non finisce con un'estensione valida (per esempio .it)"
	}
	return ""
}

// Phone is a telephone number ready to show and to call.
type Phone struct {
	// Text is the number as written, its separators kept and its spaces
	// made non-breaking, so that it never breaks across lines.
	Text string
	// Href is the tel: link in international form: "tel:+39051234567"
	// (a short number such as 1522 stays "tel:1522").
	Href string
}

// nbsp is the no-break space.
const nbsp = "\u00a0"

// ParsePhone reads a telephone number: Italian (with or without +39 or
// 0039; landlines starting with 0, mobiles with 3, numeri verdi and other
// non-geographic numbers with 8, short numbers with 1) or international
// (+ and the country code). Digits may be grouped with spaces, dots,
// hyphens, slashes and parentheses. On failure it returns an Italian
// explanation.
func ParsePhone(s string) (Phone, string) {
	text := strings.Join(strings.Fields(s), " ")
	if text == "" {
		return Phone{}, "il numero di telefono è vuoto"
	}
	var digits strings.Builder
	plus := false
	for _, r := range text {
		switch {
		case isDigit(r):
			digits.WriteRune(r)
		case r == '+' && digits.Len() == 0 && !plus:
			plus = true
		case strings.ContainsRune(" .-/()", r):
		case unicode.IsLetter(r):
			return Phone{}, "contiene lettere: scrivi solo il numero (le note, come «dalle 9 alle 13», vanno in un altro campo)"
		default:
			return Phone{}, "contiene un carattere che non sta in un numero di telefono («" + string(r) + "»)"
		}
	}
	d := digits.String()
	if d == "" {
		return Phone{}, "non contiene cifre"
	}
	intl := plus
	if !plus && strings.HasPrefix(d, "00") {
		intl, d = true, d[2:]
	}
	p := Phone{Text: strings.ReplaceAll(text, " ", nbsp)}
	if intl {
		if d == "" || d == "39" {
			return Phone{}, "dopo il prefisso internazionale manca il numero"
		}
		if !strings.HasPrefix(d, "39") {
			if len(d) < 8 || len(d) > 15 || d[0] == '0' {
				return Phone{}, "non è un numero internazionale valido (+, il prefisso del paese e da 6 a 13 cifre)"
			}
			p.Href = "tel:+" + d
			return p, ""
		}
		d = d[2:]
	}
	if msg := nationalProblem(d, intl); msg != "" {
		return Phone{}, msg
	}
	if d[0] == '1' {
		p.Href = "tel:" + d
	} else {
		p.Href = "tel:+39" + d
	}
	return p, ""
}

// nationalProblem checks an Italian number without its country code.
func nationalProblem(d string, withPrefix bool) string {
	n := len(d)
	switch d[0] {
	case '0':
		return lengthProblem(n, 6, 11, "un numero fisso (che inizia con 0, con il prefisso: 051…)")
	case '3':
		return lengthProblem(n, 9, 10, "un cellulare (che inizia con 3)")
	case '8':
		return lengthProblem(n, 6, 10, "un numero che inizia con 8 (numero verde)")
	case '1':
		if withPrefix {
			return "i numeri brevi (come 1522) si scrivono senza +39"
		}
		return lengthProblem(n, 3, 6, "un numero breve (che inizia con 1, come 1522)")
	}
	return "un numero italiano inizia con 0 (fisso, con il prefisso: 051…), 3 (cellulare), 8 (numero verde) o 1 (numeri brevi)"
}

func lengthProblem(n, lo, hi int, what string) string {
	switch {
	case n < lo:
		return "ha troppo poche cifre per " + what + ": ne ha " + itoa(n) + ", ne servono almeno " + itoa(lo)
	case n > hi:
		return "ha troppe cifre per " + what + ": ne ha " + itoa(n) + ", al massimo " + itoa(hi)
	}
	return ""
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

func isDigit(r rune) bool       { return '0' <= r && r <= '9' }
func isASCIILetter(r rune) bool { return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' }
