package search

import (
	"cmp"
	"context"
	"slices"

	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// Searches restricted to some documents: the candidates of fast.go and
// order.go, or the matches of the filters (a Live index's filtered
// searches), through a view of the index reader whose postings hold
// those documents only.

// restricted is a query whose matches are those of q among docs (document
// numbers, ascending), or among the matches of by, scored by q.
type restricted struct {
	q    query.Query
	docs []uint32
	// by, when set, is the query whose matches q is restricted to,
	// walked without scores on the reader of the search.
	by query.Query
	// scored, when set, is told every match with its score.
	scored func(doc uint64, score float64)
	// kept, when set, are postings already read from the index.
	kept *kept
}

// Searcher returns q's searcher on a view of i whose postings hold docs
// only: the searchers walk as they always do (Next, Advance), over fewer
// documents; the postings' counts, and so the scores, are i's.
func (r *restricted) Searcher(ctx context.Context, i index.IndexReader, m mapping.IndexMapping, options bsearch.SearcherOptions) (bsearch.Searcher, error) {
	docs := r.docs
	if r.by != nil {
		docs = []uint32{}
		err := walkDocs(ctx, i, m, r.by, func(doc uint64) { docs = append(docs, uint32(doc)) })
		if err != nil {
			return nil, err
		}
	}
	s, err := r.q.Searcher(ctx, restrict(i, docs, r.kept), m, options)
	if err != nil || r.scored == nil {
		return s, err
	}
	return &observed{Searcher: s, scored: r.scored}, nil
}

// observed is a searcher whose matches are told to scored.
type observed struct {
	bsearch.Searcher
	scored func(doc uint64, score float64)
}

// Next returns the next match.
func (o *observed) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	return o.tell(o.Searcher.Next(ctx))
}

// Advance returns the first match from ID on.
func (o *observed) Advance(ctx *bsearch.SearchContext, ID index.IndexInternalID) (*bsearch.DocumentMatch, error) {
	return o.tell(o.Searcher.Advance(ctx, ID))
}

func (o *observed) tell(dm *bsearch.DocumentMatch, err error) (*bsearch.DocumentMatch, error) {
	if dm != nil {
		o.scored(dm.IndexInternalID.Value(), dm.Score)
	}
	return dm, err
}

// restrictedReader is an index reader whose postings hold docs only.
type restrictedReader struct {
	index.IndexReader
	docs []uint32
	// kept, when set, are postings of i already read.
	kept *kept
}

// restrict returns the view of i whose postings hold docs only, read
// from kept when it has them; it finds the words one edit away from a
// term as i does, when i has a way of its own (bleve's fuzzy queries ask
// for it).
func restrict(i index.IndexReader, docs []uint32, kept *kept) index.IndexReader {
	r := &restrictedReader{IndexReader: i, docs: docs, kept: kept}
	if f, ok := i.(index.IndexReaderFuzzy); ok {
		return &restrictedFuzzyReader{restrictedReader: r, fuzzy: f}
	}
	return r
}

// restrictedFuzzyReader is a restrictedReader of an index reader that
// finds the terms one edit away from a term itself.
type restrictedFuzzyReader struct {
	*restrictedReader
	fuzzy index.IndexReaderFuzzy
}

// FieldDictFuzzy returns the terms of field within fuzziness of term.
func (r *restrictedFuzzyReader) FieldDictFuzzy(field string, term string, fuzziness int, prefix string) (index.FieldDict, error) {
	return r.fuzzy.FieldDictFuzzy(field, term, fuzziness, prefix)
}

// FieldDictFuzzyAutomaton returns the terms of field within fuzziness of
// term, and the automaton that tells their distance.
func (r *restrictedFuzzyReader) FieldDictFuzzyAutomaton(field string, term string, fuzziness int, prefix string) (index.FieldDict, index.FuzzyAutomaton, error) {
	return r.fuzzy.FieldDictFuzzyAutomaton(field, term, fuzziness, prefix)
}

// TermFieldReader returns the postings of term in field among docs.
func (r *restrictedReader) TermFieldReader(ctx context.Context, term []byte, field string, includeFreq, includeNorm, includeTermVectors bool) (index.TermFieldReader, error) {
	if list, count, ok := r.kept.postings(field, string(term)); ok && !includeTermVectors {
		return &keptPostings{list: list, count: count, docs: r.docs}, nil
	}
	tfr, err := r.IndexReader.TermFieldReader(ctx, term, field, includeFreq, includeNorm, includeTermVectors)
	if err != nil {
		return nil, err
	}
	return &restrictedPostings{TermFieldReader: tfr, docs: r.docs}, nil
}

// restrictedPostings are the postings of a term among docs; Count is the
// term's, for the scores.
type restrictedPostings struct {
	index.TermFieldReader
	docs []uint32
	next int // the first of docs not yet looked for
}

// Next returns the next posting among docs.
func (p *restrictedPostings) Next(pre *index.TermFieldDoc) (*index.TermFieldDoc, error) {
	for p.next < len(p.docs) {
		d, err := p.TermFieldReader.Advance(index.NewIndexInternalID(nil, uint64(p.docs[p.next])), pre)
		if err != nil || d == nil {
			p.next = len(p.docs)
			return nil, err
		}
		v := d.ID.Value()
		for p.next < len(p.docs) && uint64(p.docs[p.next]) < v {
			p.next++
		}
		if p.next < len(p.docs) && uint64(p.docs[p.next]) == v {
			p.next++
			return d, nil
		}
	}
	return nil, nil
}

// Advance returns the first posting among docs from ID on.
func (p *restrictedPostings) Advance(ID index.IndexInternalID, pre *index.TermFieldDoc) (*index.TermFieldDoc, error) {
	v := ID.Value()
	for p.next < len(p.docs) && uint64(p.docs[p.next]) < v {
		p.next++
	}
	return p.Next(pre)
}

// keptPostings are the kept postings of a term among docs, as a
// TermFieldReader of the index gives them; Count is the term's.
type keptPostings struct {
	list  []posting
	count uint64
	docs  []uint32
	next  int // the first of docs not yet looked for
}

// Next returns the next posting among docs.
func (p *keptPostings) Next(pre *index.TermFieldDoc) (*index.TermFieldDoc, error) {
	for ; p.next < len(p.docs); p.next++ {
		d := p.docs[p.next]
		i, found := slices.BinarySearchFunc(p.list, d, func(e posting, d uint32) int { return cmp.Compare(e.doc, d) })
		p.list = p.list[i:]
		if !found {
			continue
		}
		p.next++
		rv := pre
		if rv == nil {
			rv = &index.TermFieldDoc{}
		}
		e := p.list[0]
		rv.ID = index.NewIndexInternalID(rv.ID, uint64(e.doc))
		rv.Freq, rv.Norm = uint64(e.freq), float64(e.norm)
		return rv, nil
	}
	return nil, nil
}

// Advance returns the first posting among docs from ID on.
func (p *keptPostings) Advance(ID index.IndexInternalID, pre *index.TermFieldDoc) (*index.TermFieldDoc, error) {
	v := ID.Value()
	for p.next < len(p.docs) && uint64(p.docs[p.next]) < v {
		p.next++
	}
	return p.Next(pre)
}

// Count returns the number of documents of the term in the index.
func (p *keptPostings) Count() uint64 { return p.count }

// Close closes nothing.
func (p *keptPostings) Close() error { return nil }

// Size estimates the reader's memory for bleve's statistics.
func (p *keptPostings) Size() int { return 64 }

// DocIDReaderAll returns the documents among docs.
func (r *restrictedReader) DocIDReaderAll() (index.DocIDReader, error) {
	return r.restrictIDs(r.IndexReader.DocIDReaderAll())
}

// DocIDReaderOnly returns the documents of ids among docs.
func (r *restrictedReader) DocIDReaderOnly(ids []string) (index.DocIDReader, error) {
	return r.restrictIDs(r.IndexReader.DocIDReaderOnly(ids))
}

func (r *restrictedReader) restrictIDs(ir index.DocIDReader, err error) (index.DocIDReader, error) {
	if err != nil {
		return nil, err
	}
	return &restrictedIDs{DocIDReader: ir, docs: r.docs}, nil
}

// restrictedIDs are the documents of a DocIDReader among docs.
type restrictedIDs struct {
	index.DocIDReader
	docs []uint32
	next int // the first of docs not yet looked for
}

// Next returns the next document among docs.
func (p *restrictedIDs) Next() (index.IndexInternalID, error) {
	for p.next < len(p.docs) {
		id, err := p.DocIDReader.Advance(index.NewIndexInternalID(nil, uint64(p.docs[p.next])))
		if err != nil || id == nil {
			p.next = len(p.docs)
			return nil, err
		}
		v := id.Value()
		for p.next < len(p.docs) && uint64(p.docs[p.next]) < v {
			p.next++
		}
		if p.next < len(p.docs) && uint64(p.docs[p.next]) == v {
			p.next++
			return id, nil
		}
	}
	return nil, nil
}

// Advance returns the first document among docs from ID on.
func (p *restrictedIDs) Advance(ID index.IndexInternalID) (index.IndexInternalID, error) {
	v := ID.Value()
	for p.next < len(p.docs) && uint64(p.docs[p.next]) < v {
		p.next++
	}
	return p.Next()
}
