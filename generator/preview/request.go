package preview

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"path"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"cantiericomuni.it/banca/generator/schema"
	"cantiericomuni.it/banca/generator/slug"
)

// Request is a page being edited, as the editing UI sends it: the fields
// of its entry (the body under "body") and where it lives.
type Request struct {
	// Collection is the section of the page ("opportunita").
	Collection string `json:"collection"`
	// Path is the page's file as the UI knows it
	// ("content/opportunita/bando.md"), "" for an entry not saved yet.
	Path string `json:"path"`
	// Slug is the entry's file name without extension, "" when the UI
	// has not chosen one yet (a new entry).
	Slug string `json:"slug"`
	// Data holds the entry's fields by key, as JSON values: strings,
	// numbers, booleans, lists and, for groups of fields, objects.
	Data map[string]any `json:"data"`
	// Media lists the site paths of files uploaded with the entry but not
	// published yet ("/img/foto.jpg"): links to them are not broken.
	Media []string `json:"media"`
}

// bodyKey is the entry field holding the Markdown body in the editing UI.
const bodyKey = "body"

// File returns the content-relative file of the page (opportunita/x.md):
// its own when it has one inside its section, otherwise the name the UI
// gives a new entry, from its slug or its title.
func (r *Request) File(sch *schema.Schema) (string, error) {
	if sch.Section(r.Collection) == nil {
		return "", fmt.Errorf("la sezione «%s» non esiste", r.Collection)
	}
	if p := strings.TrimPrefix(path.Clean("/"+r.Path), "/content/"); r.Path != "" &&
		strings.HasPrefix(p, r.Collection+"/") && strings.EqualFold(path.Ext(p), ".md") && !strings.Contains(p, "..") {
		return p, nil
	}
	name := slug.Make(r.Slug)
	if name == "" {
		title, _ := r.Data["title"].(string)
		name = slug.Make(title)
	}
	if name == "" {
		name = "nuova-scheda"
	}
	return r.Collection + "/" + name + ".md", nil
}

// Source returns the page's file as the editing UI would save it: the
// front matter in YAML, its keys in the schema's order (those the schema
// does not declare after them, sorted), then the body. Empty values are
// left out, as the UI leaves them; the fields of a group (an object whose
// keys the section declares, such as the advanced options) are written at
// the top level, where the UI's save puts them. fields maps each front
// matter line to the key it belongs to; bodyLine is the body's first line.
func (r *Request) Source(sch *schema.Schema) (src []byte, fields map[int]string, bodyLine int, err error) {
	data := flatten(r.Data, sch, r.Collection)
	var keys []string
	known := map[string]bool{}
	for _, k := range declared(sch, r.Collection) {
		known[k] = true
		if _, ok := data[k]; ok {
			keys = append(keys, k)
		}
	}
	var others []string
	for k := range data {
		if !known[k] && k != bodyKey {
			others = append(others, k)
		}
	}
	sort.Strings(others)
	keys = append(keys, others...)

	var b bytes.Buffer
	b.WriteString("---\n")
	fields = map[int]string{}
	line := 2
	for _, k := range keys {
		v, ok := yamlValue(data[k])
		if !ok {
			continue
		}
		node := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{{Kind: yaml.ScalarNode, Value: k}, v}}
		out, err := yaml.Marshal(node)
		if err != nil {
			return nil, nil, 0, fmt.Errorf("il campo «%s» non si può scrivere: %w", k, err)
		}
		for range bytes.Count(out, []byte("\n")) {
			fields[line] = k
			line++
		}
		b.Write(out)
	}
	b.WriteString("---\n")
	body, _ := r.Data[bodyKey].(string)
	b.WriteString(strings.ReplaceAll(body, "\r\n", "\n"))
	return b.Bytes(), fields, line + 1, nil
}

// declared lists the keys a page of section may have, in the schema's
// order: the common fields, the taxonomies, the section's own.
func declared(sch *schema.Schema, section string) []string {
	var keys []string
	for _, f := range sch.Common {
		keys = append(keys, f.Key)
	}
	for _, t := range sch.Taxonomies {
		keys = append(keys, t.Key)
	}
	if sec := sch.Section(section); sec != nil {
		for _, f := range sec.Fields {
			keys = append(keys, f.Key)
		}
	}
	return keys
}

// flatten returns data with the fields of every group moved to the top
// level: a key the section does not declare whose value is an object made
// of keys it does declare. The UI keeps rare fields in such a group and
// writes them at the top level when it saves.
func flatten(data map[string]any, sch *schema.Schema, section string) map[string]any {
	known := map[string]bool{}
	for _, k := range declared(sch, section) {
		known[k] = true
	}
	out := make(map[string]any, len(data))
	var groups []string
	for k, v := range data {
		if g, ok := v.(map[string]any); ok && !known[k] && k != bodyKey && allKnown(g, known) {
			groups = append(groups, k)
			continue
		}
		out[k] = v
	}
	sort.Strings(groups)
	for _, k := range groups {
		for gk, gv := range data[k].(map[string]any) {
			if empty(gv) {
				delete(out, gk)
			} else {
				out[gk] = gv
			}
		}
	}
	return out
}

func allKnown(g map[string]any, known map[string]bool) bool {
	for k := range g {
		if !known[k] {
			return false
		}
	}
	return true
}

// empty reports whether v is a value the UI leaves out of the file.
func empty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return strings.TrimSpace(x) == ""
	case []any:
		for _, it := range x {
			if !empty(it) {
				return false
			}
		}
		return true
	case map[string]any:
		return len(x) == 0
	}
	return false
}

// yamlValue turns a JSON value into a YAML node; ok is false for an empty
// value, which the file leaves out. Whole numbers are written without a
// decimal point; items of a list that are empty are dropped.
func yamlValue(v any) (*yaml.Node, bool) {
	if empty(v) {
		return nil, false
	}
	switch x := v.(type) {
	case string:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: x}, true
	case bool:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(x)}, true
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1<<53 {
			return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.FormatInt(int64(x), 10)}, true
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!float", Value: strconv.FormatFloat(x, 'g', -1, 64)}, true
	case json.Number:
		return &yaml.Node{Kind: yaml.ScalarNode, Value: x.String()}, true
	case []any:
		seq := &yaml.Node{Kind: yaml.SequenceNode}
		for _, it := range x {
			if n, ok := yamlValue(it); ok {
				seq.Content = append(seq.Content, n)
			}
		}
		return seq, len(seq.Content) > 0
	case map[string]any:
		m := &yaml.Node{Kind: yaml.MappingNode}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if n, ok := yamlValue(x[k]); ok {
				m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: k}, n)
			}
		}
		return m, len(m.Content) > 0
	}
	return nil, false
}
