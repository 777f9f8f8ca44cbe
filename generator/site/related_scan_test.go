package site

import (
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"cantiericomuni.it/banca/generator/content"
	"cantiericomuni.it/banca/generator/schema"
)

// relateScan is relate as it was before it walked only the rarest posting
// lists of each page, kept verbatim but for its names as the reference of
// TestRelatedSameAsScan and BenchmarkRelated. It picks up to k related pages for every page with an inverted index
// (term → pages): for each page it adds the taxonomy weight of every term
// it shares with another page, then keeps the k best: pages still open (or
// without a lifecycle) before closed ones, so that an expired opportunity
// is suggested only when nothing else is left; then higher scores, then
// newer pages. Its cost is the sum of the posting lists a page touches,
// never all pairs: a page whose lists are short compares and resets only
// the pages it touched; one whose lists cover much of the site (a
// cantiere, a popular topic) scans the counters of all, which is then
// quicker than keeping track.
func relateScan(s *Site, k int) {
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
			c := scanChooser{scores: make([]uint16, n), closed: closed, k: k}
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

// scanChooser holds one worker's counters.
type scanChooser struct {
	scores []uint16
	// touched lists the pages whose counter is not zero, when the page
	// being related keeps track of them.
	touched []int32
	// lists are the posting lists of the page being related.
	lists  []scanWeighted
	closed []bool
	k      int
	// open and shut are the best candidates still open and closed, and
	// their floors the lowest score that can still enter each.
	open, shut           []scanCandidate
	openFloor, shutFloor uint16
}

// scanWeighted is the posting list of a term with its taxonomy's weight.
type scanWeighted struct {
	pages []int32
	w     uint16
}

// scanCandidate is a page index with its score.
type scanCandidate struct {
	index int32
	score uint16
}

// choose returns the k best candidates for page p (index i), best first,
// and leaves the counters at zero.
func (c *scanChooser) choose(p *Page, i int, postings map[*Term][]int32) []scanCandidate {
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
			lists = append(lists, scanWeighted{l, w})
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
func (c *scanChooser) offer(j int32, sc uint16, ascending bool) uint16 {
	if !c.closed[j] {
		if sc >= c.openFloor {
			c.open = scanInsertTop(c.open, scanCandidate{j, sc}, c.k)
			c.openFloor = scanNextFloor(c.open, c.k, c.openFloor, ascending)
		}
	} else if len(c.open) < c.k && sc >= c.shutFloor {
		c.shut = scanInsertTop(c.shut, scanCandidate{j, sc}, c.k)
		c.shutFloor = scanNextFloor(c.shut, c.k, c.shutFloor, ascending)
	}
	if len(c.open) == c.k {
		return c.openFloor
	}
	return min(c.openFloor, c.shutFloor)
}

// scanNextFloor is the lowest score that can still enter best: once it is
// full, its last score (one more when candidates come in increasing
// index).
func scanNextFloor(best []scanCandidate, k int, floor uint16, ascending bool) uint16 {
	if len(best) < k {
		return floor
	}
	last := best[k-1].score
	if ascending && last < math.MaxUint16 {
		return last + 1
	}
	return last
}

// scanInsertTop adds c to best, kept sorted by score (highest first) then
// index (lowest first), at most k long.
func scanInsertTop(best []scanCandidate, c scanCandidate, k int) []scanCandidate {
	before := func(a, b scanCandidate) bool {
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
		best = append(best, scanCandidate{})
	}
	copy(best[pos+1:], best[pos:len(best)-1])
	best[pos] = c
	return best
}

// shapedPages makes n pages over a vocabulary of the given sizes: every
// page carries one to perTerm values of each taxonomy, drawn with a skew
// (the first values far more often), with one cantiere out of five, and
// closed opportunities now and then. seed makes it reproducible.
func shapedPages(tb testing.TB, seed uint32, n, topics, places, groups, perTerm int) []*content.Page {
	loc := rome(tb)
	rnd := func(n int) int {
		seed = seed*1664525 + 1013904223
		return int(seed>>8) % max(n, 1)
	}
	skew := func(n int) int { return rnd(rnd(n) + 1) }
	cantieri := []string{"bologna-navile", "imola", "ferrara", "casalecchio-di-reno", "san-lazzaro-di-savena"}
	var pages []*content.Page
	for _, c := range cantieri {
		pages = append(pages, page("cantieri", c, time.Date(2024, 1, 1, 0, 0, 0, 0, loc), nil))
	}
	secs := []string{"opportunita", "protocolli", "pratiche", "risorse"}
	for i := range max(n-len(cantieri), 0) {
		terms := map[string][]string{}
		pick := func(tax string, size int, prefix string) {
			if size == 0 {
				return
			}
			for range rnd(perTerm + 1) {
				terms[tax] = append(terms[tax], fmt.Sprintf("%s %d", prefix, skew(size)))
			}
		}
		pick("argomenti", topics, "tema")
		pick("territori", places, "comune")
		pick("destinatari", groups, "gruppo")
		if rnd(3) > 0 {
			terms["cantieri"] = []string{cantieri[rnd(len(cantieri))]}
		}
		// Few distinct dates: many ties in the order of pages.
		p := page(secs[rnd(len(secs))], fmt.Sprintf("p%d", i), time.Date(2026, 1, 1+rnd(400), 0, 0, 0, 0, loc), terms)
		if p.Section == "opportunita" && rnd(2) == 0 {
			p.Deadline = &schema.Date{Time: p.Date.AddDate(0, 0, rnd(60))}
		}
		pages = append(pages, p)
	}
	return pages
}

// TestRelatedSameAsScan checks relate against relateScan, the algorithm
// before it, on sites of several shapes: shaped like the gen-corpus
// (every page sharing something with nearly every other), with specific
// terms (each page sharing with a few), with a tiny vocabulary (scores
// tied everywhere), with half the opportunities closed, and for several
// numbers of related pages; the sample content and the 1k corpus are
// compared in TestRelated.
func TestRelatedSameAsScan(t *testing.T) {
	sch := testSchema(t)
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, rome(t))
	for _, tc := range []struct {
		name  string
		pages []*content.Page
	}{
		{"corpus-3000", syntheticPages(t, 3000)},
		{"sparso-3000", sparsePages(t, 3000)},
		{"ampio-2000", shapedPages(t, 1, 2000, 40, 60, 10, 4)},
		{"minuscolo-500", shapedPages(t, 2, 500, 3, 2, 2, 2)},
		{"un-termine-800", shapedPages(t, 3, 800, 5, 0, 0, 1)},
		{"specifico-2000", shapedPages(t, 4, 2000, 400, 300, 50, 3)},
		{"vuoto-50", shapedPages(t, 5, 50, 0, 0, 0, 0)},
	} {
		s := Assemble(tc.pages, sch, Options{Now: now})
		for _, k := range []int{1, 3, 8} {
			t.Run(fmt.Sprintf("%s/k=%d", tc.name, k), func(t *testing.T) {
				want := rerelateK(s, relateScan, k)
				for _, share := range []int{countShare, 0, 1 << 20} {
					got := withCountShare(share, func() []string { return rerelateK(s, relate, k) })
					if !slices.Equal(got, want) {
						t.Errorf("countShare=%d: relate e relateScan non coincidono:\n%s", share, diffLines(want, got))
					}
				}
			})
		}
	}
}

// rerelateK runs pick on s afresh for k related pages and returns what
// it chose.
func rerelateK(s *Site, pick func(*Site, int), k int) []string {
	for _, p := range s.Pages {
		p.Related = nil
	}
	pick(s, k)
	return relatedOf(s)
}

// FuzzRelated checks relate against the comparison of all pairs on small
// random sites: the seed, the sizes of the vocabulary and the number of
// related pages come from the fuzzer.
func FuzzRelated(f *testing.F) {
	f.Add(uint32(1), uint8(60), uint8(5), uint8(4), uint8(3), uint8(3), uint8(3))
	f.Add(uint32(9), uint8(200), uint8(2), uint8(1), uint8(1), uint8(1), uint8(1))
	f.Add(uint32(4), uint8(120), uint8(30), uint8(20), uint8(8), uint8(5), uint8(5))
	sch := testSchema(f)
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, rome(f))
	f.Fuzz(func(t *testing.T, seed uint32, n, topics, places, groups, perTerm, k uint8) {
		pages := shapedPages(t, seed, int(n), int(topics%50), int(places%50), int(groups%20), int(perTerm%6))
		s := Assemble(pages, sch, Options{Now: now})
		kk := 1 + int(k%10)
		want := rerelateK(s, relateAllPairs, kk)
		// The bands and the sweep, then the counters.
		for _, share := range []int{0, 1 << 20} {
			got := withCountShare(share, func() []string { return rerelateK(s, relate, kk) })
			if !slices.Equal(got, want) {
				t.Errorf("countShare=%d: relate e il confronto di tutte le coppie non coincidono:\n%s", share, diffLines(want, got))
			}
		}
	})
}

// withCountShare runs f with countShare set to share: 0 searches every
// page by bands, a large share adds up every page's lists.
func withCountShare(share int, f func() []string) []string {
	defer func(old int) { countShare = old }(countShare)
	countShare = share
	return f()
}
