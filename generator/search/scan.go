package search

import (
	"context"
	"errors"
	"slices"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// One pass over the postings of a search's words, by document number.
//
// bleve walks the matches of a search through its tree of searchers, a
// document at a time: at 50,000 pages, the walk that counts the filters
// of a search of common words (walkFacets) took as long as the estimate
// of their scores, which reads the same postings. A read-only index
// reads each posting list of the words once instead, into arrays as long
// as the index has documents: how many of the words each document has
// (a match has them all) and, for a search by relevance, the estimate of
// its score (fast.go); the filters then come from the filter table
// (counts.go), "aperte" from a walk of its own.

// scanned is what one pass over the postings of a search's words finds.
type scanned struct {
	// words[d] counts the words of the search that document d has.
	words []uint8
	// score[d] is the estimate of d's score, when scored.
	score []float64
	// kept are the postings read, when scored.
	kept *kept
	buf  *scanBuffers
}

// scanBuffers are the arrays of one scan, one value per document. Every
// array is zero when the buffers are handed out: the passes that fill
// the partial ones reset them, and release clears the others.
type scanBuffers struct {
	words                       []uint8
	open                        []bool
	score, strong, place        []float64
	word, also, sum             []float64
	strongWords, placeWords     []uint8
	wordClauses, alsoClauses, n []uint16
	kept                        kept
}

// scanFree are buffers released, kept for the next scans: a few, kept
// whatever the collector does (a sync.Pool empties at collections, and
// the buffers are large).
var scanFree struct {
	sync.Mutex
	list []*scanBuffers
}

// maxScanFree bounds the buffers kept for the next scans.
const maxScanFree = 2

// scanBuffersFor returns zeroed buffers for n documents.
func scanBuffersFor(n int) *scanBuffers {
	scanFree.Lock()
	for i, b := range scanFree.list {
		if len(b.words) == n {
			scanFree.list = slices.Delete(scanFree.list, i, i+1)
			scanFree.Unlock()
			return b
		}
	}
	scanFree.Unlock()
	return &scanBuffers{
		words: make([]uint8, n), open: make([]bool, n),
		score: make([]float64, n), strong: make([]float64, n), place: make([]float64, n),
		word: make([]float64, n), also: make([]float64, n), sum: make([]float64, n),
		strongWords: make([]uint8, n), placeWords: make([]uint8, n),
		wordClauses: make([]uint16, n), alsoClauses: make([]uint16, n), n: make([]uint16, n),
	}
}

// release hands the buffers of s back, zeroed; s is not to be used
// after it.
func (s *scanned) release() {
	if s == nil || s.buf == nil {
		return
	}
	b := s.buf
	s.buf = nil
	clear(b.words)
	clear(b.open)
	clear(b.score)
	b.kept.reset()
	scanFree.Lock()
	if len(scanFree.list) == maxScanFree {
		scanFree.list = scanFree.list[1:]
	}
	scanFree.list = append(scanFree.list, b)
	scanFree.Unlock()
}

// errNoScan reports postings that the scan cannot hold (a document
// number past the filter table).
var errNoScan = errors.New("scansione non possibile")

// scan reads the postings of the words of c in r (total documents,
// docs the length of the arrays): which documents have each word and,
// if scored, the estimate of every document's score. The estimate is
// textQuery's score, summed as bleve sums it, of the words alone,
// whatever the filters: a filtered search ranks its matches as the
// search without filters does.
func (ix *Index) scan(ctx context.Context, r index.IndexReader, c *compiled, docs int, scored bool) (*scanned, error) {
	total, err := r.DocCount()
	if err != nil {
		return nil, err
	}
	b := scanBuffersFor(docs)
	s := &scanned{words: b.words, buf: b}
	if scored {
		s.score = b.score
		s.kept = &b.kept
		b.kept.reset()
	}
	if err := ix.scanWords(ctx, r, c, total, b, scored); err != nil {
		// The partial arrays may hold values: new ones next time.
		s.buf = nil
		return nil, err
	}
	return s, nil
}

func (ix *Index) scanWords(ctx context.Context, r index.IndexReader, c *compiled, total uint64, b *scanBuffers, scored bool) error {
	docs := len(b.words)
	for _, t := range c.terms {
		cls, err := clausesOf(r, ix.wordParts(t))
		if err != nil {
			return err
		}
		for k, cl := range cls {
			strong := k < len(strongFields)
			share := cl.share && len(cl.leaves) > 1
			for _, l := range cl.leaves {
				list, count, err := b.kept.read(ctx, r, l.field, l.term, scored)
				if err != nil {
					return err
				}
				if len(list) > 0 && int(list[len(list)-1].doc) >= docs {
					return errNoScan
				}
				w := weight(total, count, l.boost)
				switch {
				case !scored:
					for _, p := range list {
						b.wordClauses[p.doc] = 1
					}
				case share:
					for _, p := range list {
						b.sum[p.doc] += sqrtFreq(p.freq) * float64(p.norm) * w
						b.n[p.doc]++
					}
				case strong:
					for _, p := range list {
						score := sqrtFreq(p.freq) * float64(p.norm) * w
						b.word[p.doc] += score
						b.wordClauses[p.doc]++
						b.also[p.doc] += score * coordBoost
						b.alsoClauses[p.doc]++
					}
				default:
					for _, p := range list {
						b.word[p.doc] += sqrtFreq(p.freq) * float64(p.norm) * w
						b.wordClauses[p.doc]++
					}
				}
			}
			if share && scored {
				// A disjunction of its own: scaled by the share of its
				// terms that match.
				all := float64(len(cl.leaves))
				for d, k := range b.n {
					if k > 0 {
						b.word[d] += b.sum[d] * float64(k) / all
						b.wordClauses[d]++
						b.sum[d], b.n[d] = 0, 0
					}
				}
			}
		}
		// wordQuery: the disjunction of the clauses, scaled by the share
		// of them that match; and strongQueries, the first clauses
		// boosted coordBoost times more, for the coordination of
		// several words.
		clauses := float64(len(cls))
		for d, wc := range b.wordClauses {
			if wc == 0 {
				continue
			}
			b.words[d]++
			b.wordClauses[d] = 0
			if !scored {
				continue
			}
			b.score[d] += b.word[d] * float64(wc) / clauses
			if ac := b.alsoClauses[d]; ac > 0 {
				b.strong[d] += b.also[d] * float64(ac) / float64(len(strongFields))
				b.strongWords[d]++
			}
			b.word[d], b.also[d], b.alsoClauses[d] = 0, 0, 0
		}
		if !scored {
			continue
		}
		list, count, err := b.kept.read(ctx, r, fieldPlace, t.stem, true)
		if err != nil {
			return err
		}
		w := weight(total, count, placeBoost)
		for _, p := range list {
			if int(p.doc) < docs {
				b.place[p.doc] += sqrtFreq(p.freq) * float64(p.norm) * w
				b.placeWords[p.doc]++
			}
		}
	}
	if !scored {
		return nil
	}
	words := uint8(len(c.terms))
	for d := range docs {
		if sw := b.strongWords[d]; sw > 0 {
			if words > 1 && sw == words {
				b.score[d] += b.strong[d]
			}
			b.strong[d], b.strongWords[d] = 0, 0
		}
		if pw := b.placeWords[d]; pw > 0 {
			if pw == words {
				b.score[d] += b.place[d]
			}
			b.place[d], b.placeWords[d] = 0, 0
		}
	}
	return nil
}

// kept are the postings of the terms a scan read, to be scored by bleve
// again (restrictedReader): the same documents, frequencies and norms as
// the index's, without reading them twice.
type kept struct {
	all   []posting
	terms map[leafTerm]keptSpan
	// docs holds the postings of a term read without scores, which are
	// not kept.
	docs []posting
}

// leafTerm is a term of a field.
type leafTerm struct{ field, term string }

// keptSpan are the postings all[from:to] of a term, and its count.
type keptSpan struct {
	from, to int
	count    uint64
}

func (k *kept) reset() {
	k.all = k.all[:0]
	clear(k.terms)
}

// read returns the postings of term in field of r and their count in the
// index: the kept ones, or those read now, kept if scored.
func (k *kept) read(ctx context.Context, r index.IndexReader, field, term string, scored bool) ([]posting, uint64, error) {
	if !scored {
		var (
			n   uint64
			err error
		)
		k.docs, n, err = readPostings(ctx, r, field, term, false, k.docs[:0])
		return k.docs, n, err
	}
	if list, n, ok := k.postings(field, term); ok {
		return list, n, nil
	}
	from := len(k.all)
	all, n, err := readPostings(ctx, r, field, term, true, k.all)
	if err != nil {
		return nil, 0, err
	}
	k.all = all
	if k.terms == nil {
		k.terms = map[leafTerm]keptSpan{}
	}
	k.terms[leafTerm{field, term}] = keptSpan{from: from, to: len(all), count: n}
	return all[from:], n, nil
}

// postings returns the kept postings of term in field and their count in
// the index, if kept.
func (k *kept) postings(field, term string) ([]posting, uint64, bool) {
	if k == nil {
		return nil, 0, false
	}
	sp, ok := k.terms[leafTerm{field, term}]
	if !ok {
		return nil, 0, false
	}
	return k.all[sp.from:sp.to], sp.count, true
}

// scannable reports whether the documents of r are numbered 0 to docs-1,
// every one of them live: a read-only index whose segments have no
// deletions, and a filter table of every document.
func scannable(r index.IndexReader, docs int) bool {
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return false
	}
	for _, ss := range snap.Segments() {
		if d := ss.Deleted(); d != nil && !d.IsEmpty() {
			return false
		}
	}
	n, err := r.DocCount()
	return err == nil && n == uint64(docs)
}

// wordsBitmap returns the documents of r that have every word of c, from
// the bitmaps of the postings of an index of one segment (which
// scannable has seen without deletions); nil for another index.
func (ix *Index) wordsBitmap(r index.IndexReader, c *compiled) (*roaring.Bitmap, error) {
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok || len(snap.Segments()) != 1 {
		return nil, nil
	}
	seg := snap.Segments()[0].Segment()
	dicts := map[string]segment.TermDictionary{}
	var all *roaring.Bitmap
	for _, t := range c.terms {
		cls, err := clausesOf(r, ix.wordParts(t))
		if err != nil {
			return nil, err
		}
		word := roaring.New()
		for _, cl := range cls {
			for _, l := range cl.leaves {
				dict, ok := dicts[l.field]
				if !ok {
					if dict, err = seg.Dictionary(l.field); err != nil {
						return nil, err
					}
					dicts[l.field] = dict
				}
				pl, err := dict.PostingsList([]byte(l.term), nil, nil)
				if err != nil {
					return nil, err
				}
				o, ok := pl.(interface{ OrInto(*roaring.Bitmap) })
				if !ok {
					return nil, nil
				}
				o.OrInto(word)
			}
		}
		if all == nil {
			all = word
		} else {
			all.And(word)
		}
	}
	return all, nil
}

// eachMatch returns the walk over the matches of c but its facets'
// filters, in ascending order (what walkDocs does with
// c.matches(anyFacet)), when r can be scanned: from the bitmaps of the
// words' postings, or, if scored, a scan of them kept in c.scan; else
// bleve's walk.
func (ix *Index) eachMatch(ctx context.Context, r index.IndexReader, c *compiled, scored bool) (func(fn func(doc uint64)) error, error) {
	t := ix.filters
	docs := len(t.start) - 1
	walk := func(fn func(doc uint64)) error { return ix.visit(ctx, r, c.matches(anyFacet), fn) }
	if !scannable(r, docs) {
		return walk, nil
	}
	words := uint8(len(c.terms))
	var (
		s    *scanned
		have *roaring.Bitmap
	)
	if c.text != nil {
		var err error
		switch {
		case c.synonyms:
			// The units of the expanded query (synonyms_rank.go).
			if have, err = ix.synonymsBitmap(r, c); err != nil {
				return nil, err
			}
			if have == nil {
				return walk, nil
			}
		case !scored:
			if have, err = ix.wordsBitmap(r, c); err != nil {
				return nil, err
			}
		}
		if have == nil {
			if s, err = ix.scan(ctx, r, c, docs, scored); err != nil {
				if errors.Is(err, errNoScan) {
					return walk, nil
				}
				return nil, err
			}
			c.scan = s
		}
	}
	var open []bool
	if c.open != nil {
		if s == nil {
			s = &scanned{buf: scanBuffersFor(docs)}
			c.scan = s
		}
		open = s.buf.open
		if err := ix.visit(ctx, r, c.open, func(d uint64) {
			if d < uint64(docs) {
				open[d] = true
			}
		}); err != nil {
			return nil, err
		}
	}
	// The site's own pages, left out when there are no words.
	var unlisted []bool
	if c.unlisted != nil {
		unlisted = make([]bool, len(t.terms))
		for _, sec := range ix.Meta.Sections {
			if sec.URL == "" {
				if id, ok := t.id(filterTerm(SectionKey, sec.Value)); ok {
					unlisted[id] = true
				}
			}
		}
	}
	passes := func(d uint32) bool {
		if open != nil && !open[d] {
			return false
		}
		if unlisted != nil {
			for _, id := range t.ids[t.start[d]:t.start[d+1]] {
				if unlisted[id] {
					return false
				}
			}
		}
		return true
	}
	return func(fn func(doc uint64)) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if have != nil {
			it := have.Iterator()
			for it.HasNext() {
				if d := it.Next(); int(d) < docs && passes(d) {
					fn(uint64(d))
				}
			}
			return nil
		}
		for d := range uint32(docs) {
			if (c.text == nil || s.words[d] == words) && passes(d) {
				fn(uint64(d))
			}
		}
		return nil
	}, nil
}
