package search

// VocabularyWords lists the words of ix's pages, folded, sorted.
func VocabularyWords(ix *Index) []string { return ix.vocab.words }

// SnowballStem is the stem Snowball alone gives word, with trimAbility:
// the stems before stemWord's rules.
func SnowballStem(word string) string { return trimAbility(snowball(word)) }

// StemWord is stemWord.
func StemWord(word string) string { return stemWord(word) }
