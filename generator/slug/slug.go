// Package slug turns titles, file names and taxonomy terms into URL path
// segments: lower-case ASCII letters and digits separated by single hyphens,
// accents folded ("Povertà educativa" → "poverta-educativa").
package slug

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Make returns the slug of s. It may return "" when s has no letters or
// digits at all.
func Make(s string) string {
	folded := s
	if !ascii(s) {
		// ASCII is its own compatibility decomposition, without marks:
		// most names skip the transformer and its buffers.
		t := transform.Chain(norm.NFKD, runes.Remove(runes.In(unicode.Mn)))
		var err error
		if folded, _, err = transform.String(t, s); err != nil {
			folded = s
		}
	}
	var b strings.Builder
	b.Grow(len(folded))
	dash := false
	for _, r := range folded {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case r >= 'A' && r <= 'Z':
			b.WriteRune(r + ('a' - 'A'))
			dash = false
		case r == 'ß':
			b.WriteString("ss")
			dash = false
		default:
			if !dash && b.Len() > 0 {
				b.WriteByte('-')
				dash = true
			}
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

// ascii reports whether s is all ASCII.
func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

var valid = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)

// Valid reports whether s is already a well-formed slug.
func Valid(s string) bool { return len(s) <= 200 && valid.MatchString(s) }
