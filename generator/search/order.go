package search

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/numeric"
	bsearch "github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"
)

// The searches in an order of dates: by date, by deadline, and browsing
// (newest first, the closed opportunities last).

// sorted runs the search in date order (the page of hits from..from+size)
// or, for the deadline order, only for the total and the filter counts
// (byDeadline finds the hits).
func (ix *Index) sorted(ctx context.Context, c *compiled, order string, from, size int) (*ranked, error) {
	sr := bleve.NewSearchRequestOptions(c.query(""), size, from, false)
	sr.Fields = []string{fieldDoc}
	sr.Score = "none"
	sr.SortBy([]string{"-" + fieldDate, "_id"})
	if order == SortDeadline {
		if c.pre != nil {
			return &ranked{total: c.pre.total, counts: c.pre.counts}, nil
		}
		sr.Size = 0
	}
	out, total, counts, err := ix.searchCounted(ctx, c, sr)
	if err != nil {
		return nil, err
	}
	return &ranked{hits: out.Hits, total: total, counts: counts}, nil
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
	rest := bleve.NewSearchRequestOptions(restQ, size-len(hits), max(0, from-c.totalOf(a, openAmong)), false)
	rest.Fields = []string{fieldDoc}
	rest.SortBy([]string{"-" + fieldDate, "_id"})
	b, err := ix.idx.SearchInContext(ctx, rest)
	if err != nil {
		return nil, err
	}
	return append(hits, b.Hits...), nil
}

// closedLast returns one page of hits newest first, the opportunities
// closed at c.now after all the others (open, a sportello, or pages
// without a deadline).
func (ix *Index) closedLast(ctx context.Context, c *compiled, from, size int) ([]*bsearch.DocumentMatch, error) {
	yes := true
	closed := bleve.NewDateRangeInclusiveQuery(time.Time{}, c.now, nil, &yes)
	closed.SetField(fieldCloses)
	firstQ := bleve.NewBooleanQuery()
	firstQ.AddMust(c.query(""))
	firstQ.AddMustNot(closed)
	first := bleve.NewSearchRequestOptions(firstQ, size, from, false)
	first.Fields = []string{fieldDoc}
	first.Score = "none"
	first.SortBy([]string{"-" + fieldDate, "_id"})
	a, err := ix.idx.SearchInContext(ctx, first)
	if err != nil {
		return nil, err
	}
	hits := a.Hits
	if len(hits) >= size {
		return hits, nil
	}
	notClosed := func(counts map[string]int, now time.Time) int { return c.pre.total - closedAmong(counts, now) }
	rest := bleve.NewSearchRequestOptions(and(c.query(""), closed), size-len(hits), max(0, from-c.totalOf(a, notClosed)), false)
	rest.Fields = []string{fieldDoc}
	rest.Score = "none"
	rest.SortBy([]string{"-" + fieldDate, "_id"})
	b, err := ix.idx.SearchInContext(ctx, rest)
	if err != nil {
		return nil, err
	}
	return append(hits, b.Hits...), nil
}

// totalOf is the number of matches of the first part of an order, a:
// a's own total, or, when the search is restricted to some of the
// matches (c.only), the count among all of them, from the walk.
func (c *compiled) totalOf(a *bleve.SearchResult, count func(map[string]int, time.Time) int) int {
	if c.only == nil {
		return int(a.Total)
	}
	return count(c.pre.counts, c.now)
}

// dates is the publication date of every document of a read-only index,
// read from the index's date terms the first time a search needs it: the
// searches in an order of dates are restricted to the matches that can
// make their page (dateCandidates), as bleve otherwise reads the date of
// every match to sort them.
type dates struct {
	once sync.Once
	err  error
	// ns[d] is the date of document number d, in nanoseconds since 1970;
	// has[d] whether it has one.
	ns  []int64
	has []bool
}

// read reads the dates of r's documents, n of them at most.
func (t *dates) read(r index.IndexReader, n int) error {
	dict, err := r.FieldDict(fieldDate)
	if err != nil {
		return err
	}
	defer dict.Close()
	t.ns = make([]int64, n)
	t.has = make([]bool, n)
	for {
		e, err := dict.Next()
		if err != nil {
			return err
		}
		if e == nil {
			return nil
		}
		pc := numeric.PrefixCoded(e.Term)
		if shift, err := pc.Shift(); err != nil || shift != 0 {
			continue
		}
		v, err := pc.Int64()
		if err != nil {
			continue
		}
		tfr, err := r.TermFieldReader(context.Background(), []byte(e.Term), fieldDate, false, false, false)
		if err != nil {
			return err
		}
		var tfd index.TermFieldDoc
		for {
			d, err := tfr.Next(tfd.Reset())
			if err != nil {
				tfr.Close()
				return err
			}
			if d == nil {
				break
			}
			if doc := d.ID.Value(); doc < uint64(n) {
				t.ns[doc], t.has[doc] = v, true
			}
		}
		tfr.Close()
	}
}

// dateTable returns the dates of ix's documents, read once.
func (ix *Index) dateTable() (*dates, error) {
	t := ix.dates
	t.once.Do(func() {
		r, err := ix.reader()
		if err != nil {
			t.err = err
			return
		}
		defer r.Close()
		t.err = t.read(r, len(ix.filters.start)-1)
	})
	return t, t.err
}

// closesOf returns, for each of docs, the filter term of its closing
// instant ("" for none), from the filter table.
func (ix *Index) closesOf(docs []uint32) []string {
	t := ix.filters
	out := make([]string, len(docs))
	for i, d := range docs {
		if int(d)+1 < len(t.start) {
			for _, id := range t.ids[t.start[d]:t.start[d+1]] {
				if term := t.terms[id]; strings.HasPrefix(term, closesPrefix) {
					out[i] = term
				}
			}
		}
	}
	return out
}

// dateCandidates returns the matches of c.pre that can be among the
// first want of the searches of order (browse: newest first, the closed
// opportunities last), ascending: of each part of the order, the first
// want and every match tied with the last of them, and every match whose
// date or closing is unknown; nil when they are too many to gain
// anything, or the index has no date table.
func (ix *Index) dateCandidates(c *compiled, order string, browse bool, want int) []uint32 {
	if c.pre == nil || c.pre.docs == nil || ix.dates == nil || want <= 0 {
		return nil
	}
	t, err := ix.dateTable()
	if err != nil {
		return nil
	}
	docs := c.pre.docs
	closes := ix.closesOf(docs)
	cut := closesPrefix + c.now.UTC().Format(closesLayout)
	// part tells which part of the order each match is in; key orders
	// the matches of one part (lower first).
	part := func(i int) int { return 0 }
	key := func(i int) (string, int64) { return "", -t.ns[docs[i]] }
	switch {
	case order == SortDeadline:
		part = func(i int) int {
			if closes[i] > cut {
				return 0 // upcoming, by closing then date
			}
			return 1
		}
		key = func(i int) (string, int64) {
			if closes[i] > cut {
				return closes[i], -t.ns[docs[i]]
			}
			return "", -t.ns[docs[i]]
		}
	case browse:
		part = func(i int) int {
			if closes[i] != "" && closes[i] <= cut {
				return 1 // closed, after the others
			}
			return 0
		}
	}
	in := make([]bool, len(docs))
	for p := range 2 {
		var idx []int
		for i := range docs {
			if part(i) != p {
				continue
			}
			if !t.has[docs[i]] {
				in[i] = true
				continue
			}
			idx = append(idx, i)
		}
		if len(idx) > want {
			less := func(a, b int) int {
				ka, na := key(a)
				kb, nb := key(b)
				return cmp.Or(strings.Compare(ka, kb), cmp.Compare(na, nb))
			}
			// The first want, in order, then every match tied with the
			// last of them.
			first := make([]int, 0, want+1)
			for _, i := range idx {
				if len(first) == want && less(i, first[want-1]) >= 0 {
					continue
				}
				at, _ := slices.BinarySearchFunc(first, i, less)
				first = slices.Insert(first, at, i)
				if len(first) > want {
					first = first[:want]
				}
			}
			last := first[want-1]
			kept := idx[:0]
			for _, i := range idx {
				if less(i, last) <= 0 {
					kept = append(kept, i)
				}
			}
			idx = kept
		}
		for _, i := range idx {
			in[i] = true
		}
	}
	var out []uint32
	for i, d := range docs {
		if in[i] {
			out = append(out, d)
			if len(out) > maxRestricted {
				return nil
			}
		}
	}
	if ix.estimates != nil {
		ix.estimates.dated.Add(1)
	}
	return out
}
