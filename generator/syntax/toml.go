package syntax

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
)

// TOML explains err, the error BurntSushi/toml gave for src. firstLine is
// the number of src's first line in its file, Problem.Line counts from it.
func TOML(src []byte, err error, firstLine int) Problem {
	text := string(src)
	ls := lines(text)
	var pe toml.ParseError
	if !errors.As(err, &pe) {
		return Problem{Line: max(firstLine, 1), Span: 1, Message: "l'intestazione TOML non si riesce a leggere",
			Fix: tomlFix}
	}
	start := min(max(pe.Position.Start, 0), len(text))
	n := strings.Count(text[:start], "\n") + 1
	lineStart := strings.LastIndexByte(text[:start], '\n') + 1
	l := ls[min(n, len(ls))-1]
	off := start - lineStart // byte offset in l
	p := Problem{Line: n, Col: col(l, off), Span: max(utf8.RuneCountInString(text[start:min(start+pe.Position.Len, len(text))]), 1)}
	if strings.HasSuffix(text[start:min(start+pe.Position.Len, len(text))], "\n") || off >= len(l) {
		p.Span = 1
	}
	explainTOML(&p, l, off, pe.Message)
	p.Line += max(firstLine, 1) - 1
	return p
}

// tomlFix is the fix of a TOML problem the package cannot pin down.
const tomlFix = "Scrivi ogni campo come «nome = valore», con i testi tra virgolette doppie e le liste tra parentesi quadre: argomenti = [\"giovani\", \"scuola\"]."

var (
	tomlKeyRE     = regexp.MustCompile(`^\s*("[^"]*"|[A-Za-z0-9_.-]+)\s*=\s*`)
	tomlFoundRE   = regexp.MustCompile(`found "(.*)" instead|found '(.*)' instead|but got '(.*)' instead|but got (.*)$`)
	tomlDupKeyRE  = regexp.MustCompile(`Key '([^']*)'|^"([^"]*)" is not a table`)
	tomlDateRE    = regexp.MustCompile(`^invalid datetime: "(.*)"$`)
	italianDateRE = regexp.MustCompile(`^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})`)
)

// tomlValue splits a "key = value" line: its key and the offset of its
// value (-1 when the line is not one).
func tomlValue(l string) (string, int) {
	m := tomlKeyRE.FindStringSubmatchIndex(l)
	if m == nil {
		return "", -1
	}
	return strings.Trim(l[m[2]:m[3]], `"`), m[1]
}

// quoteTOML writes v as a TOML string.
func quoteTOML(v string) string {
	if !strings.ContainsAny(v, `"\`) {
		return `"` + v + `"`
	}
	if !strings.Contains(v, "'") {
		return "'" + v + "'"
	}
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(v) + `"`
}

// explainTOML fills in p for the problem msg at byte off of line l.
func explainTOML(p *Problem, l string, off int, msg string) {
	key, v := tomlValue(l)
	name := "del campo"
	if key != "" {
		name = "di «" + key + "»"
	}
	value := ""
	if v >= 0 {
		value = strings.TrimSpace(l[v:])
	}
	at := func(i int) { p.Col, p.Span = col(l, i), 1 }
	found := ""
	if m := tomlFoundRE.FindStringSubmatch(msg); m != nil {
		found = m[1] + m[2] + m[3] + m[4]
	}

	switch {
	case strings.HasPrefix(msg, "Key '"), strings.HasSuffix(msg, "is not a table"):
		p.Kind = Duplicate
		if m := tomlDupKeyRE.FindStringSubmatch(msg); m != nil {
			p.Key = m[1] + m[2]
		}
		p.Message = fmt.Sprintf("il campo «%s» compare più di una volta", p.Key)
		p.Fix = "Tieni una sola riga per campo: unisci i valori in una lista se servono più valori."

	case tomlDateRE.MatchString(msg):
		p.Kind, p.Key = BadDate, key
		p.Date = tomlDateRE.FindStringSubmatch(msg)[1]
		p.Message = fmt.Sprintf("la data «%s» non è valida", p.Date)
		p.Fix = "Scrivi la data come AAAA-MM-GG (per esempio 2026-03-31), eventualmente con l'ora: 2026-03-31T12:00:00+01:00."

	case strings.Contains(msg, "newlines") && strings.Contains(msg, "string"),
		strings.HasPrefix(msg, "unexpected EOF; expected '\""), strings.HasPrefix(msg, "unexpected EOF; expected \"'"):
		q := openQuote(l)
		if q >= 0 {
			at(q)
		}
		p.Message = "le virgolette aperte qui non si chiudono sulla stessa riga"
		p.Fix = "Aggiungi le virgolette di chiusura alla fine del testo"
		if q >= 0 && q == v && !strings.ContainsAny(l[q+1:], `"'`) {
			p.Fix += ": " + strings.TrimSpace(l[:v]) + " " + string(l[q]) + strings.TrimSpace(l[q+1:]) + string(l[q])
		}
		p.Fix += "; per un testo su più righe, aprilo e chiudilo con tre virgolette: \"\"\"…\"\"\"."

	case strings.Contains(msg, "escape"), strings.Contains(msg, "hexadecimal digits"), strings.Contains(msg, "Escaped character"):
		if i := badTOMLEscape(l, max(min(off, len(l))-1, 0)); i >= 0 {
			at(i)
			p.Span = 2
		}
		p.Message = "in un testo tra virgolette doppie la barra «\\» introduce un carattere speciale che non esiste"
		p.Fix = "Scrivi la barra due volte (\\\\), oppure usa le virgolette semplici"
		if v >= 0 && l[v] == '"' && !strings.Contains(value[1:], "'") && strings.HasSuffix(value, `"`) {
			p.Fix += ": " + key + " = '" + value[1:len(value)-1] + "'"
		}
		p.Fix += "."

	case strings.Contains(msg, "expected '.' or '='"), strings.Contains(msg, "expected key separator"):
		if found == ":" {
			p.Message = "qui si scrive «=» e non «:»: un'intestazione tra righe +++ è in formato TOML"
			k, rest, _ := strings.Cut(strings.TrimSpace(l), ":")
			p.Fix = fmt.Sprintf("Scrivi «%s = %s», oppure cambia le righe +++ in --- per scrivere l'intestazione in YAML (nome: valore).", strings.TrimSpace(k), quoteTOML(strings.Trim(strings.TrimSpace(rest), `"`)))
			return
		}
		p.Message = "dopo il nome del campo manca «=»"
		p.Fix = "Scrivi ogni campo come «nome = valore», per esempio: title = \"Bando estate\"."

	case strings.Contains(msg, "key name appears blank"):
		p.Message = "manca il nome del campo prima di «=»"
		p.Fix = "Scrivi il nome del campo prima di «=» (title = \"…\"), oppure togli la riga."

	case strings.HasPrefix(msg, "unexpected '='"), strings.HasPrefix(msg, "unexpected '.'"):
		p.Message = fmt.Sprintf("il nome del campo non può contenere «%c» in questo punto", msg[12])
		p.Fix = "Scrivi ogni campo come «nome = valore», con un solo «=», e nomi fatti di lettere, cifre e «_»."

	case strings.HasPrefix(msg, "expected value but found"):
		if found == `\n` || found == "" {
			p.Message = fmt.Sprintf("manca il valore %s dopo «=»", name)
			p.Fix = fmt.Sprintf("Scrivi il valore dopo «=» (%s = \"…\"), oppure togli la riga.", key)
			return
		}
		at(off)
		p.Span = max(utf8.RuneCountInString(found), 1)
		p.Message = fmt.Sprintf("il testo «%s» va scritto tra virgolette", shorten(value))
		p.Fix = fmt.Sprintf("Scrivi %s = %s", key, quoteTOML(value))
		if italianDateRE.MatchString(value) {
			p.Message = fmt.Sprintf("la data «%s» va scritta nella forma AAAA-MM-GG, senza virgolette", value)
			p.Fix = fmt.Sprintf("Scrivi %s = %s.", key, isoDate(value))
		}

	case strings.Contains(msg, "top-level item to end"):
		if m := italianDateRE.FindStringSubmatch(value); m != nil {
			at(v)
			p.Span = utf8.RuneCountInString(m[0])
			p.Message = fmt.Sprintf("la data «%s» è scritta all'italiana: qui serve la forma AAAA-MM-GG", m[0])
			p.Fix = fmt.Sprintf("Scrivi %s = %s.", key, isoDate(m[0]))
			return
		}
		if v >= 0 && (l[v] == '"' || l[v] == '\'') {
			end, _ := scanQuoted(l, v)
			at(end - 1)
			inner := value
			if len(inner) > 1 && inner[len(inner)-1] == inner[0] {
				inner = inner[1 : len(inner)-1]
			}
			if l[v] == '\'' {
				p.Message = fmt.Sprintf("l'apostrofo dopo «%s» chiude le virgolette semplici aperte all'inizio del valore %s", shorten(l[v+1:end-1]), name)
				p.Fix = fmt.Sprintf("Usa le virgolette doppie, così l'apostrofo resta nel testo: %s = %s", key, `"`+strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(inner)+`"`)
				return
			}
			p.Message = fmt.Sprintf("queste virgolette chiudono il valore %s, ma dopo c'è altro testo («%s»)", name, shorten(strings.TrimSpace(l[end:])))
			p.Fix = fmt.Sprintf("Per scrivere delle virgolette dentro il testo, racchiudilo tra virgolette semplici: %s = '%s'", key, inner)
			return
		}
		p.Message = fmt.Sprintf("dopo il valore %s c'è altro testo sulla stessa riga", name)
		p.Fix = "Se il valore è un testo, mettilo tutto tra virgolette doppie"
		if v >= 0 {
			p.Fix += ": " + key + " = " + quoteTOML(value)
		}
		p.Fix += "; i commenti iniziano con «#»."

	case strings.Contains(msg, "array terminator"):
		if found == "end of file" || found == `'\n'` || found == "" {
			if i := strings.LastIndexByte(l, '['); i >= 0 {
				at(i)
			}
			p.Message = fmt.Sprintf("la lista %s aperta con «[» non si chiude con «]»", name)
		} else {
			p.Message = fmt.Sprintf("tra due voci della lista %s manca la virgola", name)
		}
		p.Fix = fmt.Sprintf("Scrivi la lista con le voci tra virgolette, separate da virgole: %s = [\"prima voce\", \"seconda voce\"].", key)

	case strings.Contains(msg, "unexpected comma"):
		p.Message = "c'è una virgola di troppo"
		p.Fix = "Togli la virgola: le voci di una lista sono separate da una sola virgola, senza virgole all'inizio."

	case strings.Contains(msg, "inline table"):
		p.Message = "le parentesi graffe «{ }» aprono un gruppo di campi, che va chiuso sulla stessa riga"
		p.Fix = "Se le parentesi fanno parte del testo, metti tutto il valore tra virgolette doppie."

	case strings.Contains(msg, "table name"), strings.Contains(msg, "table array name"), strings.Contains(msg, "table separator"):
		p.Message = "una riga che inizia con «[» apre una sezione e deve chiudersi con «]»"
		p.Fix = "Se volevi una lista, scrivila dopo il nome del campo: argomenti = [\"giovani\", \"scuola\"]."

	case strings.Contains(msg, "control characters"), strings.Contains(msg, "UTF-8"), strings.Contains(msg, "NULL"):
		for i, r := range l {
			if unicode.IsControl(r) && r != '\t' || r == utf8.RuneError {
				at(i)
				break
			}
		}
		p.Message = "c'è un carattere invisibile che non può stare nel testo"
		p.Fix = "Cancella il carattere e riscrivi a mano quel punto della riga: caratteri così arrivano spesso copiando da un PDF o da Word."

	case strings.Contains(msg, "integer"), strings.Contains(msg, "float"), strings.Contains(msg, "number"),
		strings.Contains(msg, "digit"), strings.Contains(msg, "out of range"), strings.Contains(msg, "with sign"):
		p.Message = fmt.Sprintf("il numero «%s» non è scritto bene", shorten(value))
		p.Fix = "Scrivi il numero con le sole cifre, senza zeri all'inizio (per esempio 10); se è un testo, mettilo tra virgolette doppie"
		if v >= 0 {
			p.Fix += ": " + key + " = " + quoteTOML(value)
		}
		p.Fix += "."

	case strings.Contains(msg, "unexpected EOF"):
		p.Message = "l'intestazione finisce a metà di un valore"
		p.Fix = "Completa il valore e chiudi virgolette e parentesi aperte."

	default:
		p.Message = "la riga non si riesce a leggere"
		p.Fix = tomlFix
	}
}

// openQuote is the offset of a quote of l that is not closed, -1 when
// there is none.
func openQuote(l string) int {
	for i := 0; i < len(l); i++ {
		if l[i] == '#' {
			return -1
		}
		if strings.HasPrefix(l[i:], `"""`) || strings.HasPrefix(l[i:], "'''") {
			end := strings.Index(l[i+3:], l[i:i+3])
			if end < 0 {
				return i
			}
			i += 3 + end + 2
			continue
		}
		if l[i] == '"' || l[i] == '\'' {
			end, closed := scanTOMLString(l, i)
			if !closed {
				return i
			}
			i = end - 1
		}
	}
	return -1
}

// badTOMLEscape is the offset of the first backslash at or after from
// in l that starts no TOML escape, -1 when there is none.
func badTOMLEscape(l string, from int) int {
	for i := from; i+1 < len(l); i++ {
		if l[i] != '\\' {
			continue
		}
		if !strings.ContainsRune(`btnfre"\\uUx`, rune(l[i+1])) {
			return i
		}
		if l[i+1] != 'u' && l[i+1] != 'U' && l[i+1] != 'x' {
			i++
			continue
		}
		return i // a \u, \U or \x the parser refused: its digits
	}
	return strings.IndexByte(l, '\\')
}

// scanTOMLString scans the string that starts at byte i of l.
func scanTOMLString(l string, i int) (int, bool) {
	q := l[i]
	for j := i + 1; j < len(l); j++ {
		switch {
		case q == '"' && l[j] == '\\':
			j++
		case l[j] == q:
			return j + 1, true
		}
	}
	return len(l), false
}

// isoDate rewrites 31/03/2026 as 2026-03-31.
func isoDate(it string) string {
	m := italianDateRE.FindStringSubmatch(it)
	if m == nil {
		return it
	}
	return m[3] + "-" + pad(m[2]) + "-" + pad(m[1])
}

func pad(s string) string {
	if len(s) == 1 {
		return "0" + s
	}
	return s
}
