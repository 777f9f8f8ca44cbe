package site

import (
	"cantiericomuni.it/banca/generator/schema"
	"cantiericomuni.it/banca/generator/slug"
)

// Pages whose status is a value of one of their fields (schema.States):
// a need is aperto, in lavorazione or soddisfatto as its stato says, not
// as dates go. Their Status carries the value as its label and, folded,
// as its key (the badge's class, stato-<key>); the section's open values
// give it the open role, the others the closed one, so that lists and
// related pages treat such pages as they treat an expired opportunity.

// StatesStatus is the status of a page with values v in a section whose
// states are st, nil when the page leaves the field empty.
func StatesStatus(st *schema.States, v schema.Values) *Status {
	if st == nil {
		return nil
	}
	value := v.String(st.Field)
	if value == "" {
		return nil
	}
	role := schema.RoleClosed
	if st.IsOpen(value) {
		role = schema.RoleOpen
	}
	return &Status{Key: slug.Make(value), Label: value, Role: role}
}

// HasStates reports whether the section's pages take their status from a
// field (schema.States).
func (sec *Section) HasStates() bool {
	return sec != nil && sec.Schema != nil && sec.Schema.States != nil
}

// StatesURL is the address of the list of the section's open pages by
// their states ("/bisogni/aperti/"), "" when it has none.
func (sec *Section) StatesURL() string {
	if !sec.HasStates() || sec.URL == "" {
		return ""
	}
	return sec.URL + sec.Schema.States.List + "/"
}

// OpenByState returns the section's pages whose state is open, in the
// section's order (newest first).
func (sec *Section) OpenByState() []*Page {
	var out []*Page
	for _, p := range sec.Pages {
		if p.Status != nil && !p.Closed() {
			out = append(out, p)
		}
	}
	return out
}
