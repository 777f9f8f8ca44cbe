package search_test

import (
	"bufio"

	"os"
	"slices"
	"strings"
	"testing"

	"cantiericomuni.it/banca/generator/search"
)

// stemOf is the stem the analyzer gives one word.
func stemOf(t *testing.T, word string) string {
	t.Helper()
	terms := search.Analyze(word)
	if len(terms) != 1 {
		t.Fatalf("%q: %d terms", word, len(terms))
	}
	return terms[0].Stem
}

// TestStemRules checks the rules that mend Snowball's stems (stemrules.go):
// the forms of one word share a stem, different words do not.
func TestStemRules(t *testing.T) {
	join := [][]string{
		// -iere/-iera: every form of the noun or adjective.
		{"straniera", "straniere", "stranieri", "straniero", "STRANIERE"},
		{"consigliere", "consiglieri", "consigliera"},
		{"infermiere", "infermieri", "infermiera", "infermiere"},
		{"bandiera", "bandiere"},
		{"frontiera", "frontiere"},
		{"cameriere", "camerieri", "cameriera"},
		// -ità is invariable; the accent does not matter.
		{"comunità", "comunita", "Comunità"},
		{"opportunità", "opportunita"},
		// a participle's four forms.
		{"finito", "finita", "finiti", "finite"},
		{"gestito", "gestita", "gestiti", "gestite"},
		{"partita", "partite"},
		{"credito", "crediti"},
		// plurals and the -abilità/-ibilità rule, unchanged.
		{"comune", "comuni"},
		{"accessibilità", "accessibile", "accessibili"},
		{"disabilità", "disabili", "disabile"},
		{"bando", "bandi"},
		{"rete", "reti"},
		{"consiglio", "consigli"},
	}
	for _, forms := range join {
		want := stemOf(t, forms[0])
		for _, f := range forms[1:] {
			if got := stemOf(t, f); got != want {
				t.Errorf("%q → %q, %q → %q: want one stem", forms[0], want, f, got)
			}
		}
	}
	apart := [][2]string{
		{"comunità", "comune"},
		{"comunità", "comuni"},
		{"pubblicità", "pubblico"},
		{"novità", "nove"},
		{"partita", "parte"},
		{"crediti", "credere"},
		{"visita", "viso"},
		{"consigliere", "consiglio"},
		{"bandiere", "bando"},
		{"straniere", "strano"},
	}
	for _, p := range apart {
		if a, b := stemOf(t, p[0]), stemOf(t, p[1]); a == b {
			t.Errorf("%q and %q share the stem %q", p[0], p[1], a)
		}
	}
}

// TestStemSplits measures, on the vocabularies of the sample site, of the
// developers-italia posts and of the bundles named by BANCA_STEM_VOCAB
// (folders with a parole.txt, separated by commas), how many pairs of
// forms of one word Snowball alone splits and how many the rules of
// stemrules.go leave split: feminine singular and plural in -iera/-iere
// and -era/-ere, masculine singular and plural in -iere/-ieri; and how
// many words in -ità share their stem with a word of another ending.
// It checks nothing: go test -v -run TestStemSplits prints the figures.
func TestStemSplits(t *testing.T) {
	if !testing.Verbose() {
		t.Skip("figures only: run with -v")
	}
	vocabs := map[string][]string{
		"sample":            search.VocabularyWords(sample(t)),
		"developers-italia": search.VocabularyWords(developersItalia(t)),
	}
	for _, dir := range strings.Split(os.Getenv("BANCA_STEM_VOCAB"), ",") {
		if dir != "" {
			vocabs[dir] = readWords(t, dir+"/parole.txt")
		}
	}
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for k := range vocabs {
			if !yield(k) {
				return
			}
		}
	}) {
		words := vocabs[name]
		has := map[string]bool{}
		for _, w := range words {
			has[w] = true
		}
		pairs := []struct {
			name     string
			from, to string
			skip     func(base string) bool
		}{
			{"-iera/-iere", "iera", "iere", nil},
			{"-era/-ere", "era", "ere", func(base string) bool { return strings.HasSuffix(base, "i") }},
			{"-iere/-ieri", "iere", "ieri", nil},
		}
		for _, p := range pairs {
			var n, oldSplit, newSplit int
			var examples []string
			for _, w := range words {
				base, ok := strings.CutSuffix(w, p.from)
				if !ok || !has[base+p.to] || (p.skip != nil && p.skip(base)) {
					continue
				}
				n++
				o := base + p.to
				if search.SnowballStem(w) != search.SnowballStem(o) {
					oldSplit++
				}
				if search.StemWord(w) != search.StemWord(o) {
					newSplit++
					if len(examples) < 8 {
						examples = append(examples, w+"/"+o)
					}
				}
			}
			t.Logf("%s: %s: %d pairs, split by Snowball %d, by the rules %d %v", name, p.name, n, oldSplit, newSplit, examples)
		}
		// Words in -ita sharing a stem with a word not in -it[aeio].
		byOld, byNew := map[string][]string{}, map[string][]string{}
		for _, w := range words {
			byOld[search.SnowballStem(w)] = append(byOld[search.SnowballStem(w)], w)
			byNew[search.StemWord(w)] = append(byNew[search.StemWord(w)], w)
		}
		collide := func(by map[string][]string, stem func(string) string) (int, []string) {
			n := 0
			var ex []string
			for _, w := range words {
				if !strings.HasSuffix(w, "ita") {
					continue
				}
				for _, o := range by[stem(w)] {
					if len(o) > 2 && !strings.HasPrefix(o[len(o)-3:], "it") {
						n++
						if len(ex) < 8 {
							ex = append(ex, w+"/"+o)
						}
						break
					}
				}
			}
			return n, ex
		}
		on, oex := collide(byOld, search.SnowballStem)
		nn, nex := collide(byNew, search.StemWord)
		t.Logf("%s: words in -ita sharing their stem with a word of another ending: Snowball %d %v, rules %d %v", name, on, oex, nn, nex)
	}
}

// readWords reads the words of a parole.txt (one a line, a tab before
// the stem).
func readWords(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		w, _, _ := strings.Cut(sc.Text(), "\t")
		out = append(out, w)
	}
	return out
}
