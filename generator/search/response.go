package search

import (
	"cmp"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"cantiericomuni.it/banca/generator/italian"
	"cantiericomuni.it/banca/generator/site"
)

// What a search answers: the Response, its hits and its facets' values.

// Response is the answer to a search. It is also the JSON of /api/search.
type Response struct {
	// Query is the text searched, as cut to MaxQueryBytes.
	Query string `json:"query"`
	// Total counts every page that matches.
	Total int `json:"total"`
	// Page is this page of results (from 1); Pages how many there are.
	Page  int `json:"page"`
	Pages int `json:"pages"`
	// Sort is the order of the hits.
	Sort string `json:"sort"`
	Hits []Hit  `json:"hits"`
	// Facets maps a filter key to its values with their counts. Each
	// group's counts apply every other group's selection but not its
	// own, so picking a value does not zero the others.
	Facets map[string][]FacetValue `json:"facets"`
	// Suggestion is the "Forse cercavi" of a search with fewer than 3
	// hits: a query of words of the index, one or two edits from those
	// typed, that finds more pages (suggest.go); absent otherwise.
	Suggestion *Suggestion `json:"suggestion,omitempty"`
	// Ranges are the date ranges (ranges.go) with the count of each
	// quick choice.
	Ranges []RangeGroup `json:"ranges,omitempty"`

	// Request is the request answered.
	Request Request `json:"-"`
}

// Hit is one page found.
type Hit struct {
	URL     string `json:"url"`
	Title   string `json:"title"`
	Section string `json:"section"`
	// SectionLabel is the section's name ("Opportunità").
	SectionLabel string `json:"section_label"`
	// Snippet is HTML: the text around the words found, escaped, with the
	// matches in <mark>.
	Snippet string `json:"snippet"`
	// Date is the publication date (YYYY-MM-DD); DateText in Italian
	// ("3 marzo 2026", "" for pages that show no date) and DateArticle
	// the article before it ("il ", "l’": "Pubblicato l’8 marzo").
	Date        string `json:"date"`
	DateText    string `json:"date_text"`
	DateArticle string `json:"date_article,omitempty"`
	// Status is the opportunity's status today (aperta, in-scadenza,
	// scaduta, a-sportello), "" for other pages; StatusLabel its name.
	Status      string `json:"status,omitempty"`
	StatusLabel string `json:"status_label,omitempty"`
	// StatusText says it in a phrase: "in scadenza — scade tra 5 giorni".
	StatusText string `json:"status_text,omitempty"`
	// DaysLeft counts the days to the deadline (negative when past).
	DaysLeft int `json:"days_left,omitempty"`
	// Deadline is the deadline as written (YYYY-MM-DD, or with a time).
	Deadline string `json:"deadline,omitempty"`
}

// FacetValue is one value of a filter with the number of pages it would
// give.
type FacetValue struct {
	Value    string `json:"value"`
	Label    string `json:"label"`
	Count    int    `json:"count"`
	Selected bool   `json:"selected"`
}

// facetValues lists a facet's values with their counts, from the counts
// of the filter terms.
func facetValues(f *Facet, counts map[string]int, selected []string) []FacetValue {
	out := make([]FacetValue, 0, len(f.Values))
	prefix := f.Key + "/"
	for i, o := range f.Values {
		count := counts[prefix+o.Value]
		if count == 0 || slices.ContainsFunc(f.Values[:i], func(p Option) bool { return p.Value == o.Value }) {
			continue
		}
		label, _ := f.LabelOf(o.Value)
		out = append(out, FacetValue{Value: o.Value, Label: label, Count: count})
	}
	return orderFacet(f, out, selected)
}

// orderFacet marks the selected values (listing them even when they count
// none) and orders the values: the site's order for sections, most pages
// first for the others, then by label.
func orderFacet(f *Facet, vals []FacetValue, selected []string) []FacetValue {
	out := make([]FacetValue, 0, len(vals)+len(selected))
	listed := map[string]bool{}
	for _, v := range vals {
		listed[v.Value] = true
		v.Selected = contains(selected, v.Value)
		out = append(out, v)
	}
	for _, v := range selected {
		if !listed[v] {
			label, _ := f.LabelOf(v)
			out = append(out, FacetValue{Value: v, Label: label, Selected: true})
		}
	}
	if f.Key == SectionKey {
		order := map[string]int{}
		for i, o := range f.Values {
			order[o.Value] = i
		}
		slices.SortStableFunc(out, func(a, b FacetValue) int { return cmp.Compare(order[a.Value], order[b.Value]) })
		return out
	}
	type entry struct {
		v   FacetValue
		key string
	}
	entries := make([]entry, len(out))
	for i, v := range out {
		entries[i] = entry{v, labelKey(v.Label)}
	}
	slices.SortStableFunc(entries, func(a, b entry) int {
		return cmp.Or(cmp.Compare(b.v.Count, a.v.Count), strings.Compare(a.key, b.key))
	})
	for i, e := range entries {
		out[i] = e.v
	}
	return out
}

// hit decodes a stored page and computes its status at now.
func (ix *Index) hit(stored any, c *compiled, now time.Time) Hit {
	var sd storedDoc
	if s, ok := stored.(string); ok {
		_ = json.Unmarshal([]byte(s), &sd)
	}
	h := Hit{URL: sd.URL, Title: sd.Title, Section: sd.Section, SectionLabel: ix.Meta.SectionLabel(sd.Section),
		Deadline: sd.Deadline, Snippet: snippet(sd.Summary, sd.Excerpt, c.shown())}
	if t, err := time.Parse(time.RFC3339, sd.Date); err == nil {
		h.Date = t.In(ix.loc).Format(time.DateOnly)
		if ix.Meta.sectionShowsDates(sd.Section) {
			h.DateText = italian.LongDate(t.In(ix.loc))
			h.DateArticle = italian.DayArticle(t.In(ix.loc).Day())
		}
	}
	if lc := ix.Meta.Lifecycles[sd.Section]; lc != nil {
		m := site.Moments{Start: parseStored(sd.Start, ix.loc), Closes: parseStored(sd.Deadline, ix.loc), Done: sd.Done}
		if st := site.StatusAt(lc, m, now); st != nil {
			h.Status, h.StatusLabel, h.DaysLeft = st.Key, st.Label, st.DaysLeft
			h.StatusText = st.Phrase(m.Closes)
		}
	}
	return h
}
