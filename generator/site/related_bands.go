package site

import (
	"cmp"
	"math"
	"math/bits"
	"slices"
)

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
