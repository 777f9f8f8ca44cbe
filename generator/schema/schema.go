// Package schema reads the bank's schema (schema.yaml at the repo root): the
// content types, their fields, the taxonomies and their pick-lists, with the
// Italian labels and help texts. The same declaration drives validation of
// every page's front matter (Check), and is meant to drive the search mapping,
// the search filters and the editing UI's configuration.
package schema

import (
	_ "time/tzdata" // Europe/Rome must load on machines without a zone database

	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"time"

	"gopkg.in/yaml.v3"
)

// Field types understood by Check.
const (
	TypeString   = "string"   // one line of text
	TypeText     = "text"     // a paragraph of plain text
	TypeURL      = "url"      // an absolute http(s) URL
	TypeDate     = "date"     // YYYY-MM-DD (a time is accepted and kept)
	TypeDateTime = "datetime" // a date, optionally with a time
	TypeBool     = "bool"
	TypeInt      = "int"
	TypeList     = "list" // a list of strings
)

var knownTypes = map[string]bool{TypeString: true, TypeText: true, TypeURL: true,
	TypeDate: true, TypeDateTime: true, TypeBool: true, TypeInt: true, TypeList: true}

// Schema is the whole declaration.
type Schema struct {
	Site       Site        `yaml:"site"`
	Common     []*Field    `yaml:"common"`
	Taxonomies []*Taxonomy `yaml:"taxonomies"`
	Sections   []*Section  `yaml:"sections"`
}

// Site holds site-wide settings.
type Site struct {
	Title           string `yaml:"title"`
	ShortTitle      string `yaml:"short_title"`
	Description     string `yaml:"description"`
	BaseURL         string `yaml:"base_url"`
	Language        string `yaml:"language"`
	TimeZone        string `yaml:"time_zone"`
	PageSize        int    `yaml:"page_size"`
	RelatedCount    int    `yaml:"related_count"`
	ClosingSoonDays int    `yaml:"closing_soon_days"`
	// Repository (owner/name on GitHub) and Branch are where the editing
	// UI at /admin/ commits (generator/authoring).
	Repository string `yaml:"repository"`
	Branch     string `yaml:"branch"`
	// Location is TimeZone loaded; dates without a zone are read in it.
	Location *time.Location `yaml:"-"`
}

// Field declares one front matter key.
type Field struct {
	Key      string   `yaml:"key"`
	Type     string   `yaml:"type"`
	Required bool     `yaml:"required"`
	Label    string   `yaml:"label"`
	Help     string   `yaml:"help"`
	Values   []string `yaml:"values"`
	Search   *Search  `yaml:"search"`
	Facet    bool     `yaml:"facet"`
	// NotBefore names a date field this date may not come before (a
	// deadline before the publication date); Past marks a date that is
	// not meant to be far in the future (a signature). Breaking either
	// is a warning.
	NotBefore string `yaml:"not_before"`
	Past      bool   `yaml:"past"`
}

// Search says how a field is indexed for full-text search.
type Search struct {
	Weight float64 `yaml:"weight"`
}

// Taxonomy declares a classification shared by every section.
type Taxonomy struct {
	Key      string   `yaml:"key"`
	Label    string   `yaml:"label"`
	Singular string   `yaml:"singular"`
	Help     string   `yaml:"help"`
	Facet    bool     `yaml:"facet"`
	Values   []string `yaml:"values"`
	// Pages names a section whose page slugs are the only valid values
	// (cantieri): each term is that page.
	Pages string `yaml:"pages"`
	// Related weighs shared terms when choosing related pages; nil means
	// the taxonomy does not count.
	Related *Related `yaml:"related"`
}

// Related says how much a shared term counts towards related pages, and
// the Italian reason shown to readers ("stesso argomento").
type Related struct {
	Weight int    `yaml:"weight"`
	Reason string `yaml:"reason"`
}

// Section declares a content type, stored in content/<Key>/.
type Section struct {
	Key         string   `yaml:"key"`
	Label       string   `yaml:"label"`
	Singular    string   `yaml:"singular"`
	Description string   `yaml:"description"`
	Fields      []*Field `yaml:"fields"`
}

// Load reads and validates the schema file. A file that cannot be read
// is a plain error; what is wrong inside it comes back as diagnostics
// (a diag.Diagnostic, or errors.Join of several), each at its line.
func Load(path string) (*Schema, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("non trovo lo schema %s: esegui il comando dalla cartella del progetto (quella con schema.yaml) o indicala con --root", path)
		}
		return nil, fmt.Errorf("impossibile leggere lo schema %s: %w", path, err)
	}
	return Parse(path, data)
}

// Parse decodes a schema from data; name is used in error messages. It
// reports every problem it finds, each as a diag.Diagnostic with its
// line, in Italian (errors.Join of them when there are several).
func Parse(name string, data []byte) (*Schema, error) {
	ps := &problems{name: name, data: data}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		ps.decodeProblem(err)
		return nil, ps.err()
	}
	ps.root = &root
	var s Schema
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&s); err != nil && !errors.Is(err, io.EOF) {
		ps.decodeProblem(err)
		var te *yaml.TypeError
		if !errors.As(err, &te) {
			return nil, ps.err()
		}
		// The decoder went on past values of the wrong kind: what it
		// read can still be checked.
	}
	s.validate(ps)
	if err := ps.err(); err != nil {
		return nil, err
	}
	return &s, nil
}

// Section returns the section with the given key, or nil.
func (s *Schema) Section(key string) *Section {
	for _, sec := range s.Sections {
		if sec.Key == key {
			return sec
		}
	}
	return nil
}

// Taxonomy returns the taxonomy with the given key, or nil.
func (s *Schema) Taxonomy(key string) *Taxonomy {
	for _, t := range s.Taxonomies {
		if t.Key == key {
			return t
		}
	}
	return nil
}

// Field returns the field declaration for key in section (common fields
// first, then the section's own), or nil.
func (s *Schema) Field(section, key string) *Field {
	for _, f := range s.Common {
		if f.Key == key {
			return f
		}
	}
	if sec := s.Section(section); sec != nil {
		for _, f := range sec.Fields {
			if f.Key == key {
				return f
			}
		}
	}
	return nil
}

// Field returns the section's own field with the given key, or nil.
func (sec *Section) Field(key string) *Field {
	for _, f := range sec.Fields {
		if f.Key == key {
			return f
		}
	}
	return nil
}
