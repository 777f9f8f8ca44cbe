package search

import "strconv"

// WithoutSynonyms returns a view of ix that searches the words typed only,
// as if the bank had no synonyms: the tests compare both.
func WithoutSynonyms(ix *Index) *Index {
	cp := *ix
	meta := *ix.Meta
	meta.Synonyms, meta.synonyms = nil, nil
	cp.Meta = &meta
	cp.shared = true // closed through ix
	return &cp
}

// ParseSynonyms checks the data of a synonyms file as LoadSynonyms does,
// returning its groups and its problems, one "line: message" each.
func ParseSynonyms(data []byte) ([][]string, []string) {
	var problems []string
	groups, _ := parseSynonyms(data, func(line, col int, src []byte, msg, fix string) {
		problems = append(problems, strconv.Itoa(line)+": "+msg)
	})
	return groups, problems
}
