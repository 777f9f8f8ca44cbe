package search

import (
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Limits on what a request may ask, so that no query costs more than a
// reader's search should.
const (
	// MaxQueryBytes caps the query text; longer text is cut at a word.
	MaxQueryBytes = 200
	// maxTerms caps the words of a query that are searched.
	maxTerms = 10
	// maxValues caps the values of one filter.
	maxValues = 30
	// maxPage caps the page number.
	maxPage = 500
)

// The sort orders.
const (
	SortRelevance = "relevance" // best match first (the default with words)
	SortDate      = "date"      // newest first (the default without words)
	SortDeadline  = "deadline"  // open opportunities, nearest deadline first
)

// Request is a reader's search, as the URL carries it:
// q=bandi+giovani&argomenti=giovani&argomenti=scuola&aperte=si&page=2&sort=date.
type Request struct {
	// Query is the text typed.
	Query string
	// Filters maps a facet key to its selected values: several values
	// of one facet mean any of them; facets combine with each other.
	Filters map[string][]string
	// Open keeps only the opportunities still open today.
	Open bool
	// Page is the page of results, from 1.
	Page int
	// Sort is one of SortRelevance, SortDate, SortDeadline.
	Sort string
	// Closing is "scade entro" (ClosingKey): a quick choice of
	// ClosingChoices or a day, YYYY-MM-DD; "" for none.
	Closing string
	// When is a quick choice of the events' dates (WhenChoices); From
	// and To are the first and last days of the events' range
	// (YYYY-MM-DD, "" for none), which win over When.
	When, From, To string
	// RangeErrors maps a parameter of the date ranges to what is wrong
	// with the value the reader gave, in Italian; the value is ignored.
	RangeErrors map[string]string
}

// ParseRequest reads a request from URL parameters. It never fails: values
// it does not know (a filter value not in the index, a page that is not a
// number, an unknown sort) are dropped, and the query is cut to
// MaxQueryBytes.
func (m *Meta) ParseRequest(v url.Values) Request {
	r := Request{Query: clip(strings.TrimSpace(v.Get("q")), MaxQueryBytes), Page: 1}
	for _, f := range m.Facets {
		for _, val := range v[f.Key] {
			if _, ok := f.LabelOf(val); ok && !contains(r.Filters[f.Key], val) && len(r.Filters[f.Key]) < maxValues {
				if r.Filters == nil {
					r.Filters = map[string][]string{}
				}
				r.Filters[f.Key] = append(r.Filters[f.Key], val)
			}
		}
	}
	switch strings.ToLower(v.Get(OpenKey)) {
	case "si", "sì", "1", "true", "on":
		r.Open = true
	}
	if p, err := strconv.Atoi(v.Get("page")); err == nil && p > 0 {
		r.Page = min(p, maxPage)
	}
	switch s := v.Get("sort"); s {
	case SortRelevance, SortDate, SortDeadline:
		r.Sort = s
	}
	r.parseRanges(v)
	return r
}

// parseRanges reads the date ranges of v into r. A day typed in the form
// wins over the quick choice the form carries (the same parameter twice:
// a hidden field and the date field); a value that is not a day is
// reported in RangeErrors and ignored, as are days from after to.
func (r *Request) parseRanges(v url.Values) {
	fail := func(key, msg string) {
		if r.RangeErrors == nil {
			r.RangeErrors = map[string]string{}
		}
		r.RangeErrors[key] = msg
	}
	for i, val := range v[ClosingKey] {
		if i == maxValues {
			break
		}
		val = strings.TrimSpace(val)
		if _, ok := quick(ClosingChoices, val); ok {
			if r.Closing == "" {
				r.Closing = val
			}
			continue
		}
		if val == "" {
			continue
		}
		d, msg := parseDay(val)
		if msg != "" {
			if r.RangeErrors[ClosingKey] == "" {
				fail(ClosingKey, msg)
			}
			continue
		}
		r.Closing = d.String()
		break
	}
	if q, ok := quick(WhenChoices, strings.TrimSpace(v.Get(WhenKey))); ok {
		r.When = q.Value
	}
	days := map[string]*day{}
	for _, key := range []string{FromKey, ToKey} {
		val := strings.TrimSpace(v.Get(key))
		if val == "" {
			continue
		}
		d, msg := parseDay(val)
		if msg != "" {
			fail(key, msg)
			continue
		}
		days[key] = &d
	}
	if from, to := days[FromKey], days[ToKey]; from != nil && to != nil && to.before(*from) {
		fail(ToKey, "La data finale viene prima di quella iniziale: correggi una delle due.")
		return
	}
	if d := days[FromKey]; d != nil {
		r.From = d.String()
	}
	if d := days[ToKey]; d != nil {
		r.To = d.String()
	}
	if r.From != "" || r.To != "" {
		r.When = ""
	}
}

// HasRanges reports whether a date range is set.
func (r Request) HasRanges() bool {
	return r.Closing != "" || r.When != "" || r.From != "" || r.To != ""
}

// Values is the request as URL parameters, in a stable order: the inverse
// of ParseRequest. Empty parts are left out, except q, which is always
// there (the hosting routes /cerca/ to the search handler by it).
func (r Request) Values(m *Meta) url.Values {
	v := url.Values{"q": {r.Query}}
	for _, f := range m.Facets {
		if vals := r.Filters[f.Key]; len(vals) > 0 {
			v[f.Key] = append([]string(nil), vals...)
		}
	}
	if r.Open {
		v.Set(OpenKey, "si")
	}
	for key, val := range map[string]string{ClosingKey: r.Closing, WhenKey: r.When, FromKey: r.From, ToKey: r.To} {
		if val != "" {
			v.Set(key, val)
		}
	}
	if r.Sort != "" {
		v.Set("sort", r.Sort)
	}
	if r.Page > 1 {
		v.Set("page", strconv.Itoa(r.Page))
	}
	return v
}

// Selected reports whether value is selected in facet key.
func (r Request) Selected(key, value string) bool { return contains(r.Filters[key], value) }

// Toggle returns a copy of r with value of facet key selected if it was
// not, and not if it was, back on page 1.
func (r Request) Toggle(key, value string) Request {
	out := r
	out.Page = 1
	out.Filters = make(map[string][]string, len(r.Filters)+1)
	for k, vals := range r.Filters {
		out.Filters[k] = append([]string(nil), vals...)
	}
	if contains(r.Filters[key], value) {
		var keep []string
		for _, v := range r.Filters[key] {
			if v != value {
				keep = append(keep, v)
			}
		}
		out.Filters[key] = keep
	} else {
		out.Filters[key] = append(out.Filters[key], value)
	}
	return out
}

// HasFilters reports whether any filter is set.
func (r Request) HasFilters() bool {
	if r.Open || r.HasRanges() {
		return true
	}
	for _, vals := range r.Filters {
		if len(vals) > 0 {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// clip cuts s to at most n bytes, at a word boundary when it can.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	if i := strings.LastIndexAny(s[:cut], " \n"); i > n/2 {
		cut = i
	}
	return strings.TrimSpace(s[:cut])
}
