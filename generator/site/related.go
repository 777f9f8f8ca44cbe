package site

import (
	"math"
	"runtime"
	"strings"
	"sync"
)

// minRelatedScore keeps out pages that share only a weak term (a single
// territory or target group).
const minRelatedScore = 2

// relate picks up to k related pages for every page with an inverted index
// (term → pages): for each page it adds the taxonomy weight of every term
// it shares with another page, then keeps the k best: pages still open (or
// without a lifecycle) before closed ones, so that an expired opportunity
// is suggested only when nothing else is left; then higher scores, then
// newer pages. Its cost is the sum of the posting lists a page touches,
// never all pairs: a page whose lists are short compares and resets only
// the pages it touched; one whose lists cover much of the site (a
// cantiere, a popular topic) scans the counters of all, which is then
// quicker than keeping track.
func relate(s *Site, k int) {
	if k <= 0 {
		return
	}
	n := len(s.Pages)
	closed := make([]bool, n)
	for i, p := range s.Pages {
		closed[i] = p.Closed()
	}
	// Posting lists of page indices, built once per term (the hub of a
	// cantiere counts as carrying its own term).
	postings := map[*Term][]int32{}
	for _, tax := range s.Taxonomies {
		for _, t := range tax.Terms {
			list := make([]int32, 0, len(t.Pages)+1)
			for _, q := range t.Pages {
				list = append(list, int32(q.index))
			}
			if t.Hub != nil {
				list = append(list, int32(t.Hub.index))
			}
			postings[t] = list
		}
	}
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	next := make(chan int, 64)
	for range workers {
		wg.Go(func() {
			// One small counter per page: the whole array stays in cache,
			// so the accumulation is a tight loop of increments.
			c := chooser{scores: make([]uint16, n), closed: closed, k: k}
			for i := range next {
				p := s.Pages[i]
				for _, j := range c.choose(p, i, postings) {
					q := s.Pages[j.index]
					p.Related = append(p.Related, Related{Page: q, Score: int(j.score), Reason: reason(p, q)})
				}
			}
		})
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
}

// chooser holds one worker's counters.
type chooser struct {
	scores []uint16
	// touched lists the pages whose counter is not zero, when the page
	// being related keeps track of them.
	touched []int32
	// lists are the posting lists of the page being related.
	lists  []weighted
	closed []bool
	k      int
	// open and shut are the best candidates still open and closed, and
	// their floors the lowest score that can still enter each.
	open, shut           []candidate
	openFloor, shutFloor uint16
}

// weighted is the posting list of a term with its taxonomy's weight.
type weighted struct {
	pages []int32
	w     uint16
}

// candidate is a page index with its score.
type candidate struct {
	index int32
	score uint16
}

// choose returns the k best candidates for page p (index i), best first,
// and leaves the counters at zero.
func (c *chooser) choose(p *Page, i int, postings map[*Term][]int32) []candidate {
	lists := c.lists[:0]
	total, entries := 0, 0
	for _, g := range p.Terms {
		rel := g.Taxonomy.Schema.Related
		if rel == nil || rel.Weight <= 0 {
			continue
		}
		w := uint16(min(rel.Weight, 255))
		for _, t := range g.Terms {
			if total += int(w); total > math.MaxUint16 {
				break // a score could overflow: the rest cannot count
			}
			l := postings[t]
			lists = append(lists, weighted{l, w})
			entries += len(l)
		}
	}
	c.lists = lists
	scores := c.scores
	c.open, c.shut = c.open[:0], c.shut[:0]
	c.openFloor, c.shutFloor = minRelatedScore, minRelatedScore
	if entries*4 < len(scores) {
		// Short lists: keep track of the pages touched.
		touched := c.touched[:0]
		for _, l := range lists {
			for _, j := range l.pages {
				if scores[j] == 0 {
					touched = append(touched, j)
				}
				scores[j] += l.w
			}
		}
		scores[i] = 0 // never related to itself
		for _, j := range touched {
			if sc := scores[j]; sc >= min(c.openFloor, c.shutFloor) {
				c.offer(j, sc, false)
			}
			scores[j] = 0
		}
		c.touched = touched
	} else {
		for _, l := range lists {
			for _, j := range l.pages {
				scores[j] += l.w
			}
		}
		scores[i] = 0
		// Pages come in increasing index (newest first), so a later page
		// with the score of the last one kept never beats it.
		floor := uint16(minRelatedScore) // the lower of the floors that still matter
		for j, sc := range scores {
			if sc >= floor {
				floor = c.offer(int32(j), sc, true)
			}
		}
		clear(scores)
	}
	out := c.open
	for _, x := range c.shut {
		if len(out) == c.k {
			break
		}
		out = append(out, x)
	}
	return out
}

// offer considers page j with score sc for the best open or closed
// candidates. ascending says pages come in increasing index, so that a
// page scoring as much as the last one kept cannot beat it. It returns the
// lowest score that can still enter: closed pages stop counting once k
// open ones are kept.
func (c *chooser) offer(j int32, sc uint16, ascending bool) uint16 {
	if !c.closed[j] {
		if sc >= c.openFloor {
			c.open = insertTop(c.open, candidate{j, sc}, c.k)
			c.openFloor = nextFloor(c.open, c.k, c.openFloor, ascending)
		}
	} else if len(c.open) < c.k && sc >= c.shutFloor {
		c.shut = insertTop(c.shut, candidate{j, sc}, c.k)
		c.shutFloor = nextFloor(c.shut, c.k, c.shutFloor, ascending)
	}
	if len(c.open) == c.k {
		return c.openFloor
	}
	return min(c.openFloor, c.shutFloor)
}

// nextFloor is the lowest score that can still enter best: once it is
// full, its last score (one more when candidates come in increasing
// index).
func nextFloor(best []candidate, k int, floor uint16, ascending bool) uint16 {
	if len(best) < k {
		return floor
	}
	last := best[k-1].score
	if ascending && last < math.MaxUint16 {
		return last + 1
	}
	return last
}

// insertTop adds c to best, kept sorted by score (highest first) then
// index (lowest first), at most k long.
func insertTop(best []candidate, c candidate, k int) []candidate {
	before := func(a, b candidate) bool {
		return a.score > b.score || a.score == b.score && a.index < b.index
	}
	if len(best) == k && !before(c, best[k-1]) {
		return best
	}
	pos := len(best)
	for pos > 0 && before(c, best[pos-1]) {
		pos--
	}
	if len(best) < k {
		best = append(best, candidate{})
	}
	copy(best[pos+1:], best[pos:len(best)-1])
	best[pos] = c
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
					name = t.ShortName() // "stesso cantiere: Ferrara"
				}
				text = rel.Reason + ": " + name
				break
			}
		}
	}
	return text
}

// ShortName is the term's name without its taxonomy's singular in front,
// for where the taxonomy is already said: "Ferrara", not "Cantiere
// Ferrara".
func (t *Term) ShortName() string {
	name := strings.TrimSpace(trimPrefixFold(t.Name, t.Taxonomy.Singular+" "))
	return trimPrefixFold(name, "di ") // "Cantiere di Ferrara" → "Ferrara"
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
