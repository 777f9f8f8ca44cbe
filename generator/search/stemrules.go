package search

import (
	"strings"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/italian"
)

// stemWord is the stem the index and the queries give word (folded, lower
// case): the Snowball Italian stemmer's, mended where it splits the forms
// of one word or joins different words.
//
//   - Nouns and adjectives in -iere/-iera: Snowball reads the -ere of
//     "straniere" and "consigliere" as a verb ending ("stran", "consigl",
//     the stem of "consiglio") but not the -era, -eri, -ero of
//     "straniera", "stranieri", "straniero" ("stranier"). A word in
//     -iere takes the stem of its form in -iera. (Verbs in -iere are
//     few: "compiere", "adempiere".)
//   - Nouns in -ità and participles in -ito, -ita, -iti, -ite: Snowball
//     strips the ending as a verb's, so that "comunità" meets "comune"
//     ("comun"), "pubblicità" "pubblico", "partita" "parte", "crediti"
//     "credere". These words keep the "it" of their ending
//     ("comunit", "partit"); the four forms of a participle still share
//     one stem. The nouns in -abilità/-ibilità are left to trimAbility,
//     which joins them to their adjectives.
//   - trimAbility.
func stemWord(word string) string {
	if base, ok := strings.CutSuffix(word, "iere"); ok && len(base) >= 3 {
		word = base + "iera"
	}
	stem := snowball(word)
	if len(stem)+3 == len(word) && strings.HasPrefix(word, stem) && itEnding(word[len(stem):]) &&
		!strings.HasSuffix(stem, "abil") && !strings.HasSuffix(stem, "ibil") {
		stem += "it"
	}
	return trimAbility(stem)
}

// itEnding reports whether end is one of the endings that stemWord keeps
// the "it" of.
func itEnding(end string) bool {
	switch end {
	case "ita", "ito", "iti", "ite":
		return true
	}
	return false
}

// snowball is the Snowball Italian stem of word.
func snowball(word string) string {
	env := snowballstem.NewEnv(word)
	italian.Stem(env)
	return env.Current()
}

// rootBoost weighs a match of a query word's root: the stem Snowball
// alone gives it, when stemWord keeps a longer one ("sovranità":
// "sovranit", root "sovran", the stem of "sovrana"). A page with the
// word itself comes first; one with a word of the same root still
// counts, for a little, as a word with a typo does.
const rootBoost = typoBoost

// rootOf is the root of a query word (folded, lower case) when stemWord
// keeps the "it" of an ending in -ità or of a participle, "" otherwise.
func rootOf(word string) string {
	if strings.HasSuffix(word, "iere") {
		return ""
	}
	if root := trimAbility(snowball(word)); root != stemWord(word) && len(root) >= 4 {
		return root
	}
	return ""
}

// rootParts are the clauses of wordParts that match t's root, in the
// title and in the text, when some word of the index has that stem: a
// clause that matches nothing would still weigh on the word's score
// (bleve scales a disjunction by the share of its clauses that match).
func (ix *Index) rootParts(t queryTerm) []part {
	if t.root == "" || !ix.vocab.hasStem(t.root) {
		return nil
	}
	return []part{
		{field: fieldTitle, boost: rootBoost * ix.boost(fieldTitle), terms: []string{t.root}},
		{field: fieldText, boost: rootBoost, terms: []string{t.root}},
	}
}
