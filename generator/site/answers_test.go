package site

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"cantiericomuni.it/banca/generator/content"
	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/schema"
)

// needsSite is a small site of the repository's schema: needs (open, in
// progress, met) and the opportunities and resources that could answer
// them, open, expired and already named.
var needsSite = map[string]string{
	"cantieri/ferrara.md": "---\ntitle: Cantiere Ferrara\ndate: 2026-01-01\ncomune: Ferrara\n---\n",
	"cantieri/imola.md":   "---\ntitle: Cantiere Imola\ndate: 2026-01-01\ncomune: Imola\n---\n",
	"opportunita/bando-doposcuola.md": "---\ntitle: Bando per il doposcuola\ndate: 2026-02-01\nente: Fondazione\ndeadline: 2026-06-30\n" +
		"argomenti: [dispersione scolastica]\ncantieri: [ferrara]\nsummary: Fondi per attività pomeridiane.\n---\n",
	"opportunita/bando-scaduto.md": "---\ntitle: Bando scaduto per il doposcuola\ndate: 2026-01-10\nente: Fondazione\ndeadline: 2026-02-01\n" +
		"argomenti: [dispersione scolastica]\ncantieri: [ferrara]\n---\n",
	"opportunita/corso-imola.md": "---\ntitle: Corso per educatori\ndate: 2026-01-20\nente: Comune\n" +
		"argomenti: [dispersione scolastica]\ncantieri: [imola]\n---\n",
	"risorse/aula-studio.md":   "---\ntitle: Aula studio diffusa\ndate: 2026-01-05\ncantieri: [ferrara]\nsummary: Aule aperte il pomeriggio per studiare insieme.\n---\n",
	"risorse/palestra.md":      "---\ntitle: Palestra comunale\ndate: 2026-01-06\nargomenti: [sport]\ncantieri: [ferrara]\n---\n",
	"risorse/sala-riunioni.md": "---\ntitle: Sala riunioni\ndate: 2026-01-07\nargomenti: [dispersione scolastica]\ncantieri: [ferrara]\n---\n",
	"bisogni/aule-pomeriggio.md": "---\ntitle: Mancano aule studio per il pomeriggio\ndate: 2026-02-10\nemerso_il: 2026-02-05\nstato: aperto\n" +
		"argomenti: [dispersione scolastica]\ncantieri: [ferrara]\nrisposte: [risorse/sala-riunioni]\n---\n",
	"bisogni/in-corso.md": "---\ntitle: Trasporto per le uscite\ndate: 2026-02-11\nemerso_il: 2026-02-05\nstato: in lavorazione\n---\n",
	"bisogni/soddisfatto.md": "---\ntitle: Doposcuola a Ferrara\ndate: 2026-02-12\nemerso_il: 2026-02-01\nstato: soddisfatto\n" +
		"argomenti: [dispersione scolastica]\ncantieri: [ferrara]\n---\n",
}

func assembleNeeds(t testing.TB) *Site {
	t.Helper()
	sch, err := schema.Load(filepath.Join("..", "..", "schema.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for name, src := range needsSite {
		fsys[name] = &fstest.MapFile{Data: []byte(src)}
	}
	var diags diag.List
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, sch.Site.Location)
	set := content.Load(fsys, sch, content.Options{Prefix: "content/", Now: now}, &diags)
	published := set.Published(false)
	content.CheckSet(published, sch, &diags)
	s := Assemble(published, sch, Options{Now: now, Diags: &diags})
	for _, d := range diags.All() {
		if d.Severity != diag.Warning {
			t.Fatalf("diagnostics: %v", diags.All())
		}
	}
	return s
}

// TestStatesStatus gives pages of a section with states their status
// from the field: the badge's key and label, open or closed.
func TestStatesStatus(t *testing.T) {
	s := assembleNeeds(t)
	for _, tc := range []struct {
		url, key, label string
		closed          bool
	}{
		{"/bisogni/aule-pomeriggio/", "aperto", "aperto", false},
		{"/bisogni/in-corso/", "in-lavorazione", "in lavorazione", false},
		{"/bisogni/soddisfatto/", "soddisfatto", "soddisfatto", true},
	} {
		p := s.Page(tc.url)
		if p.Status == nil || p.Status.Key != tc.key || p.Status.Label != tc.label || p.Closed() != tc.closed {
			t.Errorf("%s: %+v", tc.url, p.Status)
		}
		if got := p.Status.Phrase(nil); got != tc.label {
			t.Errorf("%s: badge %q", tc.url, got)
		}
	}
	sec := s.Section("bisogni")
	var open []string
	for _, p := range sec.OpenByState() {
		open = append(open, p.Slug)
	}
	if got := strings.Join(open, " "); got != "in-corso aule-pomeriggio" || sec.StatesURL() != "/bisogni/aperti/" {
		t.Errorf("open: %s at %s", got, sec.StatesURL())
	}
	if s.Section("opportunita").StatesURL() != "" {
		t.Error("a section without states has a list of them")
	}
}

// TestAnswers picks an open need's possible answers among open pages of
// the declared sections, best first, with their reasons, leaving out
// what it already names, expired pages and pages sharing too little.
func TestAnswers(t *testing.T) {
	s := assembleNeeds(t)
	show := func(url string) string {
		var parts []string
		for _, a := range s.Page(url).Answers {
			parts = append(parts, fmt.Sprintf("%s/%s %d (%s)", a.Page.Section.Key, a.Page.Slug, a.Score, a.Reason))
		}
		return strings.Join(parts, "\n")
	}
	want := "risorse/aula-studio 6 (stesso cantiere: Ferrara; parole in comune: studio, pomeriggio)\n" +
		"opportunita/bando-doposcuola 5 (stesso argomento: dispersione scolastica; stesso cantiere: Ferrara)\n" +
		"opportunita/corso-imola 3 (stesso argomento: dispersione scolastica)"
	if got := show("/bisogni/aule-pomeriggio/"); got != want {
		t.Errorf("aule-pomeriggio:\n got %s\nwant %s", got, want)
	}
	if got := show("/bisogni/soddisfatto/"); got != "" {
		t.Errorf("a met need shows answers: %s", got)
	}
	if got := show("/bisogni/in-corso/"); got != "" {
		t.Errorf("a need sharing nothing shows answers: %s", got)
	}
	if got := show("/opportunita/bando-doposcuola/"); got != "" {
		t.Errorf("a section without answers shows some: %s", got)
	}
	// The preview's copy keeps them, pointing at the new pages.
	r := s.Replace(map[*content.Page]*content.Page{}, s.Now)
	for _, a := range r.Page("/bisogni/aule-pomeriggio/").Answers {
		if a.Page != r.Page(a.Page.URL) {
			t.Errorf("after Replace: %s is the old site's page", a.Page.URL)
		}
	}
	// Once the call has expired it answers nothing.
	later := s.Replace(map[*content.Page]*content.Page{}, time.Date(2026, 7, 2, 12, 0, 0, 0, s.Now.Location()))
	for _, a := range later.Page("/bisogni/aule-pomeriggio/").Answers {
		if a.Page.Slug == "bando-doposcuola" {
			t.Error("an expired opportunity is still a possible answer")
		}
	}
}
