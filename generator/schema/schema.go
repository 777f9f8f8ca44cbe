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
	"path/filepath"
	"regexp"
	"strings"
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
	TypeList     = "list"  // a list of strings
	TypeEmail    = "email" // one e-mail address, shown as a mailto: link
	TypePhone    = "phone" // one telephone number, shown as a tel: link
	// TypeContacts is a paragraph in which e-mail addresses, telephone
	// numbers and web addresses become links.
	TypeContacts = "contacts"
	// TypeReference names other pages (reference.go).
	TypeReference = "reference"
	// TypeRecords is a list of small records with typed sub-fields
	// (records.go).
	TypeRecords = "records"
)

var knownTypes = map[string]bool{TypeString: true, TypeText: true, TypeURL: true,
	TypeDate: true, TypeDateTime: true, TypeBool: true, TypeInt: true, TypeList: true,
	TypeEmail: true, TypePhone: true, TypeContacts: true, TypeReference: true, TypeRecords: true}

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
	// Home declares the blocks of the home page.
	Home *Home `yaml:"home"`
	// SearchDescription describes the search page (/cerca/) to readers
	// and search engines; when empty, it names the sections with a list
	// ("Cerca tra opportunità, protocolli e buone pratiche.").
	SearchDescription string `yaml:"search_description"`
	// Calendar, when set, is the calendar of the whole site (see
	// SiteCalendar).
	Calendar *SiteCalendar `yaml:"calendar"`
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

// Home is the blocks of the home page: the open pages of a section with
// a lifecycle, and the newest pages of some sections.
type Home struct {
	Open   *HomeBlock   `yaml:"open"`
	Latest []*HomeBlock `yaml:"latest"`
}

// HomeBlock is a block of the home page: at most Count pages of Section,
// under Heading, with a link named All to the section's list ("Tutti i
// protocolli").
type HomeBlock struct {
	Section string `yaml:"section"`
	Count   int    `yaml:"count"`
	Heading string `yaml:"heading"`
	All     string `yaml:"all"`
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
	// NotBefore names a date field this date may not come before (a
	// deadline before the publication date); Past marks a date that is
	// not meant to be far in the future (a signature). Breaking either
	// is a warning.
	NotBefore string `yaml:"not_before"`
	Past      bool   `yaml:"past"`
	// EndsDay marks a date whose day is usually meant whole (a deadline:
	// "entro il 15"): a time of exactly 00:00 on it is a warning, as it
	// ends the period at the start of that day, a day early. A panel's
	// date-and-time picker gives 00:00 when only a day is chosen.
	EndsDay bool `yaml:"ends_day"`
	// Empty is what the "In breve" box of a page says when the page
	// leaves the field empty ("nessuna: a sportello"): the field then
	// has a row of the box on every page of a section whose box lists
	// it.
	Empty string `yaml:"empty"`
	// Reference and Records hold the options of the field types of the
	// same names; they are inlined: in schema.yaml they are options of
	// the field, as the others are.
	ReferenceOptions `yaml:",inline"`
	RecordOptions    `yaml:",inline"`
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
	// SchemaOrg is the role of the taxonomy's terms when a page is
	// described to search engines: TaxonomyKeywords (the topics of an
	// Article) or TaxonomySpatial (the places an Article covers and an
	// Event takes place in); "" for none.
	SchemaOrg string `yaml:"schema_org"`
}

// The roles a taxonomy's terms may have in a page's structured data.
const (
	// TaxonomyKeywords: the terms are an Article's keywords.
	TaxonomyKeywords = "keywords"
	// TaxonomySpatial: the terms are places, an Article's spatial
	// coverage and an Event's location.
	TaxonomySpatial = "spatial"
)

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
	// Lifecycle, when set, makes the section's pages open and close with
	// their dates (see Lifecycle).
	Lifecycle *Lifecycle `yaml:"lifecycle"`
	// Calendar, when set, puts the section's pages on calendars.
	Calendar *Calendar `yaml:"calendar"`
	// Box, when set, gives the section's pages an "In breve" box of its
	// own (see Box).
	Box *Box `yaml:"box"`
	// Promoter names the string or reference field that says who offers
	// a page (an opportunity's ente, an event's organisers): the
	// organiser in its structured data.
	Promoter string `yaml:"promoter"`
	// Partners names the list or multiple reference field of who made a
	// page (a practice's partner): the contributors in its structured
	// data.
	Partners string `yaml:"partners"`
	// SchemaOrg is the schema.org type that describes the section's pages
	// to search engines (JSON-LD): Article or Event, or none.
	SchemaOrg string `yaml:"schema_org"`
	// States, when set, gives the section's pages a status read from a
	// pick-list field (see States).
	States *States `yaml:"states"`
	// Answers, when set, gives the section's pages the pages that could
	// answer them (see Answers).
	Answers *Answers `yaml:"answers"`
	// PersonalData, PersonalDataWarn, makes telephone numbers, personal
	// e-mail addresses and codici fiscali in the section's pages
	// warnings.
	PersonalData string `yaml:"personal_data"`
	// GroupBy names a pick-list field of the section: its lists go by the
	// field's values, in the order of the pick-list, each with a heading
	// and its count.
	GroupBy string `yaml:"group_by"`
	// Network, when set, draws the section's pages as the organisations
	// of a network (see Network).
	Network *Network `yaml:"network"`
}

// Box is the "In breve" box of a section's pages: Fields first, in this
// order (the lifecycle's date as its row, with the field's Empty text
// when a page leaves it empty), then the section's other fields, then a
// button to the address of the url field Link.
type Box struct {
	Fields []string `yaml:"fields"`
	Link   string   `yaml:"link"`
	// Button is the text of the button to Link ("Iscriviti"); by
	// default "Vai alla pagina ufficiale".
	Button string `yaml:"button"`
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

// Load reads and validates the schema file. A file that cannot be read
// is a plain error; what is wrong inside it comes back as diagnostics
// (a diag.Diagnostic, or errors.Join of several), each at its line.
func Load(path string) (*Schema, error) {
	return LoadFS(os.DirFS(filepath.Dir(path)), filepath.Base(path), path)
}

// LoadFS is Load reading the file name of fsys (the project's files);
// display is how messages name it (the path on disk).
func LoadFS(fsys fs.FS, name, display string) (*Schema, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("non trovo lo schema %s: esegui il comando dalla cartella del progetto (quella con schema.yaml) o indicala con --root", display)
		}
		return nil, fmt.Errorf("impossibile leggere lo schema %s: %w", display, err)
	}
	return Parse(display, data)
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

// layoutName is what a section's layout may be called: a file of
// layouts/ without .html.
var layoutName = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)

// validate checks the options of a section that name its own fields
// (footer, title_place) and its layout; at is its place in the file.
func (sec *Section) validate(ps *problems, at path) {
	if sec.Layout != "" && !layoutName.MatchString(sec.Layout) {
		ps.add(append(at, "layout"), fmt.Sprintf("il modello «%s» della sezione «%s» deve essere il nome di un file di layouts/ senza .html (minuscole, cifre e trattini)", sec.Layout, sec.Key),
			"Scrivi per esempio «layout: pagina» per usare layouts/pagina.html.")
	}
	typed := func(where path, what, key, typ string) {
		f := sec.Field(key)
		switch {
		case key == "":
			ps.add(where, fmt.Sprintf("«%s» della sezione «%s» non indica il campo (field)", what, sec.Key),
				"Aggiungi «field: nome» con la chiave di un campo della sezione.")
		case f == nil:
			ps.add(where, fmt.Sprintf("«%s» della sezione «%s» indica il campo «%s», che la sezione non ha", what, sec.Key, key),
				"Scrivi la chiave di un campo dichiarato nei fields della sezione.")
		case typ != "" && f.Type != typ:
			ps.add(where, fmt.Sprintf("«%s» della sezione «%s» indica il campo «%s», che deve essere di tipo %s, non %s", what, sec.Key, key, typ, f.Type),
				fmt.Sprintf("Indica un campo di tipo %s, o cambia il tipo del campo.", typ))
		}
	}
	if sec.Footer != nil {
		typed(append(at, "footer", "field"), "footer", sec.Footer.Field, TypeBool)
		if sec.Footer.Order != "" {
			typed(append(at, "footer", "order"), "footer.order", sec.Footer.Order, TypeInt)
		}
	}
	if sec.TitlePlace != "" {
		typed(append(at, "title_place"), "title_place", sec.TitlePlace, "")
	}
	if b := sec.Box; b != nil {
		for i, k := range b.Fields {
			typed(append(at, "box", "fields", i), "box", k, "")
		}
		if b.Link != "" {
			typed(append(at, "box", "link"), "box.link", b.Link, TypeURL)
		}
	}
	if c := sec.Calendar; c != nil {
		for _, d := range []struct{ what, key string }{{"start", c.Start}, {"end", c.End}} {
			if d.key == "" && d.what == "end" {
				continue
			}
			typed(append(at, "calendar", d.what), "calendar."+d.what, d.key, "")
			if f := sec.Field(d.key); f != nil && f.Type != TypeDate && f.Type != TypeDateTime {
				ps.add(append(at, "calendar", d.what), fmt.Sprintf("«calendar.%s» della sezione «%s» indica il campo «%s», che non è una data", d.what, sec.Key, d.key),
					"Indica un campo di tipo date o datetime.")
			}
		}
		if strings.TrimSpace(c.Name) == "" || strings.TrimSpace(c.Event) == "" || strings.TrimSpace(c.Label) == "" {
			ps.add(append(at, "calendar"), fmt.Sprintf("il calendario della sezione «%s» deve avere il nome (name), il nome degli eventi (event) e quello del collegamento (label)", sec.Key),
				"Scrivi per esempio «name: Scadenze — Cantieri Comuni», «event: Scadenza» e «label: Il calendario delle scadenze».")
		}
		if c.Place != "" {
			typed(append(at, "calendar", "place"), "calendar.place", c.Place, "")
		}
		for _, n := range []struct{ what, name string }{{"file", c.File}, {"all", c.All}} {
			if !layoutName.MatchString(n.name) {
				ps.add(append(at, "calendar", n.what), fmt.Sprintf("«calendar.%s» della sezione «%s» deve essere il nome di un file senza .ics (minuscole, cifre e trattini)", n.what, sec.Key),
					"Scrivi per esempio «file: scadenza» e «all: scadenze».")
			}
		}
	}
	// Who offers a page is one name, who made it a list of names: as text,
	// or as references to the pages of organisations.
	if f := sec.Field(sec.Promoter); sec.Promoter != "" && (f == nil || f.Type != TypeReference) {
		typed(append(at, "promoter"), "promoter", sec.Promoter, TypeString)
	}
	if f := sec.Field(sec.Partners); f != nil && f.Type == TypeReference {
		if !f.Multiple {
			ps.add(append(at, "partners"), fmt.Sprintf("«partners» della sezione «%s» indica il campo «%s», un reference con un solo valore", sec.Key, f.Key),
				"Indica un campo di tipo list, o un reference con «multiple: true».")
		}
	} else if sec.Partners != "" {
		typed(append(at, "partners"), "partners", sec.Partners, TypeList)
	}
	switch sec.SchemaOrg {
	case "", SchemaOrgArticle, SchemaOrgEvent:
	default:
		ps.add(append(at, "schema_org"), fmt.Sprintf("«schema_org: %s» della sezione «%s» non è un tipo che il generatore sa descrivere", sec.SchemaOrg, sec.Key),
			"Scrivi «schema_org: Article» o «schema_org: Event», o toglilo.")
	}
}

// The schema.org types a section's pages may be described as.
const (
	// SchemaOrgArticle describes a page as an article, by its authors
	// and partners, about its topics.
	SchemaOrgArticle = "Article"
	// SchemaOrgEvent describes a page with a lifecycle as an event from
	// its publication to the date that closes it, organised by its
	// promoter.
	SchemaOrgEvent = "Event"
)

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
