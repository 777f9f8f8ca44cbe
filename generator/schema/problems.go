package schema

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/syntax"
)

// problems collects what is wrong with a schema file, each problem at
// the place of the file it is about, for the team who edits schema.yaml.
type problems struct {
	name string
	data []byte
	root *yaml.Node
	list []error
}

// path is a place in the schema: keys and list indexes, as in
// "sections", 2, "fields", 0, "type".
type path []any

// add records a problem at p: at the value there, or at the closest
// place that exists.
func (ps *problems) add(p path, msg, fix string) {
	line, col := ps.locate(p)
	ps.addAt(line, col, msg, fix)
}

// addAt records a problem at line:col of the file.
func (ps *problems) addAt(line, col int, msg, fix string) {
	if fix == "" {
		fix = diag.SchemaInvalid.Info().Fix
	}
	d := diag.Diagnostic{Code: diag.SchemaInvalid, File: ps.name, Pos: diag.Pos{Line: line, Col: col},
		Message: msg, Fix: fix, Span: 1}
	if line > 0 {
		d.Source = diag.SourceLine(ps.data, line)
		if col > 0 {
			d.Span = max(wordLen(d.Source, col), 1)
		}
	}
	ps.list = append(ps.list, d)
}

// err returns the problems as one error (nil when there is none): a
// diag.Diagnostic, or errors.Join of several.
func (ps *problems) err() error {
	switch len(ps.list) {
	case 0:
		return nil
	case 1:
		return ps.list[0]
	}
	return errors.Join(ps.list...)
}

// locate finds the line and column of the node at p, or of the deepest
// node on the way there.
func (ps *problems) locate(p path) (int, int) {
	n := ps.root
	if n == nil {
		return 0, 0
	}
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	for _, step := range p {
		var next *yaml.Node
		switch s := step.(type) {
		case string:
			if n.Kind == yaml.MappingNode {
				for i := 0; i+1 < len(n.Content); i += 2 {
					if n.Content[i].Value == s {
						next = n.Content[i+1]
						if next.Kind == yaml.ScalarNode && next.Value == "" && next.Tag == "!!null" {
							next = n.Content[i] // "key:" with nothing after: the key
						}
					}
				}
			}
		case int:
			if n.Kind == yaml.SequenceNode && s < len(n.Content) {
				next = n.Content[s]
			}
		}
		if next == nil {
			break
		}
		n = next
	}
	return n.Line, n.Column
}

// wordLen is the length of the word at col (1-based) of s.
func wordLen(s string, col int) int {
	r := []rune(s)
	if col < 1 || col > len(r) {
		return 1
	}
	n := 0
	for _, c := range r[col-1:] {
		if c == ' ' || c == '\t' || c == ',' || c == ']' || c == '}' || c == ':' {
			break
		}
		n++
	}
	return n
}

// decodeProblem explains an error of yaml.v3's decoder (a syntax error
// or the TypeError of values of the wrong kind or unknown options).
func (ps *problems) decodeProblem(err error) {
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		p := syntax.YAML(ps.data, err, 1)
		ps.addAt(p.Line, p.Col, p.Message, p.Fix)
		return
	}
	for _, e := range te.Errors {
		line, msg, fix, word := typeProblem(e)
		col := 0
		if l := diag.SourceLine(ps.data, line); line > 0 && l != "" {
			// At the word the problem is about, else at the start of
			// the line, after its indentation and dash.
			col = len([]rune(l)) - len([]rune(strings.TrimLeft(l, " -"))) + 1
			if i := wordIndex(l, word); word != "" && i >= 0 {
				col = len([]rune(l[:i])) + 1
			}
		}
		ps.addAt(line, col, msg, fix)
	}
}

// wordIndex is the byte offset of word in l as a whole value or key (not
// inside another word), -1 when it is not there.
func wordIndex(l, word string) int {
	for from := 0; ; {
		i := strings.Index(l[from:], word)
		if i < 0 {
			return -1
		}
		i += from
		before, after := byte(' '), byte(' ')
		if i > 0 {
			before = l[i-1]
		}
		if j := i + len(word); j < len(l) {
			after = l[j]
		}
		if strings.IndexByte(" \t{[,:-\"'", before) >= 0 && strings.IndexByte(" \t}],:\"'#", after) >= 0 {
			return i
		}
		from = i + 1
	}
}

var (
	typeLineRE    = regexp.MustCompile(`^line (\d+): (.*)$`)
	notFoundRE    = regexp.MustCompile(`^field (\S+) not found in type (\S+)$`)
	unmarshalRE   = regexp.MustCompile("^cannot unmarshal !!(\\w+) `?(.*?)`? into (\\S+)$")
	alreadyDefRE  = regexp.MustCompile(`^mapping key "(.*)" already defined at line (\d+)$`)
	alreadySetRE  = regexp.MustCompile(`^field (\S+) already set in type`)
	schemaTypes   = map[string]reflect.Type{}
	goTypeItalian = map[string]string{
		"int": "un numero intero", "float64": "un numero", "bool": "true o false", "string": "un testo",
		"[]string": "una lista di testi",
	}
	kindItalian = map[string]string{"seq": "una lista", "map": "un gruppo di opzioni", "str": "un testo",
		"int": "un numero", "bool": "un valore true o false", "float": "un numero"}
)

// init registers every struct type schema.yaml is decoded into, found by
// walking the types reachable from Schema, so that an unknown option
// anywhere (a lifecycle's lists, a logo, a state) is answered with the
// options of its own place.
func init() {
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map || t.Kind() == reflect.Array {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || t.PkgPath() != reflect.TypeOf(Schema{}).PkgPath() {
			return
		}
		name := "schema." + t.Name()
		if _, seen := schemaTypes[name]; seen {
			return
		}
		schemaTypes[name] = t
		for i := 0; i < t.NumField(); i++ {
			if f := t.Field(i); f.IsExported() && f.Tag.Get("yaml") != "-" {
				walk(f.Type)
			}
		}
	}
	walk(reflect.TypeOf(Schema{}))
}

// typeProblem explains one error of a yaml.TypeError: its line, message
// and fix, and the word of the line it is about ("" when unknown).
func typeProblem(e string) (int, string, string, string) {
	line := 0
	if m := typeLineRE.FindStringSubmatch(e); m != nil {
		line, _ = strconv.Atoi(m[1])
		e = m[2]
	}
	if m := notFoundRE.FindStringSubmatch(e); m != nil {
		opts := yamlKeys(schemaTypes[strings.TrimPrefix(m[2], "*")])
		fix := "Togli l'opzione o correggine il nome; qui sono ammesse: " + strings.Join(opts, ", ") + "."
		if near, ok := Closest(m[1], opts); ok {
			fix = fmt.Sprintf("Forse intendevi «%s»?", near)
		}
		return line, fmt.Sprintf("«%s» non è un'opzione prevista in questo punto dello schema", m[1]), fix, m[1]
	}
	if m := unmarshalRE.FindStringSubmatch(e); m != nil {
		want := goTypeItalian[m[3]]
		if want == "" {
			want = "un gruppo di opzioni"
			if strings.HasPrefix(m[3], "[]") {
				want = "una lista"
			}
		}
		got := kindItalian[m[1]]
		if got == "" {
			got = "un valore"
		}
		what := got
		if m[2] != "" && m[1] != "seq" && m[1] != "map" {
			what = fmt.Sprintf("«%s»", m[2])
		}
		word := m[2]
		if m[1] == "seq" || m[1] == "map" {
			word = ""
		}
		return line, fmt.Sprintf("qui serve %s, ma c'è %s", want, what),
			"Scrivi il valore nella forma richiesta: guarda le altre voci dello stesso tipo in schema.yaml.", word
	}
	if m := alreadyDefRE.FindStringSubmatch(e); m != nil {
		return line, fmt.Sprintf("l'opzione «%s» compare due volte (la prima alla riga %s)", m[1], m[2]),
			"Tieni una sola riga per ogni opzione.", m[1]
	}
	if m := alreadySetRE.FindStringSubmatch(e); m != nil {
		return line, fmt.Sprintf("l'opzione «%s» compare due volte", m[1]), "Tieni una sola riga per ogni opzione.", m[1]
	}
	return line, "questo valore non è della forma che lo schema prevede", "Confronta la riga con le altre voci dello stesso tipo in schema.yaml.", ""
}

// yamlKeys lists the options a schema type accepts.
func yamlKeys(t reflect.Type) []string {
	if t == nil {
		return nil
	}
	var out []string
	for i := 0; i < t.NumField(); i++ {
		tag := strings.Split(t.Field(i).Tag.Get("yaml"), ",")
		switch {
		case len(tag) > 1 && tag[1] == "inline":
			out = append(out, yamlKeys(t.Field(i).Type)...)
		case tag[0] != "" && tag[0] != "-":
			out = append(out, tag[0])
		}
	}
	return out
}
