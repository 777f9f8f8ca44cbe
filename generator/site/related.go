package site

import (
	"cmp"
	"math"
	"math/bits"
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
// candidates are certain. A page whose best candidates miss one of its
// heaviest terms (no band asks for anything any more) counts the scores
// of all pages 64 at a time, on bit-sliced counters (sweep), and scores
// in full only those that can still enter.
//
// A page whose lists are short (specific terms) adds them up instead, in
// counters it resets (count): cheaper there than any pass over bitsets.
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

// bands offers the pages scoring total down to total−d+1, d being the
// lightest weight among the page's terms, then down to total−d'+1 for
// the next weight d', and so on while a band asks for some term. It
// reports whether the best candidates are certain.
func (c *chooser) bands(total int) bool {
	lists := c.lists
	for end := len(lists); end > 0; {
		// The band of the pages missing less than the weight d of
		// lists[end-1]: they carry every term weighing d or more.
		d := int(lists[end-1].w)
		missed := 0 // they miss at least this
		if end < len(lists) {
			missed = int(lists[end].w)
		}
		hi, lo := total-missed, max(total-d+1, minRelatedScore)
		if hi < minRelatedScore {
			return true // nothing else can count
		}
		if c.band(lists[:end], lo, hi) || len(c.open) == c.k && int(c.open[c.k-1].score) >= lo {
			return true
		}
		for end > 0 && int(lists[end-1].w) == d {
			end--
		}
	}
	// Past the heaviest weight w no term is required any more, but a
	// page missing less than (q+1)·w misses at most q of the heaviest
	// terms: it carries all the others of them.
	w := int(lists[0].w)
	top := 0
	for top < len(lists) && int(lists[top].w) == w {
		if c.x.bits[lists[top].id] == nil {
			return false // a short list: the sweep walks it
		}
		top++
	}
	for q := 1; top-q >= 2; q++ {
		hi, lo := total-q*w, max(total-(q+1)*w+1, minRelatedScore)
		if hi < minRelatedScore {
			return true
		}
		if c.allBut(lists[:top], q, lo, hi) || len(c.open) == c.k && int(c.open[c.k-1].score) >= lo {
			return true
		}
	}
	return false
}

// allBut offers, in index order, the pages carrying all but at most q of
// the terms of top (all with a bitset) that score between lo and hi. It
// reports whether the best candidates are certain (see band).
func (c *chooser) allBut(top []weighted, q, lo, hi int) bool {
	sets := c.sets[:0]
	for _, t := range top {
		sets = append(sets, c.x.bits[t.id])
	}
	c.sets = sets
	ones := c.order[:0]
	for _, t := range top {
		ones = append(ones, weighted{t.id, 1})
	}
	c.order = ones
	width := bits.Len(uint(len(top)))
	var planes [17]uint64
	for w := range len(sets[0]) {
		clear(planes[:width])
		some := add(&planes, ones, sets, w)
		for hit := atLeast(&planes, width, len(top)-q, some); hit != 0; hit &= hit - 1 {
			if c.consider(int32(w*64+bits.TrailingZeros64(hit)), lo, hi) {
				return true
			}
		}
	}
	return false
}

// band offers, in index order, the pages carrying every term of must that
// score between lo and hi. It reports whether the best candidates are
// certain: k open ones scoring hi or more (the later pages of the band,
// scoring at most hi, come after them).
func (c *chooser) band(must []weighted, lo, hi int) bool {
	x := c.x
	// Shortest first: most words are empty after two or three terms.
	order := append(c.order[:0], must...)
	slices.SortFunc(order, func(a, b weighted) int {
		return cmp.Compare(len(x.postings[a.id]), len(x.postings[b.id]))
	})
	sets := c.sets[:0]
	for _, m := range order[1:] {
		if set := x.bits[m.id]; set != nil {
			sets = append(sets, set)
		}
	}
	c.order, c.sets = order, sets
	if x.bits[order[0].id] == nil {
		// A short list: its pages, filtered by the others' bitsets.
	pages:
		for _, j := range x.postings[order[0].id] {
			for _, set := range sets {
				if set[j/64]&(1<<(j%64)) == 0 {
					continue pages
				}
			}
			if c.consider(j, lo, hi) {
				return true
			}
		}
		return false
	}
	for w, word := range x.bits[order[0].id] {
		for _, set := range sets {
			if word == 0 {
				break
			}
			word &= set[w]
		}
		for word != 0 {
			j := int32(w*64 + bits.TrailingZeros64(word))
			word &= word - 1
			if c.consider(j, lo, hi) {
				return true
			}
		}
	}
	return false
}

// consider scores page j and offers it when it scores lo or more; it
// reports whether the best candidates are certain (see band).
func (c *chooser) consider(j int32, lo, hi int) bool {
	if c.seen[j] == c.stamp {
		return false
	}
	x := c.x
	sc := 0
	for _, t := range x.terms[x.termsAt[j]:x.termsAt[j+1]] {
		sc += int(c.weight[t])
	}
	if sc < lo {
		return false
	}
	c.seen[j] = c.stamp
	c.offer(j, uint16(sc))
	return len(c.open) == c.k && int(c.open[c.k-1].score) >= hi
}

// sweep offers the pages the bands left out. The pages of the terms
// without a bitset (short lists) are scored one by one; those of the
// others, 64 at a time: a word of each term's bitset adds its weight to
// bit-sliced counters (planes[b] holds bit b of the 64 scores), and only
// the pages whose count reaches the score that can still enter are
// scored in full.
func (c *chooser) sweep() {
	x := c.x
	dense := c.must[:0]
	denseTotal := 0
	for _, l := range c.lists {
		if x.bits[l.id] == nil {
			for _, j := range x.postings[l.id] {
				c.consider(j, minRelatedScore, math.MaxInt)
			}
			continue
		}
		dense = append(dense, l)
		denseTotal += int(l.w)
	}
	c.must = dense
	if denseTotal < minRelatedScore {
		return
	}
	sets := c.sets[:0]
	for _, d := range dense {
		sets = append(sets, x.bits[d.id])
	}
	c.sets = sets
	var planes [17]uint64
	width := bits.Len(uint(denseTotal))
	for w := range (len(c.seen) + 63) / 64 {
		clear(planes[:width])
		some := add(&planes, dense, sets, w)
		if some == 0 {
			continue
		}
		floor := minRelatedScore
		if len(c.open) == c.k {
			floor = int(c.open[c.k-1].score)
		}
		for hit := atLeast(&planes, width, floor, some); hit != 0; hit &= hit - 1 {
			c.consider(int32(w*64+bits.TrailingZeros64(hit)), minRelatedScore, math.MaxInt)
		}
	}
}

// add adds to the bit-sliced counters the weights of terms for the 64
// pages of word w of their bitsets (sets, in the same order), and returns
// the pages that carry any.
func add(planes *[17]uint64, terms []weighted, sets [][]uint64, w int) uint64 {
	some := uint64(0)
	for t, d := range terms {
		m := sets[t][w]
		if m == 0 {
			continue
		}
		some |= m
		for wb := d.w; wb != 0; wb &= wb - 1 {
			carry := m
			for i := bits.TrailingZeros16(wb); carry != 0; i++ {
				carry, planes[i] = planes[i]&carry, planes[i]^carry
			}
		}
	}
	return some
}

// atLeast returns the pages among some whose count (on width planes) is
// floor or more, from the top plane down: above (already greater) or
// level (equal so far).
func atLeast(planes *[17]uint64, width, floor int, some uint64) uint64 {
	if floor>>width != 0 {
		return 0 // no count reaches floor
	}
	above, level := uint64(0), some
	for i := width - 1; i >= 0; i-- {
		if floor>>i&1 == 1 {
			level &= planes[i]
		} else {
			above |= level & planes[i]
			level &^= planes[i]
		}
	}
	return above | level
}

// count offers every page sharing a term with page i, its score added up
// from the posting lists, in counters reset afterwards.
func (c *chooser) count(i int32) {
	x := c.x
	if c.scores == nil {
		c.scores = make([]uint16, len(c.seen))
	}
	touched := c.touched[:0]
	for _, l := range c.lists {
		for _, j := range x.postings[l.id] {
			if c.scores[j] == 0 {
				touched = append(touched, j)
			}
			c.scores[j] += l.w
		}
	}
	for _, j := range touched {
		if sc := c.scores[j]; sc >= minRelatedScore && j != i {
			c.offer(j, sc)
		}
		c.scores[j] = 0
	}
	c.touched = touched
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
