package site

import (
	"runtime"
	"strings"
	"sync"
)

// minRelatedScore keeps out pages that share only a weak term (a single
// territory or target group).
const minRelatedScore = 2

// relate picks up to k related pages for every page with an inverted index
// (term → pages): for each page it adds the taxonomy weight of every term
// it shares with another page, then keeps the k best scores, newer pages
// first on ties. Its cost is the sum of the posting lists a page touches,
// not the number of page pairs.
func relate(s *Site, k int) {
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
						best = insertTop(best, int32(j), scores, k)
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

// insertTop keeps best sorted by score (desc) then index (asc: pages are
// sorted newest first), at most k long.
func insertTop(best []int32, j int32, scores []uint16, k int) []int32 {
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

// reason names the strongest shared term: the taxonomy with the highest
// weight, its first term in the page's own order.
func reason(p, q *Page) string {
	bestW, text := 0, ""
	for _, g := range p.Terms {
		rel := g.Taxonomy.Schema.Related
		if rel == nil || rel.Weight <= bestW {
			continue
		}
		for _, t := range g.Terms {
			if sharesTerm(q, t) {
				bestW = rel.Weight
				name := t.Value
				if t.Hub != nil {
					// "stesso cantiere: Ferrara", not "…: Cantiere di Ferrara".
					name = strings.TrimSpace(trimPrefixFold(t.Name, t.Taxonomy.Singular+" "))
					name = trimPrefixFold(name, "di ")
				}
				text = rel.Reason + ": " + name
				break
			}
		}
	}
	return text
}

// trimPrefixFold removes prefix from s, ignoring case.
func trimPrefixFold(s, prefix string) string {
	if len(s) > len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):]
	}
	return s
}

func sharesTerm(q *Page, t *Term) bool {
	if t.Hub == q {
		return true
	}
	for _, g := range q.Terms {
		if g.Taxonomy != t.Taxonomy {
			continue
		}
		for _, x := range g.Terms {
			if x == t {
				return true
			}
		}
	}
	return false
}
