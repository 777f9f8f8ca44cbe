package syntax

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
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
	// line to be sure reports the last line it read.
	for n > 1 && strings.TrimSpace(ls[n-1]) == "" {
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

// maxLinearWork bounds the bytes parsed while looking for the failing
// line one line at a time; past it, the search looks at a window of
// lines from where yaml.v3 places the problem.
const maxLinearWork = 2 << 20

// windowLines is how many lines the search looks at in a large text.
const windowLines = 300

// maxWindowStarts bounds the top-level keys tried as the start of the
// window, each a parse of the text before it; past them the window starts
// at the top.
const maxWindowStarts = 8

// badCharLine returns the line (from 1) of the first character yaml.v3
// refuses, invalid UTF-8 or a control character but tab and line breaks,
// 0 when there is none.
func badCharLine(text string) int {
	line := 1
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			return line
		case r == '\n':
			line++
		case r == '\uFEFF' && i == 0, r == '\t', r == '\r', r == 0x85:
		case unicode.IsControl(r), r == 0xFFFE, r == 0xFFFF:
			return line
		}
		i += size
	}
	return 0
}

// yamlReportedRE finds the line yaml.v3 names ("yaml: line 12: …").
var yamlReportedRE = regexp.MustCompile(`line (\d+):`)

// yamlFailingLine finds the line of the mistake: the first line that a
// beginning of the text cannot end at, that is one more than the longest
// beginning that parses. A beginning that stops inside a text on several
// lines fails too, but the longer one that closes it parses again, so the
// search goes from the end. It returns the line, 1-based, and the problem
// yaml.v3 reports for the text up to it.
//
// A large text (a pasted document in the front matter) is searched in a
// window instead: from the last top-level key at or before the line
// yaml.v3 names (which starts the construct around the mistake, so it is
// never after it), a few hundred lines, parsed on their own.
func yamlFailingLine(text string, err error) (int, string) {
	raw := strings.Split(text, "\n")
	msg := yamlMessage(err)
	if strings.Contains(msg, "control characters") || strings.Contains(msg, "UTF-8") {
		// yaml.v3 checks the characters before parsing and names no
		// line: the first one it refuses is the mistake.
		if n := badCharLine(text); n > 0 {
			return n, msg
		}
	}
	parseLines := func(from, j int) error {
		var node yaml.Node
		return yaml.Unmarshal([]byte(strings.Join(raw[from:j], "\n")+"\n"), &node)
	}
	from, to := 0, len(raw)
	reported := 1
	if len(raw)*len(text) > maxLinearWork {
		if m := yamlReportedRE.FindStringSubmatch(err.Error()); m != nil {
			reported, _ = strconv.Atoi(m[1])
		}
		reported = min(max(reported, 1), len(raw))
		// The window starts at a top-level key before which the text
		// parses: a quoted text opened further up and never closed
		// swallows the keys after it, and a window starting among them
		// would place the mistake where the text happens to end.
		from = reported - 1
		for tries := 0; ; tries++ {
			for from > 0 && !topLevelKey(raw[from]) {
				from--
			}
			if from == 0 || parseLines(0, from) == nil {
				break
			}
			if from--; tries == maxWindowStarts {
				from = 0
			}
		}
		to = min(len(raw), reported+windowLines)
	}
	parse := func(j int) error { return parseLines(from, j) }
	size := 0
	for _, l := range raw[from:to] {
		size += len(l) + 1
	}
	if (to-from)*size <= maxLinearWork {
		for j := to - 1; j >= from; j-- {
			e := parse(j)
			if e == nil {
				return j + 1, msg
			}
			msg = yamlMessage(e)
		}
		return from + 1, msg
	}
	// A window too large to go through line by line: halve it.
	e := parse(to)
	if e == nil {
		return reported, msg // the mistake is past the window
	}
	lo, hi := from, to // parse(lo) succeeds (nothing), parse(hi) fails
	msg = yamlMessage(e)
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if e := parse(mid); e == nil {
			lo = mid
		} else {
			hi, msg = mid, yamlMessage(e)
		}
	}
	return hi, msg
}

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
		if pj := prevLine(ls, n-1); !e.dash && i < e.indent && (pj < 0 || !strings.HasSuffix(strings.TrimSpace(ls[pj]), ":")) {
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
