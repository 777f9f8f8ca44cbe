package search

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	index "github.com/blevesearch/bleve_index_api"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
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
