package site

import (
	"runtime"
	"sync"
)

// relateBefore is relate as it was before it scanned only the pages it
// touched and put closed pages last, kept verbatim (but for its name) as
// the reference of TestRelatedSameAsBefore and BenchmarkRelated. It picks
// up to k related pages for every page with an inverted index (term →
// pages), then scans the scores of every page to keep the k best: the
// scan makes it O(n²).
func relateBefore(s *Site, k int) {
	n := len(s.Pages)
	index := make(map[*Page]int32, n)
	for i, p := range s.Pages {
		index[p] = int32(i)
	}
	// Posting lists of page indices, built once per term (the hub of a
	// cantiere counts as carrying its own term).
	postings := map[*Term][]int32{}
	for _, tax := range s.Taxonomies {
		for _, t := range tax.Terms {
			list := make([]int32, 0, len(t.Pages)+1)
			for _, q := range t.Pages {
				list = append(list, index[q])
			}
			if t.Hub != nil {
				list = append(list, index[t.Hub])
			}
			postings[t] = list
		}
	}
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	next := make(chan int, 64)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// One small counter per page: the whole array stays in cache,
			// so the accumulation is a tight loop of increments, and a
			// linear scan finds the best scores.
			scores := make([]uint16, n)
			for i := range next {
				p := s.Pages[i]
				for _, g := range p.Terms {
					rel := g.Taxonomy.Schema.Related
					if rel == nil || rel.Weight <= 0 {
						continue
					}
					w := uint16(min(rel.Weight, 255))
					for _, t := range g.Terms {
						for _, j := range postings[t] {
							scores[j] += w
						}
					}
				}
				scores[i] = 0 // never related to itself
				best := make([]int32, 0, k)
				floor := uint16(minRelatedScore)
				for j, sc := range scores {
					// j grows, so a later page with an equal score never
					// beats one already kept: only strictly better counts.
					if sc >= floor {
						best = insertTopBefore(best, int32(j), scores, k)
						if len(best) == k {
							floor = scores[best[k-1]] + 1
						}
					}
				}
				for _, j := range best {
					q := s.Pages[j]
					p.Related = append(p.Related, Related{Page: q, Score: int(scores[j]), Reason: reason(p, q)})
				}
				clear(scores)
			}
		}()
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
}

// insertTopBefore keeps best sorted by score (desc) then index (asc: pages are
// sorted newest first), at most k long.
func insertTopBefore(best []int32, j int32, scores []uint16, k int) []int32 {
	better := func(a, b int32) bool {
		if scores[a] != scores[b] {
			return scores[a] > scores[b]
		}
		return a < b
	}
	if len(best) == k && !better(j, best[k-1]) {
		return best
	}
	pos := len(best)
	for pos > 0 && better(j, best[pos-1]) {
		pos--
	}
	if len(best) < k {
		best = append(best, 0)
	}
	copy(best[pos+1:], best[pos:len(best)-1])
	best[pos] = j
	return best
}
