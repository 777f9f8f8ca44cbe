package render

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"text/template"
	"unicode"

	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/schema"
)

// A layout can parse and escape cleanly and still fail while a page is
// rendered: a field that does not exist, a nil value read through, a
// function given the wrong argument. explain turns such a failure into a
// diagnostic at the layout's line and column, in Italian, naming the page
// being rendered, with a fix; the build then reports it like the
// content's problems (exit 1) and writes nothing.

// execErrorRE matches text/template's execution errors:
// template: page.html:5:26: executing "main" at <.Entry.Nope>: detail
var execErrorRE = regexp.MustCompile(`(?s)^template: (.+?):(\d+):(\d+): executing "([^"]*)" at <(.*?)>: (.*)$`)

// explain returns err as a diag.Diagnostic when it is a layout failing
// while a file was rendered, err itself otherwise.
func (rn *run) explain(err error) error {
	var re *Error
	var ee template.ExecError
	var big *tooLargeError
	if errors.As(err, &re) && errors.As(err, &big) {
		return diag.Diagnostic{Code: diag.LayoutExec, File: layoutDir + big.kind + ".html",
			Message: fmt.Sprintf("il modello ha scritto più di %d MB mentre generava %s: di solito è un blocco che richiama sé stesso ({{template}}), direttamente o attraverso un altro, o un {{range}} dentro un altro {{range}}",
				maxFileBytes>>20, rn.describe(re.File)),
			Fix: "Controlla i {{template}} e i {{range}} del modello e dei suoi blocchi: nessun blocco deve richiamare sé stesso."}
	}
	if !errors.As(err, &re) || !errors.As(err, &ee) {
		return err
	}
	m := execErrorRE.FindStringSubmatch(ee.Err.Error())
	if m == nil {
		return err
	}
	file, action, detail := m[1], m[5], m[6]
	line, _ := strconv.Atoi(m[2])
	col, _ := strconv.Atoi(m[3])
	d := diag.Diagnostic{Code: diag.LayoutExec, File: layoutDir + file, Pos: diag.Pos{Line: line, Col: col}, Span: 1}
	if src := rn.r.sources[file]; src != nil {
		d.Source = diag.SourceLine(src, line)
		if i := strings.Index(d.Source, action); i >= 0 {
			d.Pos.Col = len([]rune(d.Source[:i])) + 1
			d.Span = len([]rune(action))
		}
	}
	what, fix := explainExec(action, detail)
	d.Message = fmt.Sprintf("%s, mentre generava %s", what, rn.describe(re.File))
	d.Fix = fix
	return d
}

// describe names the file being rendered for a message: the page and its
// Markdown file, or the address of a list.
func (rn *run) describe(file string) string {
	url := "/" + strings.TrimSuffix(file, "index.html")
	if p := rn.s.Page(url); p != nil && p.Page != nil {
		file := p.Display
		if file == "" {
			file = "content/" + p.File
		}
		return fmt.Sprintf("la pagina %s (%s)", url, file)
	}
	if strings.HasSuffix(file, ".html") {
		return "la pagina " + url
	}
	return "il file " + file
}

var (
	fieldRE   = regexp.MustCompile(`^can't evaluate field (\w+) in type (\S+)$`)
	nilRE     = regexp.MustCompile(`^nil pointer evaluating (\S+)\.(\w+)$`)
	callRE    = regexp.MustCompile(`(?s)^error calling (\w+): (.*)$`)
	argsRE    = regexp.MustCompile(`^wrong number of args for (\w+): want (at least )?(\d+) got (\d+)$`)
	typeArgRE = regexp.MustCompile(`^(?:wrong type for value; expected (\S+); got (\S+)|expected (\w+); found (.+))$`)
	rangeRE   = regexp.MustCompile(`^range can't iterate over (.*)$`)
	notFuncRE = regexp.MustCompile(`^(?:(\S+) is not a method but has arguments|can't give argument to non-function (\S+))$`)
	indexRE   = regexp.MustCompile(`^index out of range: (-?\d+)$`)
)

// explainExec says what went wrong in the action, and how to fix it.
func explainExec(action, detail string) (what, fix string) {
	subject := "«" + action + "»"
	switch {
	case fieldRE.MatchString(detail):
		m := fieldRE.FindStringSubmatch(detail)
		typ := strings.TrimPrefix(m[2], "*")
		what = fmt.Sprintf("il modello usa %s, ma %s non ha il campo «%s»", subject, italianType(typ), m[1])
		names := memberNames(m[2])
		if near, ok := schema.Closest(m[1], names); ok {
			fix = fmt.Sprintf("Forse intendevi «%s»? I campi sono descritti in generator/render/view.go.", near)
		} else {
			fix = "Correggi il nome del campo"
			if len(names) > 0 {
				fix += ": quelli disponibili sono " + strings.Join(names, ", ")
			}
			fix += " (sono descritti in generator/render/view.go)."
		}
	case nilRE.MatchString(detail):
		m := nilRE.FindStringSubmatch(detail)
		holder := strings.TrimSuffix(action, "."+m[2])
		if i := strings.Index(action, "."+m[2]); i > 0 {
			holder = action[:i]
		}
		what = fmt.Sprintf("il modello legge «%s» di «%s», che per questa pagina è vuoto (nil)", m[2], holder)
		fix = fmt.Sprintf("Non tutte le pagine hanno «%s»: racchiudi questa parte in {{with %s}}…{{end}} (o {{if %s}}…{{end}}).", holder, holder, holder)
	case argsRE.MatchString(detail):
		m := argsRE.FindStringSubmatch(detail)
		want := m[3]
		if m[2] != "" {
			want = "almeno " + want
		}
		what = fmt.Sprintf("in %s la funzione «%s» riceve %s, ma ne vuole %s", subject, m[1], plural(m[4], "argomento", "argomenti"), want)
		if action == m[1] {
			what = fmt.Sprintf("la funzione «%s» riceve %s, ma ne vuole %s", m[1], plural(m[4], "argomento", "argomenti"), want)
		}
		fix = fmt.Sprintf("Dai a «%s» il numero giusto di argomenti (le funzioni sono descritte in generator/render/funcs.go).", m[1])
	case typeArgRE.MatchString(detail):
		m := typeArgRE.FindStringSubmatch(detail)
		want, got := m[1]+m[3], italianType(m[2])
		if m[4] != "" {
			got = "«" + m[4] + "»"
		}
		if want == "integer" {
			want = "int"
		}
		what = fmt.Sprintf("in %s un argomento è %s, ma serve %s", subject, got, italianType(want))
		if m[4] != "" {
			what = fmt.Sprintf("l'argomento %s non va bene: serve %s", got, italianType(want))
		}
		fix = "Passa alla funzione un valore del tipo che vuole (le funzioni sono descritte in generator/render/funcs.go)."
	case rangeRE.MatchString(detail):
		what = fmt.Sprintf("{{range}} non può scorrere %s, che non è una lista", subject)
		fix = "Usa {{range}} solo su liste (per esempio .Items, .Terms); per un valore solo usa {{with}}."
	case notFuncRE.MatchString(detail):
		what = fmt.Sprintf("in %s si danno argomenti a un campo, che non è una funzione", subject)
		fix = "Togli gli argomenti dopo il campo, o metti tra parentesi la parte che va calcolata prima: (funzione .Campo)."
	case callRE.MatchString(detail):
		m := callRE.FindStringSubmatch(detail)
		name, cause := m[1], strings.TrimPrefix(m[2], m[1]+": ")
		switch {
		case indexRE.MatchString(cause):
			what = fmt.Sprintf("in %s «index» chiede l'elemento %s, che non esiste", subject, indexRE.FindStringSubmatch(cause)[1])
			fix = "Controlla prima quanti elementi ci sono ({{if gt (len .Lista) N}}) o scorri la lista con {{range}}."
		case strings.HasPrefix(cause, "len of "):
			what = fmt.Sprintf("in %s «len» riceve un valore che non ha una lunghezza", subject)
			fix = "Usa «len» solo su testi, liste e mappe."
		case strings.Contains(cause, "comparison"):
			what = fmt.Sprintf("in %s «%s» confronta valori di tipo diverso", subject, name)
			fix = "Confronta valori dello stesso tipo: un numero con un numero, un testo con un testo (scritto tra virgolette)."
		case strings.Contains(cause, "runtime error") || strings.Contains(cause, "nil pointer"):
			what = fmt.Sprintf("in %s la funzione «%s» si è fermata con un errore del programma", subject, name)
			fix = "Controlla gli argomenti di «" + name + "» (un valore vuoto?); se sono giusti, è un errore del generatore da segnalare a chi lo cura."
		case isItalian(cause):
			what = fmt.Sprintf("in %s la funzione «%s» dice: %s", subject, name, cause)
			fix = "Passa a «" + name + "» i valori che si aspetta (le funzioni sono descritte in generator/render/funcs.go)."
		default:
			what = fmt.Sprintf("in %s la funzione «%s» non ha potuto dare un risultato (dettaglio tecnico: %s)", subject, name, cause)
			fix = "Controlla gli argomenti di «" + name + "» (le funzioni sono descritte in generator/render/funcs.go)."
		}
	case strings.Contains(detail, "maximum template depth"):
		what = "i modelli si richiamano troppe volte uno dentro l'altro"
		fix = "Controlla i {{template}}: forse un blocco richiama sé stesso."
	default:
		what = fmt.Sprintf("il modello non riesce a calcolare %s (dettaglio tecnico: %s)", subject, detail)
		fix = "Controlla nomi e tipi dei valori usati in questo punto del modello (sono descritti in generator/render/view.go)."
	}
	return what, fix
}

// isItalian reports whether an error text is one of ours: the funcs of
// the layouts fail in Italian.
func isItalian(s string) bool {
	for _, w := range []string{" serve ", " non ", " una ", " un ", " il ", " la "} {
		if strings.Contains(" "+s+" ", w) {
			return true
		}
	}
	return false
}

func plural(n, one, many string) string {
	if n == "1" {
		return "1 " + one
	}
	return n + " " + many
}

// italianType names a Go type for a message: «Entry», un testo, un numero.
func italianType(t string) string {
	t = strings.TrimPrefix(t, "*")
	switch t {
	case "string":
		return "un testo"
	case "int", "int64", "float64":
		return "un numero"
	case "bool":
		return "un valore vero/falso"
	case "interface{}", "interface {}":
		return "un valore qualsiasi"
	}
	if strings.HasPrefix(t, "[]") {
		return "una lista (" + strings.TrimPrefix(t, "[]") + ")"
	}
	if i := strings.LastIndexByte(t, '.'); i >= 0 {
		t = t[i+1:]
	}
	return "«" + t + "»"
}

// layoutTypes are the types layouts can reach from a View, by the name Go
// prints for them ("*render.Entry", "site.Page").
var layoutTypes = func() map[string]reflect.Type {
	out := map[string]reflect.Type{}
	var visit func(t reflect.Type)
	visit = func(t reflect.Type) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map {
			if _, seen := out[t.String()]; seen {
				return
			}
			out[t.String()] = t
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || t.PkgPath() == "" {
			return
		}
		if _, seen := out[t.String()]; seen {
			return
		}
		out[t.String()] = t
		out["*"+t.String()] = reflect.PointerTo(t)
		for i := 0; i < t.NumField(); i++ {
			if f := t.Field(i); f.IsExported() {
				visit(f.Type)
			}
		}
	}
	visit(reflect.TypeOf(&View{}))
	return out
}()

// memberNames lists what a layout can write after a value of the type
// named t: its exported fields (promoted ones too) and methods.
func memberNames(t string) []string {
	typ, ok := layoutTypes[t]
	if !ok {
		typ, ok = layoutTypes["*"+strings.TrimPrefix(t, "*")]
	}
	if !ok {
		return nil
	}
	seen := map[string]bool{}
	ptr := typ
	if typ.Kind() != reflect.Pointer {
		ptr = reflect.PointerTo(typ)
	}
	for i := 0; i < ptr.NumMethod(); i++ {
		seen[ptr.Method(i).Name] = true
	}
	st := ptr.Elem()
	if st.Kind() == reflect.Struct {
		for _, f := range reflect.VisibleFields(st) {
			if f.IsExported() && !f.Anonymous && unicode.IsUpper(rune(f.Name[0])) {
				seen[f.Name] = true
			}
		}
	}
	names := make([]string, 0, len(seen))
	for n := range seen {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// maxFileBytes bounds what a layout may write for one file: a page of
// the largest Markdown file the site accepts renders a few megabytes,
// while a block that calls itself writes until text/template's limit of
// 100,000 nested calls, minutes and gigabytes later.
const maxFileBytes = 64 << 20

// cappedWriter is the buffer a layout renders a page into, refusing to
// grow past maxFileBytes: text/template stops at the first write that
// fails.
type cappedWriter struct {
	buf  *bytes.Buffer
	kind string
}

// Write implements io.Writer.
func (w *cappedWriter) Write(p []byte) (int, error) {
	if w.buf.Len()+len(p) > maxFileBytes {
		return 0, &tooLargeError{kind: w.kind}
	}
	return w.buf.Write(p)
}

// tooLargeError is a layout that wrote more than maxFileBytes for a file
// of the page kind kind.
type tooLargeError struct{ kind string }

func (e *tooLargeError) Error() string {
	return fmt.Sprintf("il modello %s.html ha scritto più di %d MB", e.kind, maxFileBytes>>20)
}
