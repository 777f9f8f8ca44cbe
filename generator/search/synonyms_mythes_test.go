package search_test

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"

	"cantiericomuni.it/banca/generator/search"
)

// TestMythesEvaluation measures what Debian's mythes-it (LibreOffice's
// Italian thesaurus, GPL-3) would add to the query set as the source of
// synonyms, each headword typed expanded to the synonyms of all its
// meanings: run with BANCA_MYTHES=/usr/share/mythes/th_it_IT_v2.dat
// (apt-get install mythes-it). It only reports: the README has the
// figures and why the thesaurus is not used.
func TestMythesEvaluation(t *testing.T) {
	file := os.Getenv("BANCA_MYTHES")
	if file == "" {
		t.Skip("BANCA_MYTHES not set")
	}
	entries := readMythes(t, file)
	cases := loadQuerySet(t)
	indexes := querySetIndexes(t, cases)
	for site, ix := range indexes {
		indexes[site] = search.WithThesaurus(ix, entries)
	}
	outcomes := runQuerySet(t, cases, indexes)
	for _, o := range outcomes {
		switch {
		case o.Want.none && !o.pass:
			t.Logf("%s: nonsense found %d pages: %q", o, o.total, o.urls[:min(len(o.urls), 3)])
		case !o.pass && o.Today == "pass":
			t.Logf("%s: passed without the thesaurus, fails with it: %q", o, o.urls[:min(len(o.urls), 5)])
		case o.pass && o.Today == "fail":
			t.Logf("%s: passes with the thesaurus", o)
		}
	}
	t.Logf("%d headwords; %s\n%s", len(entries), summarize(outcomes).line(), queryTable(outcomes))
}

// readMythes reads a MyThes thesaurus (.dat): "word|meanings", then one
// line per meaning, "(part of speech)|synonym|synonym…".
func readMythes(tb testing.TB, file string) [][]string {
	f, err := os.Open(file)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Scan() // the encoding
	var out [][]string
	for sc.Scan() {
		head, n, ok := strings.Cut(sc.Text(), "|")
		meanings, err := strconv.Atoi(n)
		if !ok || err != nil {
			continue
		}
		entry := []string{head}
		for range meanings {
			if !sc.Scan() {
				break
			}
			fields := strings.Split(sc.Text(), "|")
			for _, syn := range fields[1:] {
				if syn = strings.TrimSpace(syn); syn != "" && !strings.Contains(syn, "(") {
					entry = append(entry, syn)
				}
			}
		}
		out = append(out, entry)
	}
	return out
}
