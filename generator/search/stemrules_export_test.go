package search

// VocabularyWords lists the words of ix's pages, folded, sorted.
func VocabularyWords(ix *Index) []string { return ix.vocab.words }

// SnowballStem is the stem Snowball alone gives word, with trimAbility:
// the stems before stemWord's rules.
func SnowballStem(word string) string { return trimAbility(snowball(word)) }

// StemWord is stemWord.
func StemWord(word string) string { return stemWord(word) }

// Edits is edits on strings.
func Edits(a, b string, limit int) int { return edits([]rune(a), []rune(b), limit) }

// Corrections are the corrections of word among words (each its own
// stem, in dfs pages; a word missing from dfs is in one page).
func Corrections(words []string, dfs map[string]int, word string) []string {
	m := map[string]string{}
	for _, w := range words {
		m[w] = w
	}
	ix := &Index{vocab: newVocabulary(m)}
	var out []string
	for _, n := range ix.corrections(word, func(stem string) int {
		if df, ok := dfs[stem]; ok {
			return df
		}
		return 1
	}) {
		out = append(out, n.word)
	}
	return out
}
