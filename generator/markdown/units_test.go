package markdown

import (
	"strings"
	"testing"
)

// unitWords are the pieces unitTexts are made of: numbers, units,
// multipliers, "di", words that end like them, spaces and no-break spaces.
var unitWords = []string{"30", "1,5", "€", "euro", "EUR", "km", "m", "mila", "milioni", "mld", "di", "neuro",
	"casa", "tre", "anni", "(", ".", " ", "  ", nbsp, "3mila", "x"}

// unitTexts returns every text of up to n pieces of unitWords joined by
// single spaces.
func unitTexts(n int) []string {
	texts := []string{""}
	all := []string{}
	for k := 0; k < n; k++ {
		var next []string
		for _, t := range texts {
			for _, w := range unitWords {
				next = append(next, strings.TrimPrefix(t+" "+w, " "))
			}
		}
		all = append(all, next...)
		texts = next
	}
	return all
}

// TestMayHaveUnitSpace: the quick test of keepUnits never skips a text in
// which unitSpaceRanges finds a space to keep.
func TestMayHaveUnitSpace(t *testing.T) {
	found := 0
	for _, s := range unitTexts(4) {
		if rs := unitSpaceRanges(s); rs != nil {
			found++
			if !mayHaveUnitSpace([]byte(s)) {
				t.Errorf("mayHaveUnitSpace(%q) = false, but unitSpaceRanges finds %v", s, rs)
			}
		}
	}
	if found == 0 {
		t.Fatal("no text with a unit space: the test tests nothing")
	}
}
