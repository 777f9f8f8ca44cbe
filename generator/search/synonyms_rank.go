package search

import "context"

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
	typed.synonyms, typed.marks = false, nil
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
