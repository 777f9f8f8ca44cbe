package search

import (
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/token/elision"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Synonyms: query expansion with the bank's own list of equivalent words
// (content/sinonimi.yaml, see synonyms_file.go), carried by meta.json.
//
// A group lists words or phrases that mean the same for a reader of the
// bank ("terzo settore", "ETS", "enti del terzo settore", "non profit").
// When the words of a query, next to each other, are one of them (the
// same stems, the stop words between them included, so that "non profit"
// is not "for profit"), the query matches a page that has those words or
// the words of another of the group: each alternative as its own
// conjunction of stems (the index keeps no positions, so the words of a
// phrase alternative must all be on the page, not necessarily side by
// side). Every other word of the query must still match, so a nonsense
// word keeps a query empty whatever its other words expand to. The
// synonyms are stems of the query analyzer, computed when the index is
// opened: the index itself does not change.
//
// Ranking: a page that matches the words typed (the query without
// synonyms, typos and completions included) always ranks above a page
// that matches only through a synonym. The expanded query is the
// conjunction of the units (a word, or a group of alternatives) with, as
// a should clause, the query of the words typed, its every leaf boosted
// by tierBoost: the pages it matches score tierBoost times their score
// without synonyms, plus what the units add, which is orders of
// magnitude less, so they keep the order they have without synonyms
// (but near ties) and come before every page found only by a synonym.
// Among those, an alternative weighs synonymBoost of a word typed. bleve
// scores that query as it is on a live index (the preview); a read-only
// index gives the same order in two fast searches (bySynonyms).
//
// A general thesaurus (Debian's mythes-it) was measured and not used:
// the README says why, with the figures (TestMythesEvaluation).

const (
	// synonymBoost weighs a word of an alternative against a word typed,
	// among the pages found only through a synonym.
	synonymBoost = 0.5
	// tierBoost lifts the pages that match the words typed above those
	// that match only a synonym. The smallest score of a match of the
	// words typed (a completion among 256, in a body of 20,000 words:
	// about 1e-6 before the query norm) times tierBoost is still above
	// the largest a page can get from the units (a few words in titles
	// of a 50,000-page index: about 1e4), and a float64 keeps the order of
	// the typed words' scores under it to 1e-16.
	tierBoost = 1e12
	// maxSynonymWords bounds the words (tokens, stop words included) of
	// one alternative.
	maxSynonymWords = 6
	// maxAlternatives bounds the alternatives of a group.
	maxAlternatives = 12
)

// synonymTable is the bank's list of synonyms, analysed: each group's
// alternatives, and how the words of a query find them.
type synonymTable struct {
	// byKey maps the key of an alternative (phraseKey) to its group.
	byKey map[string]int
	// groups are the alternatives of each group: the stems each must
	// find on a page (stop words dropped).
	groups [][]alternative
	// longest is the most tokens of a key.
	longest int
}

// alternative is one word or phrase of a group.
type alternative struct {
	key   string
	stems []string
}

// phraseWords is the analyzer of the keys: the words of the text
// analyzer, stop words kept ("non profit", "enti del terzo settore").
var phraseWords = &analysis.DefaultAnalyzer{
	Tokenizer: wordTokenizer{},
	TokenFilters: []analysis.TokenFilter{
		normalizeFilter{},
		elision.NewElisionFilter(tokenMap(articles)),
	},
}

// phraseToken is a word of a text as keys see it: its stem (a stop word
// is its own stem) and where it is.
type phraseToken struct {
	stem       string
	start, end int
}

// phraseTokens splits text into the tokens of keys.
func phraseTokens(text string) []phraseToken {
	toks := phraseWords.Analyze([]byte(text))
	out := make([]phraseToken, 0, len(toks))
	for _, t := range toks {
		out = append(out, phraseToken{start: t.Start, end: t.End})
	}
	for i, t := range stemmer.Filter(toks) {
		out[i].stem = string(t.Term)
	}
	return out
}

// phraseKey is the key of a text: its tokens' stems, space-separated.
func phraseKey(toks []phraseToken) string {
	stems := make([]string, len(toks))
	for i, t := range toks {
		stems[i] = t.stem
	}
	return strings.Join(stems, " ")
}

// contentStems are the stems of text that the index has: its words but
// the stop words, each once.
func contentStems(text string) []string {
	var out []string
	for _, t := range analyze(text, false) {
		if !contains(out, t.Stem) {
			out = append(out, t.Stem)
		}
	}
	return out
}

// newSynonymTable analyses groups (each a list of alternatives as
// written). Alternatives the search cannot use (only stop words, too
// long) and groups left with fewer than two are dropped: the build's
// check (CheckSynonyms) reports them before they get here. An
// alternative already in an earlier group stays there.
func newSynonymTable(groups [][]string) *synonymTable {
	if len(groups) == 0 {
		return nil
	}
	t := &synonymTable{byKey: map[string]int{}}
	for _, g := range groups {
		var alts []alternative
		for _, text := range g {
			toks := phraseTokens(text)
			stems := contentStems(text)
			key := phraseKey(toks)
			if len(stems) == 0 || len(toks) > maxSynonymWords || len(alts) == maxAlternatives {
				continue
			}
			if _, taken := t.byKey[key]; taken || containsAlt(alts, key) {
				continue
			}
			alts = append(alts, alternative{key: key, stems: stems})
		}
		if len(alts) < 2 {
			continue
		}
		for _, a := range alts {
			t.byKey[a.key] = len(t.groups)
			t.longest = max(t.longest, strings.Count(a.key, " ")+1)
		}
		t.groups = append(t.groups, alts)
	}
	if len(t.groups) == 0 {
		return nil
	}
	return t
}

func containsAlt(alts []alternative, key string) bool {
	for _, a := range alts {
		if a.key == key {
			return true
		}
	}
	return false
}

// synonymSpan is a run of words of a query that is an alternative of a
// group: the byte offsets of the run, and the group.
type synonymSpan struct {
	start, end int
	group      int
	key        string
}

// find returns the runs of words of text that are alternatives, left to
// right, the longest at each word.
func (t *synonymTable) find(text string) []synonymSpan {
	if t == nil {
		return nil
	}
	toks := phraseTokens(text)
	var out []synonymSpan
	for i := 0; i < len(toks); {
		n := min(t.longest, len(toks)-i)
		for ; n > 0; n-- {
			key := phraseKey(toks[i : i+n])
			if g, ok := t.byKey[key]; ok {
				out = append(out, synonymSpan{start: toks[i].start, end: toks[i+n-1].end, group: g, key: key})
				break
			}
		}
		if n == 0 {
			n = 1
		}
		i += n
	}
	return out
}

// synonymUnit is a part of an expanded query: the words of the query
// (indexes into compiled.terms) that one group's alternative covers, with
// the stems of the group's other alternatives; a word outside every
// group is a unit of its own, without alternatives.
type synonymUnit struct {
	words []int
	alts  [][]string
}

// expand turns the words of query r, analysed as terms (Analyze) and kept
// as c.terms, into the units of the expanded query; nil when no word of
// the query is in a group.
func (ix *Index) expand(query string, terms []Term, c *compiled) []synonymUnit {
	spans := ix.Meta.synonyms.find(query)
	if len(spans) == 0 {
		return nil
	}
	// Where each searched word is in the query: its first occurrence.
	at := make([]int, len(c.terms))
	for j, qt := range c.terms {
		at[j] = -1
		for _, t := range terms {
			if t.Stem == qt.stem {
				at[j] = t.Start
				break
			}
		}
	}
	var units []synonymUnit
	used := make([]bool, len(c.terms))
	for _, sp := range spans {
		u := synonymUnit{}
		for j := range c.terms {
			if !used[j] && at[j] >= sp.start && at[j] < sp.end {
				u.words = append(u.words, j)
				used[j] = true
			}
		}
		if len(u.words) == 0 {
			continue // its words were searched already, or are stop words
		}
		// The other alternatives, each once, but those that search the
		// stems of the words typed ("aiuto nei compiti" for "aiuto
		// compiti").
		var typed []string
		for _, a := range ix.Meta.synonyms.groups[sp.group] {
			if a.key == sp.key {
				typed = a.stems
			}
		}
		for _, a := range ix.Meta.synonyms.groups[sp.group] {
			if !slices.Equal(a.stems, typed) && !slices.ContainsFunc(u.alts, func(s []string) bool { return slices.Equal(s, a.stems) }) {
				u.alts = append(u.alts, a.stems)
			}
		}
		units = append(units, u)
	}
	if len(units) == 0 {
		return nil
	}
	for j := range c.terms {
		if !used[j] {
			units = append(units, synonymUnit{words: []int{j}})
		}
	}
	return units
}

// synonymQueries are the queries of c expanded with units: text, what
// ranks (the units, and the words typed in the tier above), and words,
// what matches (the units).
func (ix *Index) synonymQueries(c *compiled, units []synonymUnit) (text, words query.Query) {
	conj := make([]query.Query, 0, len(units))
	for _, u := range units {
		typed := make([]query.Query, 0, len(u.words))
		for _, j := range u.words {
			typed = append(typed, ix.wordQuery(c.terms[j]))
		}
		q := conjunction(typed)
		if len(u.alts) > 0 {
			any := []query.Query{q}
			for _, stems := range u.alts {
				alt := make([]query.Query, 0, len(stems))
				for _, stem := range stems {
					alt = append(alt, ix.synonymWordQuery(stem))
					c.marks = append(c.marks, queryTerm{stem: stem})
				}
				any = append(any, conjunction(alt))
			}
			q = bleve.NewDisjunctionQuery(any...)
		}
		conj = append(conj, q)
	}
	words = conjunction(conj)
	typed := ix.textQuery(c.terms)
	scaleBoosts(typed, tierBoost)
	b := bleve.NewBooleanQuery()
	b.AddMust(words)
	b.AddShould(typed)
	return b, words
}

// synonymWordQuery matches a stem of an alternative as wordQuery matches
// a word typed, exactly, at synonymBoost of its weight.
func (ix *Index) synonymWordQuery(stem string) query.Query {
	any := make([]query.Query, 0, len(strongFields)+1)
	for _, field := range strongFields {
		any = append(any, termQuery(field, stem, ix.boost(field)*synonymBoost))
	}
	any = append(any, termQuery(fieldText, stem, synonymBoost))
	return bleve.NewDisjunctionQuery(any...)
}

// conjunction is the conjunction of qs, or its only query.
func conjunction(qs []query.Query) query.Query {
	if len(qs) == 1 {
		return qs[0]
	}
	return bleve.NewConjunctionQuery(qs...)
}

// scaleBoosts multiplies the boost of every leaf of q by f (bleve applies
// the boosts of the leaves only).
func scaleBoosts(q query.Query, f float64) {
	switch q := q.(type) {
	case *query.BooleanQuery:
		for _, sub := range []query.Query{q.Must, q.Should, q.MustNot} {
			if sub != nil {
				scaleBoosts(sub, f)
			}
		}
	case *query.ConjunctionQuery:
		for _, sub := range q.Conjuncts {
			scaleBoosts(sub, f)
		}
	case *query.DisjunctionQuery:
		for _, sub := range q.Disjuncts {
			scaleBoosts(sub, f)
		}
	case *query.TermQuery:
		q.SetBoost(q.Boost() * f)
	case *query.FuzzyQuery:
		q.SetBoost(q.Boost() * f)
	default:
		panic("scaleBoosts: query of an unexpected kind")
	}
}

// shown are the terms snippets mark: the words of the query and the
// stems of their synonyms.
func (c *compiled) shown() []queryTerm {
	if len(c.marks) == 0 {
		return c.terms
	}
	return append(slices.Clip(c.terms), c.marks...)
}
