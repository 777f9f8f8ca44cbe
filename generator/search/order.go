package search

import (
	"cmp"
	"context"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/numeric"
	bsearch "github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
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

// dates is the publication date and the closing instant of every
// document of a read-only index, read from the index's terms the first
// time a search needs them: the searches in an order of dates are
// restricted to the matches that make their page (dateCandidates), as
// bleve otherwise reads the date of every match to sort them.
type dates struct {
	once sync.Once
	err  error
	// date[d] is the date of document number d, closes[d] its closing
	// instant, start[d] its start (an event's), in nanoseconds since
	// 1970 (as bleve indexes them); hasDate[d], hasCloses[d] and
	// hasStart[d] whether it has one.
	date, closes, start          []int64
	hasDate, hasCloses, hasStart []bool
	// sec[d] are the bits of the date ranges whose sections document d
	// is in (sections), made once: the same for every search.
	secOnce sync.Once
	sec     []uint8
}

// sections returns, for each document of the filter table t, the bits of
// the date ranges whose sections it is in, from secBits, the bits of each
// filter term (rangeSet.sectionBits: they depend only on the index's
// sections). Made at the first search that counts ranges, one pass over
// the table, it spares each search a pass over every match's filters.
func (t *dates) sections(ft *filterTable, secBits []uint8) []uint8 {
	t.secOnce.Do(func() {
		n := len(ft.start) - 1
		t.sec = make([]uint8, max(n, 0))
		for d := range t.sec {
			var s uint8
			for _, id := range ft.ids[ft.start[d]:ft.start[d+1]] {
				s |= secBits[id]
			}
			t.sec[d] = s
		}
	})
	return t.sec
}

// read reads the dates of r's documents, n of them at most.
func (t *dates) read(r index.IndexReader, n int) error {
	var err error
	if t.date, t.hasDate, err = readInstants(r, fieldDate, n); err != nil {
		return err
	}
	if t.closes, t.hasCloses, err = readInstants(r, fieldCloses, n); err != nil {
		return err
	}
	t.start, t.hasStart, err = readInstants(r, fieldStart, n)
	return err
}

// readInstants reads the values of the date field field of r's
// documents, n of them at most: its terms of full precision (bleve
// indexes a number at several).
func readInstants(r index.IndexReader, field string, n int) ([]int64, []bool, error) {
	vals, has := make([]int64, n), make([]bool, n)
	var pre reused
	dict, err := r.FieldDictPrefix(field, []byte{numeric.ShiftStartInt64})
	if err != nil {
		return nil, nil, err
	}
	defer dict.Close()
	for {
		e, err := dict.Next()
		if err != nil {
			return nil, nil, err
		}
		if e == nil {
			return vals, has, nil
		}
		pc := numeric.PrefixCoded(e.Term)
		if shift, err := pc.Shift(); err != nil || shift != 0 {
			continue
		}
		v, err := pc.Int64()
		if err != nil {
			continue
		}
		err = eachPosting(r, field, e.Term, &pre, func(doc uint64) error {
			if doc >= uint64(n) {
				return errNoScan
			}
			vals[doc], has[doc] = v, true
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
	}
}

// eachPosting calls fn with every document of term in field of r. An
// index of one segment is read from the segment directly, reusing the
// postings list and its iterator of the previous call (pre).
func eachPosting(r index.IndexReader, field, term string, pre *reused, fn func(doc uint64) error) error {
	if snap, ok := r.(*scorch.IndexSnapshot); ok && len(snap.Segments()) == 1 {
		ss := snap.Segments()[0]
		if pre.field != field || pre.dict == nil {
			dict, err := ss.Segment().Dictionary(field)
			if err != nil {
				return err
			}
			*pre = reused{field: field, dict: dict}
		}
		pl, err := pre.dict.PostingsList([]byte(term), ss.Deleted(), pre.list)
		if err != nil {
			return err
		}
		pre.list = pl
		pre.it = pl.Iterator(false, false, false, pre.it)
		for {
			p, err := pre.it.Next()
			if err != nil || p == nil {
				return err
			}
			if err := fn(p.Number()); err != nil {
				return err
			}
		}
	}
	tfr, err := r.TermFieldReader(context.Background(), []byte(term), field, false, false, false)
	if err != nil {
		return err
	}
	defer tfr.Close()
	var tfd index.TermFieldDoc
	for {
		d, err := tfr.Next(tfd.Reset())
		if err != nil || d == nil {
			return err
		}
		if err := fn(d.ID.Value()); err != nil {
			return err
		}
	}
}

// reused is what eachPosting reuses from one call to the next.
type reused struct {
	field string
	dict  segment.TermDictionary
	list  segment.PostingsList
	it    segment.PostingsIterator
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

// dateKey places a match within a part of an order of dates: by a, then
// b, then by identifier, as bleve sorts.
type dateKey struct {
	a, b int64
	doc  uint32
}

// byID compares the identifiers of documents, read from r when first
// needed: what breaks the ties of the orders of dates.
type byID struct {
	r   index.IndexReader
	ids map[uint32]string
	err error
}

func (b *byID) id(doc uint32) string {
	id, ok := b.ids[doc]
	if !ok {
		var err error
		if id, err = b.r.ExternalID(index.NewIndexInternalID(nil, uint64(doc))); err != nil && b.err == nil {
			b.err = err
		}
		b.ids[doc] = id
	}
	return id
}

func (b *byID) compare(x, y dateKey) int {
	if c := cmp.Or(cmp.Compare(x.a, y.a), cmp.Compare(x.b, y.b)); c != 0 || x.doc == y.doc {
		return c
	}
	return cmp.Compare(b.id(x.doc), b.id(y.doc))
}

// dateCandidates returns the matches of c.pre that can be among the
// first want of the searches of order (browse: newest first, the closed
// opportunities last), ascending: of each part of the order, the first
// want, as bleve sorts them, and every match whose date is unknown (which
// bleve places itself); nil when they are too many to gain anything, or
// the index has no date table.
func (ix *Index) dateCandidates(c *compiled, order string, browse bool, want int) []uint32 {
	if c.pre == nil || c.pre.docs == nil || ix.dates == nil || want <= 0 {
		return nil
	}
	t, err := ix.dateTable()
	if err != nil {
		return nil
	}
	r, err := ix.reader()
	if err != nil {
		return nil
	}
	defer r.Close()
	docs := c.pre.docs
	now := c.now.UnixNano()
	// place tells the part of the order a match is in and its key in
	// the part: the deadline order has the upcoming opportunities first
	// (closesFrom: closing after now), by closing, then newest first,
	// then the other matches; browsing has the opportunities closed at
	// now (closedBy) last; each part else newest first.
	place := func(d uint32) (int, dateKey) {
		newest := dateKey{a: -t.date[d], doc: d}
		switch {
		case order == SortDeadline:
			if t.hasCloses[d] && t.closes[d] > now {
				return 0, dateKey{a: t.closes[d], b: -t.date[d], doc: d}
			}
			return 1, newest
		case browse:
			if t.hasCloses[d] && t.closes[d] <= now {
				return 1, newest
			}
		}
		return 0, newest
	}
	ids := &byID{r: r, ids: map[uint32]string{}}
	in := make([]bool, len(docs))
	var first [2]firstKeys
	for p := range first {
		first[p] = firstKeys{want: want, cmp: ids.compare}
	}
	for i, d := range docs {
		if !t.hasDate[d] {
			in[i] = true
			continue
		}
		p, k := place(d)
		first[p].offer(k, i)
	}
	if ids.err != nil {
		return nil
	}
	for p := range first {
		for _, e := range first[p].h {
			in[e.i] = true
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

// firstKeys keeps the want matches with the lowest keys offered, by cmp:
// a heap whose root is the highest of them.
type firstKeys struct {
	want int
	cmp  func(x, y dateKey) int
	h    []keyed
}

type keyed struct {
	k dateKey
	i int
}

// offer offers the match i with key k.
func (f *firstKeys) offer(k dateKey, i int) {
	if len(f.h) < f.want {
		f.h = append(f.h, keyed{k, i})
		for j := len(f.h) - 1; j > 0; {
			parent := (j - 1) / 2
			if f.cmp(f.h[parent].k, f.h[j].k) >= 0 {
				break
			}
			f.h[parent], f.h[j] = f.h[j], f.h[parent]
			j = parent
		}
		return
	}
	if f.cmp(k, f.h[0].k) >= 0 {
		return
	}
	f.h[0] = keyed{k, i}
	for j := 0; ; {
		l, r, top := 2*j+1, 2*j+2, j
		if l < len(f.h) && f.cmp(f.h[l].k, f.h[top].k) > 0 {
			top = l
		}
		if r < len(f.h) && f.cmp(f.h[r].k, f.h[top].k) > 0 {
			top = r
		}
		if top == j {
			return
		}
		f.h[j], f.h[top] = f.h[top], f.h[j]
		j = top
	}
}
