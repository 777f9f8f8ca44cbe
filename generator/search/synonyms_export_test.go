package search

import (
	"maps"
	"slices"
	"strconv"
)

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

// WithThesaurus returns a view of ix whose queries are expanded with a
// thesaurus beside the bank's list (which wins for the words it has):
// each entry is a headword and its synonyms, and only a headword typed is
// expanded (a thesaurus is not a set of groups: its words have several
// meanings).
func WithThesaurus(ix *Index, entries [][]string) *Index {
	t := &synonymTable{byKey: map[string]int{}}
	if bank := ix.Meta.synonyms; bank != nil {
		maps.Copy(t.byKey, bank.byKey)
		t.groups = slices.Clone(bank.groups)
		t.longest = bank.longest
	}
	for _, e := range entries {
		head := phraseKey(phraseTokens(e[0]))
		if _, taken := t.byKey[head]; taken || len(contentStems(e[0])) == 0 {
			continue
		}
		var alts []alternative
		for _, text := range e {
			toks := phraseTokens(text)
			key := phraseKey(toks)
			if stems := contentStems(text); len(stems) > 0 && len(toks) <= maxSynonymWords && !containsAlt(alts, key) {
				alts = append(alts, alternative{key: key, stems: stems})
			}
		}
		if len(alts) < 2 {
			continue
		}
		t.byKey[head] = len(t.groups)
		t.longest = max(t.longest, len(phraseTokens(e[0])))
		t.groups = append(t.groups, alts)
	}
	cp := *ix
	meta := *ix.Meta
	meta.synonyms = t
	cp.Meta = &meta
	cp.shared = true // closed through ix
	return &cp
}
