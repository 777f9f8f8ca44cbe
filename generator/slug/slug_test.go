package slug

import "testing"

func TestMake(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Povertà educativa", "poverta-educativa"},
		{"welfare di comunità", "welfare-di-comunita"},
		{"Cantiere Bologna – Navile", "cantiere-bologna-navile"},
		{"L'orto dell'Università", "l-orto-dell-universita"},
		{"  --Già__fatto!! ", "gia-fatto"},
		{"ÀÈÌÒÙ àèìòù ÉÇ", "aeiou-aeiou-ec"},
		{"Straße ﬁne", "strasse-fine"},
		{"../../etc/passwd", "etc-passwd"},
		{"日本", ""},
		{"2026-ANNO", "2026-anno"},
	} {
		if got := Make(tc.in); got != tc.want {
			t.Errorf("Make(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if got := Make(tc.in); got != "" && !Valid(got) {
			t.Errorf("Make(%q) = %q is not Valid", tc.in, got)
		}
	}
}

func TestValid(t *testing.T) {
	for s, want := range map[string]bool{"orti-condivisi": true, "a": true, "Orti": false, "a--b": false, "-a": false, "a/b": false, "": false, "..": false} {
		if Valid(s) != want {
			t.Errorf("Valid(%q) = %v", s, !want)
		}
	}
}

// TestMakeASCIIAsTransformed: the ASCII shortcut of Make gives what the
// transformer gives, for every ASCII character in every position.
func TestMakeASCIIAsTransformed(t *testing.T) {
	for c := 0; c < 128; c++ {
		for _, s := range []string{string(rune(c)), "a" + string(rune(c)) + "b", string(rune(c)) + "Z9", "x" + string(rune(c))} {
			// "\u00a0" is not ASCII: the same string through the
			// transformer, which the extra character cannot change
			// but for a space.
			slow := Make(s + "\u00a0")
			if got := Make(s); got != slow {
				t.Errorf("Make(%q) = %q, through the transformer %q", s, got, slow)
			}
		}
	}
}
