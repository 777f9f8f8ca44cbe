package search

import (
	"bufio"
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
)

// VocabularyFile is the file of a search bundle that lists the words of
// the index's pages (see vocabulary).
const VocabularyFile = "parole.txt"

// maxCompletions bounds the stems that a word being typed is completed
// into.
const maxCompletions = 256

// vocabulary is every word of the index's pages as written, folded and not
// stemmed ("sportello", "attivita"), sorted, with its stem: it tells a word
// the reader has finished typing (one of these) from one still being typed,
// and completes the latter into the words that start with it. The index
// holds stems only.
type vocabulary struct {
	words []string
	stems []string
}

// newVocabulary sorts the words of m (word → stem).
func newVocabulary(m map[string]string) *vocabulary {
	v := &vocabulary{words: make([]string, 0, len(m)), stems: make([]string, 0, len(m))}
	for w := range m {
		v.words = append(v.words, w)
	}
	slices.Sort(v.words)
	for _, w := range v.words {
		v.stems = append(v.stems, m[w])
	}
	return v
}

// has reports whether word is a word of the index.
func (v *vocabulary) has(word string) bool {
	if v == nil {
		return false
	}
	_, ok := slices.BinarySearch(v.words, word)
	return ok
}

// hasStem reports whether a word of the index has the stem stem (a
// word's stem starts it, but for the few that stemWord mends).
func (v *vocabulary) hasStem(stem string) bool {
	if v == nil {
		return false
	}
	for i := sort.SearchStrings(v.words, stem); i < len(v.words) && strings.HasPrefix(v.words[i], stem); i++ {
		if v.stems[i] == stem {
			return true
		}
	}
	return false
}

// completions returns the stems of the words that start with prefix (at
// most maxCompletions, each once).
func (v *vocabulary) completions(prefix string) []string {
	if v == nil {
		return nil
	}
	i := sort.SearchStrings(v.words, prefix)
	var out []string
	seen := map[string]bool{}
	for ; i < len(v.words) && strings.HasPrefix(v.words[i], prefix) && len(out) < maxCompletions; i++ {
		if s := v.stems[i]; !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// write saves v as dir/VocabularyFile: one word a line, followed by a tab
// and its stem when they differ.
func (v *vocabulary) write(dir string) error {
	var b bytes.Buffer
	for i, w := range v.words {
		b.WriteString(w)
		if v.stems[i] != w {
			b.WriteByte('\t')
			b.WriteString(v.stems[i])
		}
		b.WriteByte('\n')
	}
	return os.WriteFile(filepath.Join(dir, VocabularyFile), b.Bytes(), 0o644)
}

// readVocabulary reads dir/VocabularyFile; a bundle without one has an
// empty vocabulary (every word is then typo-tolerant and completed, as
// before the file existed).
func readVocabulary(dir string) (*vocabulary, error) {
	data, err := os.ReadFile(filepath.Join(dir, VocabularyFile))
	if errors.Is(err, fs.ErrNotExist) {
		return &vocabulary{}, nil
	}
	if err != nil {
		return nil, err
	}
	v := &vocabulary{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		w, stem, ok := strings.Cut(sc.Text(), "\t")
		if !ok {
			stem = w
		}
		v.words = append(v.words, w)
		v.stems = append(v.stems, stem)
	}
	if !slices.IsSorted(v.words) {
		return nil, errors.New(VocabularyFile + " non è in ordine")
	}
	return v, sc.Err()
}
