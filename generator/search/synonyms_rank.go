package search

import (
	"context"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// bySynonyms is byRelevance for a query expanded with synonyms, on a
// read-only index whose walk found the matches of the whole expanded
// search (c.pre): the same order as bleve's scores of the expanded query
// (synonyms.go), in two searches that each take the fast path. First the
// pages that match the words typed, in the order of the search without
// synonyms (its own walk and estimate, fast.go); then, when the page of
// results reaches past them, the pages found only through a synonym,
// bleve scoring those alone by the units of the expanded query. The
// total and the filter counts are those of the expanded search.
func (ix *Index) bySynonyms(ctx context.Context, c *compiled, from, size int) (*ranked, error) {
	typed := *c
	typed.synonyms, typed.units, typed.marks = false, nil, nil
	typed.text, typed.words = ix.textQuery(c.terms), ix.wordsQuery(c.terms)
	typed.pre, typed.scan, typed.only, typed.scored = nil, nil, nil, nil
	pre, _, err := ix.walkFacets(ctx, &typed, true)
	defer func() { typed.scan.release() }()
	if err != nil {
		return nil, err
	}
	typed.pre = pre
	first, err := ix.byRelevance(ctx, &typed, from, size)
	if err != nil {
		return nil, err
	}
	out := &ranked{hits: first.hits, total: c.pre.total, counts: c.pre.counts}
	n := pre.total
	if from+size <= n {
		return out, nil
	}
	rest := without(c.pre.docs, pre.docs)
	if len(rest) == 0 {
		return out, nil
	}
	others := *c
	others.text, others.only, others.scored, others.scan = c.words, rest, nil, nil
	second, err := ix.relevance(ctx, &others, max(from-n, 0), from+size-max(from, n))
	if err != nil {
		return nil, err
	}
	out.hits = append(out.hits, second.hits...)
	return out, nil
}

// without returns the numbers of a that are not in b, both ascending.
func without(a, b []uint32) []uint32 {
	out := make([]uint32, 0, len(a)-min(len(a), len(b)))
	j := 0
	for _, d := range a {
		for j < len(b) && b[j] < d {
			j++
		}
		if j < len(b) && b[j] == d {
			continue
		}
		out = append(out, d)
	}
	return out
}

// synonymsBitmap returns the documents of r that match every unit of the
// expanded query c (what wordsBitmap is for a query without synonyms),
// from the bitmaps of the postings of an index of one segment; nil for
// another index.
func (ix *Index) synonymsBitmap(r index.IndexReader, c *compiled) (*roaring.Bitmap, error) {
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok || len(snap.Segments()) != 1 {
		return nil, nil
	}
	seg := snap.Segments()[0].Segment()
	dicts := map[string]segment.TermDictionary{}
	// into ors the postings of term in field into b; false when the
	// segment cannot tell them as a bitmap.
	into := func(b *roaring.Bitmap, field, term string) (bool, error) {
		dict, ok := dicts[field]
		if !ok {
			var err error
			if dict, err = seg.Dictionary(field); err != nil {
				return false, err
			}
			dicts[field] = dict
		}
		pl, err := dict.PostingsList([]byte(term), nil, nil)
		if err != nil {
			return false, err
		}
		o, ok := pl.(interface{ OrInto(*roaring.Bitmap) })
		if ok {
			o.OrInto(b)
		}
		return ok, nil
	}
	and := func(a, b *roaring.Bitmap) *roaring.Bitmap {
		if a == nil {
			return b
		}
		a.And(b)
		return a
	}
	var all *roaring.Bitmap
	for _, u := range c.units {
		var typed *roaring.Bitmap
		for _, j := range u.words {
			cls, err := clausesOf(r, ix.wordParts(c.terms[j]))
			if err != nil {
				return nil, err
			}
			word := roaring.New()
			for _, cl := range cls {
				for _, l := range cl.leaves {
					if ok, err := into(word, l.field, l.term); !ok || err != nil {
						return nil, err
					}
				}
			}
			typed = and(typed, word)
		}
		unit := typed
		for _, stems := range u.alts {
			var alt *roaring.Bitmap
			for _, stem := range stems {
				b := roaring.New()
				for _, field := range append(strongFields[:len(strongFields):len(strongFields)], fieldText) {
					if ok, err := into(b, field, stem); !ok || err != nil {
						return nil, err
					}
				}
				alt = and(alt, b)
			}
			unit.Or(alt)
		}
		all = and(all, unit)
	}
	return all, nil
}
