package search

import (
	"container/heap"
	"context"
	"errors"
	"math"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2/index/scorch"
	index "github.com/blevesearch/bleve_index_api"
)

// The relevance search of a read-only index, without scoring every match.
//
// bleve scores a search by walking its whole tree of searchers for every
// match: at 50,000 pages, a query of common words matches tens of
// thousands of pages, and walking and scoring them all took most of the
// time of a search. A read-only index instead reads the postings of the
// query's words once (scan.go): which pages have every word (the
// matches, whose filters the filter table then tells) and the estimate
// of every match's score (the same sums of the same products as bleve's
// tf-idf, in another order, so equal to bleve's scores up to rounding);
// then it has bleve score only the few matches that can be among the
// ones shown (restricted): the best by the estimate, with a margin far
// above rounding. bleve's scores and order among those are the answer,
// as if it had scored them all (a document's score does not depend on
// the other matches); the estimate only chooses whom bleve scores, and
// bleve must give every one of them its estimate times one same factor,
// else it scores every match (a bug in the estimate costs time, not a
// wrong order). bleve reads the candidates' postings from those the scan
// kept, not from the index again.
//
// The score is that of the words alone, typos and completions included:
// a filtered search orders its matches as the same words without filters
// do, restricted to the pages that pass the filters (the facets' values,
// "aperte"). bleve 2.6.3 would otherwise score the filter terms too, and
// did not score filtered conjunctions consistently: with the words'
// query inside a conjunction with a filter, it sometimes missed the
// bonus of a should clause (the coordination of several words) on a page
// that has it, depending on how its searchers advanced.

// matched is what one unscored walk over the matches of a search finds.
type matched struct {
	total  int
	counts map[string]int
	// docs are the matches' document numbers, ascending.
	docs []uint32
}

// estimateMargin is how far, relatively, the estimate of a score may be
// from bleve's score: rounding makes them differ by about 1e-15.
const estimateMargin = 1e-9

// maxRestricted bounds the matches bleve scores after the estimate: past
// it (many equal scores at the edge of the page), bleve scores them all.
const maxRestricted = 4096

// errEstimate reports an estimate that disagrees with bleve's scores.
var errEstimate = errors.New("stima dei punteggi diversa da quelli di bleve")

// estimateStats counts the relevance searches of an index by how they
// went.
type estimateStats struct {
	// scored counts the searches answered by scoring the candidates of
	// the estimate; wide those whose candidates were too many, and
	// disagreed those whose estimate disagreed with bleve's scores.
	scored, wide, disagreed atomic.Int64
	// filtered and loose count the searches of scored with filters, and
	// with a word matched with a typo or completed.
	filtered, loose atomic.Int64
	// dated counts the searches in an order of dates restricted to the
	// matches that can make the page (order.go).
	dated atomic.Int64
}

// byEstimate is byRelevance with bleve scoring only the candidates of the
// estimate; errEstimate when it cannot tell them, or the estimate
// disagrees with bleve.
func (ix *Index) byEstimate(ctx context.Context, c *compiled, from, size int) (*ranked, error) {
	r, err := ix.reader()
	if err != nil {
		return nil, err
	}
	est, err := ix.estimate(ctx, r, c, c.pre)
	r.Close()
	if err != nil {
		return nil, err
	}
	closed := ix.closedDocs(c.pre, closesPrefix+c.now.UTC().Format(closesLayout))
	only := candidates(c.pre, est, closed, from+size)
	if only == nil {
		if ix.estimates != nil {
			ix.estimates.wide.Add(1)
		}
		return nil, errEstimate
	}
	// bleve's score of every candidate is to be its estimate times one
	// same factor (the query norm), to rounding: else bleve would not
	// score as the estimate does, and the candidates could be the wrong
	// ones.
	var (
		mu     sync.Mutex
		lo, hi = math.Inf(1), math.Inf(-1)
	)
	rc := *c
	rc.only = only
	rc.scored = func(doc uint64, score float64) {
		mu.Lock()
		defer mu.Unlock()
		i, ok := slices.BinarySearch(c.pre.docs, uint32(doc))
		if !ok || est[i] <= 0 || score <= 0 {
			lo = math.Inf(-1)
			return
		}
		f := score / est[i]
		lo, hi = min(lo, f), max(hi, f)
	}
	out, err := ix.relevance(ctx, &rc, from, size)
	if err == nil && hi > lo*(1+estimateMargin) {
		err = errEstimate
	}
	if ix.estimates != nil {
		switch {
		case errors.Is(err, errEstimate):
			ix.estimates.disagreed.Add(1)
		case err == nil:
			ix.estimates.scored.Add(1)
			if c.filtered() {
				ix.estimates.filtered.Add(1)
			}
			if c.loose() {
				ix.estimates.loose.Add(1)
			}
		}
	}
	return out, err
}

// estimable reports whether the scores of c's matches can be estimated:
// a search with words, none of them expanded with synonyms.
func (c *compiled) estimable() bool { return c.text != nil && !c.synonyms }

// filtered reports whether c has filters: a facet's values, "aperte".
func (c *compiled) filtered() bool { return len(c.filters) > 0 || c.open != nil || c.unlisted != nil }

// loose reports whether a word of c matches with a typo or is completed.
func (c *compiled) loose() bool {
	for _, t := range c.terms {
		if t.fuzzy || t.prefix {
			return true
		}
	}
	return false
}

// leaf is one term query of the relevance search: a term in a field,
// with its boost.
type leaf struct {
	field, term string
	boost       float64
}

// posting is a document of a term's postings: its number, the term's
// frequency in it and the norm of the field (one over the square root of
// its length), as the index gives them.
type posting struct {
	doc  uint32
	freq uint32
	norm float32
}

// readPostings appends the postings of term in field of r to dst, in
// ascending order of documents (with their frequencies and norms if
// scored), and returns them with the number of documents of the term.
// An index of one segment (what Build writes) is read from the segment's
// postings directly, without the per-document work of a TermFieldReader.
func readPostings(ctx context.Context, r index.IndexReader, field, term string, scored bool, dst []posting) ([]posting, uint64, error) {
	if snap, ok := r.(*scorch.IndexSnapshot); ok && len(snap.Segments()) == 1 {
		ss := snap.Segments()[0]
		dict, err := ss.Segment().Dictionary(field)
		if err != nil {
			return dst, 0, err
		}
		pl, err := dict.PostingsList([]byte(term), ss.Deleted(), nil)
		if err != nil {
			return dst, 0, err
		}
		n := pl.Count()
		if n == 0 {
			return dst, 0, nil
		}
		it := pl.Iterator(scored, scored, false, nil)
		for i := 0; ; i++ {
			if i&4095 == 0 {
				if err := ctx.Err(); err != nil {
					return dst, 0, err
				}
			}
			p, err := it.Next()
			if err != nil {
				return dst, 0, err
			}
			if p == nil {
				return dst, n, nil
			}
			e := posting{doc: uint32(p.Number())}
			if scored {
				e.freq = uint32(p.Frequency())
				if fl, ok := p.(fieldLength); ok {
					e.norm = float32(normOf(fl.NormUint64()))
				} else {
					e.norm = float32(p.Norm())
				}
			}
			dst = append(dst, e)
		}
	}
	tfr, err := r.TermFieldReader(ctx, []byte(term), field, scored, scored, false)
	if err != nil {
		return dst, 0, err
	}
	defer tfr.Close()
	n := tfr.Count()
	var tfd index.TermFieldDoc
	for i := 0; ; i++ {
		if i&4095 == 0 {
			if err := ctx.Err(); err != nil {
				return dst, 0, err
			}
		}
		d, err := tfr.Next(tfd.Reset())
		if err != nil {
			return dst, 0, err
		}
		if d == nil {
			return dst, n, nil
		}
		dst = append(dst, posting{doc: uint32(d.ID.Value()), freq: uint32(d.Freq), norm: float32(d.Norm)})
	}
}

// weight is bleve's tf-idf of a term of n documents among total, with
// boost, but the query norm (one same factor for all the documents of a
// search) and the factors of the document (tf, norm).
func weight(total, n uint64, boost float64) float64 {
	idf := 1.0 + math.Log(float64(total)/float64(n+1))
	return boost * idf * idf
}

// fieldLength is a posting that tells the length of its field, of
// which its norm is one over the square root (zap's).
type fieldLength interface{ NormUint64() uint64 }

// norms[n] is the norm of a field of n terms, as zap computes it.
var norms = func() []float64 {
	t := make([]float64, 1<<12)
	for n := range t {
		t[n] = float64(float32(1.0 / math.Sqrt(float64(n))))
	}
	return t
}()

// normOf is the norm of a field of n terms, as zap computes it.
func normOf(n uint64) float64 {
	if n < uint64(len(norms)) {
		return norms[n]
	}
	return float64(float32(1.0 / math.Sqrt(float64(n))))
}

// sqrtFreqs[f] is the square root of f.
var sqrtFreqs = func() []float64 {
	t := make([]float64, 64)
	for f := range t {
		t[f] = math.Sqrt(float64(f))
	}
	return t
}()

// sqrtFreq is bleve's term frequency factor: the square root of f.
func sqrtFreq(f uint32) float64 {
	if int(f) < len(sqrtFreqs) {
		return sqrtFreqs[f]
	}
	return math.Sqrt(float64(f))
}

// clause is a part of a word's query (part) as bleve scores it: the sum
// of the scores of its leaves that match a page, scaled, for a
// disjunction of its own, by the share of them that match.
type clause struct {
	leaves []leaf
	share  bool
}

// clausesOf returns the clauses of parts, the words one edit away read
// from r's dictionary as bleve's fuzzy query reads them.
func clausesOf(r index.IndexReader, parts []part) ([]clause, error) {
	out := make([]clause, 0, len(parts))
	for _, p := range parts {
		c := clause{share: p.kind != exact}
		switch p.kind {
		case typo:
			leaves, err := typoLeaves(r, p)
			if err != nil {
				return nil, err
			}
			c.leaves = leaves
		default:
			for _, term := range p.terms {
				c.leaves = append(c.leaves, leaf{p.field, term, p.boost})
			}
		}
		out = append(out, c)
	}
	return out, nil
}

// typoLeaves are the terms of bleve's fuzzy query of p (one edit, the
// first letter as typed) in r: every term of the field's dictionary
// within one edit of p's, with p's boost divided by one more than its
// distance (bleve scores the term itself alone, as its own term query,
// when the dictionary has no other: the same score).
func typoLeaves(r index.IndexReader, p part) ([]leaf, error) {
	fr, ok := r.(index.IndexReaderFuzzy)
	if !ok {
		return nil, errEstimate
	}
	term := p.terms[0]
	prefix := term
	for i := range term {
		if i >= 1 {
			prefix = term[:i]
			break
		}
	}
	dict, _, err := fr.FieldDictFuzzyAutomaton(p.field, term, 1, prefix)
	if err != nil {
		return nil, err
	}
	defer dict.Close()
	var out []leaf
	for {
		e, err := dict.Next()
		if err != nil {
			return nil, err
		}
		if e == nil {
			return out, nil
		}
		out = append(out, leaf{p.field, e.Term, p.boost * (1 / float64(e.EditDistance+1))})
	}
}

// estimate returns the estimated score of each of m.docs (see the
// comment at the top of this file), from the scan of the search's words
// (scan.go): the walk's, when it scored them, else one of its own.
func (ix *Index) estimate(ctx context.Context, r index.IndexReader, c *compiled, m *matched) ([]float64, error) {
	s := c.scan
	if s == nil || s.score == nil {
		var err error
		if s, err = ix.scan(ctx, r, c, len(ix.filters.start)-1, true); err != nil {
			if errors.Is(err, errNoScan) {
				return nil, errEstimate
			}
			return nil, err
		}
		defer s.release()
	}
	est := make([]float64, len(m.docs))
	for i, d := range m.docs {
		est[i] = s.score[d]
	}
	return est, nil
}

// closedDocs tells which of m.docs are opportunities closed at the
// instant of cut (closesPrefix and the instant, as openAmong has it),
// from the filter table.
func (ix *Index) closedDocs(m *matched, cut string) []bool {
	t := ix.filters
	closedTerm := make([]bool, len(t.terms))
	for id, term := range t.terms {
		closedTerm[id] = strings.HasPrefix(term, closesPrefix) && term <= cut
	}
	closed := make([]bool, len(m.docs))
	for i, d := range m.docs {
		if int(d)+1 < len(t.start) {
			for _, id := range t.ids[t.start[d]:t.start[d+1]] {
				if closedTerm[id] {
					closed[i] = true
				}
			}
		}
	}
	return closed
}

// candidates returns the matches bleve is to score so that byRelevance
// answers as if it had scored them all: every match whose estimate may
// put it among the best 2·want of all the matches, the best want open
// ones or the best want closed ones (the searches byRelevance makes),
// ascending; nil when they are too many to gain anything.
func candidates(m *matched, est []float64, closed []bool, want int) []uint32 {
	all := kth(est, nil, false, 2*want)
	open := kth(est, closed, false, want)
	shut := kth(est, closed, true, want)
	var out []uint32
	for i, d := range m.docs {
		e := est[i] * (1 + estimateMargin)
		if e >= all || (!closed[i] && e >= open) || (closed[i] && e >= shut) {
			out = append(out, d)
			if len(out) > maxRestricted {
				return nil
			}
		}
	}
	return out
}

// kth returns the k-th largest of est (of those whose closed flag is
// want, when closed is not nil), or -Inf when there are fewer.
func kth(est []float64, closed []bool, want bool, k int) float64 {
	h := make(minHeap, 0, k)
	for i, e := range est {
		if closed != nil && closed[i] != want {
			continue
		}
		if len(h) < k {
			heap.Push(&h, e)
		} else if e > h[0] {
			h[0] = e
			heap.Fix(&h, 0)
		}
	}
	if len(h) < k || k == 0 {
		return math.Inf(-1)
	}
	return h[0]
}

type minHeap []float64

func (h minHeap) Len() int           { return len(h) }
func (h minHeap) Less(i, j int) bool { return h[i] < h[j] }
func (h minHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *minHeap) Push(x any)        { *h = append(*h, x.(float64)) }
func (h *minHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
