package schema

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Closest returns the candidate nearest to s (edit distance on lower-case,
// accent-folded text) when it is near enough to be a plausible typo.
func Closest(s string, candidates []string) (string, bool) {
	fs := Fold(s)
	if len(fs) >= 3 {
		// "bologna" for "bologna-navile": a unique prefix is a good guess.
		var prefixed []string
		for _, c := range candidates {
			if strings.HasPrefix(Fold(c), fs) {
				prefixed = append(prefixed, c)
			}
		}
		if len(prefixed) == 1 {
			return prefixed[0], true
		}
	}
	best, bestD := "", 1<<30
	for _, c := range candidates {
		d := distance(fs, Fold(c))
		if d < bestD || (d == bestD && c < best) {
			best, bestD = c, d
		}
	}
	if best == "" {
		return "", false
	}
	limit := len([]rune(fs))/3 + 1
	if limit > 4 {
		limit = 4
	}
	return best, bestD <= limit
}

// Fold lower-cases s and removes accents: "Povertà" → "poverta".
func Fold(s string) string {
	if ascii(s) {
		// ASCII has no accents and is its own normal form: no
		// transformer and its buffers.
		return strings.ToLower(s)
	}
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		out = s
	}
	return strings.ToLower(out)
}

// ascii reports whether s is all ASCII.
func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// distance is the Levenshtein distance between a and b, by runes.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
