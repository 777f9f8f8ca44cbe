package search

import (
	"cmp"
	"context"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
)

// Suggestion is the "Forse cercavi" of a search that finds few pages:
// the query with its words corrected to words of the index, which finds
// more. It is the "suggestion" of the JSON, absent when there is none.
type Suggestion struct {
	// Query is the text to search instead, as shown ("software libero").
	Query string `json:"query"`
	// URL is the results page of that search, with the same filters and
	// order.
	URL string `json:"url"`
	// Total counts the pages it finds.
	Total int `json:"total"`
}

const (
	// suggestBelow is "few": a search with fewer hits gets a suggestion.
	// One or two hits are what a typo tends to give, on a page with the
	// same typo or through a word one edit away; from three on, the
	// reader has a list to choose from, and a suggestion would crowd
	// the results of every rare but right word.
	suggestBelow = 3
	// suggestTries bounds the searches that check a suggestion: each
	// is a count of its matches, as cheap as a search's first walk.
	suggestTries = 4
	// typoLetters is the length from which a word the index lacks
	// matches the words one edit from it (typoStems). Five letters are
	// too few: the nonsense query «calcio serie a» found the pages
	// with «calcio» and «serve», one edit from «serie».
	typoLetters = 6
	// nearMax bounds the words of the index kept as corrections of one
	// word typed.
	nearMax = 3
)

// slot is a word of a query with its corrections, best first (nil for
// a word of the index).
type slot struct {
	start, end int
	word       string
	fixes      []near
}

// near is a word of the index close to a word typed.
type near struct {
	word, stem string
	dist       int
	df         int // pages with its stem
}

// maxEdits is how many edits a word of n letters may have to be
// corrected: none up to 4 letters (too many words are one edit away),
// one from 5 (of 5 letters, only the swap of two neighbours: «sprot»;
// «soldi» is not «soli», nor «serie» «serve»), two from 9
// («amministrazine»). The query set's paraphrases measured it: with one
// edit of any kind from 5 letters and two from 8, «soldi per
// associazioni» was offered «soli per associazioni», and the nonsense
// «calcio serie a» «calcio serve a».
func maxEdits(n int) int {
	switch {
	case n <= 4:
		return 0
	case n <= 8:
		return 1
	}
	return 2
}

// swapOnly reports whether a word of n letters is corrected only by the
// swap of two neighbours.
func swapOnly(n int) bool { return n == 5 }

// edits is the optimal string alignment distance of a and b (inserts,
// deletes, substitutions and the swap of two neighbours each count one),
// or limit+1 when it is more than limit.
func edits(a, b []rune, limit int) int {
	var e editor
	return e.edits(a, b, limit)
}

// editor computes edits with buffers of its own, reused from one word
// to the next (a scan of the vocabulary compares thousands).
type editor struct {
	prev2, prev, cur []int
	word             []rune
}

func (e *editor) edits(a, b []rune, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	// Three rows of the dynamic table: two back, one back, this one.
	n := len(b) + 1
	if cap(e.prev) < n {
		e.prev2, e.prev, e.cur = make([]int, n), make([]int, n), make([]int, n)
	}
	prev2, prev, cur := e.prev2[:n], e.prev[:n], e.cur[:n]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			best = min(best, cur[j])
		}
		if best > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

// runes is word as runes, in e's buffer (valid until the next call).
func (e *editor) runes(word string) []rune {
	e.word = e.word[:0]
	for _, r := range word {
		e.word = append(e.word, r)
	}
	return e.word
}

// nearWords returns the words of the index at most limit edits from
// word that start with its first letter, or with its second when the
// typo swapped the first two ("sprot", "oslo" for "solo" is not
// corrected: both are words), nearest first.
func (v *vocabulary) nearWords(word string, limit int) []near {
	if v == nil || limit == 0 || word == "" {
		return nil
	}
	w := []rune(word)
	var out []near
	var e editor
	scan := func(prefix string) {
		for i := sort.SearchStrings(v.words, prefix); i < len(v.words) && strings.HasPrefix(v.words[i], prefix); i++ {
			cand := v.words[i]
			// Bytes first: a folded word is mostly ASCII.
			if cand == word || len(cand)-len(word) > utf8.UTFMax*limit || len(word)-len(cand) > utf8.UTFMax*limit {
				continue
			}
			if n := utf8.RuneCountInString(cand); n-len(w) > limit || len(w)-n > limit {
				continue
			}
			if d := e.edits(w, e.runes(cand), limit); d <= limit {
				out = append(out, near{word: cand, stem: v.stems[i], dist: d})
			}
		}
	}
	scan(string(w[:1]))
	if len(w) > 1 && w[0] != w[1] {
		// Only the words that start with the first two letters swapped.
		scan(string([]rune{w[1], w[0]}))
	}
	return out
}

// typoStems are the stems of the words of the index one edit from word
// (a word the index lacks, of typoLetters letters or more): a typo is an
// edit of the word typed, not of its stem. "sofware" is one letter from
// "software", but its stem "sofw" (Snowball cuts a verb's "-are") has
// only 4 letters, too few for the fuzzy match of stems (from 5).
func (ix *Index) typoStems(word, stem string) []string {
	if utf8.RuneCountInString(word) < typoLetters {
		return nil
	}
	var out []string
	for _, n := range ix.vocab.nearWords(word, 1) {
		if n.stem != stem && !slices.Contains(out, n.stem) {
			out = append(out, n.stem)
		}
	}
	return out
}

// typoParts is the clause of wordParts that matches t's typo stems.
func typoParts(t queryTerm) []part {
	if len(t.typos) == 0 {
		return nil
	}
	return []part{{kind: anyOf, field: fieldText, boost: typoBoost, terms: t.typos}}
}

// suggestion returns the suggestion for r, which found total pages, or
// nil: when r found fewer than suggestBelow pages, each word the index
// lacks, or, if all are words of the index, one of them, is replaced by
// its nearest frequent word (maxEdits; at equal distance the word whose
// stem more pages have, and only words of two pages or more at two
// edits), and the result is offered only if a search finds more pages
// with it. A word the index lacks with no word near it gives no
// suggestion: the query is not about the index's pages.
func (ix *Index) suggestion(ctx context.Context, r Request, total int, now time.Time) *Suggestion {
	if r.Query == "" || total >= suggestBelow || ix.vocab == nil || len(ix.vocab.words) == 0 {
		return nil
	}
	words := wordsOnly.Analyze([]byte(r.Query))
	if len(words) == 0 || len(words) > maxTerms {
		return nil
	}
	rd, err := ix.reader()
	if err != nil {
		return nil
	}
	defer rd.Close()
	df := func(stem string) int {
		tfr, err := rd.TermFieldReader(ctx, []byte(stem), fieldText, false, false, false)
		if err != nil {
			return 0
		}
		defer tfr.Close()
		return int(tfr.Count())
	}
	slots := make([]slot, 0, len(words))
	unknown := 0
	for _, tok := range words {
		s := slot{start: tok.Start, end: tok.End, word: string(tok.Term)}
		// A word the index lacks but whose stem it has is another
		// form of a word of the index («informatica»), not a typo.
		if !ix.vocab.has(s.word) && !allDigits(tok.Term) && df(stemWord(s.word)) == 0 {
			unknown++
			s.fixes = ix.corrections(s.word, df)
			if len(s.fixes) == 0 {
				return nil
			}
		}
		slots = append(slots, s)
	}
	// Candidates in order: every unknown word by its best correction,
	// then by the next ones; with no unknown word, each word in turn by
	// its best correction.
	var tries [][]string
	build := func(pick func(i int) string) []string {
		out := make([]string, len(slots))
		for i := range slots {
			out[i] = pick(i)
		}
		return out
	}
	if unknown > 0 {
		for k := 0; k < nearMax; k++ {
			more := false
			tries = append(tries, build(func(i int) string {
				s := slots[i]
				if s.fixes == nil {
					return ""
				}
				if k < len(s.fixes) {
					more = more || k+1 < len(s.fixes)
					return s.fixes[k].word
				}
				return s.fixes[len(s.fixes)-1].word
			}))
			if !more {
				break
			}
		}
	} else if total == 0 && len(slots) > 1 {
		for j := range slots {
			fixes := ix.corrections(slots[j].word, df)
			if len(fixes) == 0 {
				continue
			}
			tries = append(tries, build(func(i int) string {
				if i == j {
					return fixes[0].word
				}
				return ""
			}))
		}
	}
	for n, fix := range tries {
		if n == suggestTries {
			break
		}
		q := splice(r.Query, slots, fix)
		alt := r
		alt.Query, alt.Page = q, 1
		found, err := ix.countOf(ctx, alt, now)
		if err != nil || ctx.Err() != nil {
			return nil
		}
		if found > total {
			return &Suggestion{Query: q, URL: PagePath + "?" + alt.Values(ix.Meta).Encode(), Total: found}
		}
	}
	return nil
}

// corrections are the words of the index nearest word (nearWords within
// maxEdits), best first: fewest edits, then most pages; at two edits,
// only words of two pages or more.
func (ix *Index) corrections(word string, df func(stem string) int) []near {
	n := utf8.RuneCountInString(word)
	cands := ix.vocab.nearWords(word, maxEdits(n))
	if swapOnly(n) {
		cands = slices.DeleteFunc(cands, func(c near) bool { return !swapped(word, c.word) })
	}
	// Two edits in the last three letters are another ending, another
	// form or word of the same root («informatica», «informative»), not
	// a typo.
	cands = slices.DeleteFunc(cands, func(c near) bool { return c.dist == 2 && sameBut3(word, c.word) })
	for i := range cands {
		cands[i].df = df(cands[i].stem)
	}
	cands = slices.DeleteFunc(cands, func(n near) bool { return n.df == 0 || n.dist == 2 && n.df < 2 })
	slices.SortFunc(cands, func(a, b near) int {
		return cmp.Or(cmp.Compare(a.dist, b.dist), cmp.Compare(b.df, a.df), strings.Compare(a.word, b.word))
	})
	// One word per stem: "bandi" and "bando" search the same.
	seen := map[string]bool{}
	cands = slices.DeleteFunc(cands, func(n near) bool {
		dup := seen[n.stem]
		seen[n.stem] = true
		return dup
	})
	return cands[:min(len(cands), nearMax)]
}

// splice is query with the words of slots replaced by the words of fix
// ("" keeps a word as typed).
func splice(query string, slots []slot, fix []string) string {
	var b strings.Builder
	at := 0
	for i, s := range slots {
		if fix[i] == "" {
			continue
		}
		b.WriteString(query[at:s.start])
		b.WriteString(fix[i])
		at = s.end
	}
	b.WriteString(query[at:])
	return strings.Join(strings.Fields(b.String()), " ")
}

// countOf counts the pages r finds at now (its words and filters),
// without scoring them.
func (ix *Index) countOf(ctx context.Context, r Request, now time.Time) (int, error) {
	c := ix.compile(r, now)
	if c.words == nil {
		return 0, nil
	}
	res, err := ix.idx.SearchInContext(ctx, bleve.NewSearchRequestOptions(c.matches(""), 0, 0, false))
	if err != nil {
		return 0, err
	}
	return int(res.Total), nil
}

// swapped reports whether b is a with two neighbouring letters swapped.
func swapped(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	if len(ra) != len(rb) {
		return false
	}
	for i := 0; i+1 < len(ra); i++ {
		if ra[i] != rb[i] {
			return ra[i] == rb[i+1] && ra[i+1] == rb[i] && string(ra[i+2:]) == string(rb[i+2:])
		}
	}
	return false
}

// sameBut3 reports whether a and b differ only in their last three
// letters.
func sameBut3(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	i := 0
	for i < len(ra) && i < len(rb) && ra[i] == rb[i] {
		i++
	}
	return i >= len(ra)-3 && i >= len(rb)-3
}
