package syntax

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// YAML explains err, the error yaml.v3 gave for src. firstLine is the
// number of src's first line in its file: Problem.Line, and the lines the
// messages mention, count from it.
func YAML(src []byte, err error, firstLine int) Problem {
	text := string(src)
	ls := lines(text)
	n, msg := yamlFailingLine(text, err)
	// A mistake is never on a blank line: a parser that needed one more
	// line to be sure reports the last line it read. A line that only
	// looks blank, holding a tab, is the mistake itself.
	for n > 1 && strings.TrimSpace(ls[n-1]) == "" && !strings.Contains(ls[n-1], "\t") {
		n--
	}
	p := explainYAML(ls, n, msg, max(firstLine, 1)-1)
	p.Line += max(firstLine, 1) - 1
	if p.Span < 1 {
		p.Span = 1
	}
	return p
}

// yamlLineRE matches yaml.v3's "yaml: line N: " prefix.
var yamlLineRE = regexp.MustCompile(`^(yaml: )?(line \d+: )?`)

// yamlMessage is the bare problem of a yaml.v3 error, without prefixes.
func yamlMessage(err error) string {
	msg := err.Error()
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	return yamlLineRE.ReplaceAllString(msg, "")
}

// explainYAML explains the problem msg found on line n of ls; shift
// turns a line of ls into a line of its file, in messages.
func explainYAML(ls []string, n int, msg string, shift int) Problem {
	l := ls[n-1]
	e := parseEntry(l)
	p := Problem{Line: n}
	at := func(i int) { p.Col, p.Span = col(l, i), 1 }
	name := "del campo"
	if e.key != "" {
		name = "di «" + e.key + "»"
	}

	// A tab where YAML wants spaces, whatever the parser made of it.
	if i := leadingTab(l); i >= 0 {
		at(i)
		p.Message = "c'è un tab (il carattere che inserisce il tasto Tab) nel rientro della riga: qui i rientri si fanno solo con gli spazi"
		p.Fix = "Sostituisci il tab con due spazi."
		pj := prevLine(ls, n-1)
		switch {
		case strings.TrimSpace(l) == "":
			p.Message = "la riga sembra vuota, ma contiene un tab (il carattere che inserisce il tasto Tab): qui non può stare"
			p.Fix = "Cancella il tab, così che la riga resti vuota del tutto, oppure cancella la riga."
		case inText(ls, n-1, e.key != ""):
			p.Fix = "Sostituisci il tab con due spazi: le righe di un testo su più righe iniziano con degli spazi."
		case !e.dash && i < e.indent && e.key != "" && (pj < 0 || !strings.HasSuffix(strings.TrimSpace(ls[pj]), ":")):
			p.Fix = "Togli il tab: i campi iniziano a inizio riga."
			if e.indent > 1 {
				p.Fix = "Togli gli spazi e i tab all'inizio della riga: i campi iniziano a inizio riga."
			}
		}
		return p
	}
	// Text after the closing quote: "x" y, or 'it's'.
	if e.value >= 0 && (l[e.value] == '"' || l[e.value] == '\'') {
		end, closed := scanQuoted(l, e.value)
		if rest := strings.TrimSpace(l[end:]); closed && rest != "" && !strings.HasPrefix(rest, "#") {
			at(end - 1)
			whole := strings.TrimSpace(l[e.value:])
			inner := whole[1:]
			if strings.HasSuffix(inner, whole[:1]) {
				inner = inner[:len(inner)-1]
			}
			if l[e.value] == '\'' {
				p.Message = fmt.Sprintf("l'apostrofo dopo «%s» chiude le virgolette semplici aperte all'inizio del valore %s", shorten(l[e.value+1:end-1]), name)
				p.Fix = fmt.Sprintf("Usa le virgolette doppie, così l'apostrofo resta nel testo: %s", withValue(l, e, `"`+strings.ReplaceAll(inner, `"`, `\"`)+`"`))
			} else {
				p.Message = fmt.Sprintf("queste virgolette chiudono il valore %s, ma dopo c'è altro testo («%s»)", name, shorten(rest))
				p.Fix = fmt.Sprintf("Per scrivere delle virgolette dentro il testo, racchiudilo tra virgolette semplici: %s", withValue(l, e, "'"+strings.ReplaceAll(inner, "'", "''")+"'"))
			}
			return p
		}
	}
	// Text after a closing bracket: [a] b, or {bozza} Bando.
	if e.value >= 0 && (l[e.value] == '[' || l[e.value] == '{') {
		if end := closingBracket(l, e.value); end > 0 {
			if rest := strings.TrimSpace(l[end:]); rest != "" && !strings.HasPrefix(rest, "#") {
				at(e.value)
				what := "una lista"
				if l[e.value] == '{' {
					what = "un gruppo di campi"
				}
				p.Message = fmt.Sprintf("un valore che inizia con «%c» qui è %s, e dopo la parentesi di chiusura non può esserci altro testo", l[e.value], what)
				p.Fix = fmt.Sprintf("Se le parentesi fanno parte del testo, metti tutto il valore tra virgolette doppie: %s", withValue(l, e, quoteYAML(strings.TrimSpace(l[e.value:]))))
				return p
			}
		}
	}

	switch {
	case strings.Contains(msg, "control characters"), strings.Contains(msg, "UTF-8"):
		p.Fix = "Cancella il carattere e riscrivi a mano quel punto della riga: caratteri così arrivano spesso copiando da un PDF o da Word."
		for i, r := range l {
			if r == utf8.RuneError {
				at(i)
				p.Message = "la riga contiene un carattere che non è UTF-8 valido: il file è stato salvato con un'altra codifica (spesso «Latin-1» o «Windows-1252»)"
				p.Fix = "Salva il file con codifica UTF-8 (nell'editor: «Salva con codifica» → UTF-8) e ricontrolla le lettere accentate di questa riga."
				break
			}
			if unicode.IsControl(r) && r != '\t' || r == '\uFEFF' {
				at(i)
				p.Message = "c'è un carattere " + runeName(r) + " che non può stare nel testo"
				break
			}
		}
		if p.Message == "" {
			p.Message = "la riga contiene un carattere invisibile che non può stare nel testo"
		}

	case strings.Contains(msg, "escape"), strings.Contains(msg, "hexdecimal"):
		return badEscape(ls, n, name)

	case strings.Contains(msg, "end of stream"):
		// An opening quote that never closes.
		for i := e.keyAt; i < len(l); i++ {
			c := l[i]
			if (c == '"' || c == '\'') && (i == e.value || i > 0 && strings.ContainsRune("[{, ", rune(l[i-1]))) {
				end, closed := scanQuoted(l, i)
				if !closed {
					at(i)
					what := "le virgolette doppie"
					if c == '\'' {
						what = "le virgolette semplici"
					}
					p.Message = fmt.Sprintf("%s aperte qui non si chiudono", what)
					p.Fix = "Aggiungi le virgolette di chiusura alla fine del testo, sulla stessa riga"
					if i == e.value && !strings.ContainsAny(l[i+1:], `"'`) {
						p.Fix += ": " + withValue(l, e, string(c)+strings.TrimSpace(l[i+1:])+string(c))
					}
					p.Fix += "."
					return p
				}
				i = end - 1
			}
		}
		p.Message = "il testo finisce prima che si chiuda qualcosa che si apre in questa riga (virgolette o parentesi)"
		p.Fix = "Chiudi le virgolette o le parentesi aperte, sulla stessa riga."

	case strings.Contains(msg, "mapping values are not allowed"):
		pj := prevLine(ls, n-1)
		if pj >= 0 && e.indent > 0 && !e.dash && e.key != "" {
			pe := parseEntry(ls[pj])
			if pe.indent < e.indent && pe.value >= 0 && !strings.ContainsRune("|>", rune(ls[pj][pe.value])) {
				at(e.keyAt)
				p.Span = utf8.RuneCountInString(e.key)
				above := "la riga sopra"
				if pe.key != "" {
					above = "«" + pe.key + "»"
				}
				p.Message = fmt.Sprintf("la riga è rientrata sotto %s, che ha già un valore: «%s» sembra un campo a sé", above, e.key)
				p.Fix = fmt.Sprintf("Togli gli spazi all'inizio della riga, così che «%s:» sia allineato agli altri campi.", e.key)
				return p
			}
		}
		if e.value >= 0 {
			if k := keyColon(l[e.value:]); k >= 0 {
				at(e.value + k)
				p.Message = fmt.Sprintf("il valore %s contiene «: » (due punti e uno spazio), che qui separa il nome di un campo dal suo valore", name)
				p.Fix = fmt.Sprintf("Metti tutto il valore tra virgolette doppie: %s", withValue(l, e, quoteYAML(strings.TrimSpace(l[e.value:]))))
				return p
			}
		}
		at(e.keyAt)
		p.Message = "la riga contiene «: » dove non può esserci un nuovo campo"
		p.Fix = "Se la riga è un campo, allineala agli altri campi; se fa parte di un testo, metti il testo tra virgolette doppie."

	case strings.Contains(msg, "block sequence entries are not allowed"):
		if e.value >= 0 && strings.HasPrefix(l[e.value:], "-") {
			at(e.value)
			p.Message = fmt.Sprintf("la lista %s inizia sulla stessa riga del nome del campo", name)
			key := e.key
			if key == "" {
				key = "nome"
			}
			p.Fix = fmt.Sprintf("Scrivi «%s: [\"prima voce\", \"seconda voce\"]», oppure vai a capo e scrivi ogni voce su una riga che inizia con «  - ».", key)
			return p
		}
		return listUnderValue(ls, n, e, p)

	case strings.Contains(msg, "expected '-' indicator"):
		if top := rootList(ls, n); top >= 0 {
			p.Line, p.Col, p.Span = top+1, col(ls[top], firstNonSpace(ls[top])), 1
			p.Message = "la lista all'inizio dell'intestazione non appartiene a nessun campo"
			p.Fix = "Scrivi prima della lista il nome del campo, per esempio «argomenti:», e metti due spazi prima di ogni «- »."
			return p
		}
		at(e.keyAt)
		p.Message = "questa riga ha il rientro delle voci della lista sopra, ma non inizia con «- »"
		p.Fix = "Se è un'altra voce della lista, scrivi «- » prima del testo; se è un nuovo campo, togli gli spazi all'inizio della riga."

	case strings.Contains(msg, "could not find expected ':'"):
		at(e.keyAt)
		p.Span = wordSpan(l, e.keyAt)
		p.Message = fmt.Sprintf("la riga «%s» non è nella forma «nome: valore»", shorten(strings.TrimSpace(l)))
		p.Fix = "Se è un campo, aggiungi «:» dopo il nome; se continua il testo del campo sopra, riscrivi tutto il valore su una riga sola, tra virgolette doppie."

	case strings.Contains(msg, "expected ',' or ']'"), strings.Contains(msg, "expected ',' or '}'"), strings.Contains(msg, "node content"):
		open := unclosedBracket(l)
		switch {
		case missingComma(l) >= 0:
			at(missingComma(l))
			p.Message = fmt.Sprintf("tra due voci della lista %s manca la virgola", name)
			p.Fix = "Separa le voci con una virgola: [\"prima voce\", \"seconda voce\"]."
		case open >= 0 && l[open] == '[':
			at(open)
			p.Message = fmt.Sprintf("la lista %s aperta con «[» non si chiude con «]» sulla stessa riga, o manca una virgola tra due voci", name)
			key := e.key
			if key == "" {
				key = "argomenti"
			}
			p.Fix = fmt.Sprintf("Scrivi la lista su una riga, con le voci tra virgolette separate da virgole: %s: [\"prima voce\", \"seconda voce\"].", key)
		case open >= 0:
			at(open)
			p.Message = "le parentesi graffe «{ }» qui aprono un gruppo di campi"
			p.Fix = "Se le parentesi fanno parte del testo, metti tutto il valore tra virgolette doppie"
			if e.value >= 0 {
				p.Fix += ": " + withValue(l, e, quoteYAML(strings.TrimSpace(l[e.value:])))
			}
			p.Fix += "."
		default:
			at(e.keyAt)
			p.Message = "in questa riga una lista o un gruppo tra parentesi non è scritto bene"
			p.Fix = "Scrivi le liste su una riga così: argomenti: [\"prima voce\", \"seconda voce\"]."
		}

	case strings.Contains(msg, "anchor"), strings.Contains(msg, "alphabetic or numeric"):
		if e.value >= 0 && strings.ContainsRune("*&", rune(l[e.value])) {
			at(e.value)
			p.Message = fmt.Sprintf("un valore che inizia con «%c» qui ha un significato speciale (un rimando a un altro valore)", l[e.value])
			p.Fix = fmt.Sprintf("Metti il valore tra virgolette doppie: %s", withValue(l, e, quoteYAML(strings.TrimSpace(l[e.value:]))))
			return p
		}
		at(e.keyAt)
		p.Message = "la riga contiene «*» o «&» in un punto in cui hanno un significato speciale"
		p.Fix = "Metti il valore tra virgolette doppie."

	case strings.Contains(msg, "comment or line break"), strings.Contains(msg, "indentation indicator"), strings.Contains(msg, "block scalar"):
		at(max(e.value, e.keyAt))
		p.Message = "un valore che inizia con «|» o «>» annuncia un testo sulle righe seguenti, e sulla sua riga non può esserci altro"
		p.Fix = "Metti il valore tra virgolette doppie"
		if e.value >= 0 {
			p.Fix += ": " + withValue(l, e, quoteYAML(strings.TrimSpace(l[e.value:])))
		}
		p.Fix += "."

	case strings.Contains(msg, "max depth"):
		at(e.keyAt)
		p.Message = "ci sono troppe liste o gruppi uno dentro l'altro"
		p.Fix = "Scrivi le liste senza metterle una dentro l'altra: argomenti: [\"prima voce\", \"seconda voce\"]."

	case strings.Contains(msg, "cannot start any token"):
		i := e.value
		if i < 0 || !strings.ContainsRune("@`", rune(l[i])) {
			i = strings.IndexAny(l, "@`")
		}
		if i >= 0 {
			at(i)
			p.Message = fmt.Sprintf("un valore non può iniziare con «%c»: qui è un simbolo riservato", l[i])
			p.Fix = "Metti il valore tra virgolette doppie: " + quoteToken(l, i)
			return p
		}
		at(e.keyAt)
		p.Message = "la riga inizia con un carattere che qui non può stare"
		p.Fix = genericFix

	case strings.HasPrefix(strings.TrimSpace(l), "%"):
		at(e.indent)
		p.Message = "una riga non può iniziare con «%»: qui è un simbolo riservato"
		p.Fix = "Metti il valore tra virgolette doppie, oppure togli la riga."

	case strings.HasPrefix(strings.TrimSpace(l), ":"):
		at(e.indent)
		p.Message = "manca il nome del campo prima di «:»"
		p.Fix = "Scrivi il nome del campo prima dei due punti (nome: valore), oppure togli la riga."

	case e.dash:
		return misalignedItem(ls, n, e, p, shift)

	case strings.Contains(msg, "expected key"), strings.Contains(msg, "block mapping"), strings.Contains(msg, "block collection"):
		at(e.indent)
		p.Message = "il rientro di questa riga non torna con quello delle righe sopra"
		p.Fix = "Allinea la riga: i campi iniziano a inizio riga, le voci di una lista hanno tutte gli stessi spazi prima di «- », e un testo che continua sulla riga dopo va scritto su una riga sola, tra virgolette."

	default:
		// A problem this package does not know: still Italian, and on
		// the right line.
		at(e.indent)
		p.Message = "questa riga non si riesce a leggere"
		p.Fix = genericFix
	}
	return p
}

// badEscape explains an unknown escape in a double-quoted text, at or
// after line n.
func badEscape(ls []string, n int, name string) Problem {
	for k := n - 1; k < len(ls) && k < n+50; k++ {
		l := ls[k]
		for i := 0; i+1 < len(l); i++ {
			if l[i] != '\\' {
				continue
			}
			if validEscape(l[i+1:]) {
				i++
				continue
			}
			e := parseEntry(l)
			p := Problem{Line: k + 1, Col: col(l, i), Span: 2}
			r, _ := utf8.DecodeRuneInString(l[i+1:])
			p.Message = fmt.Sprintf("in un testo tra virgolette doppie la barra «\\» introduce un carattere speciale, e «\\%c» non esiste", r)
			if r == 'x' || r == 'u' || r == 'U' {
				p.Message = fmt.Sprintf("in un testo tra virgolette doppie «\\%c» introduce il codice di un carattere, e qui il codice è incompleto", r)
			}
			p.Fix = "Scrivi la barra due volte (\\\\), oppure usa le virgolette semplici"
			if e.value >= 0 && l[e.value] == '"' {
				if end, closed := scanQuoted(l, e.value); closed {
					p.Fix += ": " + withValue(l, e, "'"+strings.ReplaceAll(l[e.value+1:end-1], "'", "''")+"'")
				}
			}
			p.Fix += "."
			return p
		}
	}
	l := ls[n-1]
	return Problem{Line: n, Col: col(l, firstNonSpace(l)), Span: 1,
		Message: fmt.Sprintf("il valore %s contiene una barra «\\» che introduce un carattere speciale che non esiste", name),
		Fix:     "Scrivi la barra due volte (\\\\), oppure usa le virgolette semplici (') al posto delle doppie."}
}

// closingBracket is the offset just past the bracket that closes the
// one at byte i of l, -1 when it does not close on the line.
func closingBracket(l string, i int) int {
	depth := 0
	for j := i; j < len(l); j++ {
		switch c := l[j]; c {
		case '"', '\'':
			end, _ := scanQuoted(l, j)
			j = end - 1
		case '[', '{':
			depth++
		case ']', '}':
			depth--
			if depth == 0 {
				return j + 1
			}
		}
	}
	return -1
}

// missingComma is the offset of an item of a list between brackets that
// follows a quoted item without a comma, -1 when there is none.
func missingComma(l string) int {
	depth := 0
	for i := 0; i < len(l); i++ {
		switch c := l[i]; c {
		case '[', '{':
			depth++
		case ']', '}':
			depth--
		case '"', '\'':
			if depth == 0 {
				continue
			}
			end, closed := scanQuoted(l, i)
			if !closed {
				return -1
			}
			next := end + firstNonSpace(l[end:])
			if next < len(l) && !strings.ContainsRune(",]}:#", rune(l[next])) {
				return next
			}
			i = end - 1
		}
	}
	return -1
}

// rootList is the index of the first line of a list that opens the text
// without a key, -1 when the text does not open with one.
func rootList(ls []string, n int) int {
	first := prevLine(ls, 0)
	for j := 0; j < n-1; j++ {
		if t := strings.TrimSpace(ls[j]); t != "" && !strings.HasPrefix(t, "#") {
			first = j
			break
		}
	}
	if first >= 0 && parseEntry(ls[first]).dash && parseEntry(ls[first]).indent == 0 {
		return first
	}
	return -1
}

// listUnderValue explains a list item under a key that already has a
// value on its own line.
func listUnderValue(ls []string, n int, e entry, p Problem) Problem {
	l := ls[n-1]
	p.Col, p.Span = col(l, e.dashAt), 1
	if pj := prevLine(ls, n-1); pj >= 0 {
		if pe := parseEntry(ls[pj]); pe.key != "" && pe.value >= 0 {
			p.Message = fmt.Sprintf("questa voce di lista sta sotto «%s», che ha già un valore sulla sua riga", pe.key)
			p.Fix = fmt.Sprintf("Se «%s» è una lista, lascia solo «%s:» sulla sua riga e scrivi ogni voce sotto, con «  - »; altrimenti togli questa riga.", pe.key, pe.key)
			return p
		}
	}
	p.Message = "questa voce di lista non appartiene a nessun campo"
	p.Fix = "Scrivi la voce sotto il nome della lista (per esempio «argomenti:»), con due spazi prima di «- »."
	return p
}

// misalignedItem explains a list item whose dash is not where the dashes
// of its list are.
func misalignedItem(ls []string, n int, e entry, p Problem, shift int) Problem {
	l := ls[n-1]
	for j := n - 2; j >= 0; j-- {
		t := strings.TrimSpace(ls[j])
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		pe := parseEntry(ls[j])
		if pe.dash && pe.indent != e.indent {
			p.Col, p.Span = col(l, e.dashAt), 1
			p.Message = fmt.Sprintf("questa voce della lista non è allineata con quella di riga %d", j+1+shift)
			p.Fix = fmt.Sprintf("Metti prima del trattino %s, come alla riga %d.", spaces(pe.indent), j+1+shift)
			return p
		}
		if !pe.dash {
			break
		}
	}
	return listUnderValue(ls, n, e, p)
}

func spaces(n int) string {
	if n == 1 {
		return "uno spazio"
	}
	if n == 0 {
		return "nessuno spazio"
	}
	return fmt.Sprintf("%d spazi", n)
}
