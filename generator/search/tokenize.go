package search

import (
	"bytes"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"golang.org/x/text/unicode/norm"
)

// wordTokenizer splits text into words: runs of letters, digits and
// combining marks. An apostrophe (' or ’) between two letters stays inside
// the word, so that the elision filter sees "dell'attività" whole. It does
// the job of Unicode word segmentation for Italian text at a fraction of
// its cost.
type wordTokenizer struct{}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

func isApostrophe(r rune) bool { return r == '\'' || r == '’' }

// Tokenize returns the words of input with their byte offsets.
func (wordTokenizer) Tokenize(input []byte) analysis.TokenStream {
	out := make(analysis.TokenStream, 0, len(input)/7+1)
	toks := make([]analysis.Token, 0, len(input)/7+1)
	pos := 1
	start := -1
	for i := 0; i < len(input); {
		r, size := rune(input[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(input[i:])
		}
		switch {
		case isWordRune(r):
			if start < 0 {
				start = i
			}
		case start >= 0 && isApostrophe(r) && i+size < len(input) && prevIsLetter(input[:i]) && nextIsLetter(input[i+size:]):
			// inside a word: dell'attività
		default:
			if start >= 0 {
				toks = append(toks, token(input, start, i, pos))
				pos++
				start = -1
			}
		}
		i += size
	}
	if start >= 0 {
		toks = append(toks, token(input, start, len(input), pos))
	}
	for i := range toks {
		out = append(out, &toks[i])
	}
	return out
}

func token(input []byte, start, end, pos int) analysis.Token {
	typ := analysis.AlphaNumeric
	if allDigits(input[start:end]) {
		typ = analysis.Numeric
	}
	return analysis.Token{Term: input[start:end:end], Start: start, End: end, Position: pos, Type: typ}
}

func allDigits(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func prevIsLetter(b []byte) bool {
	r, _ := utf8.DecodeLastRune(b)
	return unicode.IsLetter(r)
}

func nextIsLetter(b []byte) bool {
	r, _ := utf8.DecodeRune(b)
	return unicode.IsLetter(r)
}

// normalizeFilter brings every token to one form: Unicode NFKC
// (ligatures, full-width letters), lower case, and no accents
// ("Università" → "universita"). ASCII tokens that are already lower case,
// most of them, are left as they are.
type normalizeFilter struct{}

func (normalizeFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	for _, t := range in {
		t.Term = normalize(t.Term)
	}
	return in
}

func normalize(b []byte) []byte {
	ascii, lower := true, true
	for _, c := range b {
		if c >= utf8.RuneSelf {
			ascii = false
			break
		}
		if 'A' <= c && c <= 'Z' {
			lower = false
		}
	}
	if ascii {
		if lower {
			return b
		}
		out := make([]byte, len(b))
		for i, c := range b {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			out[i] = c
		}
		return out
	}
	if out, ok := foldItalian(b); ok {
		return out
	}
	if !norm.NFKC.IsNormal(b) {
		b = norm.NFKC.Bytes(b)
	}
	return Fold(bytes.ToLower(b))
}

// foldItalian lower-cases and folds a word whose only non-ASCII letters
// are the accented vowels of Italian (and a few of French and Spanish
// names), without the cost of Unicode normalisation. It reports false for
// any other word.
func foldItalian(b []byte) ([]byte, bool) {
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			out = append(out, c)
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		f, ok := accented[r]
		if !ok {
			return nil, false
		}
		out = append(out, f)
		i += size
	}
	return out, true
}

// accented maps accented letters to their base letter, lower case.
var accented = func() map[rune]byte {
	m := map[rune]byte{}
	for base, letters := range map[byte]string{
		'a': "àáâäÀÁÂÄ", 'e': "èéêëÈÉÊË", 'i': "ìíîïÌÍÎÏ", 'o': "òóôöÒÓÔÖ",
		'u': "ùúûüÙÚÛÜ", 'c': "çÇ", 'n': "ñÑ",
	} {
		for _, r := range letters {
			m[r] = base
		}
	}
	return m
}()

// trimAbility joins the nouns in -abilità/-ibilità to their adjectives:
// Snowball stems "accessibilità" to "accessibil" but "accessibile" and
// "accessibili" to "access", so that one would not find the other. A stem
// ending in "abil" or "ibil" loses that ending when enough is left.
func trimAbility(stem string) string {
	for _, end := range []string{"abil", "ibil"} {
		if base, ok := strings.CutSuffix(stem, end); ok && len(base) >= 4 {
			return base
		}
	}
	return stem
}

// stemFilter applies the Snowball Italian stemmer, remembering the stems
// of the words it has seen: a corpus repeats the same few thousand words,
// and stemming is the costliest step of the analysis.
type stemFilter struct {
	mu    sync.RWMutex
	stems map[string][]byte
	// limit bounds the words remembered (0: no bound).
	limit int
}

// maxStems bounds the memory of the stem cache of queries: past it, new
// words are stemmed every time (queries cannot make the cache grow
// without bound).
const maxStems = 200_000

func newStemFilter(limit int) *stemFilter {
	return &stemFilter{stems: make(map[string][]byte, 1<<14), limit: limit}
}

func (s *stemFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	for _, t := range in {
		if t.Type == analysis.Numeric {
			continue
		}
		s.mu.RLock()
		stem, ok := s.stems[string(t.Term)]
		s.mu.RUnlock()
		if !ok {
			word := string(t.Term)
			stem = []byte(stemWord(word))
			s.mu.Lock()
			if s.limit == 0 || len(s.stems) < s.limit {
				s.stems[word] = stem
			}
			s.mu.Unlock()
		}
		// The cached slice is shared by every token of the word: no
		// later step modifies a term in place.
		t.Term = stem
	}
	return in
}

// words returns a copy of the words seen, each with its stem.
func (s *stemFilter) words() map[string]string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make(map[string]string, len(s.stems))
	for w, stem := range s.stems {
		out[w] = string(stem)
	}
	return out
}

// size counts the words seen.
func (s *stemFilter) size() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.stems)
}
