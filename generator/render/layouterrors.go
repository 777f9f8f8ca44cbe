package render

import (
	"fmt"
	"html/template"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"cantiericomuni.it/banca/generator/schema"
)

// The Go template parser and html/template's escaper explain problems in
// English; the team who edits layouts/ reads them in Italian, at the line
// and column of the mistake, with a fix.

// layoutProblem is a problem of a layout file, explained.
type layoutProblem struct {
	line, col int
	msg, fix  string
}

var (
	funcNotDefinedRE = regexp.MustCompile(`^function "([^"]*)" not defined$`)
	undefinedVarRE   = regexp.MustCompile(`^undefined variable "([^"]*)"$`)
	unexpectedRE     = regexp.MustCompile(`^unexpected (.+?)(?: in (.+))?$`)
	multipleDefRE    = regexp.MustCompile(`multiple definition of template "([^"]*)"`)
	expectedEndRE    = regexp.MustCompile(`^expected end; found (.+)$`)
)

// builtinFuncs are text/template's own functions.
var builtinFuncs = []string{"and", "call", "html", "index", "slice", "js", "len", "not", "or", "print", "printf",
	"println", "urlquery", "eq", "ge", "gt", "le", "lt", "ne"}

// explainParse explains a parse error: detail is the parser's message,
// line the line it gave, src the file's text.
func explainParse(detail string, line int, src []byte) layoutProblem {
	p := layoutProblem{line: line}
	l := lineText(src, line)
	colOf := func(s string) int {
		if i := strings.Index(l, s); i >= 0 && s != "" {
			return utf8.RuneCountInString(l[:i]) + 1
		}
		return 0
	}
	const blocksFix = "Ogni {{if}}, {{range}}, {{with}}, {{block}} e {{define}} si chiude con il suo {{end}}."
	switch {
	case detail == "unexpected EOF" || strings.HasPrefix(detail, "unexpected <define>") || strings.HasPrefix(detail, "unexpected {{define}}"):
		// At EOF the lines so far count; at a {{define}}, those before it.
		upTo := line
		if detail != "unexpected EOF" {
			upTo--
		}
		if o, inside, ok := unclosedBlock(src, upTo); ok {
			p.line, p.col = o.line, o.col
			p.msg = fmt.Sprintf("il blocco «%s» aperto qui non si chiude: manca un {{end}}", o.text)
			p.fix = "Aggiungi il {{end}} che manca: per questo blocco, o per un {{if}}, {{range}} o {{with}} al suo interno. " + blocksFix
			if len(inside) > 0 {
				p.msg += " (suo o di un blocco al suo interno)"
				p.fix = "Controlla i blocchi che si aprono su una riga e si chiudono su un'altra: " + strings.Join(inside, ", ") + ". " + blocksFix
			}
			return p
		}
		p.msg = "il modello finisce mentre un blocco è ancora aperto"
		p.fix = "Aggiungi il {{end}} che manca. " + blocksFix
	case strings.HasPrefix(detail, "unexpected {{end}}"):
		if i := strings.LastIndex(l, "end"); i >= 0 {
			p.col = utf8.RuneCountInString(l[:i]) + 1
		}
		p.msg = "c'è un {{end}} in più, che non chiude nessun blocco"
		p.fix = "Togli il {{end}}, o aggiungi prima il {{if}}, {{range}} o {{with}} che doveva aprire il blocco."
	case strings.HasPrefix(detail, "unexpected {{else}}"):
		p.col = colOf("else")
		p.msg = "c'è un {{else}} fuori da un blocco {{if}}, {{range}} o {{with}}"
		p.fix = "Sposta {{else}} dentro il blocco, prima del suo {{end}}."
	case detail == "unclosed action" || strings.Contains(detail, `unexpected "}"`) || strings.HasPrefix(detail, "unclosed action"):
		p.col = openAction(l)
		p.msg = "un'azione {{…}} non si chiude con }}"
		p.fix = "Chiudi l'azione con due parentesi graffe: {{ .Title }}."
	case funcNotDefinedRE.MatchString(detail):
		name := funcNotDefinedRE.FindStringSubmatch(detail)[1]
		p.col = colOf(name)
		p.msg = fmt.Sprintf("la funzione «%s» non esiste", name)
		p.fix = "Le funzioni dei modelli sono elencate in generator/render/funcs.go."
		if near, ok := schema.Closest(name, funcNames()); ok {
			p.fix = fmt.Sprintf("Forse intendevi «%s»? %s", near, p.fix)
		}
	case undefinedVarRE.MatchString(detail):
		name := undefinedVarRE.FindStringSubmatch(detail)[1]
		p.col = colOf(name)
		p.msg = fmt.Sprintf("la variabile «%s» non è definita in questo punto", name)
		p.fix = fmt.Sprintf("Definiscila prima, nello stesso blocco: {{%s := …}}; per i dati della pagina usa «.» o «$».", name)
	case strings.HasPrefix(detail, "unterminated"):
		p.col = colOf(`"`)
		p.msg = "un testo tra virgolette, dentro un'azione {{…}}, non si chiude"
		p.fix = "Chiudi le virgolette prima di }}: {{ template \"nome\" . }}."
	case strings.HasPrefix(detail, "bad number syntax"):
		p.msg = "un numero dentro un'azione {{…}} è scritto male"
		p.fix = "Scrivi i numeri con le sole cifre (per esempio 10), i testi tra virgolette."
	case strings.Contains(detail, "paren"):
		p.col = colOf("(")
		p.msg = "le parentesi tonde dentro un'azione {{…}} non si chiudono (o si chiudono una volta di troppo)"
		p.fix = "Controlla che ogni ( abbia la sua ): {{ len (index .Items 0) }}."
	case strings.HasPrefix(detail, "missing value for") || detail == "empty command":
		p.msg = "un'azione {{…}} è vuota, o un {{if}}, {{range}} o {{with}} non dice su che cosa"
		p.fix = "Scrivi il valore dopo la parola: {{if .Entry}}…{{end}}."
	case strings.Contains(detail, "character"):
		p.msg = "dentro un'azione {{…}} c'è un carattere che non può starci"
		p.fix = "Dentro {{…}} si scrivono solo campi (.Title), funzioni, variabili ($x) e valori tra virgolette; il resto va fuori dalle graffe."
	case multipleDefRE.MatchString(detail):
		name := multipleDefRE.FindStringSubmatch(detail)[1]
		p.col = colOf(`"` + name + `"`)
		p.msg = fmt.Sprintf("il blocco «%s» è definito due volte", name)
		p.fix = "Tieni un solo {{define \"" + name + "\"}}, o dai all'altro un nome diverso."
	case detail == "unclosed comment":
		p.col = colOf("/*")
		p.msg = "un commento {{/* … */}} non si chiude"
		p.fix = "Chiudi il commento con */}} (o */ -}}): tutto quello che segue, fino alla fine del file, è ora commento."
	case detail == "comment ends before closing delimiter":
		p.col = colOf("*/")
		p.msg = "la fine di un commento, «*/», deve essere seguita subito dalle graffe di chiusura «}}»"
		p.fix = "Scrivi il commento così: {{/* testo */}} o {{- /* testo */ -}}, senza altro tra «*/» e «}}»."
	case detail == "range can only initialize variables" || strings.HasPrefix(detail, "too many declarations"):
		p.col = colOf("range")
		p.msg = "un {{range}} dichiara troppe variabili, o le assegna con «=» invece di «:=»"
		p.fix = "Scrivi {{range .Items}}, {{range $voce := .Items}} o {{range $i, $voce := .Items}}."
	case strings.HasPrefix(detail, "unexpected . after term"):
		p.col = colOf(".")
		p.msg = "un punto segue un valore che non ha campi (un testo tra virgolette, un numero, una parentesi)"
		p.fix = "Leggi i campi dai dati della pagina: {{ .Entry.Title }}; per un elemento di una lista usa {{ index .Items 0 }}."
	case strings.Contains(detail, "outside {{range}}"):
		p.msg = "{{break}} e {{continue}} valgono solo dentro {{range}}"
		p.fix = "Spostali dentro il blocco {{range}}, o toglili."
	case expectedEndRE.MatchString(detail):
		p.msg = fmt.Sprintf("qui ci vuole {{end}}, e invece c'è %s", expectedEndRE.FindStringSubmatch(detail)[1])
		p.fix = blocksFix
	case unexpectedRE.MatchString(detail):
		m := unexpectedRE.FindStringSubmatch(detail)
		p.col = colOf(strings.Trim(m[1], `"<>`))
		p.msg = fmt.Sprintf("«%s» non può stare in questo punto dell'azione {{…}}", strings.Trim(m[1], `"`))
		p.fix = "Controlla la sintassi dell'azione: {{ funzione .Campo \"testo\" }}; " + blocksFix
	default:
		p.msg = "il modello non si riesce a leggere (dettaglio tecnico: " + detail + ")"
		p.fix = "Controlla la riga indicata. " + blocksFix
	}
	return p
}

// explainEscape explains an error of html/template's escaper; word is
// the text of the line it is about, "" when unknown.
func explainEscape(te *template.Error, defined []string) (msg, fix, word string) {
	const where = "Controlla che i tag, gli attributi e le virgolette aperti intorno a {{…}} si chiudano in ogni ramo di {{if}} e {{range}} e alla fine di ogni {{define}}."
	switch te.ErrorCode {
	case template.ErrNoSuchTemplate:
		name := ""
		if m := regexp.MustCompile(`no such template "([^"]*)"`).FindStringSubmatch(te.Description); m != nil {
			name = m[1]
		}
		fix = "Scrivi il nome di un blocco definito con {{define \"…\"}} in layouts/ o in layouts/partials/."
		if near, ok := schema.Closest(name, defined); ok {
			fix = fmt.Sprintf("Forse intendevi «%s»? %s", near, fix)
		}
		return fmt.Sprintf("il modello richiama il blocco «%s», che non esiste", name), fix, `"` + name + `"`
	case template.ErrAmbigContext:
		return "un valore {{…}} sta in un punto ambiguo di un indirizzo: potrebbe essere sia il percorso sia i parametri",
			"Metti {{…}} tutto prima o tutto dopo il «?» dell'indirizzo, senza {{if}} che ne cambino la forma.", ""
	case template.ErrBadHTML:
		return "intorno a {{…}} l'HTML non è valido (per esempio un attributo senza virgolette, o un «<» fuori posto)",
			"Metti tra virgolette doppie i valori degli attributi: <a href=\"{{ .URL }}\">.", ""
	case template.ErrBranchEnd:
		return "i rami di un {{if}} (o {{range}}) finiscono in punti diversi dell'HTML: uno lascia aperto un tag o un attributo", where, ""
	case template.ErrEndContext:
		return "il modello finisce dentro un tag, un attributo o uno script non chiuso", where, ""
	case template.ErrRangeLoopReentry:
		return "un {{range}} finisce in un punto dell'HTML diverso da quello in cui comincia", where, ""
	case template.ErrPartialCharset, template.ErrPartialEscape, template.ErrSlashAmbig, template.ErrJSTemplate:
		return "un valore {{…}} sta dentro uno script in un punto in cui non si può inserire con sicurezza",
			"Non mettere {{…}} dentro <script>: passa i dati alla pagina in un attributo data-… o come JSON.", ""
	case template.ErrPredefinedEscaper:
		return "il modello usa «html» o «urlquery» come filtro, che qui non serve: l'HTML viene già protetto da solo",
			"Togli «| html» o «| urlquery» dall'azione.", ""
	case template.ErrOutputContext:
		return "non si riesce a capire in che punto dell'HTML finisce un blocco che richiama sé stesso", where, ""
	}
	desc := te.Description
	if i := strings.Index(desc, ": {state"); i > 0 {
		desc = desc[:i]
	}
	return "il modello produrrebbe HTML non valido o non sicuro (dettaglio tecnico: " + desc + ")", where, ""
}

// funcNames lists the functions layouts may call.
func funcNames() []string {
	names := append([]string(nil), builtinFuncs...)
	for n := range funcs {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// lineText is line n (1-based) of src, "" when there is none.
func lineText(src []byte, n int) string {
	if n < 1 {
		return ""
	}
	ls := strings.Split(string(src), "\n")
	if n > len(ls) {
		return ""
	}
	return strings.TrimSuffix(ls[n-1], "\r")
}

// openAction is the column of the last "{{" of l not closed by "}}" on
// the line, 0 when there is none.
func openAction(l string) int {
	col := 0
	for i := 0; i+1 < len(l); i++ {
		if l[i] == '{' && l[i+1] == '{' {
			end := strings.Index(l[i+2:], "}}")
			if end < 0 {
				return utf8.RuneCountInString(l[:i]) + 1
			}
			i += 2 + end + 1
		}
	}
	return col
}

// opener is a block action: where it is and how it reads.
type opener struct {
	line, col int
	text      string
}

var (
	actionRE  = regexp.MustCompile(`(?s)\{\{-?\s*(/\*.*?\*/|.*?)\s*-?\}\}`)
	keywordRE = regexp.MustCompile(`^(if|range|with|block|define|else|end)\b`)
)

// unclosedBlock finds the outermost block opened up to line upTo and
// never closed: text/template pairs each {{end}} with the nearest block,
// so a missing {{end}} leaves open the block that holds the mistake. It
// also lists the blocks inside it that open on one line and close on
// another, where an {{end}} is easiest to lose ("riga 5 «{{if .X}}»").
func unclosedBlock(src []byte, upTo int) (opener, []string, bool) {
	text := string(src)
	type open struct {
		opener
		closedOn int // line of its {{end}}, 0 while open
	}
	var all []*open
	var stack []*open
	for _, m := range actionRE.FindAllStringSubmatchIndex(text, -1) {
		at := m[0]
		l := strings.Count(text[:at], "\n") + 1
		if upTo > 0 && l > upTo {
			break
		}
		body := text[m[2]:m[3]]
		switch keywordRE.FindString(body) {
		case "if", "range", "with", "block", "define":
			lineStart := strings.LastIndexByte(text[:at], '\n') + 1
			shown := "{{" + body + "}}"
			if utf8.RuneCountInString(shown) > 60 {
				shown = string([]rune(shown)[:57]) + "…}}"
			}
			o := &open{opener: opener{line: l, col: utf8.RuneCountInString(text[lineStart:at]) + 1, text: shown}}
			all = append(all, o)
			stack = append(stack, o)
		case "end":
			if len(stack) > 0 {
				stack[len(stack)-1].closedOn = l
				stack = stack[:len(stack)-1]
			}
		}
	}
	if len(stack) == 0 {
		return opener{}, nil, false
	}
	outer := stack[0]
	var inside []string
	for _, o := range all {
		if o != outer && o.line >= outer.line && o.closedOn != o.line && len(inside) < 6 {
			inside = append(inside, fmt.Sprintf("riga %d «%s»", o.line, o.text))
		}
	}
	return outer.opener, inside, true
}
