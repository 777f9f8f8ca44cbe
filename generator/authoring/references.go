package authoring

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"cantiericomuni.it/banca/generator/schema"
)

// referenceWidget makes c the widget of the reference field f. A strict
// reference to the pages of one section is Decap's relation widget: the
// net weaver picks a page of that collection, searched by title and by
// the fields the reference matches (sigla), and the file gets its slug.
// A reference to several sections (a relation widget reads one
// collection), or one that may stay plain text (strict: false: a relation
// widget refuses free text), is a text box, a list of them when multiple,
// with a hint on how to write it.
func referenceWidget(c *cmsField, f *schema.Field) {
	if len(f.Sections) == 1 && f.IsStrict() {
		c.Widget, c.Multiple = "relation", f.Multiple
		c.Collection, c.ValueField = f.Sections[0], "{{slug}}"
		c.SearchFields, c.DisplayFields = []string{"title"}, []string{"title"}
		for _, m := range f.MatchKeys() {
			if m != schema.MatchSlug && m != schema.MatchTitle {
				c.SearchFields = append(c.SearchFields, m)
			}
		}
		return
	}
	hint := "Il nome del file di una scheda (senza .md)"
	if len(f.Sections) > 1 {
		hint += ", scritto sezione/nome-file (per esempio " + f.Sections[0] + "/nome-file)"
	}
	hint += ", oppure il suo titolo."
	if !f.IsStrict() {
		hint += " Se non c'è una scheda, scrivi il nome come testo."
	}
	c.Hint = strings.TrimSpace(c.Hint + " " + hint)
	if f.Multiple {
		listOf(c)
		return
	}
	c.Widget = "string"
}

// recordsWidget makes c the widget of the records field f: a list whose
// items have the widgets of f's sub-fields, folded to their first one.
func recordsWidget(c *cmsField, f *schema.Field) {
	expanded := false
	c.Widget, c.Collapsed = "list", &expanded
	for _, sf := range f.Fields {
		c.Fields = append(c.Fields, field(sf))
	}
	if len(f.Fields) > 0 {
		c.Summary = "{{fields." + f.Fields[0].Key + "}}"
	}
}

// referenceText says in Italian how a value of the reference field f is
// written, for the guide.
func referenceText(f *schema.Field) string {
	folders := make([]string, len(f.Sections))
	for i, k := range f.Sections {
		folders[i] = "`content/" + k + "/`"
	}
	text := "il nome del file di una scheda di " + strings.Join(folders, " o ") + ", senza `.md`"
	var other []string
	for _, m := range f.MatchKeys() {
		switch m {
		case schema.MatchSlug:
		case schema.MatchTitle:
			other = append(other, "il suo titolo")
		default:
			other = append(other, "il suo campo `"+m+"`")
		}
	}
	if len(other) > 0 {
		text += ", oppure " + strings.Join(other, " o ")
	}
	if len(f.Sections) > 1 {
		text += "; si può scrivere anche sezione/nome-file"
	}
	text += ": diventa un collegamento alla scheda"
	if !f.IsStrict() {
		text += " (se non c'è una scheda con quel nome resta testo)"
	}
	if f.Multiple {
		text += "; una lista: [\"…\", \"…\"]"
	}
	return text
}

// recordsText says in Italian how the records field f is written, for
// the guide: a list of items and their fields.
func recordsText(f *schema.Field) string {
	parts := make([]string, len(f.Fields))
	for i, sf := range f.Fields {
		parts[i] = fmt.Sprintf("`%s` (%s", sf.Key, typeText(sf))
		if sf.Required {
			parts[i] += ", obbligatorio"
		}
		parts[i] += ")"
	}
	return "una lista di voci, una per riga che inizia con «- », ognuna con i campi " + strings.Join(parts, ", ")
}

// upperFirst capitalises the first letter of s, and drops the backticks
// the guide's Markdown uses: for the comments of a new page.
func upperFirst(s string) string {
	s = strings.ReplaceAll(s, "`", "")
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}
