package content

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	"gopkg.in/yaml.v3"

	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/schema"
	"cantiericomuni.it/banca/generator/syntax"
)

// split separates the front matter from the body and decodes it, keeping
// the position of every key and value.
//
// It returns the decoded Doc (nil when there is none), the byte offset at
// which the body starts, and a diagnostic when the front matter is missing,
// unclosed or malformed.
func split(src []byte) (*schema.Doc, int, *diag.Diagnostic) {
	format, data, bodyOff := cutFront(src)
	if format == "" {
		// Without a closed front matter everything is body: tell an
		// opening delimiter never closed apart from "no front matter".
		first := firstLine(src)
		if first == "---" || first == "+++" {
			return nil, 0, &diag.Diagnostic{Code: diag.FrontMatterUnclosed, Pos: diag.Pos{Line: lineOf(src, first), Col: 1}, Span: 3,
				Message: fmt.Sprintf("l'intestazione si apre con %s ma non si chiude", first),
				Fix:     fmt.Sprintf("Aggiungi una riga %s dopo l'ultimo campo dell'intestazione, prima del testo.", first)}
		}
		return nil, 0, &diag.Diagnostic{Code: diag.FrontMatterMissing, Pos: diag.Pos{Line: 1, Col: 1},
			Message: "il file non ha l'intestazione con titolo e data"}
	}
	// The front matter starts on the line after its opening delimiter.
	start := bytes.Index(src, data)
	if start < 0 || len(data) == 0 {
		start = 0
	}
	firstLineNo := diag.Locate(src, start).Line
	if len(data) == 0 {
		return &schema.Doc{Format: format}, bodyOff, nil
	}
	var doc *schema.Doc
	var d *diag.Diagnostic
	if format == "yaml" {
		doc, d = decodeYAML(data, firstLineNo)
	} else {
		doc, d = decodeTOML(data, firstLineNo)
	}
	return doc, bodyOff, d
}

// cutFront finds the front matter of src as adrg/frontmatter did for the
// bank (which split read it with, through a copy of the whole file): the
// first line that is not blank, spaces trimmed, must be --- (YAML) or +++
// (TOML) and end with a line break; the front matter runs from the next
// line to the first line that is the same delimiter, spaces trimmed (the
// last line of the file too), and the body starts after that line. format
// is "" when there is no such front matter (data nil, bodyOff 0).
// TestCutFrontAsAdrg compares the two.
func cutFront(src []byte) (format string, data []byte, bodyOff int) {
	read := 0
	// line returns the next line of src, spaces trimmed, and whether it
	// is the last one (no line break after it).
	line := func() ([]byte, bool) {
		rest := src[read:]
		i := bytes.IndexByte(rest, '\n')
		if i < 0 {
			read = len(src)
			return bytes.TrimSpace(rest), true
		}
		read += i + 1
		return bytes.TrimSpace(rest[:i+1]), false
	}
	var delim string
	for delim == "" {
		l, last := line()
		switch {
		case last:
			return "", nil, 0
		case len(l) == 0:
			continue
		case string(l) == "---":
			delim, format = "---", "yaml"
		case string(l) == "+++":
			delim, format = "+++", "toml"
		default:
			return "", nil, 0
		}
	}
	start := read
	for {
		before := read
		l, last := line()
		if string(l) == delim {
			return format, src[start:before:before], read
		}
		if last {
			return "", nil, 0
		}
	}
}

func firstLine(src []byte) string {
	for _, l := range strings.SplitN(string(src), "\n", 50) {
		if t := strings.TrimSpace(l); t != "" {
			return t
		}
	}
	return ""
}

func lineOf(src []byte, text string) int {
	i := bytes.Index(src, []byte(text))
	if i < 0 {
		return 1
	}
	return diag.Locate(src, i).Line
}

// decodeYAML decodes YAML front matter into a Doc. line0 is the file line
// of the first front matter line.
func decodeYAML(data []byte, line0 int) (*schema.Doc, *diag.Diagnostic) {
	// yaml.v3 also counts a lone "\r" as a line break; messages count
	// "\n" only, so its lines are kept within the front matter.
	last := line0 + bytes.Count(data, []byte("\n"))
	at := func(line, col int) diag.Pos {
		return diag.Pos{Line: min(max(line0+line-1, line0), last), Col: max(col, 0)}
	}
	if doc, ok := fastYAML(data, at); ok {
		return doc, nil
	}
	return yamlv3(data, at, line0, last)
}

// yamlv3 decodes YAML front matter with yaml.v3: what fastYAML leaves.
func yamlv3(data []byte, at func(line, col int) diag.Pos, line0, last int) (*schema.Doc, *diag.Diagnostic) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, yamlError(data, err, line0, last)
	}
	doc := &schema.Doc{Format: "yaml"}
	if root.Kind == 0 || len(root.Content) == 0 {
		return doc, nil
	}
	m := root.Content[0]
	if m.Kind != yaml.MappingNode {
		return nil, &diag.Diagnostic{Code: diag.FrontMatterSyntax, Pos: at(m.Line, m.Column),
			Message: "l'intestazione deve essere un elenco di campi nella forma «nome: valore»",
			Fix:     "Scrivi ogni campo a inizio riga, come «title: \"Bando estate\"»; le voci di una lista vanno sotto il nome del campo, per esempio «argomenti:»."}
	}
	lines := strings.Split(string(data), "\n")
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		doc.Entries = append(doc.Entries, schema.Entry{
			Key:    k.Value,
			KeyPos: at(k.Line, k.Column),
			Value:  yamlValue(v, at, lines, 0),
		})
	}
	return doc, nil
}

func yamlValue(n *yaml.Node, at func(line, col int) diag.Pos, lines []string, depth int) schema.Value {
	v := schema.Value{Pos: at(n.Line, n.Column), Span: 1}
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			v.Kind = schema.Null
			return v
		}
		v.Kind = schema.Scalar
		v.Text = n.Value
		v.Quoted = n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0
		v.Native = strings.TrimPrefix(n.ShortTag(), "!!")
		v.Span = scalarSpan(n, lines)
	case yaml.SequenceNode:
		v.Kind = schema.List
		if depth < 4 {
			for _, c := range n.Content {
				v.Items = append(v.Items, yamlValue(c, at, lines, depth+1))
			}
		}
	case yaml.MappingNode:
		v.Kind = schema.Map
		if depth < 4 {
			// A record of a records field: its keys, with positions.
			for i := 0; i+1 < len(n.Content); i += 2 {
				k := n.Content[i]
				v.Entries = append(v.Entries, schema.Entry{Key: k.Value, KeyPos: at(k.Line, k.Column),
					Value: yamlValue(n.Content[i+1], at, lines, depth+1)})
			}
		}
	default: // aliases and documents are not followed
		v.Kind = schema.Map
	}
	return v
}

// scalarSpan is the width of a scalar on its line: its text, plus quotes.
func scalarSpan(n *yaml.Node, lines []string) int {
	w := utf8.RuneCountInString(n.Value)
	if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
		w += 2
	}
	if n.Line-1 < len(lines) && n.Line > 0 {
		rest := utf8.RuneCountInString(lines[n.Line-1]) - n.Column + 1
		if w > rest && rest > 0 {
			w = rest
		}
	}
	return max(w, 1)
}

// yamlError turns a yaml.v3 error about data, whose lines are lines
// line0 to last of the file, into an Italian diagnostic.
func yamlError(data []byte, err error, line0, last int) *diag.Diagnostic {
	p := syntax.YAML(data, err, line0)
	return &diag.Diagnostic{Code: diag.FrontMatterSyntax, Pos: diag.Pos{Line: min(max(p.Line, line0), last), Col: p.Col}, Span: p.Span,
		Message: p.Message, Fix: p.Fix}
}

// tomlError turns a BurntSushi/toml error about data, whose first line is
// line line0 of the file, into an Italian diagnostic.
func tomlError(data []byte, err error, line0 int) *diag.Diagnostic {
	p := syntax.TOML(data, err, line0)
	d := &diag.Diagnostic{Code: diag.FrontMatterSyntax, Pos: diag.Pos{Line: p.Line, Col: p.Col}, Span: p.Span,
		Message: p.Message, Fix: p.Fix}
	switch p.Kind {
	case syntax.Duplicate:
		d.Code, d.Fix = diag.FieldDuplicateKey, ""
	case syntax.BadDate:
		d.Code, d.Fix = diag.FieldDate, ""
		if _, msg := schema.ParseDate(p.Date, time.UTC); msg != "" {
			d.Message = fmt.Sprintf("il campo «%s»: %s", p.Key, msg)
		}
	}
	return d
}

var (
	tomlKey   = regexp.MustCompile(`^\s*("?)([A-Za-z0-9_.-]+)("?)\s*=\s*`)
	tomlTable = regexp.MustCompile(`^\s*\[\[?\s*"?([A-Za-z0-9_-]+)`)
)

// decodeTOML decodes TOML front matter into a Doc. BurntSushi/toml does not
// report key positions, so they are found by scanning the lines.
func decodeTOML(data []byte, line0 int) (*schema.Doc, *diag.Diagnostic) {
	var m map[string]any
	if _, err := toml.Decode(string(data), &m); err != nil {
		return nil, tomlError(data, err, line0)
	}
	doc := &schema.Doc{Format: "toml"}
	lines := strings.Split(string(data), "\n")
	type place struct{ key, val diag.Pos }
	places := map[string]place{}
	order := []string{}
	inTable := false
	for i, l := range lines {
		if sm := tomlTable.FindStringSubmatchIndex(l); sm != nil {
			// A table starts ("[extra]", "[[voci]]"): it is a key of the
			// top level, and what follows is not.
			inTable = true
			key := l[sm[2]:sm[3]]
			if _, dup := places[key]; !dup {
				at := diag.Pos{Line: line0 + i, Col: utf8.RuneCountInString(l[:sm[2]]) + 1}
				places[key] = place{key: at, val: at}
				order = append(order, key)
			}
			continue
		}
		if inTable {
			continue
		}
		if sm := tomlKey.FindStringSubmatchIndex(l); sm != nil {
			key := l[sm[4]:sm[5]]
			if _, dup := places[key]; dup {
				continue
			}
			places[key] = place{
				key: diag.Pos{Line: line0 + i, Col: utf8.RuneCountInString(l[:sm[4]]) + 1},
				val: diag.Pos{Line: line0 + i, Col: utf8.RuneCountInString(l[:sm[1]]) + 1},
			}
			order = append(order, key)
		}
	}
	seen := map[string]bool{}
	add := func(key string) {
		raw, ok := m[key]
		if !ok || seen[key] {
			return
		}
		seen[key] = true
		p := places[key]
		if p.key.Line == 0 {
			p = place{key: diag.Pos{Line: line0, Col: 1}, val: diag.Pos{Line: line0, Col: 1}}
		}
		v := tomlValue(raw, p.val, 0)
		placeRecords(&v, key, lines, line0)
		doc.Entries = append(doc.Entries, schema.Entry{Key: key, KeyPos: p.key, Value: v})
	}
	for _, k := range order {
		add(k)
	}
	for k := range m { // keys the scan missed (e.g. dotted keys)
		add(k)
	}
	return doc, nil
}

func tomlValue(raw any, pos diag.Pos, depth int) schema.Value {
	v := schema.Value{Kind: schema.Scalar, Pos: pos, Span: 1}
	switch x := raw.(type) {
	case string:
		v.Text, v.Quoted, v.Native = x, true, "str"
		v.Span = utf8.RuneCountInString(x) + 2
	case int64:
		v.Text, v.Native = strconv.FormatInt(x, 10), "int"
	case float64:
		v.Text, v.Native = strconv.FormatFloat(x, 'f', -1, 64), "float"
	case bool:
		v.Text, v.Native = strconv.FormatBool(x), "bool"
	case time.Time:
		v.Native = "timestamp"
		switch x.Location().String() {
		case "date-local":
			v.Text = x.Format("2006-01-02")
		case "datetime-local":
			v.Text = x.Format("2006-01-02T15:04:05")
		case "time-local":
			v.Text = x.Format("15:04:05")
		default:
			v.Text = x.Format(time.RFC3339)
		}
		v.Span = len(v.Text)
	case []any:
		v.Kind = schema.List
		if depth < 4 {
			for _, it := range x {
				v.Items = append(v.Items, tomlValue(it, pos, depth+1))
			}
		}
		v.Span = 1
	case []map[string]any: // an array of tables, [[key]]
		v.Kind = schema.List
		if depth < 4 {
			for _, it := range x {
				v.Items = append(v.Items, tomlValue(it, pos, depth+1))
			}
		}
		v.Span = 1
	case map[string]any:
		v.Kind = schema.Map
		if depth < 4 {
			// Keys in name order; placeRecords puts those of records in
			// the order and at the lines they are written.
			keys := make([]string, 0, len(x))
			for k := range x {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				v.Entries = append(v.Entries, schema.Entry{Key: k, KeyPos: pos, Value: tomlValue(x[k], pos, depth+1)})
			}
		}
	default:
		v.Kind = schema.Null
	}
	return v
}
