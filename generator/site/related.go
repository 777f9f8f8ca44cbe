package site

import (
	"cmp"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// minRelatedScore keeps out pages that share only a weak term (a single
// territory or target group).
const minRelatedScore = 2

// relate picks up to k related pages for every page: pages still open
// (or without a lifecycle) before closed ones, so that an expired
// opportunity is suggested only when nothing else is left; then higher
// scores (the sum of the taxonomy weights of the terms a page shares),
// then newer pages (lower index).
//
// It looks for the best candidates from the top score down, never adding
// up posting lists page by page: a page missing terms of weight less than
// d from page p's scores at least total−d+1, so it carries every term of
// p weighing d or more. For each such band of scores, the pages carrying
// those terms are found in index order by intersecting the terms' page
// sets (bitsets of the site, 64 pages a word, or a short posting list),
// scored from their own terms, and the search stops as soon as k open
// candidates are certain. Past the heaviest weight w, a page missing less
// than (q+1)·w still carries all but q of the heaviest terms: those bands
// count, 64 pages at a time, how many of them each page carries. The
// best candidates share most of a page's terms, so the bands that matter
// ask for most of them, and few pages pass. A page whose best candidates
// share too little for any band (107 of the 9,791 of the 10k corpus)
// counts every page's score on bit-sliced counters (sweep), and scores
// in full only those that can still enter. A page whose lists are short
// (specific terms) adds them up instead, in counters it resets (count):
// cheaper there than any pass over bitsets.
//
// Its cost per page is the words of the bitsets it reads, n/64 each, and
// the few candidates it scores: still proportional to the site where
// every term covers a fixed share of it (the gen-corpus: five cantieri,
// ten target groups, a few dozen topics), but 64 pages to a machine word
// instead of one posting-list entry at a time (relateScan, in the
// tests), and nothing of the kind where terms are specific.
func relate(s *Site, k int) {
	if k <= 0 {
		return
	}
	x := newTermIndex(s)
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	next := make(chan int, 64)
	for range workers {
		wg.Go(func() {
			c := newChooser(x, k)
			for i := range next {
				p := s.Pages[i]
				for _, j := range c.choose(p, i) {
					q := s.Pages[j.index]
					p.Related = append(p.Related, Related{Page: q, Score: int(j.score), Reason: reason(p, q)})
				}
			}
		})
	}
	for i := range s.Pages {
		next <- i
	}
	close(next)
	wg.Wait()
}

// termIndex numbers the terms of the taxonomies that count for related
// pages and links them both ways: each term to the pages that carry it,
// each page to its terms.
type termIndex struct {
	id map[*Term]int32
	// postings are the pages of each term (by id), in index order, the
	// hub of a cantiere counting as carrying its own term.
	postings [][]int32
	// bits are the same pages as a bitset of the site, for the terms with
	// long lists (nil for the others).
	bits [][]uint64
	// termsAt[i]:termsAt[i+1] bounds, in terms, the ids of the terms
	// whose posting lists hold page i.
	termsAt []int32
	terms   []int32
	closed  []bool
}

// denseShare is the share of the site from which a term's pages are also
// kept as a bitset: a list of n/64 int32 weighs half as much as n bits.
const denseShare = 64

func newTermIndex(s *Site) *termIndex {
	n := len(s.Pages)
	x := &termIndex{id: map[*Term]int32{}, termsAt: make([]int32, n+1), closed: make([]bool, n)}
	for i, p := range s.Pages {
		x.closed[i] = p.Closed()
	}
	for _, tax := range s.Taxonomies {
		if rel := tax.Schema.Related; rel == nil || rel.Weight <= 0 {
			continue
		}
		for _, t := range tax.Terms {
			list := make([]int32, 0, len(t.Pages)+1)
			for _, q := range t.Pages {
				list = append(list, int32(q.index))
			}
			if t.Hub != nil {
				list = append(list, int32(t.Hub.index))
				slices.Sort(list)
			}
			var set []uint64
			if len(list)*denseShare >= n {
				set = make([]uint64, (n+63)/64)
				for _, q := range list {
					set[q/64] |= 1 << (q % 64)
				}
			}
			x.id[t] = int32(len(x.postings))
			x.postings = append(x.postings, list)
			x.bits = append(x.bits, set)
		}
	}
	// The other way round, counted first to fill one array.
	for _, list := range x.postings {
		for _, q := range list {
			x.termsAt[q+1]++
		}
	}
	for i := range n {
		x.termsAt[i+1] += x.termsAt[i]
	}
	x.terms = make([]int32, x.termsAt[n])
	fill := slices.Clone(x.termsAt[:n])
	for id, list := range x.postings {
		for _, q := range list {
			x.terms[fill[q]] = int32(id)
			fill[q]++
		}
	}
	return x
}

// countShare says when a page's lists are short enough to add up (count)
// rather than search by bands: when they hold at most countShare entries
// for every word of the bitsets a band would read (tests set it to 0 to
// search by bands everywhere).
var countShare = 2

// chooser holds one worker's state.
type chooser struct {
	x *termIndex
	k int
	// weight is the weight of each term (by id) for the page being
	// related: zero for the terms it does not carry.
	weight []uint16
	// seen[j] is i+1 once page j has been offered for page i.
	seen  []uint32
	stamp uint32
	// scores and touched are count's counters (one per page, made on
	// first use) and the pages whose counter is not zero.
	scores  []uint16
	touched []int32
	// lists are the terms of the page being related; must those a band
	// of scores asks for.
	lists, must []weighted
	// order and sets are the terms a band intersects, shortest first,
	// and their bitsets.
	order []weighted
	sets  [][]uint64
	// open and shut are the best candidates still open and closed.
	open, shut []candidate
}

// weighted is a term (by id) with its taxonomy's weight.
type weighted struct {
	id int32
	w  uint16
}

// candidate is a page index with its score.
type candidate struct {
	index int32
	score uint16
}

func newChooser(x *termIndex, k int) *chooser {
	return &chooser{x: x, k: k, weight: make([]uint16, len(x.postings)), seen: make([]uint32, len(x.closed))}
}

// choose returns the k best candidates for page p (index i), best first.
func (c *chooser) choose(p *Page, i int) []candidate {
	x := c.x
	lists := c.lists[:0]
	total := 0
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
			id := x.id[t]
			lists = append(lists, weighted{id, w})
			c.weight[id] += w
		}
	}
	total = 0
	for _, l := range lists {
		total += int(l.w)
	}
	// Heaviest first, then cheapest: the terms a band asks for are a
	// prefix.
	slices.SortFunc(lists, func(a, b weighted) int {
		if a.w != b.w {
			return cmp.Compare(b.w, a.w)
		}
		return cmp.Compare(len(x.postings[a.id]), len(x.postings[b.id]))
	})
	c.lists = lists
	c.open, c.shut = c.open[:0], c.shut[:0]
	c.stamp = uint32(i + 1)
	c.seen[i] = c.stamp // never related to itself
	entries := 0
	for _, l := range lists {
		entries += len(x.postings[l.id])
	}
	switch {
	case entries <= countShare*len(lists)*len(c.seen)/64:
		// Short lists (specific terms): adding them up is cheaper than
		// a pass over the bitsets.
		c.count(int32(i))
	case !c.bands(total):
		c.sweep()
	}
	for _, l := range lists {
		c.weight[l.id] = 0
	}
	out := c.open
	for _, y := range c.shut {
		if len(out) == c.k {
			break
		}
		out = append(out, y)
	}
	return out
}

// offer considers page j with score sc for the best open or closed
// candidates. Closed pages stop counting once k open ones are kept.
func (c *chooser) offer(j int32, sc uint16) {
	if !c.x.closed[j] {
		c.open = insertTop(c.open, candidate{j, sc}, c.k)
	} else if len(c.open) < c.k {
		c.shut = insertTop(c.shut, candidate{j, sc}, c.k)
	}
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
