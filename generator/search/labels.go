package search

import (
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"cantiericomuni.it/banca/generator/italian"
	"cantiericomuni.it/banca/generator/site"
)

// openGroup is the name of the filter group of "aperte": the status of
// the pages of the sections with a lifecycle (an opportunity's, an
// event's), which the site computes from their dates.
const openGroup = "Stato"

// groupNames names every filter group of s, by key (OpenKey for the
// "aperte" group), in words a reader understands at a glance:
//
//   - a group is named by the label of its field or taxonomy in the
//     schema; a field that several sections share (tipo) is one group,
//     named by the label they agree on, or by the words their labels
//     start with ("Tipo", "Tipo di ente", "Tipo di evento": "Tipo");
//   - when groups would have the same name, the one that spans the most
//     sections keeps it (a taxonomy spans them all), and the others say
//     whose it is, with the singular of their sections ("Stato del
//     protocollo o del bisogno", "Stato dell’opportunità o dell’evento");
//     groups spanning as many sections all say it. Never a list of
//     sections in brackets.
func groupNames(s *site.Site) map[string]string {
	type group struct {
		key      string
		labels   []string
		sections []*site.Section
	}
	var groups []*group
	byKey := map[string]*group{}
	add := func(key, label string, sec *site.Section) {
		g := byKey[key]
		if g == nil {
			g = &group{key: key}
			byKey[key] = g
			groups = append(groups, g)
		}
		g.labels = append(g.labels, label)
		if sec != nil && !slices.Contains(g.sections, sec) {
			g.sections = append(g.sections, sec)
		}
	}
	add(SectionKey, "Sezione", nil)
	for _, sec := range s.Sections {
		if sec.Schema == nil {
			continue
		}
		for _, f := range sec.Schema.Fields {
			if f.Facet {
				add(f.Key, f.Label, sec)
			}
		}
	}
	for _, tax := range s.Taxonomies {
		if tax.Schema != nil && tax.Schema.Facet {
			add(tax.Key, tax.Label, nil)
		}
	}
	for _, sec := range s.Sections {
		if sec.HasLifecycle() {
			add(OpenKey, openGroup, sec)
		}
	}

	base := make(map[string]string, len(groups))
	widest := map[string]int{}  // by name: the most sections of a group so named
	holders := map[string]int{} // by name: how many groups span that many
	for _, g := range groups {
		base[g.key] = commonLabel(g.labels)
	}
	for _, g := range groups {
		k := labelKey(base[g.key])
		switch n := width(g.sections); {
		case n > widest[k] || holders[k] == 0:
			widest[k], holders[k] = n, 1
		case n == widest[k]:
			holders[k]++
		}
	}
	count := map[string]int{}
	for _, g := range groups {
		count[labelKey(base[g.key])]++
	}
	names := make(map[string]string, len(groups))
	used := map[string]bool{}
	for _, g := range groups {
		name := base[g.key]
		k := labelKey(name)
		keeps := width(g.sections) == widest[k] && holders[k] == 1
		if count[k] > 1 && !keeps && len(g.sections) > 0 {
			var of []string
			for _, sec := range g.sections {
				of = append(of, ofThe(cmpOr(sec.Singular, sec.Label)))
			}
			name += " " + joinOr(of)
		}
		if used[labelKey(name)] {
			name += " (" + g.key + ")"
		}
		used[labelKey(name)] = true
		names[g.key] = name
	}
	return names
}

// width is how many sections a group spans, for which keeps its name
// when several would have it: all of them for a group of no section in
// particular (a taxonomy, the sections themselves).
func width(sections []*site.Section) int {
	if len(sections) == 0 {
		return math.MaxInt
	}
	return len(sections)
}

// commonLabel is the name of a group whose sections label its field in
// labels: the label when they agree, else the words all the labels start
// with ("Tipo" for "Tipo" and "Tipo di ente"), else the first label.
func commonLabel(labels []string) string {
	words := strings.Fields(labels[0])
	for _, l := range labels[1:] {
		other := strings.Fields(l)
		n := 0
		for n < len(words) && n < len(other) && labelKey(words[n]) == labelKey(other[n]) {
			n++
		}
		words = words[:n]
	}
	// Not ending on a preposition ("Tipo di").
	for len(words) > 0 && slices.Contains([]string{"di", "del", "della", "dei", "delle", "per", "e", "o"}, strings.ToLower(words[len(words)-1])) {
		words = words[:len(words)-1]
	}
	if len(words) == 0 {
		return labels[0]
	}
	return strings.Join(words, " ")
}

// joinOr joins alternatives the Italian way: "A", "A o B", "A, B o C".
func joinOr(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " o " + names[len(names)-1]
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// ofThe joins "di" to the definite article of an Italian noun (a
// section's singular name), lower case: "del protocollo", "dell’opportunità",
// "della buona pratica", "dello spazio". The gender is read from the
// ending of the first word: -a, -à and -ione are feminine, anything else
// masculine.
func ofThe(noun string) string {
	noun = strings.ToLower(strings.TrimSpace(noun))
	first, _, _ := strings.Cut(noun, " ")
	r, _ := utf8.DecodeRuneInString(first)
	if strings.ContainsRune("aeiouàèéìòù", r) || r == 'h' {
		return "dell’" + noun
	}
	if strings.HasSuffix(first, "a") || strings.HasSuffix(first, "à") || strings.HasSuffix(first, "ione") {
		return "della " + noun
	}
	if impure(first) {
		return "dello " + noun
	}
	return "del " + noun
}

// impure reports whether a masculine word takes "lo": it starts with s and
// a consonant, z, x, y, gn, ps or pn.
func impure(w string) bool {
	runes := []rune(w)
	if len(runes) == 0 {
		return false
	}
	switch {
	case runes[0] == 'z' || runes[0] == 'x' || runes[0] == 'y':
		return true
	case len(runes) > 1 && runes[0] == 's' && unicode.IsLetter(runes[1]) && !strings.ContainsRune("aeiouàèéìòù", runes[1]):
		return true
	}
	return strings.HasPrefix(w, "gn") || strings.HasPrefix(w, "ps") || strings.HasPrefix(w, "pn")
}

// openFilter names the filter of the open pages in the words of every
// section with a lifecycle (its lists' open_title, or its label and its
// lists' open), in the order of the sections: "Solo
// opportunità aperte", "Solo opportunità aperte ed eventi in programma";
// "" when no section has a lifecycle.
func (m *Meta) openFilter() string {
	var names []string
	for _, sec := range m.Sections {
		if lc := m.Lifecycles[sec.Value]; lc != nil && lc.Lists != nil && lc.Lists.Open != "" {
			name := sec.Label + " " + lc.Lists.Open
			if lc.Lists.OpenTitle != "" {
				name = lc.Lists.OpenTitle
			}
			names = append(names, lowerFirst(name))
		}
	}
	if len(names) == 0 {
		return ""
	}
	return "Solo " + italian.JoinNames(names)
}

// sectionOption is sec as the index's description keeps it.
func sectionOption(sec *site.Section) Option {
	return Option{Value: sec.Key, Label: sec.Label, URL: sec.URL,
		NoDates: sec.Schema != nil && !sec.Schema.ShowsDates()}
}

// closingSort names the order by closing date in the words of the
// sections with a lifecycle (their lists' sort): "scadenza, le più vicine
// prima"; different words of several sections are joined with "; ", in
// the order of the sections. "" when no section has a lifecycle.
func (m *Meta) closingSort() string {
	var words []string
	for _, sec := range m.Sections {
		if lc := m.Lifecycles[sec.Value]; lc != nil && lc.Lists != nil && lc.Lists.Sort != "" && !slices.Contains(words, lc.Lists.Sort) {
			words = append(words, lc.Lists.Sort)
		}
	}
	return strings.Join(words, "; ")
}

// lowerFirst puts the first letter of a label in lower case, to use it
// within a phrase ("Opportunità" in "Solo opportunità aperte").
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}
