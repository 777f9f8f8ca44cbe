package search

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// How matches weigh against each other. A word found as written or by its
// stem counts in full in the text, and more in the title, the summary and
// the page's terms (Meta.Boosts); with one typo, or as the completion of
// the word being typed, it counts for little, so that such matches follow
// the exact ones instead of crowding them out.
const (
	// termsBoost weighs a match in the page's terms (fieldTerms).
	termsBoost = 3
	// typoBoost weighs a match with one edit.
	typoBoost = 0.3
	// completionBoost weighs a word that starts with the last word typed.
	completionBoost = 0.2
	// coordBoost rewards a page on which every word of the query is in
	// the title, the summary or the terms: a page about all of them, not
	// one that names one in its title and mentions the others in passing
	// (a cantiere's page, for a topic and the cantiere's town).
	coordBoost = 2
	// placeBoost lifts the page of a place (a cantiere's hub) when every
	// word of the query is in its name: "ferrara", "san lazzaro",
	// "cantiere imola" look for that page; "volontariato ferrara" does
	// not, and finds the pages about the topic there first. A hub's
	// name is in no field of its subject (aboutTitle): this is what it
	// weighs, more than the name of the place in the title, the summary
	// and the terms of a page about it (an ente named after its town,
	// "Istituto comprensivo San Lazzaro 1", with their coordination).
	placeBoost = 16
	// expiredFactor scales the relevance of an opportunity already closed
	// at the time of the query: an open one as relevant comes first, one
	// much more relevant still does not.
	expiredFactor = 0.75
)

// part is one clause of the disjunction that matches a word of the query
// (wordQuery), in a field, each of its terms with boost. The estimate of
// the scores (fast.go) reads the same parts.
type part struct {
	kind  partKind
	field string
	boost float64
	terms []string
}

// partKind tells what a part matches.
type partKind uint8

const (
	// exact is a term as written.
	exact partKind = iota
	// typo is the words one edit away from a term (bleve's fuzzy query:
	// the term itself included, when the index has it).
	typo
	// anyOf is a disjunction of its own of several terms (the
	// completions of the word being typed).
	anyOf
)

// wordParts are the clauses of wordQuery for t: t exactly (by its stem)
// in the title, the summary, the terms (all boosted) or anywhere in the
// text; with one typo in longer words; and, for the last word of a query
// being typed that is not a word of the index yet, the words that start
// with it.
func (ix *Index) wordParts(t queryTerm) []part {
	parts := make([]part, 0, 7)
	for _, field := range strongFields {
		parts = append(parts, part{field: field, boost: ix.boost(field), terms: []string{t.stem}})
	}
	parts = append(parts, part{field: fieldText, boost: 1, terms: []string{t.stem}})
	parts = append(parts, ix.rootParts(t)...)
	parts = append(parts, typoParts(t)...)
	if t.fuzzy {
		// In the text, and in the title, where a word found despite a
		// typo says the most.
		for _, field := range []string{fieldText, fieldTitle} {
			parts = append(parts, part{kind: typo, field: field, boost: typoBoost * ix.boost(field), terms: []string{t.stem}})
		}
	}
	if t.prefix {
		// The words of the index that start with it, by their stems: one
		// clause, as bleve's own prefix query is, so that their number
		// does not dilute the other clauses (bleve scales a disjunction
		// by the share of its clauses that match).
		var stems []string
		for _, stem := range ix.vocab.completions(t.word) {
			if stem != t.stem {
				stems = append(stems, stem)
			}
		}
		if len(stems) > 0 {
			parts = append(parts, part{kind: anyOf, field: fieldText, boost: completionBoost, terms: stems})
		}
	}
	return parts
}

// strongFields are the fields that say what a page is about.
var strongFields = []string{fieldTitle, fieldSummary, fieldTerms}

// wordQuery matches one word of the query: the disjunction of its parts
// (wordParts).
func (ix *Index) wordQuery(t queryTerm) query.Query {
	parts := ix.wordParts(t)
	any := make([]query.Query, 0, len(parts))
	for _, p := range parts {
		switch p.kind {
		case typo:
			q := bleve.NewFuzzyQuery(p.terms[0])
			q.SetField(p.field)
			q.SetFuzziness(1)
			q.SetPrefix(1)
			q.SetBoost(p.boost)
			any = append(any, q)
		case exact:
			any = append(any, termQuery(p.field, p.terms[0], p.boost))
		case anyOf:
			words := make([]query.Query, 0, len(p.terms))
			for _, term := range p.terms {
				words = append(words, termQuery(p.field, term, p.boost))
			}
			any = append(any, bleve.NewDisjunctionQuery(words...))
		}
	}
	return bleve.NewDisjunctionQuery(any...)
}

// termQuery matches term in field, with boost.
func termQuery(field, term string, boost float64) query.Query {
	q := bleve.NewTermQuery(term)
	q.SetField(field)
	q.SetBoost(boost)
	return q
}

// strongQueries match t exactly in the fields that say what a page is
// about (strongFields), each with its boost times factor.
func (ix *Index) strongQueries(t queryTerm, factor float64) []query.Query {
	out := make([]query.Query, 0, len(strongFields))
	for _, field := range strongFields {
		out = append(out, termQuery(field, t.stem, ix.boost(field)*factor))
	}
	return out
}

// textQuery matches every word of terms (a page must have them all) and,
// when there are several, scores higher the pages that have them all in
// the title, the summary or the terms, and, whatever their number, the
// page of a place whose name has them all. (bleve applies the boosts of
// the leaf queries only: coordBoost and placeBoost are given to each.)
func (ix *Index) textQuery(terms []queryTerm) query.Query {
	words := make([]query.Query, 0, len(terms))
	strong := make([]query.Query, 0, len(terms))
	place := make([]query.Query, 0, len(terms))
	for _, t := range terms {
		words = append(words, ix.wordQuery(t))
		strong = append(strong, bleve.NewDisjunctionQuery(ix.strongQueries(t, coordBoost)...))
		pq := bleve.NewTermQuery(t.stem)
		pq.SetField(fieldPlace)
		pq.SetBoost(placeBoost)
		place = append(place, pq)
	}
	var q query.Query = bleve.NewConjunctionQuery(words...)
	if len(terms) > 1 {
		b := bleve.NewBooleanQuery()
		b.AddMust(q)
		b.AddShould(bleve.NewConjunctionQuery(strong...))
		q = b
	}
	// A query of its own around the rest: bleve scales the should
	// clauses of one query by the share that match, which would halve
	// the coordination's reward on every page but a hub.
	b := bleve.NewBooleanQuery()
	b.AddMust(q)
	b.AddShould(bleve.NewConjunctionQuery(place...))
	return b
}

// wordsQuery matches the pages textQuery matches: every word of terms.
func (ix *Index) wordsQuery(terms []queryTerm) query.Query {
	words := make([]query.Query, 0, len(terms))
	for _, t := range terms {
		words = append(words, ix.wordQuery(t))
	}
	return bleve.NewConjunctionQuery(words...)
}

// knownWord reports whether word, folded and not stemmed, is a word of
// some page: a word the reader has finished typing, which is not to be
// completed into longer ones ("sport" is not "sportello") nor corrected.
func (ix *Index) knownWord(word string) bool { return ix.vocab.has(word) }

// ranked is one page of hits in relevance order, with what the page of
// results needs beside them.
type ranked struct {
	hits  []*bsearch.DocumentMatch
	total int
	// counts maps every filter term of the matches to its number of pages.
	counts map[string]int
}

// byRelevance returns the hits from..from+size in order of relevance,
// where an opportunity closed at c.now has its score scaled by
// expiredFactor.
//
// One search gives the total, the filter counts and the best 2(from+size)
// matches by bleve's score. When at least from+size of those are not
// closed opportunities, the scaled order of those candidates is exact: a
// match further down scores less than from+size open ones, and scaling
// can only lower a score. A second, small search tells which candidates
// are closed. Otherwise (closed opportunities fill the top) the open and
// the closed matches are searched apart, each for its best from+size.
// Either way every page of results is exact, and pages follow each other
// without gaps or repeats.
//
// When c's scores can be estimated (fast.go), bleve scores only the
// matches that can make these searches' answers.
func (ix *Index) byRelevance(ctx context.Context, c *compiled, from, size int) (*ranked, error) {
	if ix.plainScoring {
		return ix.byDefinition(ctx, c, from, size)
	}
	if c.synonyms && c.pre != nil && c.pre.docs != nil {
		return ix.bySynonyms(ctx, c, from, size)
	}
	if c.pre != nil && c.pre.docs != nil && c.estimable() {
		out, err := ix.byEstimate(ctx, c, from, size)
		if !errors.Is(err, errEstimate) {
			return out, err
		}
	}
	return ix.relevance(ctx, c, from, size)
}

// relevance is byRelevance's search, scored by bleve.
func (ix *Index) relevance(ctx context.Context, c *compiled, from, size int) (*ranked, error) {
	base := c.ranking()
	want := from + size
	sr := bleve.NewSearchRequestOptions(base, 2*want, 0, false)
	res, total, counts, err := ix.searchCounted(ctx, c, sr)
	if err != nil {
		return nil, err
	}
	out := &ranked{total: total, counts: counts}
	candidates := res.Hits
	if closedAmong(out.counts, c.now) > 0 && len(candidates) > 0 {
		closed, err := ix.closedOf(ctx, candidates, c.now)
		if err != nil {
			return nil, err
		}
		if len(closed) > 0 && len(candidates)-len(closed) < want && len(candidates) < out.total {
			if candidates, err = ix.relevanceApart(ctx, c, want); err != nil {
				return nil, err
			}
		} else {
			for _, h := range candidates {
				if closed[h.ID] {
					h.Score *= expiredFactor
				}
			}
		}
	}
	// Stable: on equal scores bleve's order stays.
	slices.SortStableFunc(candidates, func(a, b *bsearch.DocumentMatch) int { return cmp.Compare(b.Score, a.Score) })
	if from < len(candidates) {
		out.hits = candidates[from:min(len(candidates), want)]
	}
	return out, nil
}

// byDefinition is byRelevance's answer computed as the order of relevance
// is defined, without shortcuts (the tests compare them): bleve scores
// every match of the words, without the filters; the matches that pass
// the filters keep that order, each closed opportunity's score scaled by
// expiredFactor.
func (ix *Index) byDefinition(ctx context.Context, c *compiled, from, size int) (*ranked, error) {
	n, err := ix.idx.DocCount()
	if err != nil {
		return nil, err
	}
	all := max(int(n), 1)
	words, err := ix.idx.SearchInContext(ctx, bleve.NewSearchRequestOptions(c.text, all, 0, false))
	if err != nil {
		return nil, err
	}
	sr := bleve.NewSearchRequestOptions(c.with(c.text, ""), all, 0, false)
	sr.Score = "none"
	filtered, total, counts, err := ix.searchCounted(ctx, c, sr)
	if err != nil {
		return nil, err
	}
	pass := make(map[string]bool, len(filtered.Hits))
	for _, h := range filtered.Hits {
		pass[h.ID] = true
	}
	var hits []*bsearch.DocumentMatch
	for _, h := range words.Hits {
		if pass[h.ID] {
			hits = append(hits, h)
		}
	}
	if len(hits) > 0 {
		closed, err := ix.closedOf(ctx, hits, c.now)
		if err != nil {
			return nil, err
		}
		for _, h := range hits {
			if closed[h.ID] {
				h.Score *= expiredFactor
			}
		}
	}
	slices.SortStableFunc(hits, func(a, b *bsearch.DocumentMatch) int { return cmp.Compare(b.Score, a.Score) })
	out := &ranked{total: total, counts: counts}
	if from < len(hits) {
		out.hits = hits[from:min(len(hits), from+size)]
	}
	return out, nil
}

// closedOf tells which of hits are opportunities closed at now.
func (ix *Index) closedOf(ctx context.Context, hits []*bsearch.DocumentMatch, now time.Time) (map[string]bool, error) {
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	sr := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(bleve.NewDocIDQuery(ids), closedBy(now)), len(ids), 0, false)
	sr.Score = "none"
	res, err := ix.idx.SearchInContext(ctx, sr)
	if err != nil {
		return nil, err
	}
	closed := make(map[string]bool, len(res.Hits))
	for _, h := range res.Hits {
		closed[h.ID] = true
	}
	return closed, nil
}

// relevanceApart searches the open matches and the closed ones apart, the
// best want of each, and returns them with the closed ones' scores scaled,
// the open ones first. Both parts score as the whole does: they only
// exclude (MustNot, which bleve does not score); the closed part excludes
// the open opportunities and the pages of every other section.
func (ix *Index) relevanceApart(ctx context.Context, c *compiled, want int) ([]*bsearch.DocumentMatch, error) {
	base := c.ranking()
	open := bleve.NewBooleanQuery()
	open.AddMust(base)
	open.AddMustNot(closedBy(c.now))
	closed := bleve.NewBooleanQuery()
	closed.AddMust(base)
	closed.AddMustNot(closesFrom(c.now))
	for _, sec := range ix.Meta.Sections {
		if ix.Meta.Lifecycles[sec.Value] == nil {
			tq := bleve.NewTermQuery(filterTerm(SectionKey, sec.Value))
			tq.SetField(fieldFilters)
			closed.AddMustNot(tq)
		}
	}
	parts := []query.Query{open, closed}
	results := make([]*bleve.SearchResult, len(parts))
	errs := make([]error, len(parts))
	var wg sync.WaitGroup
	for i, q := range parts {
		wg.Go(func() {
			results[i], errs[i] = ix.idx.SearchInContext(ctx, bleve.NewSearchRequestOptions(q, want, 0, false))
		})
	}
	wg.Wait()
	var all []*bsearch.DocumentMatch
	for i, part := range results {
		if errs[i] != nil {
			return nil, errs[i]
		}
		for _, h := range part.Hits {
			if i == 1 {
				h.Score *= expiredFactor
			}
			all = append(all, h)
		}
	}
	return all, nil
}

// closedBy matches the opportunities closed at now: those whose closing
// instant is not after it.
func closedBy(now time.Time) query.Query {
	yes := true
	q := bleve.NewDateRangeInclusiveQuery(time.Time{}, now, nil, &yes)
	q.SetField(fieldCloses)
	return q
}

// addCounts adds the term counts of a facet result to counts.
func addCounts(counts map[string]int, fr *bsearch.FacetResult) {
	if fr == nil || fr.Terms == nil {
		return
	}
	for _, t := range fr.Terms.Terms() {
		counts[t.Term] += t.Count
	}
}
