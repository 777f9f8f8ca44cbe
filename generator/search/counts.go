package search

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// Counting the filters of the matches. Every search counts, for each
// filter value and closing instant (the terms of fieldFilters), how many
// of its matches carry it: the counts beside each filter, and the open
// and closed opportunities. bleve's facets do it by reading every match's
// doc values, compressed by chunks of documents: a search matching much of
// a large bank decompresses most of the column every time (60 % of the
// time of a search at 10,000 pages, more at 50,000). A read-only index
// reads the column once instead, when it is opened, into a table of the
// terms of each document (a few bytes a term); a search then walks its
// matches without scoring them and adds up the table's rows.

// filterTable is the terms of fieldFilters of every document of a
// read-only index.
type filterTable struct {
	// terms maps a term number to its text.
	terms []string
	// docs[d] are the term numbers of document number d, in ids
	// ids[start[d]:start[d+1]].
	start []uint32
	ids   []uint32
	// number maps a term's text to its number.
	number map[string]uint32
}

// id returns the number of term, if some document has it.
func (t *filterTable) id(term string) (uint32, bool) {
	id, ok := t.number[term]
	return id, ok
}

// readFilters reads the filter table of ix.
func (ix *Index) readFilters() (*filterTable, error) {
	r, err := ix.reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return readFilterTable(r)
}

// reader opens a reader of ix's index, to be closed by the caller.
func (ix *Index) reader() (index.IndexReader, error) {
	adv, err := ix.idx.Advanced()
	if err != nil {
		return nil, err
	}
	return adv.Reader()
}

// readFilterTable reads fieldFilters of every document of r.
func readFilterTable(r index.IndexReader) (*filterTable, error) {
	n, err := r.DocCount()
	if err != nil {
		return nil, err
	}
	dict, err := r.FieldDict(fieldFilters)
	if err != nil {
		return nil, err
	}
	defer dict.Close()
	t := &filterTable{number: map[string]uint32{}}
	type posting struct{ doc, term uint32 }
	var all []posting
	maxDoc := uint64(0)
	for {
		e, err := dict.Next()
		if err != nil {
			return nil, err
		}
		if e == nil {
			break
		}
		id := uint32(len(t.terms))
		t.terms = append(t.terms, e.Term)
		t.number[e.Term] = id
		tfr, err := r.TermFieldReader(context.Background(), []byte(e.Term), fieldFilters, false, false, false)
		if err != nil {
			return nil, err
		}
		var tfd index.TermFieldDoc
		for {
			d, err := tfr.Next(tfd.Reset())
			if err != nil {
				tfr.Close()
				return nil, err
			}
			if d == nil {
				break
			}
			doc := d.ID.Value()
			maxDoc = max(maxDoc, doc)
			all = append(all, posting{uint32(doc), id})
		}
		if err := tfr.Close(); err != nil {
			return nil, err
		}
	}
	size := max(int(n), int(maxDoc)+1)
	if size > 1<<31 {
		return nil, fmt.Errorf("troppi documenti: %d", size)
	}
	// Counting sort by document, terms in dictionary order within one.
	t.start = make([]uint32, size+1)
	for _, p := range all {
		t.start[p.doc+1]++
	}
	for d := 1; d <= size; d++ {
		t.start[d] += t.start[d-1]
	}
	t.ids = make([]uint32, len(all))
	next := append([]uint32(nil), t.start[:size]...)
	for _, p := range all {
		t.ids[next[p.doc]] = p.term
		next[p.doc]++
	}
	return t, nil
}

// count walks the matches of q, without scoring them, and returns how many
// carry each term of fieldFilters (only terms carried by some match).
func (ix *Index) count(ctx context.Context, q query.Query) (map[string]int, error) {
	r, err := ix.reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	m, err := ix.walk(ctx, r, q, false)
	if err != nil {
		return nil, err
	}
	return m.counts, nil
}

// walk walks the matches of q in r, without scoring them: their number,
// how many carry each term of fieldFilters (only terms carried by some
// match) and, if keep, their document numbers.
func (ix *Index) walk(ctx context.Context, r index.IndexReader, q query.Query, keep bool) (*matched, error) {
	t := ix.filters
	perTerm := make([]int32, len(t.terms))
	m := &matched{}
	if keep {
		m.docs = []uint32{}
	}
	err := ix.visit(ctx, r, q, func(d uint64) {
		m.total++
		if d+1 < uint64(len(t.start)) {
			for _, id := range t.ids[t.start[d]:t.start[d+1]] {
				perTerm[id]++
			}
		}
		if keep {
			m.docs = append(m.docs, uint32(d))
		}
	})
	if err != nil {
		return nil, err
	}
	m.counts = map[string]int{}
	for id, c := range perTerm {
		if c > 0 {
			m.counts[t.terms[id]] = int(c)
		}
	}
	return m, nil
}

// visit calls fn with the document number of every match of q in r, in
// ascending order, without scoring them.
func (ix *Index) visit(ctx context.Context, r index.IndexReader, q query.Query, fn func(doc uint64)) error {
	return walkDocs(ctx, r, ix.idx.Mapping(), q, fn)
}

// walkDocs calls fn with the document number of every match of q in r,
// mapped by m, in ascending order, without scoring them.
func walkDocs(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, q query.Query, fn func(doc uint64)) error {
	s, err := q.Searcher(ctx, r, m, bsearch.SearcherOptions{Score: "none"})
	if err != nil {
		return err
	}
	defer s.Close()
	sctx := &bsearch.SearchContext{DocumentMatchPool: bsearch.NewDocumentMatchPool(s.DocumentMatchPoolSize(), 0), IndexReader: r}
	for i := 0; ; i++ {
		if i&1023 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		dm, err := s.Next(sctx)
		if err != nil {
			return err
		}
		if dm == nil {
			return nil
		}
		fn(dm.IndexInternalID.Value())
		sctx.DocumentMatchPool.Put(dm)
	}
}

// counts returns how many matches of q carry each term of fieldFilters:
// from the filter table, or bleve's facets on an index without one.
func (ix *Index) counts(ctx context.Context, q query.Query) (map[string]int, error) {
	if ix.filters != nil {
		return ix.count(ctx, q)
	}
	sr := bleve.NewSearchRequestOptions(q, 0, 0, false)
	sr.Score = "none"
	_, counts, err := ix.searchCounting(ctx, sr)
	return counts, err
}

// searchCounting runs sr and counts the filters of all its matches: beside
// the search, from the filter table, or as bleve's facets of sr.
func (ix *Index) searchCounting(ctx context.Context, sr *bleve.SearchRequest) (*bleve.SearchResult, map[string]int, error) {
	if ix.filters == nil {
		sr.AddFacet(fieldFilters, bleve.NewFacetRequest(fieldFilters, ix.Meta.filterValues()))
		out, err := ix.idx.SearchInContext(ctx, sr)
		if err != nil {
			return nil, nil, err
		}
		counts := map[string]int{}
		addCounts(counts, out.Facets[fieldFilters])
		return out, counts, nil
	}
	var (
		counts map[string]int
		cerr   error
		done   = make(chan struct{})
	)
	go func() {
		defer close(done)
		counts, cerr = ix.count(ctx, sr.Query)
	}()
	out, err := ix.idx.SearchInContext(ctx, sr)
	<-done
	if err != nil {
		return nil, nil, err
	}
	if cerr != nil {
		return nil, nil, cerr
	}
	return out, counts, nil
}

// searchCounted runs sr, a search of c, and returns its total and the
// filter counts of its matches: those of the walk c.pre when done (sr
// may then be restricted to some of the matches), else as
// searchCounting counts them.
func (ix *Index) searchCounted(ctx context.Context, c *compiled, sr *bleve.SearchRequest) (*bleve.SearchResult, int, map[string]int, error) {
	if c.pre != nil {
		out, err := ix.idx.SearchInContext(ctx, sr)
		if err != nil {
			return nil, 0, nil, err
		}
		return out, c.pre.total, c.pre.counts, nil
	}
	out, counts, err := ix.searchCounting(ctx, sr)
	if err != nil {
		return nil, 0, nil, err
	}
	return out, int(out.Total), counts, nil
}

// anyFacet, as the facet a query of compiled leaves out, leaves out the
// filters of every facet.
const anyFacet = "\x00"

// walkFacets walks, once, the matches of the whole search c but its
// facets' filters (eachMatch: a scan of the words' postings, scored if
// scored, or bleve's walk), and tells from the filter table which
// filters each match passes: it returns the matches of the whole search,
// with their document numbers, and, for each facet with a selection, the
// filter counts of the search without that facet's filter (what its
// values would give).
func (ix *Index) walkFacets(ctx context.Context, c *compiled, scored bool) (*matched, map[string]map[string]int, error) {
	r, err := ix.reader()
	if err != nil {
		return nil, nil, err
	}
	defer r.Close()
	// The date ranges are told from the table of dates: their filters
	// and the counts of their quick choices.
	t := ix.filters
	rs := c.ranges
	active := rs.activeGroups()
	var (
		dt   *dates
		secs []uint8 // the range bits of each document (dates.sections)
	)
	if rs != nil && len(rs.groups) > 0 && ix.dates != nil {
		if dt, err = ix.dateTable(); err != nil {
			dt = nil
		} else {
			secs = dt.sections(t, rs.sectionBits(t))
		}
	}
	if len(c.filterTerms)+len(active) >= 64 || len(active) > 0 && dt == nil {
		m, err := ix.walk(ctx, r, c.matches(""), true)
		if err != nil {
			return nil, nil, err
		}
		side := map[string]map[string]int{}
		for key := range c.filterTerms {
			s, err := ix.walk(ctx, r, c.matches(key), false)
			if err != nil {
				return nil, nil, err
			}
			side[key] = s.counts
		}
		return m, side, nil
	}
	each, err := ix.eachMatch(ctx, r, c, scored)
	if err != nil {
		return nil, nil, err
	}
	var keys []string
	for key := range c.filterTerms {
		keys = append(keys, key)
	}
	// A range in force is a filter of bit len(keys)+j; each range's
	// choices count among the matches of every other filter.
	nk := len(keys) + len(active)
	rangeNeed := map[*rangeGroup]uint64{}
	for j, g := range active {
		rangeNeed[g] = 1 << (len(keys) + j)
	}
	// pass[id] has bit k set when filter term id passes the filter of
	// keys[k].
	var pass []uint64
	if len(keys) > 0 {
		pass = make([]uint64, len(t.terms))
		for k, key := range keys {
			for _, term := range c.filterTerms[key] {
				if id, ok := t.id(term); ok {
					pass[id] |= 1 << k
				}
			}
		}
	}
	all := uint64(1)<<nk - 1
	var groups []*rangeGroup
	var needs []uint64
	if dt != nil {
		groups = rs.groups
		for _, g := range groups {
			needs = append(needs, all&^rangeNeed[g])
		}
	}
	main := &matched{docs: []uint32{}}
	perTerm := make([][]int32, len(keys)+1) // the whole search, then without keys[k]
	for k := range perTerm {
		perTerm[k] = make([]int32, len(t.terms))
	}
	err = each(func(d uint64) {
		if d+1 >= uint64(len(t.start)) {
			return
		}
		row := t.ids[t.start[d]:t.start[d+1]]
		var (
			passed uint64
			sec    uint8
		)
		if secs != nil && secs[d] != 0 {
			sec = secs[d]
			for j, g := range active {
				if g.in(*g.active, uint32(d), sec, dt) {
					passed |= 1 << (len(keys) + j)
				}
			}
		}
		if nk == 0 {
			main.total++
			main.docs = append(main.docs, uint32(d))
			for _, id := range row {
				perTerm[0][id]++
			}
			if sec != 0 {
				countChoices(groups, needs, passed, uint32(d), sec, dt)
			}
			return
		}
		if pass != nil {
			for _, id := range row {
				passed |= pass[id]
			}
		}
		if sec != 0 {
			countChoices(groups, needs, passed, uint32(d), sec, dt)
		}
		if passed == all {
			main.total++
			main.docs = append(main.docs, uint32(d))
		}
		for k := 0; k <= len(keys); k++ {
			need := all
			if k > 0 {
				need &^= 1 << (k - 1)
			}
			if passed&need == need {
				for _, id := range row {
					perTerm[k][id]++
				}
			}
		}
	})
	if err != nil {
		return nil, nil, err
	}
	if dt != nil {
		rs.counted = true
	}
	countsOf := func(per []int32) map[string]int {
		counts := map[string]int{}
		for id, n := range per {
			if n > 0 {
				counts[t.terms[id]] = int(n)
			}
		}
		return counts
	}
	main.counts = countsOf(perTerm[0])
	var side map[string]map[string]int
	if len(keys) > 0 {
		side = map[string]map[string]int{}
		for k, key := range keys {
			side[key] = countsOf(perTerm[k+1])
		}
	}
	return main, side, nil
}

// countChoices counts document d, whose section bits are sec and whose
// filters passed are passed, in the quick choices of each range of groups
// it is in, when it passes needs[i], every filter but the range's own.
func countChoices(groups []*rangeGroup, needs []uint64, passed uint64, d uint32, sec uint8, dt *dates) {
	for i, g := range groups {
		if sec&g.bit == 0 || passed&needs[i] != needs[i] {
			continue
		}
		for k, iv := range g.ivs {
			if g.in(iv, d, sec, dt) {
				g.counts[k]++
			}
		}
	}
}
