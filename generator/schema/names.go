package schema

import (
	"strings"
	"unicode/utf8"
)

// Names finds, among a fixed set of names (the titles, slugs and sigle of
// the pages a reference may name), the one a text is a likely typo of.
// Each candidate is folded once and each text's answer is remembered: a
// site names the same organisations on thousands of pages, and checking
// every value against every name afresh grew with their product.
//
// A name is a typo of another when they differ by at most one edit in six
// characters, and never more than three ("Cooperativa Cadaii" for
// "Cooperativa Cadiai"): names are long and share words ("Città
// metropolitana di Bologna" is not "CPIA metropolitano di Bologna"), so
// the limit is tighter than Closest's for single words; and the words
// the two do not share must themselves be near (one edit in three
// letters): «Comune di prova» is not a typo of «Comune di Imola». A text of three
// or more characters that starts exactly one name ("CSV" for "CSV Terre
// Estensi") is also a likely miss. Names is not safe for concurrent use.
type Names struct {
	names  []string
	folded []string
	runes  []int
	memo   map[string]nearName
}

type nearName struct {
	name string
	ok   bool
}

// NewNames prepares the candidates for Closest.
func NewNames(candidates []string) *Names {
	n := &Names{names: candidates, folded: make([]string, len(candidates)),
		runes: make([]int, len(candidates)), memo: map[string]nearName{}}
	for i, c := range candidates {
		n.folded[i] = Fold(c)
		n.runes[i] = utf8.RuneCountInString(n.folded[i])
	}
	return n
}

// Closest returns the candidate s is most likely a typo of, and whether
// it is near enough to be one.
func (n *Names) Closest(s string) (string, bool) {
	fs := Fold(s)
	if r, ok := n.memo[fs]; ok {
		return r.name, r.ok
	}
	r := n.closest(fs)
	n.memo[fs] = r
	return r.name, r.ok
}

func (n *Names) closest(fs string) nearName {
	size := utf8.RuneCountInString(fs)
	if size >= 3 {
		found := -1
		for i, c := range n.folded {
			if len(c) > len(fs) && c[:len(fs)] == fs {
				if found >= 0 && n.names[found] != n.names[i] {
					found = -2
					break
				}
				found = i
			}
		}
		if found >= 0 {
			return nearName{n.names[found], true}
		}
	}
	limit := min(size/6+1, 3)
	best, bestD := -1, limit+1
	for i, c := range n.folded {
		// The edit distance is at least the difference in length.
		if d := n.runes[i] - size; d > limit || -d > limit {
			continue
		}
		d := distance(fs, c)
		if d > limit || !typoOf(fs, c) {
			continue
		}
		if d < bestD || (d == bestD && best >= 0 && n.names[i] < n.names[best]) {
			best, bestD = i, d
		}
	}
	if best < 0 {
		return nearName{}
	}
	return nearName{n.names[best], true}
}

// typoOf reports whether the words a and b do not share (folded texts)
// are near enough to be a typo of each other: at most one edit in three
// letters of what differs, and at least one.
func typoOf(a, b string) bool {
	wa, wb := strings.Fields(a), strings.Fields(b)
	common := map[string]int{}
	for _, w := range wb {
		common[w]++
	}
	var ra []string
	for _, w := range wa {
		if common[w] > 0 {
			common[w]--
			continue
		}
		ra = append(ra, w)
	}
	var rb []string
	left := map[string]int{}
	for _, w := range wa {
		left[w]++
	}
	for _, w := range wb {
		if left[w] > 0 {
			left[w]--
			continue
		}
		rb = append(rb, w)
	}
	x, y := strings.Join(ra, " "), strings.Join(rb, " ")
	return distance(x, y) <= max(1, utf8.RuneCountInString(x)/3)
}
