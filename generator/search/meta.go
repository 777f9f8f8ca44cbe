package search

import (
	"cmp"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"cantiericomuni.it/banca/generator/schema"
	"cantiericomuni.it/banca/generator/site"
	"cantiericomuni.it/banca/generator/slug"
)

// Meta describes an index: when it was built, the settings that query-time
// status needs, and the filters with the label of every value. The build
// writes it as meta.json beside the index.
type Meta struct {
	// Built is the build instant.
	Built time.Time `json:"built"`
	// TimeZone is the site's zone (Europe/Rome): "today" for opportunity
	// status is taken there.
	TimeZone string `json:"time_zone"`
	// ClosingSoonDays is the window in which an opportunity is "in scadenza".
	ClosingSoonDays int `json:"closing_soon_days"`
	// PageSize is the number of hits per page.
	PageSize int `json:"page_size"`
	// Docs is the number of pages indexed.
	Docs int `json:"docs"`
	// Boosts weighs a match in the title and in the summary against one
	// in the rest of the text (the schema's search weights).
	Boosts map[string]float64 `json:"boosts"`
	// Closings counts the distinct closing instants of opportunities.
	Closings int `json:"closings"`
	// Facets are the filters, in the order they are shown.
	Facets []*Facet `json:"facets"`
	// OpenLabel names the group of the "aperte" filter ("Stato
	// dell’opportunità o dell’evento").
	OpenLabel string `json:"open_label"`
	// Lifecycles are the lifecycles of the sections that have one, by
	// section key: statuses are computed with them at query time.
	Lifecycles map[string]*schema.Lifecycle `json:"lifecycles,omitempty"`
	// Sections names each section's key, with its label and URL.
	Sections []Option `json:"sections"`
	// Footer are the links of the site's footer, which the results page
	// rendered without the site's pages (the function) shows too.
	Footer []site.FooterLink `json:"footer,omitempty"`
	// Synonyms are the groups of words that mean the same for the bank
	// (content/sinonimi.yaml), each as written: queries are expanded with
	// them (synonyms.go).
	Synonyms [][]string `json:"synonyms,omitempty"`

	synonyms *synonymTable
}

// Facet is one filter group: a field of the index whose values readers can
// pick ("argomenti", "tipo", …).
type Facet struct {
	// Key is the field name and the URL parameter ("argomenti").
	Key string `json:"key"`
	// Label is the heading shown to readers ("Argomenti").
	Label string `json:"label"`
	// Values are the values present in the index, by label.
	Values []Option `json:"values"`

	byValue map[string]string
}

// Option is a value with the label shown for it.
type Option struct {
	Value string `json:"value"`
	Label string `json:"label"`
	// URL is set for sections: where the section's list is ("" for a
	// section without one, which is then not offered as a filter).
	URL string `json:"url,omitempty"`
	// NoDates is set for sections whose pages show no date.
	NoDates bool `json:"no_dates,omitempty"`
}

// SectionKey is the facet of the sections.
const SectionKey = "sezione"

// OpenKey is the parameter of the filter of the pages still open (of
// every section with a lifecycle: "Solo opportunità aperte").
const OpenKey = "aperte"

// LabelOf returns the label of value, and whether value is known.
func (f *Facet) LabelOf(value string) (string, bool) {
	l, ok := f.byValue[value]
	return l, ok
}

// filterValues counts the values of all filters: the size of a facet
// request that returns them all.
func (m *Meta) filterValues() int {
	n := 1 + m.Closings
	for _, f := range m.Facets {
		n += len(f.Values)
	}
	return n
}

// prepare builds the lookup tables of m; it must run before m is shared.
func (m *Meta) prepare() {
	m.synonyms = newSynonymTable(m.Synonyms)
	for _, f := range m.Facets {
		f.byValue = make(map[string]string, len(f.Values))
		for _, o := range f.Values {
			f.byValue[o.Value] = o.Label
		}
	}
}

// Facet returns the facet with key, or nil.
func (m *Meta) Facet(key string) *Facet {
	for _, f := range m.Facets {
		if f.Key == key {
			return f
		}
	}
	return nil
}

// SectionLabel returns the label of section key ("Opportunità").
func (m *Meta) SectionLabel(key string) string {
	for _, s := range m.Sections {
		if s.Value == key {
			return s.Label
		}
	}
	return key
}

// sectionShowsDates reports whether the pages of section key show their
// publication date.
func (m *Meta) sectionShowsDates(key string) bool {
	for _, s := range m.Sections {
		if s.Value == key {
			return !s.NoDates
		}
	}
	return true
}

// listedSections are the sections offered as a filter: those with a list
// of their own.
func listedSections(all []Option) []Option {
	var out []Option
	for _, o := range all {
		if o.URL != "" {
			out = append(out, o)
		}
	}
	return out
}

// Location loads the site's time zone (Europe/Rome when unset or unknown).
func (m *Meta) Location() *time.Location {
	if loc, err := time.LoadLocation(cmp.Or(m.TimeZone, "Europe/Rome")); err == nil {
		return loc
	}
	loc, _ := time.LoadLocation("Europe/Rome")
	return loc
}

// facetField is what the index keeps of one filter group for one page.
type facetField struct {
	facet *Facet
	// pickList is set for section fields with a closed list of values
	// (tipo): they say what a page is, as its terms do.
	pickList bool
	// values returns the page's values, each with its label.
	values func(p *site.Page) []Option
}

// facetFields lists the filter groups of s in display order: the section,
// the section fields marked facet that have a pick-list (tipo), the
// taxonomies marked facet, then the free-text facet fields (ente).
func facetFields(s *site.Site) []facetField {
	names := groupNames(s)
	var out []facetField
	out = append(out, facetField{
		facet: &Facet{Key: SectionKey, Label: names[SectionKey]},
		values: func(p *site.Page) []Option {
			return []Option{{Value: p.Section.Key, Label: p.Section.Label}}
		},
	})
	seen := map[string]bool{SectionKey: true}
	// Section fields with a pick-list (tipo) come first; free-text ones
	// (ente), which can have many values, after the taxonomies.
	var free []facetField
	for _, sec := range s.Schema.Sections {
		for _, f := range sec.Fields {
			if !f.Facet || seen[f.Key] {
				continue
			}
			seen[f.Key] = true
			key := f.Key
			// Making a slug is costly and values repeat (ente): once per
			// value. The fields are used by one goroutine at a time.
			memo := map[string]Option{}
			opt := func(v string) Option {
				o, ok := memo[v]
				if !ok {
					o = option(v)
					memo[v] = o
				}
				return o
			}
			ff := facetField{
				facet: &Facet{Key: key, Label: names[key]},
				values: func(p *site.Page) []Option {
					texts := p.FieldTexts(key)
					if len(texts) == 0 {
						return nil
					}
					opts := make([]Option, len(texts))
					for i, v := range texts {
						opts[i] = opt(v)
					}
					return opts
				},
			}
			if len(f.Values) > 0 {
				ff.pickList = true
				out = append(out, ff)
			} else {
				free = append(free, ff)
			}
		}
	}
	for _, tax := range s.Taxonomies {
		if tax.Schema == nil || !tax.Schema.Facet || seen[tax.Key] {
			continue
		}
		seen[tax.Key] = true
		key := tax.Key
		out = append(out, facetField{
			facet: &Facet{Key: key, Label: names[key]},
			values: func(p *site.Page) []Option {
				var opts []Option
				for _, g := range p.Terms {
					if g.Taxonomy.Key != key {
						continue
					}
					for _, t := range g.Terms {
						opts = append(opts, Option{Value: t.Slug, Label: t.Name})
					}
				}
				return opts
			},
		})
	}
	return append(out, free...)
}

// option makes a filter value of a free text: its slug, labelled with
// the text, capitalised.
func option(s string) Option {
	s = strings.TrimSpace(s)
	label := s
	if r := []rune(s); len(r) > 0 {
		label = strings.ToUpper(string(r[0])) + string(r[1:])
	}
	return Option{Value: slug.Make(s), Label: label}
}

// sortOptions orders values by label, in Italian alphabetical order
// (accents folded, case ignored).
func sortOptions(opts []Option) {
	slices.SortFunc(opts, func(a, b Option) int {
		return cmp.Or(strings.Compare(labelKey(a.Label), labelKey(b.Label)), strings.Compare(a.Value, b.Value))
	})
}

// labelKey is how labels sort: accents folded, case ignored.
func labelKey(label string) string { return strings.ToLower(string(Fold([]byte(label)))) }

// writeMeta writes m as dir/meta.json.
func writeMeta(dir string, m *Meta) error {
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "meta.json"), append(data, '\n'), 0o644)
}

// readMeta reads dir/meta.json.
func readMeta(dir string) (*Meta, error) {
	data, err := os.ReadFile(filepath.Join(dir, "meta.json"))
	if err != nil {
		return nil, err
	}
	var m Meta
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, err
	}
	m.prepare()
	return &m, nil
}
