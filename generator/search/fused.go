package search

import (
	"bytes"
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	index "github.com/blevesearch/bleve_index_api"
)

// indexAnalyzer is the analyzer of an index's text fields: the Italian
// analyzer (see analyzer) in one pass. It splits the text into words as
// wordTokenizer does and looks each word, as written, up in a cache of
// what the steps after the split make of it (its stem, or nothing for a
// stop word): the steps depend on the word alone, and a bank's pages
// repeat a few tens of thousands of words, so the chain runs once per
// distinct word instead of once per word of every page. The terms,
// positions and offsets are exactly those of the chain (fused_test.go).
//
// One indexAnalyzer serves one index (bleve builds it from the registry
// for each mapping); it is safe for concurrent use, as the preview's live
// index analyses documents on several goroutines.
type indexAnalyzer struct {
	// filters are the chain's steps after the split, the stem filter
	// last: a word missing from the cache goes through them.
	filters []analysis.TokenFilter
	// stems is the chain's stem filter: it sees every word of the index
	// that is not a stop word or a number once, and is the index's
	// vocabulary (see vocabularyOf).
	stems *stemFilter

	mu sync.RWMutex
	// terms maps the words cached to the number of their term, or to
	// stopWord.
	terms wordTable
	// ids numbers the terms made (a term, "band", is made of several
	// words, "bandi" and "Bando"); finals holds them by number.
	ids    map[string]int32
	finals []indexTerm
	// limit bounds the words cached and the terms numbered: past it,
	// new words go through the filters each time (the stem filter still
	// remembers their stems) and new terms are counted in a map. A word
	// whose term has no number is not cached.
	limit int
	// counts holds *termCounts for frequencies.
	counts sync.Pool
}

// freqSpace is where frequencies counts a text's terms: the map bleve
// reads and its values.
type freqSpace struct {
	freqs index.TokenFrequencies
	slab  []index.TokenFreq
}

// stopWord marks in indexAnalyzer.terms the words that make no token:
// stop words (elided ones too).
const stopWord = -1

// indexTerm is what the chain makes of a word as written.
type indexTerm struct {
	term []byte // the indexed term, shared by every token of the word
	key  string // the term as a string, for the maps of frequencies
	id   int32  // the term's number, -1 past the bound
	stop bool   // a stop word: no token
}

// termCounts counts the terms of one text by number.
type termCounts struct {
	// slot holds, by term number, 1 + the term's place in order, or 0.
	slot  []int32
	order []termCount
}

type termCount struct {
	id, n int32
}

// maxIndexWords bounds the words as written that an indexAnalyzer caches
// (each costs about 100 bytes): more than the distinct words of 50,000
// generated pages, a small share of a process's memory.
const maxIndexWords = 1 << 18

// newIndexAnalyzer returns the one-pass form of withStems(words, stems).
func newIndexAnalyzer(words *analysis.DefaultAnalyzer, stems *stemFilter, limit int) *indexAnalyzer {
	filters := append(append([]analysis.TokenFilter(nil), words.TokenFilters...), stems)
	return &indexAnalyzer{filters: filters, stems: stems, ids: make(map[string]int32, 1<<14), limit: limit}
}

// Analyze returns the tokens of input, as the chain does.
func (a *indexAnalyzer) Analyze(input []byte) analysis.TokenStream {
	toks := make([]analysis.Token, 0, len(input)/7+1)
	pos := 0
	a.mu.RLock()
	for i := 0; i < len(input); {
		start, end := nextWord(input, i)
		if start < 0 {
			break
		}
		i = end
		pos++
		word := input[start:end]
		var t indexTerm
		if id, ok := a.terms.get(word, hashWord(word)); ok {
			if id == stopWord {
				continue
			}
			t = a.finals[id]
		} else {
			a.mu.RUnlock()
			t = a.resolve(word)
			a.mu.RLock()
			if t.stop {
				continue
			}
		}
		typ := analysis.AlphaNumeric
		if allDigits(word) {
			typ = analysis.Numeric
		}
		toks = append(toks, analysis.Token{Term: t.term, Start: start, End: end, Position: pos, Type: typ})
	}
	a.mu.RUnlock()
	out := make(analysis.TokenStream, len(toks))
	for i := range toks {
		out[i] = &toks[i]
	}
	return out
}

// frequencies returns what bleve's text field makes of the tokens of
// input (analysis.TokenFrequency without term vectors, and their number)
// without making the tokens: the terms are counted by number, and each
// distinct term gets one entry.
func (a *indexAnalyzer) frequencies(input []byte) (int, index.TokenFrequencies) {
	n, sp := a.count(input, &freqSpace{})
	return n, sp.freqs
}

// count is frequencies, into sp, which it returns.
func (a *indexAnalyzer) count(input []byte, sp *freqSpace) (int, *freqSpace) {
	c, _ := a.counts.Get().(*termCounts)
	if c == nil {
		c = &termCounts{}
	}
	n, unnumbered := a.tally(input, c)
	if sp.freqs == nil {
		sp.freqs = make(index.TokenFrequencies, len(c.order)+len(unnumbered))
	}
	freqs := sp.freqs
	if cap(sp.slab) < len(c.order) {
		sp.slab = make([]index.TokenFreq, len(c.order))
	}
	sp.slab = sp.slab[:len(c.order)]
	slab := sp.slab
	a.mu.RLock()
	for i, tc := range c.order {
		f := &a.finals[tc.id]
		tf := &slab[i]
		tf.Term = f.term
		tf.SetFrequency(int(tc.n))
		freqs[f.key] = tf
	}
	a.mu.RUnlock()
	for k, tf := range unnumbered {
		freqs[k] = tf
	}
	c.order = c.order[:0]
	a.counts.Put(c)
	return n, sp
}

// tally counts the terms of input: their number (the field's length),
// and in c.order each numbered term with its count, in the order of
// their first occurrence; the terms without number (past the bound) come
// back in a map, nil when there are none. The caller reads c.order and
// empties it; c.slot is left clear.
func (a *indexAnalyzer) tally(input []byte, c *termCounts) (int, index.TokenFrequencies) {
	var unnumbered index.TokenFrequencies // terms past the bound
	n := 0
	a.mu.RLock()
	for i := 0; i < len(input); {
		start, end := nextWord(input, i)
		if start < 0 {
			break
		}
		i = end
		word := input[start:end]
		id, ok := a.terms.get(word, hashWord(word))
		if !ok {
			a.mu.RUnlock()
			t := a.resolve(word)
			a.mu.RLock()
			if t.stop {
				continue
			}
			if id = t.id; id < 0 {
				n++
				if unnumbered == nil {
					unnumbered = index.TokenFrequencies{}
				}
				tf, ok := unnumbered[t.key]
				if !ok {
					tf = &index.TokenFreq{Term: t.term}
					unnumbered[t.key] = tf
				}
				tf.SetFrequency(tf.Frequency() + 1)
				continue
			}
		} else if id == stopWord {
			continue
		}
		n++
		if int(id) >= len(c.slot) {
			c.slot = append(c.slot, make([]int32, int(id)+1-len(c.slot)+len(c.slot)/2)...)
		}
		if s := c.slot[id]; s > 0 {
			c.order[s-1].n++
			continue
		}
		c.order = append(c.order, termCount{id: id, n: 1})
		c.slot[id] = int32(len(c.order))
	}
	a.mu.RUnlock()
	for _, tc := range c.order {
		c.slot[tc.id] = 0
	}
	return n, unnumbered
}

// term returns the term numbered id.
func (a *indexAnalyzer) term(id int32) []byte {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return a.finals[id].term
}

// resolve runs word through the chain's filters and caches the result.
func (a *indexAnalyzer) resolve(word []byte) indexTerm {
	typ := analysis.AlphaNumeric
	if allDigits(word) {
		typ = analysis.Numeric
	}
	tok := &analysis.Token{Term: word[:len(word):len(word)], Start: 0, End: len(word), Position: 1, Type: typ}
	stream := analysis.TokenStream{tok}
	for _, f := range a.filters {
		stream = f.Filter(stream)
	}
	t := indexTerm{stop: len(stream) == 0, id: -1}
	a.mu.Lock()
	defer a.mu.Unlock()
	if !t.stop {
		if id, ok := a.ids[string(stream[0].Term)]; ok {
			t.term, t.key, t.id = a.finals[id].term, a.finals[id].key, id
		} else {
			// A copy: the term may still be the caller's bytes (a
			// number).
			t.term = bytes.Clone(stream[0].Term)
			if t.term == nil {
				t.term = []byte{}
			}
			t.key = string(t.term)
			if a.limit == 0 || len(a.finals) < a.limit {
				t.id = int32(len(a.finals))
				a.ids[t.key] = t.id
				a.finals = append(a.finals, t)
			}
		}
	}
	if a.limit == 0 || a.terms.len() < a.limit {
		switch {
		case t.stop:
			a.terms.put(word, hashWord(word), stopWord)
		case t.id >= 0:
			a.terms.put(word, hashWord(word), t.id)
		}
	}
	return t
}

// asciiWord tells the ASCII bytes that are word characters.
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := range utf8.RuneSelf {
		t[c] = isWordRune(rune(c))
	}
	return t
}()

// nextWord returns the bounds of the first word of input at or after i,
// with start -1 when there is none: the words of wordTokenizer, with a
// table for ASCII bytes.
func nextWord(input []byte, i int) (start, end int) {
	start = -1
	for i < len(input) {
		c := input[i]
		if c < utf8.RuneSelf {
			switch {
			case asciiWord[c]:
				if start < 0 {
					start = i
				}
			case c == '\'' && start >= 0 && i+1 < len(input) && prevIsLetter(input[:i]) && nextIsLetter(input[i+1:]):
				// inside a word: dell'attività
			case start >= 0:
				return start, i
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(input[i:])
		switch {
		case isWordRune(r):
			if start < 0 {
				start = i
			}
		case r == '’' && start >= 0 && i+size < len(input) && prevIsLetter(input[:i]) && nextIsLetter(input[i+size:]):
		case start >= 0:
			return start, i
		}
		i += size
	}
	if start < 0 {
		return -1, len(input)
	}
	return start, len(input)
}
