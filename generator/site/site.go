// Package site assembles the loaded pages into the shape of the site:
// sections, taxonomies and their terms, the cantiere hubs, opportunity
// status against the build date, related pages with the reason they were
// chosen, and the redirects kept for aliases. It produces no HTML.
package site

import (
	"html/template"
	"sync"
	"time"

	"cantiericomuni.it/banca/generator/content"
	"cantiericomuni.it/banca/generator/schema"
)

// Site is the assembled site, ready to render.
type Site struct {
	Schema *schema.Schema
	// Config is Schema.Site, for templates.
	Config schema.Site
	// Now is the build instant, in the site's zone (Europe/Rome).
	Now time.Time
	// Pages are the published pages, newest first (weight, then date,
	// then title).
	Pages []*Page
	// Sections in schema order.
	Sections []*Section
	// Taxonomies in schema order.
	Taxonomies []*Taxonomy
	// Redirects from aliases, sorted by From.
	Redirects []Redirect
	// Footer links pages from the footer of every page, in order (see
	// schema.Footer).
	Footer []FooterLink
	// Synonyms are the bank's groups of equivalent words
	// (content/sinonimi.yaml), each as written: the search expands
	// queries with them. The pipeline sets them after assembling.
	Synonyms [][]string
	// Calendar is the calendar of the whole site, nil when the schema
	// declares none (site.calendar).
	Calendar *Calendar
	// NextStatusChange is the next instant at which a page's
	// status, or the days left its badge counts, will change (zero when
	// none will): a rebuild is due then.
	NextStatusChange time.Time
	// ItemLists are the records of every records field with a
	// lifecycle, with their statuses (items.go), in schema order.
	ItemLists []*ItemList
	// Contents, when set, holds the HTML of the pages whose Content a
	// build did not keep in memory (a single build keeps it on disk until
	// the page is written); Content asks it.
	Contents Contents

	byURL map[string]*Page
	// open caches Open: the site does not change once assembled.
	openOnce sync.Once
	open     []*Page
	// linksOnce makes openLists and calendars (OpenLists, Calendars),
	// which every page's footer shows.
	linksOnce sync.Once
	openLists []SectionLink
	calendars []SectionLink
}

// Contents gives the HTML of a page that does not carry it in memory.
type Contents interface {
	Content(p *Page) template.HTML
}

// Content returns the HTML of p's text: p.Content, or what the site's
// Contents holds for it.
func (s *Site) Content(p *Page) template.HTML {
	if s.Contents != nil && p.Content == "" {
		return s.Contents.Content(p)
	}
	return p.Content
}

// Page is a published page with its place in the site.
type Page struct {
	*content.Page
	Section *Section
	// Status is set for pages of a section with a lifecycle (opportunità).
	Status *Status
	// Fields are the section's own fields that the page sets, in schema
	// order, ready to show.
	Fields []Field
	// Terms are the page's taxonomy terms, in schema order.
	Terms []TermGroup
	// Related pages, best first, with the reason each was chosen.
	Related []Related
	// Answers are the pages that could answer this one, best first, with
	// the reason each was chosen (schema.Answers: a need's possible
	// answers).
	Answers []Related
	// Hub is set on cantiere pages: the term whose page this is.
	Hub *Term
	// Backlinks are the pages that name this one in a reference field,
	// grouped by their section (in schema order) and field (in the
	// section's order), each group in the site's order.
	Backlinks []Backlinks
	// Owned are the records with a lifecycle whose owner field names
	// this page (the actions an ente owns), one group per list.
	Owned []OwnedItems

	// index is the page's position in Site.Pages (Replace maps with it).
	index int
}

// Field is one section-specific field of a page, for display.
type Field struct {
	Key   string
	Label string
	Type  string
	// Value is string, []string, schema.Date, bool or int; []Reference
	// for a reference field, *Records for a records field.
	Value any
}

// TermGroup lists a page's terms of one taxonomy.
type TermGroup struct {
	Taxonomy *Taxonomy
	Terms    []*Term
}

// Related is a page suggested under "Ti potrebbe interessare".
type Related struct {
	Page *Page
	// Reason says why, in Italian: "stesso argomento: povertà educativa".
	Reason string
	Score  int
}

// Status is the state of a page with a lifecycle (an opportunity's
// aperta, in scadenza, scaduta, a sportello) at the build instant.
type Status struct {
	// Key is the state's key (schema.State.Key: "in-scadenza").
	Key string
	// Label is the Italian word shown in badges ("in scadenza").
	Label string
	// Role is the state's role in its lifecycle (schema.RoleSoon).
	Role string
	// State is the declaration of the state.
	State *schema.State
	// At is the date the state refers to (the deadline, an event's
	// start or end), nil when there is none.
	At *schema.Date
	// DaysLeft counts calendar days from the build date to At (0 on the
	// day itself; negative when past). Zero without one.
	DaysLeft int
}

// Closed reports whether the status ends the page's life (an opportunity
// scaduta, an event concluso, an action fatta).
func (st *Status) Closed() bool { return st != nil && schema.ClosedRole(st.Role) }

// Section is one content section with its pages, newest first.
type Section struct {
	Key, Label, Singular, Description string
	// URL is the site path of the section's list, "" when it has none
	// (schema.Section.List).
	URL    string
	Pages  []*Page
	Schema *schema.Section
}

// Taxonomy is one classification with its terms, sorted by name.
type Taxonomy struct {
	Key, Label, Singular string
	URL                  string
	Terms                []*Term
	Schema               *schema.Taxonomy
}

// Term is one value of a taxonomy with the pages that carry it.
type Term struct {
	Taxonomy *Taxonomy
	// Value is the value as declared ("povertà educativa", "ferrara").
	Value string
	// Name is the display name: the value with a capital initial, or the
	// title of the hub page for cantieri.
	Name string
	Slug string
	URL  string
	// Pages carrying the term, newest first (the hub page itself excluded).
	Pages []*Page
	// Hub is the page that is this term's page (cantieri), or nil.
	Hub *Page
}

// FooterLink is a page linked from the footer. It is a plain value, so
// that a site assembled without its pages (the search function's) can be
// given the footer of the real one.
type FooterLink struct {
	Title string `json:"title"`
	URL   string `json:"url"`
}

// Redirect is a permanent redirect kept for an alias.
type Redirect struct {
	From, To string
}

// Page returns the published page at url, or nil.
func (s *Site) Page(url string) *Page { return s.byURL[url] }

// Section returns the section with key, or nil.
func (s *Site) Section(key string) *Section {
	for _, sec := range s.Sections {
		if sec.Key == key {
			return sec
		}
	}
	return nil
}

// Taxonomy returns the taxonomy with key, or nil.
func (s *Site) Taxonomy(key string) *Taxonomy {
	for _, t := range s.Taxonomies {
		if t.Key == key {
			return t
		}
	}
	return nil
}

// Open returns the pages of sections with a lifecycle that are still
// open (an opportunity aperta, in scadenza, a sportello), nearest closing
// first, those without a closing date last. The slice is shared: callers must not modify it.
func (s *Site) Open() []*Page {
	s.openOnce.Do(func() { s.open = openPages(s.Pages) })
	return s.open
}

// Index returns the page's position in its site's Pages: a dense number
// that callers can index slices with.
func (p *Page) Index() int { return p.index }
