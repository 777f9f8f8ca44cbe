package render

import (
	"html/template"
	"strconv"
	"strings"

	"cantiericomuni.it/banca/generator/search/results"
	"cantiericomuni.it/banca/generator/site"
)

// View is what every layout receives as dot. Fields that do not apply to a
// page kind are nil or empty.
type View struct {
	Site *site.Site
	// Kind is the page kind: one of Kinds, or the layout a section
	// declares for its pages (schema.yaml: layout).
	Kind string
	// Title is the document title (<title>), unique per page:
	// "Bando X — Banca delle risorse e delle buone pratiche".
	Title string
	// Heading is the text of the page's only h1.
	Heading string
	// Description is the meta description (a summary or a section's
	// description).
	Description string
	// URL is the page's site path; Canonical the absolute URL of it, ""
	// for pages without one (404).
	URL       string
	Canonical string
	// Feeds are the RSS feeds announced in <head>, the site's first.
	Feeds *Feeds
	// Breadcrumb goes from the home to the page itself; nil on the home
	// and the 404 page.
	Breadcrumb *Breadcrumb
	// Section is the section the page belongs to or lists.
	Section *site.Section
	// Taxonomy and Term are set on taxonomy and term pages (Taxonomy also
	// on the cantieri list, which is the cantieri taxonomy's index).
	Taxonomy *site.Taxonomy
	Term     *site.Term
	// Entry and Doc are the page shown (page and hub kinds): Entry what
	// its header shows, Doc the rest.
	Entry *Entry
	Doc   *Doc
	// Items are the pages of this page of a paginated list.
	Items []*Entry
	// Pager is set on paginated kinds (list, term, hub).
	Pager *Pager
	// Terms are the entries of a taxonomy index: one link per term (or
	// per cantiere hub) with its count of pages.
	Terms []Link
	// Open are the first open opportunities, nearest deadline first (home,
	// hub); OpenTotal counts them all, and OpenURL is a list of them all.
	Open      []*Entry
	OpenTotal int
	OpenURL   string
	// ItemList is set on the lists of open records (items.go); ItemLinks
	// on a section's list, the links to the lists of its open records
	// with their counts.
	ItemList  *ItemsView
	ItemLinks []Link
	// Home holds the blocks of the home page.
	Home *Home
	// Nav is the site's navigation.
	Nav *Nav
	// Masthead and Footer are the page's header and footer (frame.go),
	// shared by the pages that show the same ones.
	Masthead *Masthead
	Footer   *Footer
	// Calendar is set on the pages of the site's calendar.
	Calendar *CalendarView
	// Search is set on the search page.
	Search *results.View
	// Count is how many pages the list shown has, over all its pages
	// (list, term and hub kinds).
	Count int
	// Filters are the links that narrow or widen the list shown, each
	// group one dimension (stato, tipo, sezione); the link to the list
	// itself has Current set.
	Filters Filters
	// Places are the filters of a section's lists by place, nil on other
	// lists.
	Places *Places
	// Sorts are the orders the list shown can be read in, each a link to
	// the list in that order (the one shown has Current set); set on the
	// list of a section with deadlines and on the same newest first.
	Sorts []Link
	// Note says how the list shown is ordered, when that is not plain.
	Note string
	// Groups are the items of a list of a section grouped by a field
	// (schema.yaml: group_by), by value; Items holds them too.
	Groups []ListGroup
	// Network is the picture of the network, with its table, on the
	// first page of the list of a section that declares one and of a hub.
	Network *NetworkView
	// OGType is the OpenGraph type: "article" for pages, "website"
	// elsewhere.
	OGType string
	// JSONLD is the schema.org description of the page (an Article or an
	// Event), nil when none fits; html/template marshals it as JSON.
	JSONLD any

	rn *run               // the build, for Asset
	t  *template.Template // the layout set being executed, for Cached
}

// Nav is the site's navigation as seen from one place: the sections, then
// the search page. Pages in the same place share one *Nav.
type Nav struct {
	Links []NavLink

	partials partialCache
}

// NavLink is a link of the site's navigation.
type NavLink struct {
	Name, URL string
	// Current is the aria-current value: "page" on the page the link
	// leads to, "true" on the pages under it, "" elsewhere.
	Current string
}

// Places are the filters of a section's lists by place (cantiere,
// territorio): links to the lists of the section's pages there, the same
// on every list of the section (layouts render them through Cached).
type Places struct {
	// Title names them: "Filtra per cantiere o territorio".
	Title  string
	Groups []FilterGroup

	partials partialCache
}

// Filters are the filters of one list, each group one dimension. The
// pages of a paginated list share one Filters (the same backing array),
// which layouts render through View.Cached.
type Filters []FilterGroup

// FilterGroup is one dimension of a list's filters: "Tipo" with a link
// per value, each with its count of pages.
type FilterGroup struct {
	Label string
	Links []Link
}

// Home holds the blocks of the home page (its open pages, the open
// opportunities, are View.Open).
type Home struct {
	// Latest are the blocks of the newest pages of a section (the newest
	// buone pratiche, protocolli), as schema.yaml declares them (site.home),
	// each with pages.
	Latest []HomeLatest
	// Cantieri links the cantiere hubs, with the count of their pages;
	// AllCantieri, set when they are more than the home shows, their list.
	Cantieri    []Link
	AllCantieri *Link
	// Sections links every section, with the count of its pages.
	Sections []Link
	// Taxonomies links the index of every taxonomy but the cantieri,
	// with the count of its terms.
	Taxonomies []Link
}

// HomeLatest is a block of the home page with the newest pages of Section.
type HomeLatest struct {
	Section *site.Section
	// Heading is the block's title, All the name of the link to the
	// section's list ("Tutti i protocolli").
	Heading, All string
	Items        []*Entry
}

// Link is a named link: a breadcrumb step, a feed, a term or a section, with
// a count of pages where it leads to a list.
type Link struct {
	Name string
	URL  string
	// Count is the number of pages listed there.
	Count int
	// Summary is a line shown under the link (a description).
	Summary string
	// Current marks the page itself in a breadcrumb.
	Current bool
}

// Breadcrumb is the path from the home to the page shown: the links of
// Trail, then Here, the page's own name.
type Breadcrumb struct {
	Trail *Trail
	Here  string
}

// Trail is the start of a breadcrumb, from the home to the page shown
// (excluded): the same on every page of a section, of a list, of a term.
// One per path and build, rendered through View.Cached.
type Trail struct {
	Links []Link

	partials partialCache
}

// Pager places one page of a paginated list.
type Pager struct {
	// Number is this page (from 1), Total how many there are.
	Number, Total int
	// Prev and Next are the site paths of the neighbours, "" at the ends.
	Prev, Next string
}

// Entry is a page as lists and headers show it, computed once per build and
// shared by every list the page appears in. The page's own fields that
// layouts use most are copied here, so that templates find them without
// walking embedded structs.
type Entry struct {
	// Page is the page itself, for anything else.
	Page *site.Page
	// Title, URL and Summary are the page's.
	Title, URL, Summary string
	// AbsURL is the page's absolute URL.
	AbsURL string
	// Status is an opportunity's status, nil for other pages.
	Status *site.Status
	// Published is the publication date in Italian ("12 agosto 2026"),
	// PublishedISO its YYYY-MM-DD, PublishedArticle "il " or "l’" to put
	// before it.
	Published, PublishedISO, PublishedArticle string
	// Updated is Lastmod likewise, "" when the page sets none.
	Updated, UpdatedISO, UpdatedArticle string
	// Byline joins the authors: "Anna Rossi e Luca Bianchi".
	Byline string
	// Badge is an opportunity's status phrase ("aperta — scade tra 5
	// giorni"), "" for other pages.
	Badge string
	// DeadlineText ("15 dicembre 2026, ore 12:00") and DeadlineISO are set
	// when the page has a date that closes it in its lifecycle (a
	// deadline), DeadlineLabel to the label of that field ("Scadenza").
	DeadlineText, DeadlineISO, DeadlineLabel string
	// CalendarURL is the page's scadenza.ics, set while the deadline is
	// still ahead.
	CalendarURL string
	// CardBadge is the status as cards show it: Badge, but only the word
	// for a closed page ("scaduta"), whose deadline the card shows beside.
	CardBadge string
	// Kinds and Facts are what a card shows to help choose among pages
	// (cards.go): Kinds the values of the section's facet fields with a
	// pick-list, shown as words of their own ("Bando", "In vigore");
	// Facts the other facet fields and the page's cantieri, with their
	// labels ("Ente promotore: Comune di Imola", "Cantieri: Ferrara, Imola").
	Kinds, Facts []Fact

	partials partialCache
}

// Fact is one thing a card says of a page.
type Fact struct {
	Key, Label, Text string
}

// Doc is what a page shown in full adds to its Entry.
type Doc struct {
	// Content is the page's body, converted and already safe.
	Content template.HTML
	// ShowSummary is true when the summary was written in the front
	// matter, so it is not already the body's first paragraph.
	ShowSummary bool
	// Fields are the section fields to list under the page's header
	// (in a section with a box, those the box does not already show).
	Fields []FieldView
	// Records are the section's records fields the page sets, each shown
	// as a table of its own (FieldView.Records).
	Records []FieldView
	// Backlinks are the pages that name this one in a reference field,
	// grouped by section and field ("Collegati a questa pagina").
	Backlinks []Backlinks
	// Owned are the records with a lifecycle whose owner field names
	// the page (an ente's actions), one block per list.
	Owned []OwnedView
	// HeadedBacklinks are the groups of pages that name this one through a
	// field declaring a heading of its own (schema: backlinks), each
	// shown under it ("Risponde a questi bisogni").
	HeadedBacklinks []Backlinks
	// Box are the rows of the section's "In breve" box (schema.Box), in
	// order, and HasBox says the section has one.
	Box    []FieldView
	HasBox bool
	// Terms are the page's terms, grouped by taxonomy in schema order.
	Terms []*TermLinks
	// Related are the pages suggested under "Ti potrebbe interessare".
	Related []*RelatedEntry
	// Answers are the pages that could answer this one (schema.Answers),
	// best first, each with its reason, under AnswersTitle
	// ("Potrebbero rispondere").
	Answers      []*RelatedEntry
	AnswersTitle string
	// Link is the address of the box's link (an opportunity's official
	// page), when it is a safe http(s) address.
	Link string
	// LinkText is the text of the button to Link (schema.Box.Button).
	LinkText string

	all []FieldView
}

// Field returns the page's field with key, or nil.
func (d *Doc) Field(key string) *FieldView {
	for i := range d.all {
		if d.all[i].Key == key {
			return &d.all[i]
		}
	}
	return nil
}

// FieldView is a section field ready to show: exactly one of Text (with
// Href for links, ISO for dates, Lines for text of several lines, Parts
// for contacts), List, Refs and Records is meaningful.
type FieldView struct {
	Key, Label, Type string
	// Text is the value as text (dates in Italian, "sì"/"no").
	Text string
	// Href is set for url fields holding a safe http(s) address.
	Href string
	// ISO is the machine-readable date for date fields.
	ISO string
	// Lines splits Text at its line breaks, for text fields of more than
	// one line (shown with <br>).
	Lines []string
	// List holds the values of list fields.
	List []string
	// Parts are the value of email, phone and contacts fields: text and
	// links to write, call or visit.
	Parts []Part
	// Refs are the values of a reference field: links to the pages named,
	// by title (a value naming no page has no URL and shows as text).
	Refs []Link
	// Records is the value of a records field, as a table.
	Records *RecordsView
	// Filter is the site path of the list of the section's pages with the
	// same value, for pick-list fields that are facets ("tipo: bando"
	// links to /opportunita/tipo/bando/); Slug is the value as a URL
	// segment, for pick-list fields, also used as a class name.
	Filter, Slug string
	// When marks the box's row of the date that closes the page in its
	// lifecycle (a deadline), with Class, the label as a class name;
	// Empty is what a box row says without a value (schema.Field.Empty).
	When         bool
	Class, Empty string
}

// Part is a piece of a contact value: text, a link (Href set), or a line
// break.
type Part struct {
	Text string
	// Href is a mailto:, tel: or http(s) address built from a checked
	// value, safe to use as a link as it is.
	Href template.URL
	// Break is a line break between the lines of the value.
	Break bool
}

// TermLinks are a page's terms of one taxonomy, shared by the pages that
// have the same (layouts render them through View.Cached).
type TermLinks struct {
	Taxonomy *site.Taxonomy
	// Label is the taxonomy's label ("Argomenti").
	Label string
	Terms []Link

	partials partialCache
}

// RelatedEntry is a suggested page with the reason it was chosen, one per
// build for each page and reason (layouts render it through View.Cached).
type RelatedEntry struct {
	Title, URL string
	Entry      *Entry
	// Reason says why, in Italian: "stesso argomento: povertà educativa".
	Reason string

	partials partialCache
}

// pageCount returns how many pages of size items a list of n items needs
// (at least one, so that an empty list still has its page).
func pageCount(n, size int) int {
	if n <= size {
		return 1
	}
	return (n + size - 1) / size
}

// pageURL is the site path of page i (from 1) of the list at base.
func pageURL(base string, i int) string {
	if i <= 1 {
		return base
	}
	return base + "page/" + strconv.Itoa(i) + "/"
}

// newPager places page i of total of the list at base.
func newPager(base string, i, total int) *Pager {
	p := &Pager{Number: i, Total: total}
	if i > 1 {
		p.Prev = pageURL(base, i-1)
	}
	if i < total {
		p.Next = pageURL(base, i+1)
	}
	return p
}

// window returns the items of page i (from 1).
func window[T any](items []T, i, size int) []T {
	lo := (i - 1) * size
	hi := min(lo+size, len(items))
	if lo >= hi {
		return nil
	}
	return items[lo:hi:hi]
}

// window returns the entries of page i of a paginated list of pages.
func (rn *run) window(pages []*site.Page, i int) []*Entry {
	if w := window(pages, i, rn.size); w != nil {
		return rn.entriesOf(w)
	}
	return nil
}

// fileOf returns the index.html of a site path: "/a/b/" → "a/b/index.html".
func fileOf(url string) string {
	return strings.TrimPrefix(url, "/") + "index.html"
}
