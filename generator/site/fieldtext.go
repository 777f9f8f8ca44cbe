package site

import "cantiericomuni.it/banca/generator/markdown"

// FieldTexts returns the names a page's field shows, as text: a string
// field's value, a list's values, and for a reference field the title of
// each page named (the text as written when it names none). It is what
// the search indexes and filters by, so that "CSV" and "CSV Terre
// Estensi", naming the same organisation, count as one. Other types, and
// a field the page leaves empty, give nil.
func (p *Page) FieldTexts(key string) []string {
	for _, f := range p.Fields {
		if f.Key != key {
			continue
		}
		switch v := f.Value.(type) {
		case string:
			return []string{v}
		case []string:
			return v
		case []Reference:
			out := make([]string, len(v))
			for i, r := range v {
				out[i] = r.Name()
			}
			return out
		}
		return nil
	}
	return nil
}

// Name is what the reference shows: the title of the page it names, or
// the text as written, with the typography of the page's other texts
// (curly apostrophes: "Terre d’Acqua").
func (r Reference) Name() string {
	if r.Page != nil {
		return r.Page.Title
	}
	return markdown.Smarten(r.Text)
}
