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

// wordQuery matches one word of the query: exactly (by its stem) in the
// title, the summary, the terms (all boosted) or anywhere in the text; with
// one typo in longer words; and, for the last word of a query being typed
// that is not a word of the index yet, as the start of a word.
func (ix *Index) wordQuery(t queryTerm) query.Query {
	any := ix.strongQueries(t, 1)
	text := bleve.NewTermQuery(t.stem)
	text.SetField(fieldText)
	any = append(any, text)
	if t.fuzzy {
		// In the text, and in the title, where a word found despite a
		// typo says the most.
		for _, field := range []string{fieldText, fieldTitle} {
			q := bleve.NewFuzzyQuery(t.stem)
			q.SetField(field)
			q.SetFuzziness(1)
			q.SetPrefix(1)
			q.SetBoost(typoBoost * ix.boost(field))
			any = append(any, q)
		}
	}
	if t.prefix {
		// The words of the index that start with it, by their stems: one
		// clause, as bleve's own prefix query is, so that their number
		// does not dilute the other clauses (bleve scales a disjunction
		// by the share of its clauses that match).
		var words []query.Query
		for _, stem := range ix.vocab.completions(t.word) {
			if stem != t.stem {
				q := bleve.NewTermQuery(stem)
				q.SetField(fieldText)
				q.SetBoost(completionBoost)
				words = append(words, q)
			}
		}
		if len(words) > 0 {
			any = append(any, bleve.NewDisjunctionQuery(words...))
		}
	}
	return bleve.NewDisjunctionQuery(any...)
}

// strongQueries match t exactly in the fields that say what a page is
// about: the title, the summary and the terms, each with its boost times
// factor.
func (ix *Index) strongQueries(t queryTerm, factor float64) []query.Query {
	var out []query.Query
	for _, field := range []string{fieldTitle, fieldSummary, fieldTerms} {
		q := bleve.NewTermQuery(t.stem)
		q.SetField(field)
		q.SetBoost(ix.boost(field) * factor)
		out = append(out, q)
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
	if c.pre != nil && c.pre.docs != nil && c.estimable() && !ix.plainScoring {
		out, err := ix.byEstimate(ctx, c, from, size)
		if !errors.Is(err, errEstimate) {
			return out, err
		}
	}
	return ix.relevance(ctx, c, from, size)
}

// relevance is byRelevance's search, scored by bleve.
func (ix *Index) relevance(ctx context.Context, c *compiled, from, size int) (*ranked, error) {
	base := c.query("")
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
	base := c.query("")
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
