package authoring

import "cantiericomuni.it/banca/generator/schema"

// FormField is one field of a section's form: a field of the schema, or a
// taxonomy.
type FormField struct {
	Field    *schema.Field
	Taxonomy *schema.Taxonomy
}

// Key returns the front matter key of the field.
func (f FormField) Key() string {
	if f.Taxonomy != nil {
		return f.Taxonomy.Key
	}
	return f.Field.Key
}

// Order is the order in which a net weaver meets the fields of a page:
// Fields first, Advanced (the fields most pages leave alone) apart, last.
type Order struct {
	Fields   []FormField
	Advanced []*schema.Field
}

// FormOrder returns the fields of a page of sec in the order the editing
// UI and `generator new` present them, derived from the schema alone: the
// required fields first (those of every page, then the section's), then
// the section's other fields (what a page of that section is about: the
// deadline of an opportunity), then the other fields of every page, then
// the taxonomies; within each group, the schema's order. The fields marked
// advanced come apart, for the UI to fold away after everything else.
func FormOrder(s *schema.Schema, sec *schema.Section) Order {
	var o Order
	var required, own, common []FormField
	add := func(f *schema.Field, everyday *[]FormField) {
		switch {
		case f.Advanced && !f.Required:
			o.Advanced = append(o.Advanced, f)
		case f.Required:
			required = append(required, FormField{Field: f})
		default:
			*everyday = append(*everyday, FormField{Field: f})
		}
	}
	for _, f := range s.Common {
		add(f, &common)
	}
	for _, f := range sec.Fields {
		add(f, &own)
	}
	o.Fields = append(append(append(o.Fields, required...), own...), common...)
	for _, t := range s.Taxonomies {
		o.Fields = append(o.Fields, FormField{Taxonomy: t})
	}
	return o
}
