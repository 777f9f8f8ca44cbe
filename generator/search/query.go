package search

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	index "github.com/blevesearch/bleve_index_api"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"cantiericomuni.it/banca/generator/italian"
	"cantiericomuni.it/banca/generator/site"
)

// Index is an open search bundle, safe for concurrent searches.
type Index struct {
	// Meta describes the index: its filters and settings.
	Meta  *Meta
	idx   bleve.Index
	loc   *time.Location
	vocab *vocabulary
	// shared is set on the views of a Live index, which closes itself.
	shared bool
	// tmp is the temporary folder the index was unpacked into
	// (OpenBundle), removed by Close; "" for none.
	tmp string
	// filters, read when a read-only index is opened, counts the filters
	// of the matches (counts.go); nil for a Live index, whose searches
	// ask bleve's facets.
	filters *filterTable
	// plainScoring answers a relevance search as the order is defined,
	// bleve scoring every match of the words (byDefinition), without the
	// estimate of fast.go (the tests compare both).
	plainScoring bool
	// estimates counts the searches of fast.go (nil: not counted).
	estimates *estimateStats
	// dates, set on a read-only index, holds its documents' dates, read
	// when first needed (order.go).
	dates *dates
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
	vocab, err := readVocabulary(dir)
	if err != nil {
		return nil, fmt.Errorf("indice di ricerca: %w", err)
	}
	idx, err := bleve.OpenUsing(filepath.Join(dir, IndexDir), map[string]any{"read_only": true})
	if err != nil {
		return nil, fmt.Errorf("indice di ricerca: %w", err)
	}
	ix := &Index{Meta: meta, idx: idx, loc: meta.Location(), vocab: vocab, estimates: &estimateStats{}, dates: &dates{}}
	if ix.filters, err = ix.readFilters(); err != nil {
		idx.Close()
		return nil, fmt.Errorf("indice di ricerca: %w", err)
	}
	return ix, nil
}

// Close closes the index.
func (ix *Index) Close() error {
	if ix.shared {
		return nil
	}
	err := ix.idx.Close()
	if ix.tmp != "" {
		err = errors.Join(err, os.RemoveAll(ix.tmp))
	}
	return err
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

// compiled is a request turned into bleve queries.
type compiled struct {
	text query.Query // the words, nil for none
	// words matches the same pages as text, without the clauses that
	// only score (coordination, places): what counting walks.
	words   query.Query
	terms   []queryTerm
	filters map[string]query.Query // one per facet with a selection
	// filterTerms are the filter terms of each facet with a selection.
	filterTerms map[string][]string
	open        query.Query // the "aperte" filter, nil when off
	// unlisted matches the pages of sections without a list of their own
	// (the site's pages: chi siamo, privacy…), left out when there are
	// no words: browsing is a list, and words find them.
	unlisted query.Query
	now      time.Time
	// only, when set, restricts the whole search (query("")) to these
	// document numbers, ascending (see fast.go).
	only []uint32
	// pre, when set, is the unscored walk over the whole search's
	// matches: its total and filter counts.
	pre *matched
	// scored, when set, is told every match of a search restricted to
	// only, with its score.
	scored func(doc uint64, score float64)
	// scan, when set, is the scan of the words' postings (scan.go) that
	// found pre, released at the end of the search.
	scan *scanned
	// ranges are the date ranges (ranges_query.go).
	ranges *rangeSet
	// synonyms is set when a word of the query is in a group of
	// synonyms (synonyms.go): text and words are the expanded queries of
	// units, which a read-only index answers with bySynonyms
	// (synonyms_rank.go); marks are the stems of the alternatives,
	// marked in snippets beside terms.
	synonyms bool
	units    []synonymUnit
	marks    []queryTerm
}

// queryTerm is one analysed word of the query and how loosely it matches.
type queryTerm struct {
	stem string
	// word is the word as typed, folded: what a completion starts with.
	word   string
	fuzzy  bool // one edit allowed
	prefix bool // the last word, being typed: completed into longer words
	// root is the word's root when its stem is longer (rootOf), "" else.
	root string
	// typos are the stems of the words of the index one edit from word
	// (typoStems), when the index lacks it.
	typos []string
}

// Search answers r at instant now (opportunity status and "aperte" are
// computed against it).
func (ix *Index) Search(ctx context.Context, r Request, now time.Time) (*Response, error) {
	now = now.In(ix.loc)
	c := ix.compile(r, now)
	defer func() { c.scan.release() }()
	res := &Response{Query: r.Query, Page: max(r.Page, 1), Request: r, Facets: map[string][]FacetValue{}}
	res.Sort = cmp.Or(r.Sort, SortRelevance)
	// Without words every page is as relevant as the others: newest
	// first, and, as with words, an opportunity already closed after the
	// pages still open (browse). The order stays "relevance", the
	// default, so that the form of a page without words, which always
	// sends its order, does not turn the next search with words into one
	// by date.
	order := res.Sort
	browse := order == SortRelevance && c.text == nil
	if browse {
		order = SortDate
	}
	if r.Query != "" && c.text == nil {
		// Only stop words or punctuation: nothing to search for.
		res.Hits = []Hit{}
		ix.emptyFacets(res, r)
		res.Ranges = c.ranges.response()
		return res, nil
	}
	size := max(ix.Meta.PageSize, 1)
	from := (res.Page - 1) * size

	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		firstEr error
		side    = map[string]map[string]int{}
	)
	fail := func(err error) {
		mu.Lock()
		if firstEr == nil {
			firstEr = err
		}
		mu.Unlock()
	}
	// One search per facet with a selection, without it, for its counts
	// (a read-only index counts them in its walk, walkFacets).
	for _, f := range ix.Meta.Facets {
		if len(r.Filters[f.Key]) == 0 || ix.filters != nil {
			continue
		}
		wg.Go(func() {
			counts, err := ix.counts(ctx, c.matches(f.Key))
			if err != nil {
				fail(err)
				return
			}
			mu.Lock()
			side[f.Key] = counts
			mu.Unlock()
		})
	}
	// The main search: hits, total, and the facets without a selection.
	var main *ranked
	wg.Go(func() {
		var err error
		if ix.filters != nil {
			// The total and the counts from one walk without scores,
			// and the matches for the estimate of their scores.
			var sc map[string]map[string]int
			if c.pre, sc, err = ix.walkFacets(ctx, c, order == SortRelevance); err != nil {
				fail(err)
				return
			}
			mu.Lock()
			maps.Copy(side, sc)
			mu.Unlock()
			if order != SortRelevance {
				// Only the matches that can make the page, in an
				// order of dates.
				c.only = ix.dateCandidates(c, order, browse, from+size)
			}
		}
		if order == SortRelevance {
			main, err = ix.byRelevance(ctx, c, from, size)
		} else {
			main, err = ix.sorted(ctx, c, order, from, size)
		}
		if err != nil {
			fail(err)
		}
	})
	wg.Wait()
	if firstEr == nil {
		firstEr = ix.countRanges(ctx, c)
	}
	if firstEr != nil {
		return nil, firstEr
	}
	res.Total = main.total
	res.Pages = (res.Total + size - 1) / size

	matches := main.hits
	switch {
	case order == SortDeadline:
		var err error
		if matches, err = ix.byDeadline(ctx, c, from, size); err != nil {
			return nil, err
		}
	case browse && closedAmong(main.counts, now) > 0:
		var err error
		if matches, err = ix.closedLast(ctx, c, from, size); err != nil {
			return nil, err
		}
	}
	res.Hits = make([]Hit, 0, len(matches))
	for _, m := range matches {
		doc, err := ix.stored(m)
		if err != nil {
			return nil, err
		}
		res.Hits = append(res.Hits, ix.hit(doc, c, now))
	}

	for _, f := range ix.Meta.Facets {
		counts := main.counts
		if sc, ok := side[f.Key]; ok {
			counts = sc
		}
		res.Facets[f.Key] = facetValues(f, counts, r.Filters[f.Key])
	}
	res.Facets[OpenKey] = []FacetValue{{Value: "si", Label: ix.Meta.openFilter(),
		Count: openAmong(main.counts, now), Selected: r.Open}}
	res.Suggestion = ix.suggestion(ctx, r, res.Total, now)
	res.Ranges = c.ranges.response()
	return res, nil
}

// stored returns what the index keeps of a hit (fieldDoc), read from the
// index when the search did not load it.
func (ix *Index) stored(m *bsearch.DocumentMatch) (string, error) {
	if s, ok := m.Fields[fieldDoc].(string); ok {
		return s, nil
	}
	d, err := ix.idx.Document(m.ID)
	if err != nil || d == nil {
		return "", err
	}
	var doc string
	d.VisitFields(func(f index.Field) {
		if f.Name() == fieldDoc {
			doc = string(f.Value())
		}
	})
	return doc, nil
}

// openAmong counts the opportunities still open at now among the matches
// whose filter terms counts counts: those that close after now (the
// site's rule: an opportunity is closed from its closing instant on).
func openAmong(counts map[string]int, now time.Time) int {
	cut := closesPrefix + now.UTC().Format(closesLayout)
	n := 0
	for term, count := range counts {
		if strings.HasPrefix(term, closesPrefix) && term > cut {
			n += count
		}
	}
	return n
}

// closedAmong counts the opportunities closed at now among the matches
// whose filter terms counts counts.
func closedAmong(counts map[string]int, now time.Time) int {
	cut := closesPrefix + now.UTC().Format(closesLayout)
	n := 0
	for term, count := range counts {
		if strings.HasPrefix(term, closesPrefix) && term <= cut {
			n += count
		}
	}
	return n
}

// emptyFacets fills res with every filter and no counts.
func (ix *Index) emptyFacets(res *Response, r Request) {
	for _, f := range ix.Meta.Facets {
		res.Facets[f.Key] = facetValues(f, nil, r.Filters[f.Key])
	}
	res.Facets[OpenKey] = []FacetValue{{Value: "si", Label: ix.Meta.openFilter(), Selected: r.Open}}
}

// compile turns r into queries.
func (ix *Index) compile(r Request, now time.Time) *compiled {
	c := &compiled{filters: map[string]query.Query{}, filterTerms: map[string][]string{}, now: now}
	seen := map[string]bool{}
	terms := Analyze(r.Query)
	lastWordOpen := r.Query != "" && !strings.HasSuffix(r.Query, " ")
	for i, t := range terms {
		if seen[t.Stem] || len(c.terms) == maxTerms {
			continue
		}
		seen[t.Stem] = true
		// The last word, while it is being typed, is also the start of
		// longer words: unless it is a word of the index already.
		typing := i == len(terms)-1 && lastWordOpen && utf8.RuneCountInString(t.Word) >= 3 &&
			t.End == len(strings.TrimRight(r.Query, " "))
		// A word of the index is taken as written: it is neither
		// corrected (one edit away) nor completed.
		known := ix.knownWord(t.Word)
		var typos []string
		if !known {
			typos = ix.typoStems(t.Word, t.Stem)
		}
		c.terms = append(c.terms, queryTerm{
			typos:  typos,
			stem:   t.Stem,
			word:   t.Word,
			root:   rootOf(t.Word),
			fuzzy:  !known && utf8.RuneCountInString(t.Stem) >= 5,
			prefix: !known && typing,
		})
	}
	if units := ix.expand(r.Query, terms, c); units != nil {
		c.text, c.words = ix.synonymQueries(c, units)
		c.synonyms, c.units = true, units
	} else if len(c.terms) > 0 {
		c.text = ix.textQuery(c.terms)
		c.words = ix.wordsQuery(c.terms)
	} else {
		var hidden []query.Query
		for _, sec := range ix.Meta.Sections {
			if sec.URL == "" {
				tq := bleve.NewTermQuery(filterTerm(SectionKey, sec.Value))
				tq.SetField(fieldFilters)
				hidden = append(hidden, tq)
			}
		}
		if len(hidden) > 0 {
			c.unlisted = bleve.NewDisjunctionQuery(hidden...)
		}
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
			c.filterTerms[f.Key] = append(c.filterTerms[f.Key], filterTerm(f.Key, v))
		}
		c.filters[f.Key] = bleve.NewDisjunctionQuery(any...)
	}
	if r.Open {
		c.open = closesFrom(now)
	}
	c.ranges = ix.compileRanges(c, r, now)
	return c
}

func (ix *Index) boost(field string) float64 {
	if b, ok := ix.Meta.Boosts[field]; ok && b > 0 {
		return b
	}
	return 1
}

// query is the whole search: the words and every filter but the one of
// facet except ("" for none), restricted to c.only when set and except
// is "".
func (c *compiled) query(except string) query.Query {
	if c.only != nil && except == "" {
		// Matches of the whole search already: bleve only sorts them.
		return &restricted{q: bleve.NewMatchAllQuery(), docs: c.only}
	}
	return c.with(c.text, except)
}

// ranking is the query bleve scores for a search by relevance: the words
// alone, as if there were no filters, restricted to the matches of the
// whole search (c.only; else those of the walk c.pre, or of a walk of
// its own), so that a filtered search ranks its matches as the search
// without filters does.
func (c *compiled) ranking() query.Query {
	switch {
	case c.only != nil:
		r := &restricted{q: c.text, docs: c.only, scored: c.scored}
		if c.scan != nil {
			r.kept = c.scan.kept
		}
		return r
	case !c.filtered():
		return c.text
	case c.pre != nil && c.pre.docs != nil:
		return &restricted{q: c.text, docs: c.pre.docs}
	default:
		return &restricted{q: c.text, by: c.matches("")}
	}
}

// matches is query without the clauses that only score: the same
// matches, fewer searchers to walk.
func (c *compiled) matches(except string) query.Query { return c.with(c.words, except) }

// with is the search of the words text and every filter but the one of
// facet except.
func (c *compiled) with(text query.Query, except string) query.Query {
	var parts []query.Query
	if text != nil {
		parts = append(parts, text)
	}
	for key, f := range c.filters {
		if key != except && except != anyFacet {
			parts = append(parts, f)
		}
	}
	if c.open != nil {
		parts = append(parts, c.open)
	}
	var q query.Query
	switch len(parts) {
	case 0:
		q = bleve.NewMatchAllQuery()
	case 1:
		q = parts[0]
	default:
		q = bleve.NewConjunctionQuery(parts...)
	}
	if c.unlisted != nil {
		b := bleve.NewBooleanQuery()
		b.AddMust(q)
		b.AddMustNot(c.unlisted)
		q = b
	}
	return q
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
