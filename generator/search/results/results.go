// Package results is the search page as its layout sees it: the words
// searched, the pages found, the filters and orders with the link that
// chooses each. Package search fills a View from a search; whatever
// renders the page (render.SearchPage, with the site's layouts) reads it.
// It holds data only, so that neither needs the other.
package results

import "html/template"

// View is what the search page (kind "search", layouts/search.html)
// shows. The build writes the page without a query (cerca/index.html);
// the search handler renders it for each query, with the same layouts.
type View struct {
	// Query is the text searched; Searched is false on the page written
	// by the build, before any search.
	Query    string
	Searched bool
	// Total counts the pages found; Hits are this page of them.
	Total int
	Hits  []Hit
	// Facets are the filter groups, in display order; Open is the
	// "solo opportunità aperte" filter, in a group of its own named
	// OpenLabel ("Stato dell’opportunità o dell’evento").
	Facets    []Facet
	Open      Value
	OpenLabel string
	// Ranges are the date ranges ("scade entro", the events' dates):
	// quick choices as links, and date fields.
	Ranges []Range
	// Active lists the filters set, each with the search without it.
	Active []Active
	// Sorts are the orders the reader can choose, the current one marked.
	Sorts []Value
	// Pager links the pages of results (nil for one page).
	Pager *Pager
	// ClearURL leads to the same words without any filter ("" when no
	// filter is set).
	ClearURL string
	// Error is an Italian message when the search could not run.
	Error string
	// Suggestion is the "Forse cercavi" of a search with few results:
	// words of the index near those typed, which find more pages, and
	// SuggestionURL their search ("" for none).
	Suggestion, SuggestionURL string
}

// Hit is one page found.
type Hit struct {
	URL, Title string
	// Section is the section's name ("Opportunità").
	Section string
	// Snippet is the text around the words found, escaped by the search
	// package, with the matches in <mark>.
	Snippet template.HTML
	// Date is the publication date in Italian ("" when the page shows
	// none); DateISO as YYYY-MM-DD; DateArticle the article before Date
	// ("il ", "l’").
	Date, DateISO, DateArticle string
	// Status is the page's status today, and Badge its phrase ("scade
	// tra 5 giorni"); nil and "" for pages without one.
	Status *Status
	Badge  string
}

// Status is a page's status at the time of the search.
type Status struct {
	// Key names the status in class names ("in-scadenza"), Label in
	// words ("in scadenza").
	Key, Label string
	// DaysLeft counts calendar days to the deadline (negative once past).
	DaysLeft int
}

// Facet is one filter group.
type Facet struct {
	// Key is the URL parameter; Label the group's heading.
	Key, Label string
	Values     []Value
	// Selected counts the values chosen.
	Selected int
}

// Active is a filter set, shown above the results with the link that
// removes it.
type Active struct {
	// Group is the name of the filter's group ("Argomenti"), Label the
	// value's ("Scuola").
	Group, Label string
	// URL is the search without this filter.
	URL string
}

// Value is one value of a filter, or one sort order.
type Value struct {
	Value, Label string
	// Count is the number of pages the value gives.
	Count    int
	Selected bool
	// URL is the search with the value toggled (no JavaScript needed).
	URL string
}

// Pager places one page of results among the others.
type Pager struct {
	// Number is this page (from 1), Total how many there are.
	Number, Total int
	// Prev and Next are the searches of the neighbours, "" at the ends.
	Prev, Next string
}

// Range is a date range: its quick choices, each a link with its count
// (the current one marked), and its date fields, which the form submits.
type Range struct {
	// Key is the parameter of the quick choices ("scade_entro",
	// "quando"); Label the group's heading ("Scadenza").
	Key, Label string
	// Choices are the quick choices; URL is the search with the choice.
	Choices []Value
	// Counted is set when the choices have counts (the page the build
	// writes has none: they are computed when the search runs).
	Counted bool
	// Fields are the date fields: "entro il", or "dal" and "al".
	Fields []DateField
	// Carry is the quick choice in force, which a hidden field of the
	// form carries to the next search ("" for none).
	Carry string
	// Chosen says the range in force in words ("" for none); Open is set
	// when the group is to be shown unfolded (a choice, or an error).
	Chosen string
	Open   bool
}

// DateField is a date field of a range.
type DateField struct {
	// ID is the element's id, Name the parameter, Label its words.
	ID, Name, Label string
	// Value is the day (YYYY-MM-DD, "" for none); Error says in Italian
	// what is wrong with what was given.
	Value, Error string
}
