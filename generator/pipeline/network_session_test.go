package pipeline

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"cantiericomuni.it/banca/generator/internal/sitefiles"
)

// networkSite is a small network in the project's own sections: two
// organisations, and pages naming them by title, slug and sigla in the
// organisation fields of every kind (ente, firmatari, partner, an
// action's chi, partecipanti, organizzatori, segnalato_da).
var networkSite = map[string]string{
	"enti/cadiai.md":          "---\ntitle: Cooperativa sociale CADIAI\ndate: 2026-01-01\ntipo: cooperativa sociale\nsigla: CADIAI\ncantieri: [imola]\n---\nUna cooperativa.\n",
	"enti/comune-di-imola.md": "---\ntitle: Comune di Imola\ndate: 2026-01-01\ntipo: comune\ncantieri: [imola]\n---\nIl comune.\n",
	"cantieri/imola.md":       "---\ntitle: Cantiere Imola\ndate: 2024-03-05\ncomune: Imola\ncapofila: Comune di Imola\n---\nIl cantiere.\n",
	"opportunita/bando.md":    "---\ntitle: Bando estate\ndate: 2026-11-01\nente: Fondazione del Monte\ndeadline: 2027-01-31\ncantieri: [imola]\n---\nUn bando.\n",
	"protocolli/patto.md":     "---\ntitle: Patto educativo\ndate: 2026-02-01\ndata_firma: 2026-01-20\nfirmatari: [Comune di Imola, CADIAI, Fondazione del Monte]\n---\nUn patto.\n",
	"pratiche/orti.md":        "---\ntitle: Orti condivisi\ndate: 2026-03-01\npartner: [cadiai]\n---\nOrti.\n",
	"verbali/regia.md": `---
title: Tavolo di regia di novembre
date: 2026-11-20
data_incontro: 2026-11-18T17:00
tavolo: tavolo di regia
partecipanti: [Comune di Imola, CADIAI, Fondazione del Monte]
cantieri: [imola]
azioni:
  - cosa: Preparare il calendario
    chi: CADIAI
    entro: 2026-11-30
  - cosa: Chiedere la sala
    chi: Fondazione del Monte
    entro: 2027-01-10
---
Il verbale.
`,
	"eventi/festa.md":  "---\ntitle: Festa della rete\ndate: 2026-11-25\ninizio: 2027-01-15T17:00\norganizzatori: [Fondazione del Monte, cadiai]\ncantieri: [imola]\n---\nUna festa.\n",
	"bisogni/spazi.md": "---\ntitle: Spazi per il doposcuola\ndate: 2026-10-01\nemerso_il: 2026-09-20\nstato: aperto\nsegnalato_da: [Fondazione del Monte]\ncantieri: [imola]\n---\nServono spazi.\n",
}

// TestSessionNetworkEntiComeAndGo: in the preview, an organisation that
// others name is added, renamed (its file and its title) and deleted;
// after every step the preview's site is byte for byte the site of a
// full build: the pages naming it link to it or show the name as text,
// and its page lists them.
func TestSessionNetworkEntiComeAndGo(t *testing.T) {
	proj := t.TempDir()
	sitefiles.Write(t, sitefiles.Files(t, ""), proj)
	content := filepath.Join(proj, "content")
	file := func(name string) string { return filepath.Join(content, filepath.FromSlash(name)) }
	write := func(name, text string) {
		if err := os.MkdirAll(filepath.Dir(file(name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file(name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name, text := range networkSite {
		write(name, text)
	}
	ss := NewSession(Config{Root: proj, Drafts: true})
	if _, res, err := ss.Build(now); err != nil || res.Diags.HasErrors() {
		t.Fatalf("first build: %v %v", err, res.Diags.All())
	}
	const fondazione = "---\ntitle: Fondazione del Monte\ndate: 2026-01-01\ntipo: fondazione\nsigla: FdM\n---\nUna fondazione.\n"
	for _, st := range []struct {
		name string
		do   func()
		file string // a file the step must change
		want string // what it must then show ("" for a file that must be gone)
	}{
		{"an organisation named as text gets its page", func() {
			write("enti/fondazione-del-monte.md", fondazione)
			ss.Changed(file("enti/fondazione-del-monte.md"))
		}, "protocolli/patto/index.html", `<a href="/enti/fondazione-del-monte/">Fondazione del Monte</a>`},
		{"its file renamed", func() {
			if err := os.Rename(file("enti/fondazione-del-monte.md"), file("enti/fdm.md")); err != nil {
				t.Fatal(err)
			}
			ss.Changed(file("enti/fondazione-del-monte.md"))
			ss.Changed(file("enti/fdm.md"))
		}, "eventi/festa/index.html", `<a href="/enti/fdm/">Fondazione del Monte</a>`},
		{"its title changed, the sigla still names it", func() {
			write("enti/fdm.md", strings.Replace(fondazione, "title: Fondazione del Monte", "title: Fondazione del Monte di Bologna e Ravenna", 1))
			ss.Changed(file("enti/fdm.md"))
		}, "opportunita/bando/index.html", `Fondazione del Monte`},
		{"it is deleted", func() {
			if err := os.Remove(file("enti/fdm.md")); err != nil {
				t.Fatal(err)
			}
			ss.Changed(file("enti/fdm.md"))
		}, "enti/fdm/index.html", ""},
		{"an organisation others link to is deleted", func() {
			if err := os.Remove(file("enti/cadiai.md")); err != nil {
				t.Fatal(err)
			}
			ss.Changed(file("enti/cadiai.md"))
		}, "pratiche/orti/index.html", `cadiai`},
	} {
		st.do()
		b, res, err := ss.Build(now)
		if err != nil || res.Diags.HasErrors() {
			t.Fatalf("%s: %v %v", st.name, err, res.Diags.All())
		}
		got, ok := b.Files[st.file]
		switch {
		case st.want == "" && ok:
			t.Errorf("%s: %s is still there", st.name, st.file)
		case st.want != "" && !strings.Contains(string(got), st.want):
			t.Errorf("%s: %s does not show %s", st.name, st.file, st.want)
		}
		sameFiles(t, st.name, b.Files, fullBuild(t, os.DirFS(proj), now))
	}
}
