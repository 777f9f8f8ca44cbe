package content

import (
	"strings"

	"cantiericomuni.it/banca/generator/markdown"
	"cantiericomuni.it/banca/generator/schema"
	"cantiericomuni.it/banca/generator/slug"
)

// typeset gives the text of the front matter the typography of bodies
// (markdown.Smarten: curly quotes and apostrophes, dashes, no-break spaces
// between numbers and units), once, where the page is loaded: the HTML,
// the feeds, the search index and its JSON then all show the same text.
// It applies to the title, the summary and the authors, and to the
// section's fields of free text (string, text, contacts and lists without
// a pick-list), in records too; not to addresses, references, dates,
// slugs, aliases, pick-list values or taxonomy terms, which are names the
// site matches.
//
// Then a title such as "Cantiere Ferrara", the section's singular and the
// page's place (the field the section names as title_place) with no
// preposition between them, becomes "Cantiere di Ferrara".
func typeset(v schema.Values, sch *schema.Schema, sec *schema.Section) {
	for _, key := range []string{"title", "summary", "authors"} {
		smarten(v, key)
	}
	smartenFields(v, sec.Fields)
	for _, f := range sec.Fields {
		if f.Type == schema.TypeRecords {
			for _, r := range v.Records(f.Key) {
				smartenFields(r.Values, f.Fields)
			}
		}
	}
	if sec.TitlePlace != "" {
		if t := PlaceTitle(v.String("title"), sec.Singular, v.String(sec.TitlePlace)); t != "" {
			v["title"] = t
		}
	}
}

// smartenFields typesets the values of fields of free text (and the
// sub-fields of records alike).
func smartenFields(v schema.Values, fields []*schema.Field) {
	for _, f := range fields {
		if len(f.Values) > 0 {
			continue
		}
		switch f.Type {
		case schema.TypeString, schema.TypeText, schema.TypeContacts, schema.TypeList:
			smarten(v, f.Key)
		}
	}
}

// smarten typesets the value of key, a string or a list of strings.
func smarten(v schema.Values, key string) {
	switch x := v[key].(type) {
	case string:
		v[key] = markdown.Smarten(x)
	case []string:
		out := make([]string, len(x))
		for i, s := range x {
			out[i] = markdown.Smarten(s)
		}
		v[key] = out
	}
}

// PlaceTitle returns the title that names a place the Italian way, or ""
// when title needs no change: singular followed directly by place, or by
// its first words ("Cantiere Ferrara", "cantiere Bologna – Navile",
// "Cantiere San Lazzaro di Savena", "Cantiere San Lazzaro" with place
// "Ferrara", "Bologna", "San Lazzaro di Savena") gives "Cantiere di
// Ferrara", "Cantiere di Bologna – Navile", "Cantiere di San Lazzaro"…
// Case and accents are ignored when comparing; a title that already has
// a preposition ("Cantiere di Imola", "Cantiere della Bolognina") or that
// names another place is left alone.
func PlaceTitle(title, singular, place string) string {
	place = strings.TrimSpace(place)
	if singular == "" || place == "" {
		return ""
	}
	words := strings.Fields(title)
	sing := strings.Fields(singular)
	if len(words) <= len(sing) || slug.Make(strings.Join(words[:len(sing)], " ")) != slug.Make(singular) {
		return ""
	}
	rest := words[len(sing):]
	pw := strings.Fields(place)
	if slug.Make(rest[0]) == "" || slug.Make(rest[0]) != slug.Make(pw[0]) {
		return ""
	}
	return singular + " di " + strings.Join(rest, " ")
}
