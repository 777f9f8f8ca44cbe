package schema

import "testing"

func TestNamesClosest(t *testing.T) {
	n := NewNames([]string{"Cooperativa sociale CADIAI", "cooperativa-sociale-cadiai", "CSV Terre Estensi", "CPIA metropolitano di Bologna",
		"Comune di Imola", "Comune di Ferrara", "IC 5", "Parrocchia di San Lorenzo"})
	for _, tc := range []struct {
		text, want string
		ok         bool
	}{
		{"Cooperativa sociale Cadaii", "Cooperativa sociale CADIAI", true}, // two letters swapped
		{"cooperativa sociale cadiai.", "Cooperativa sociale CADIAI", true},
		{"CSV", "CSV Terre Estensi", true},            // the start of one name
		{"Comune di Imolla", "Comune di Imola", true}, // one letter more
		{"Comune", "", false},                         // starts two names
		{"Città metropolitana di Bologna", "", false}, // another organisation sharing words
		{"Regione Emilia-Romagna", "", false},
		{"IC 6", "IC 5", true},         // one character
		{"Comune di prova", "", false}, // another word, not a typo
		{"Parrocchia di San Lorenza", "Parrocchia di San Lorenzo", true},
		{"Parrocchia di Santa Maria", "", false},
	} {
		for range 2 { // the second answer comes from the memo
			got, ok := n.Closest(tc.text)
			if ok != tc.ok || (ok && got != tc.want) {
				t.Errorf("%q: %q %v, want %q %v", tc.text, got, ok, tc.want, tc.ok)
			}
		}
	}
}

// TestFoldASCIIAsTransformed: the ASCII shortcut of Fold gives what the
// normalisation gives, for every ASCII character in every position.
func TestFoldASCIIAsTransformed(t *testing.T) {
	for c := 0; c < 128; c++ {
		for _, s := range []string{string(rune(c)), "Ab" + string(rune(c)) + "cD", string(rune(c)) + "Z9"} {
			// "à" is not ASCII: s goes through the transformer, which
			// folds the added letter to "a".
			slow := Fold(s + "à")
			if got := Fold(s) + "a"; got != slow {
				t.Errorf("Fold(%q) + \"a\" = %q, through the transformer %q", s, got, slow)
			}
		}
	}
}
