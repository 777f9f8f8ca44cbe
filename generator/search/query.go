package search

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"cantiericomuni.it/banca/generator/render"
	"cantiericomuni.it/banca/generator/schema"
	"cantiericomuni.it/banca/generator/site"
)

// Index is an open search bundle, safe for concurrent searches.
type Index struct {
	// Meta describes the index: its filters and settings.
	Meta *Meta
	idx  bleve.Index
	loc  *time.Location
	// shared is set on the views of a Live index, which closes itself.
	shared bool
}

// Open opens the search bundle in dir (written by Build) read-only.
func Open(dir string) (*Index, error) {
	meta, err := readMeta(dir)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, errNoIndex
		}
		return nil, fmt.Errorf("indice di ricerca: %w", err)
	}
	idx, err := bleve.OpenUsing(filepath.Join(dir, IndexDir), map[string]any{"read_only": true})
	if err != nil {
		return nil, fmt.Errorf("indice di ricerca: %w", err)
	}
	return &Index{Meta: meta, idx: idx, loc: meta.Location()}, nil
}

// Close closes the index.
func (ix *Index) Close() error {
	if ix.shared {
		return nil
	}
	return ix.idx.Close()
}

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
	// ("3 marzo 2026").
	Date     string `json:"date"`
	DateText string `json:"date_text"`
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

// compiled is a request turned into bleve queries.
type compiled struct {
	text    query.Query // the words, nil for none
	terms   []queryTerm
	filters map[string]query.Query // one per facet with a selection
	open    query.Query            // the "aperte" filter, nil when off
	now     time.Time
}

// queryTerm is one analysed word of the query and how loosely it matches.
type queryTerm struct {
	stem   string
	fuzzy  bool // one edit allowed
	prefix bool // the last word, maybe still being typed
}

// Search answers r at instant now (opportunity status and "aperte" are
// computed against it).
func (ix *Index) Search(ctx context.Context, r Request, now time.Time) (*Response, error) {
	now = now.In(ix.loc)
	c := ix.compile(r, now)
	res := &Response{Query: r.Query, Page: max(r.Page, 1), Request: r, Facets: map[string][]FacetValue{}}
	res.Sort = r.Sort
	if res.Sort == "" {
		res.Sort = SortRelevance
		if c.text == nil {
			res.Sort = SortDate
		}
	}
	if r.Query != "" && c.text == nil {
		// Only stop words or punctuation: nothing to search for.
		res.Hits = []Hit{}
		ix.emptyFacets(res, r)
		return res, nil
	}
	size := max(ix.Meta.PageSize, 1)
	from := (res.Page - 1) * size

	// The main search: hits, total, and the facets without a selection.
	main := bleve.NewSearchRequestOptions(c.query(""), size, from, false)
	main.Fields = []string{fieldDoc}
	switch res.Sort {
	case SortDate:
		main.SortBy([]string{"-" + fieldDate, "_id"})
	case SortDeadline:
		main.Size = 0 // the hits come from two searches, below
	}
	// Relevance is bleve's default order (score only: a secondary key
	// would read a column for every match).
	main.AddFacet(fieldFilters, bleve.NewFacetRequest(fieldFilters, ix.Meta.filterValues()))

	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		firstEr error
		side    = map[string]*bleve.SearchResult{}
	)
	fail := func(err error) {
		mu.Lock()
		if firstEr == nil {
			firstEr = err
		}
		mu.Unlock()
	}
	// One search per facet with a selection, without it, for its counts.
	for _, f := range ix.Meta.Facets {
		if len(r.Filters[f.Key]) == 0 {
			continue
		}
		wg.Go(func() {
			sr := bleve.NewSearchRequestOptions(c.query(f.Key), 0, 0, false)
			sr.Score = "none"
			sr.AddFacet(fieldFilters, bleve.NewFacetRequest(fieldFilters, ix.Meta.filterValues()))
			out, err := ix.idx.SearchInContext(ctx, sr)
			if err != nil {
				fail(err)
				return
			}
			mu.Lock()
			side[f.Key] = out
			mu.Unlock()
		})
	}
	var mainRes *bleve.SearchResult
	wg.Go(func() {
		out, err := ix.idx.SearchInContext(ctx, main)
		if err != nil {
			fail(err)
			return
		}
		mainRes = out
	})
	wg.Wait()
	if firstEr != nil {
		return nil, firstEr
	}
	res.Total = int(mainRes.Total)
	res.Pages = (res.Total + size - 1) / size

	matches := mainRes.Hits
	if res.Sort == SortDeadline {
		var err error
		if matches, err = ix.byDeadline(ctx, c, from, size); err != nil {
			return nil, err
		}
	}
	res.Hits = make([]Hit, 0, len(matches))
	for _, m := range matches {
		res.Hits = append(res.Hits, ix.hit(m.Fields[fieldDoc], c, now))
	}

	for _, f := range ix.Meta.Facets {
		fr := mainRes.Facets[fieldFilters]
		if out, ok := side[f.Key]; ok {
			fr = out.Facets[fieldFilters]
		}
		res.Facets[f.Key] = facetValues(f, fr, r.Filters[f.Key])
	}
	res.Facets[OpenKey] = []FacetValue{{Value: "si", Label: "Solo opportunità aperte",
		Count: openAmong(mainRes.Facets[fieldFilters], now), Selected: r.Open}}
	return res, nil
}

// byDeadline returns one page of hits in deadline order: the open
// opportunities first, nearest deadline first (those without one, a
// sportello, after them), then everything else, newest first.
func (ix *Index) byDeadline(ctx context.Context, c *compiled, from, size int) ([]*bsearch.DocumentMatch, error) {
	upcoming := closesFrom(c.now)
	first := bleve.NewSearchRequestOptions(and(c.query(""), upcoming), size, from, false)
	first.Fields = []string{fieldDoc}
	first.SortBy([]string{fieldCloses, "-" + fieldDate, "_id"})
	a, err := ix.idx.SearchInContext(ctx, first)
	if err != nil {
		return nil, err
	}
	hits := a.Hits
	if len(hits) >= size {
		return hits, nil
	}
	restQ := bleve.NewBooleanQuery()
	restQ.AddMust(c.query(""))
	restQ.AddMustNot(upcoming)
	rest := bleve.NewSearchRequestOptions(restQ, size-len(hits), max(0, from-int(a.Total)), false)
	rest.Fields = []string{fieldDoc}
	rest.SortBy([]string{"-" + fieldDate, "_id"})
	b, err := ix.idx.SearchInContext(ctx, rest)
	if err != nil {
		return nil, err
	}
	return append(hits, b.Hits...), nil
}

// openAmong counts the opportunities still open at now among the matches
// whose filter values fr counts: those that close after now (the site's
// rule: an opportunity is closed from its closing instant on).
func openAmong(fr *bsearch.FacetResult, now time.Time) int {
	if fr == nil || fr.Terms == nil {
		return 0
	}
	cut := closesPrefix + now.UTC().Format(closesLayout)
	n := 0
	for _, t := range fr.Terms.Terms() {
		if strings.HasPrefix(t.Term, closesPrefix) && t.Term > cut {
			n += t.Count
		}
	}
	return n
}

// emptyFacets fills res with every filter and no counts.
func (ix *Index) emptyFacets(res *Response, r Request) {
	for _, f := range ix.Meta.Facets {
		res.Facets[f.Key] = facetValues(f, nil, r.Filters[f.Key])
	}
	res.Facets[OpenKey] = []FacetValue{{Value: "si", Label: "Solo opportunità aperte", Selected: r.Open}}
}

// compile turns r into queries.
func (ix *Index) compile(r Request, now time.Time) *compiled {
	c := &compiled{filters: map[string]query.Query{}, now: now}
	seen := map[string]bool{}
	terms := Analyze(r.Query)
	lastWordOpen := r.Query != "" && !strings.HasSuffix(r.Query, " ")
	for i, t := range terms {
		if seen[t.Stem] || len(c.terms) == maxTerms {
			continue
		}
		seen[t.Stem] = true
		n := utf8.RuneCountInString(t.Stem)
		c.terms = append(c.terms, queryTerm{
			stem:   t.Stem,
			fuzzy:  n >= 5,
			prefix: i == len(terms)-1 && lastWordOpen && n >= 3 && t.End == len(strings.TrimRight(r.Query, " ")),
		})
	}
	if len(c.terms) > 0 {
		words := make([]query.Query, 0, len(c.terms))
		for _, t := range c.terms {
			words = append(words, ix.wordQuery(t))
		}
		c.text = bleve.NewConjunctionQuery(words...)
	}
	for _, f := range ix.Meta.Facets {
		vals := r.Filters[f.Key]
		if len(vals) == 0 {
			continue
		}
		any := make([]query.Query, 0, len(vals))
		for _, v := range vals {
			tq := bleve.NewTermQuery(filterTerm(f.Key, v))
			tq.SetField(fieldFilters)
			any = append(any, tq)
		}
		c.filters[f.Key] = bleve.NewDisjunctionQuery(any...)
	}
	if r.Open {
		c.open = closesFrom(now)
	}
	return c
}

// wordQuery matches one word of the query: exactly in the title (boosted),
// the summary (boosted) or anywhere in the text; with one typo in longer
// words; as the start of a word for the last one.
func (ix *Index) wordQuery(t queryTerm) query.Query {
	var any []query.Query
	term := func(field string, boost float64) {
		q := bleve.NewTermQuery(t.stem)
		q.SetField(field)
		q.SetBoost(boost)
		any = append(any, q)
	}
	term(fieldTitle, ix.boost(fieldTitle))
	term(fieldSummary, ix.boost(fieldSummary))
	term(fieldText, 1)
	if t.fuzzy {
		q := bleve.NewFuzzyQuery(t.stem)
		q.SetField(fieldText)
		q.SetFuzziness(1)
		q.SetPrefix(1)
		q.SetBoost(0.3)
		any = append(any, q)
	}
	if t.prefix {
		q := bleve.NewPrefixQuery(t.stem)
		q.SetField(fieldText)
		q.SetBoost(0.5)
		any = append(any, q)
	}
	return bleve.NewDisjunctionQuery(any...)
}

func (ix *Index) boost(field string) float64 {
	if b, ok := ix.Meta.Boosts[field]; ok && b > 0 {
		return b
	}
	return 1
}

// query is the whole search: the words and every filter but the one of
// facet except ("" for none).
func (c *compiled) query(except string) query.Query {
	var parts []query.Query
	if c.text != nil {
		parts = append(parts, c.text)
	}
	for key, f := range c.filters {
		if key != except {
			parts = append(parts, f)
		}
	}
	if c.open != nil {
		parts = append(parts, c.open)
	}
	if len(parts) == 0 {
		return bleve.NewMatchAllQuery()
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return bleve.NewConjunctionQuery(parts...)
}

// closesFrom matches the opportunities still open at now: those that
// close after it.
func closesFrom(now time.Time) query.Query {
	no := false
	q := bleve.NewDateRangeInclusiveQuery(now, time.Time{}, &no, nil)
	q.SetField(fieldCloses)
	return q
}

func and(a, b query.Query) query.Query { return bleve.NewConjunctionQuery(a, b) }

// facetValues lists a facet's values with their counts from a bleve
// facet result.
func facetValues(f *Facet, fr *bsearch.FacetResult, selected []string) []FacetValue {
	var out []FacetValue
	if fr != nil && fr.Terms != nil {
		prefix := f.Key + "/"
		for _, t := range fr.Terms.Terms() {
			v, ok := strings.CutPrefix(t.Term, prefix)
			if !ok {
				continue
			}
			if label, ok := f.LabelOf(v); ok {
				out = append(out, FacetValue{Value: v, Label: label, Count: t.Count})
			}
		}
	}
	return orderFacet(f, out, selected)
}

// orderFacet marks the selected values (listing them even when they count
// none) and orders the values: the site's order for sections, most pages
// first for the others.
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
	} else {
		slices.SortStableFunc(out, func(a, b FacetValue) int {
			return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(labelKey(a.Label), labelKey(b.Label)))
		})
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
		Deadline: sd.Deadline, Snippet: snippet(sd.Summary, sd.Excerpt, c.terms)}
	if t, err := time.Parse(time.RFC3339, sd.Date); err == nil {
		h.Date = t.In(ix.loc).Format(time.DateOnly)
		h.DateText = render.LongDate(t.In(ix.loc))
	}
	if sd.Section == "opportunita" {
		var dl *schema.Date
		if sd.Deadline != "" {
			if t, err := time.ParseInLocation(time.DateOnly, sd.Deadline, ix.loc); err == nil {
				dl = &schema.Date{Time: t}
			} else if t, err := time.Parse(time.RFC3339, sd.Deadline); err == nil {
				dl = &schema.Date{Time: t, HasTime: true}
			}
		}
		st := site.StatusAt(dl, now, ix.Meta.ClosingSoonDays)
		h.Status, h.StatusLabel, h.DaysLeft = st.Key, st.Label, st.DaysLeft
		h.StatusText = render.StatusPhrase(st, dl)
	}
	return h
}
