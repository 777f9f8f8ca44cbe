package schema

import "cantiericomuni.it/banca/generator/diag"

// Kind is the shape of a front matter value.
type Kind int

// The shapes a front matter value can take.
const (
	Null Kind = iota
	Scalar
	List
	Map
)

// Value is one front matter value as written, with its position, whatever
// the syntax (YAML or TOML) it came from.
type Value struct {
	Kind Kind
	// Text is the scalar as written, without quotes.
	Text string
	// Quoted is true for a quoted string ("2025" stays text, not a number).
	Quoted bool
	// Native is the scalar's type in its own syntax: "str", "int", "float",
	// "bool", "timestamp" or "" when unknown.
	Native string
	Items  []Value
	// Entries are the keys of a group of fields (Map), in order: a
	// record of a records field.
	Entries []Entry
	Pos     diag.Pos
	// Span is the width of the value on its line, in characters (at least 1).
	Span int
}

// Entry is one top-level key of the front matter.
type Entry struct {
	Key    string
	KeyPos diag.Pos
	Value  Value
}

// Doc is a page's front matter: its top-level keys in order.
type Doc struct {
	// Format is "yaml" or "toml".
	Format  string
	Entries []Entry
}

// Get returns the entry for key, or nil.
func (d *Doc) Get(key string) *Entry {
	if d == nil {
		return nil
	}
	for i := range d.Entries {
		if d.Entries[i].Key == key {
			return &d.Entries[i]
		}
	}
	return nil
}
