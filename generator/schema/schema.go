// Package schema reads the bank's schema (schema.yaml at the repo root): the
// content types, their fields, the taxonomies and their pick-lists, with the
// Italian labels and help texts. The same declaration drives validation of
// every page's front matter (Check), and is meant to drive the search mapping,
// the search filters and the editing UI's configuration.
package schema

import (
	_ "time/tzdata" // Europe/Rome must load on machines without a zone database

	"bytes"
	"fmt"
	"os"
	"regexp"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"cantiericomuni.it/banca/generator/diag"
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
	TypeList     = "list"  // a list of strings
	TypeEmail    = "email" // one e-mail address, shown as a mailto: link
	TypePhone    = "phone" // one telephone number, shown as a tel: link
	// TypeContacts is a paragraph in which e-mail addresses, telephone
	// numbers and web addresses become links.
	TypeContacts = "contacts"
)

var knownTypes = map[string]bool{TypeString: true, TypeText: true, TypeURL: true,
	TypeDate: true, TypeDateTime: true, TypeBool: true, TypeInt: true, TypeList: true,
	TypeEmail: true, TypePhone: true, TypeContacts: true}

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
	// Logo is the project's logo, shown in the header and the footer.
	Logo *Logo `yaml:"logo"`
	// Funder is credited in the footer of every page.
	Funder *Funder `yaml:"funder"`
	// Location is TimeZone loaded; dates without a zone are read in it.
	Location *time.Location `yaml:"-"`
}

// Logo is an image of the site (static/), with its text alternative and
// its size in CSS pixels (so that the page does not shift while it loads).
type Logo struct {
	Src    string `yaml:"src"`
	Alt    string `yaml:"alt"`
	Width  int    `yaml:"width"`
	Height int    `yaml:"height"`
}

// Funder is who funds the project, as the footer credits it: Credit, then
// Name (a link to URL when set): "Progetto sostenuto da …".
type Funder struct {
	Credit string `yaml:"credit"`
	Name   string `yaml:"name"`
	URL    string `yaml:"url"`
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
	// Advanced marks a field most pages never set (slug, aliases): the
	// editing UI folds it away under "Opzioni avanzate", after the rest.
	Advanced bool `yaml:"advanced"`
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

// Section declares a content type, stored in content/<Key>/. Besides its
// fields, it declares how the site treats it; the defaults are those of
// the bank's sheets (a list page at /<key>/, pages under it, dates shown,
// in the feeds).
type Section struct {
	Key         string   `yaml:"key"`
	Label       string   `yaml:"label"`
	Singular    string   `yaml:"singular"`
	Description string   `yaml:"description"`
	Fields      []*Field `yaml:"fields"`
	// Root puts the section's pages at the root of the site, /<slug>/,
	// rather than under the section, /<key>/<slug>/.
	Root bool `yaml:"root"`
	// List false gives the section no list page, no filters and no feed,
	// and leaves it out wherever sections are listed (the navigation,
	// the home, the search filter by section): its pages are reached by
	// links, such as the footer's.
	List *bool `yaml:"list"`
	// Dates false shows no publication or update date on its pages.
	Dates *bool `yaml:"dates"`
	// Feed false keeps its pages out of every feed, the site's included.
	Feed *bool `yaml:"feed"`
	// Layout names the layout of its pages, layouts/<Layout>.html;
	// empty means page.html.
	Layout string `yaml:"layout"`
	// Footer, when set, links pages of the section from the footer of
	// every page.
	Footer *Footer `yaml:"footer"`
	// TitlePlace names the field that holds the place of a page (the
	// comune of a cantiere): a title made of the singular and that place
	// without a preposition ("Cantiere Ferrara") reads "Cantiere di
	// Ferrara" on the site.
	TitlePlace string `yaml:"title_place"`
}

// Footer says which pages of a section the footer links: those whose bool
// field Field is true, ordered by the int field Order (lowest first), then
// by title.
type Footer struct {
	Field string `yaml:"field"`
	Order string `yaml:"order"`
}

// Listed reports whether the section has a list page and is shown as a
// section (see Section.List).
func (sec *Section) Listed() bool { return sec.List == nil || *sec.List }

// ShowsDates reports whether the section's pages show their dates.
func (sec *Section) ShowsDates() bool { return sec.Dates == nil || *sec.Dates }

// InFeeds reports whether the section's pages go into the feeds.
func (sec *Section) InFeeds() bool { return (sec.Feed == nil || *sec.Feed) && sec.Listed() }

// ListURL is the site path of the section's list, "/<key>/", or "" when it
// has none.
func (sec *Section) ListURL() string {
	if !sec.Listed() {
		return ""
	}
	return "/" + sec.Key + "/"
}

// PageURL is the site path of the section's page with the given slug.
func (sec *Section) PageURL(slug string) string {
	if sec.Root {
		return "/" + slug + "/"
	}
	return "/" + sec.Key + "/" + slug + "/"
}

// PageLayout is the name of the layout of the section's pages, without
// .html: Layout, or "page".
func (sec *Section) PageLayout() string {
	if sec.Layout == "" {
		return "page"
	}
	return sec.Layout
}

// Load reads and validates the schema file.
func Load(path string) (*Schema, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, diag.Diagnostic{Code: diag.SchemaInvalid, File: path,
			Message: "impossibile leggere lo schema: " + err.Error()}
	}
	return Parse(path, data)
}

// Parse decodes a schema from data; name is used in error messages.
func Parse(name string, data []byte) (*Schema, error) {
	var s Schema
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&s); err != nil {
		d := diag.Diagnostic{Code: diag.SchemaInvalid, File: name, Message: "schema non valido: " + err.Error()}
		var line int
		if _, e := fmt.Sscanf(strings.TrimPrefix(err.Error(), "yaml: "), "line %d:", &line); e == nil {
			d.Pos = diag.Pos{Line: line}
			d.Source = diag.SourceLine(data, line)
		}
		return nil, d
	}
	if err := s.validate(); err != nil {
		return nil, diag.Diagnostic{Code: diag.SchemaInvalid, File: name, Message: err.Error()}
	}
	return &s, nil
}

func (s *Schema) validate() error {
	if s.Site.TimeZone == "" {
		s.Site.TimeZone = "Europe/Rome"
	}
	loc, err := time.LoadLocation(s.Site.TimeZone)
	if err != nil {
		return fmt.Errorf("fuso orario %q sconosciuto", s.Site.TimeZone)
	}
	s.Site.Location = loc
	if s.Site.PageSize <= 0 {
		s.Site.PageSize = 20
	}
	if s.Site.RelatedCount <= 0 {
		s.Site.RelatedCount = 3
	}
	if s.Site.ClosingSoonDays <= 0 {
		s.Site.ClosingSoonDays = 14
	}
	if s.Site.Language == "" {
		s.Site.Language = "it"
	}
	seen := map[string]string{}
	check := func(where string, f *Field) error {
		if f.Key == "" {
			return fmt.Errorf("%s: un campo non ha la chiave (key)", where)
		}
		if !knownTypes[f.Type] {
			return fmt.Errorf("%s: il campo %q ha un tipo sconosciuto %q", where, f.Key, f.Type)
		}
		return nil
	}
	for _, f := range s.Common {
		if err := check("common", f); err != nil {
			return err
		}
		seen[f.Key] = "common"
	}
	for _, t := range s.Taxonomies {
		if t.Key == "" {
			return fmt.Errorf("taxonomies: una tassonomia non ha la chiave (key)")
		}
		if w, dup := seen[t.Key]; dup {
			return fmt.Errorf("la tassonomia %q ha lo stesso nome di un campo di %s", t.Key, w)
		}
		seen[t.Key] = "taxonomies"
	}
	secs := map[string]bool{}
	for _, sec := range s.Sections {
		if sec.Key == "" {
			return fmt.Errorf("sections: una sezione non ha la chiave (key)")
		}
		if secs[sec.Key] {
			return fmt.Errorf("la sezione %q è dichiarata due volte", sec.Key)
		}
		secs[sec.Key] = true
		own := map[string]bool{}
		for _, f := range sec.Fields {
			if err := check("sezione "+sec.Key, f); err != nil {
				return err
			}
			if _, dup := seen[f.Key]; dup || own[f.Key] {
				return fmt.Errorf("sezione %s: il campo %q è già dichiarato", sec.Key, f.Key)
			}
			own[f.Key] = true
		}
	}
	for _, sec := range s.Sections {
		if err := sec.validate(); err != nil {
			return err
		}
	}
	for _, t := range s.Taxonomies {
		if t.Pages != "" && !secs[t.Pages] {
			return fmt.Errorf("la tassonomia %q rimanda alla sezione %q, che non esiste", t.Key, t.Pages)
		}
	}
	return nil
}

// layoutName is what a section's layout may be called.
var layoutName = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)

// validate checks the section's declarations of behaviour against its
// own fields.
func (sec *Section) validate() error {
	if sec.Layout != "" && !layoutName.MatchString(sec.Layout) {
		return fmt.Errorf("sezione %s: il modello %q deve essere il nome di un file di layouts/ senza .html (minuscole, cifre e trattini)", sec.Key, sec.Layout)
	}
	typed := func(what, key, typ string) error {
		f := sec.Field(key)
		switch {
		case key == "":
			return fmt.Errorf("sezione %s: %s non indica il campo (field)", sec.Key, what)
		case f == nil:
			return fmt.Errorf("sezione %s: %s indica il campo %q, che la sezione non ha", sec.Key, what, key)
		case typ != "" && f.Type != typ:
			return fmt.Errorf("sezione %s: %s indica il campo %q, che deve essere di tipo %s, non %s", sec.Key, what, key, typ, f.Type)
		}
		return nil
	}
	if sec.Footer != nil {
		if err := typed("footer", sec.Footer.Field, TypeBool); err != nil {
			return err
		}
		if sec.Footer.Order != "" {
			if err := typed("footer.order", sec.Footer.Order, TypeInt); err != nil {
				return err
			}
		}
	}
	if sec.TitlePlace != "" {
		if err := typed("title_place", sec.TitlePlace, ""); err != nil {
			return err
		}
	}
	return nil
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
