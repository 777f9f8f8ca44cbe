package search

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"cantiericomuni.it/banca/generator/italian"
	"cantiericomuni.it/banca/generator/site"
)

// openGroup is the name of the filter group of "aperte": the status of
// an opportunity, which the site computes from its deadline.
const openGroup = "Stato"

// groupNames names every filter group of s, by key (OpenKey for the
// "aperte" group): the label of its field or taxonomy in the schema, and,
// when two groups would have the same name, the section each belongs to
// ("Stato del protocollo", "Stato dell’opportunità"), so that no two
// groups are called alike.
func groupNames(s *site.Site) map[string]string {
	type group struct {
		key, label string
		sections   []*site.Section
	}
	var groups []*group
	byKey := map[string]*group{}
	add := func(key, label string, sec *site.Section) {
		g := byKey[key]
		if g == nil {
			g = &group{key: key, label: label}
			byKey[key] = g
			groups = append(groups, g)
		}
		if sec != nil {
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

	count := map[string]int{}
	for _, g := range groups {
		count[labelKey(g.label)]++
	}
	names := make(map[string]string, len(groups))
	used := map[string]bool{}
	for _, g := range groups {
		name := g.label
		if count[labelKey(name)] > 1 {
			switch len(g.sections) {
			case 0:
			case 1:
				name += " " + ofThe(cmpOr(g.sections[0].Singular, g.sections[0].Label))
			default:
				var secs []string
				for _, sec := range g.sections {
					secs = append(secs, strings.ToLower(sec.Label))
				}
				name += " (" + strings.Join(secs, ", ") + ")"
			}
		}
		if used[labelKey(name)] {
			name += " (" + g.key + ")"
		}
		used[labelKey(name)] = true
		names[g.key] = name
	}
	return names
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
// section with a lifecycle (their lists' open), in the order of the
// sections: "Solo opportunità aperte", "Solo opportunità aperte ed eventi
// in programma"; "" when no section has a lifecycle.
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
