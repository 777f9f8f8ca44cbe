package pipeline

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"cantiericomuni.it/banca/generator/internal/sitefiles"
)

// networkContent is a small network with the project's schema: two
// cantieri, three organisations, the protocols that link them.
const networkContent = `
-- content/cantieri/ferrara.md --
---
title: Cantiere Ferrara
date: 2026-01-01
comune: Ferrara
---
Il cantiere.
-- content/enti/comune-di-ferrara.md --
---
title: Comune di Ferrara
date: 2026-01-01
tipo: comune
cantieri: [ferrara]
---
Il comune.
-- content/enti/cadiai.md --
---
title: Cooperativa sociale CADIAI
date: 2026-01-01
tipo: cooperativa sociale
sigla: CADIAI
cantieri: [ferrara]
---
La cooperativa.
-- content/enti/arci.md --
---
title: Circolo Arci
date: 2026-01-01
tipo: associazione
cantieri: [ferrara]
---
Il circolo.
-- content/protocolli/patto.md --
---
title: Patto educativo
date: 2026-02-01
data_firma: 2026-01-20
firmatari: [Comune di Ferrara, CADIAI]
---
Il patto.
`

// TestSessionKeepsTheNetworkCurrent: in the preview, the list of the
// organisations and the cantiere's page draw the network again when a
// page links two more of them, an organisation changes type or name, or
// one of them is added or deleted; after every edit the session's site is
// the site of a full build.
func TestSessionKeepsTheNetworkCurrent(t *testing.T) {
	proj := t.TempDir()
	sitefiles.Write(t, sitefiles.Files(t, networkContent), proj)
	file := func(name string) string { return filepath.Join(proj, "content", filepath.FromSlash(name)) }
	ss := NewSession(Config{Root: proj, Drafts: true})
	if _, res, err := ss.Build(now); err != nil || res.Diags.HasErrors() {
		t.Fatalf("first build: %v %v", err, res.Diags.All())
	}
	write := func(name, text string) {
		if err := os.WriteFile(file(name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		ss.Changed(file(name))
	}
	edit := func(name, old, new string) {
		data, err := os.ReadFile(file(name))
		if err != nil || !strings.Contains(string(data), old) {
			t.Fatalf("%s: %v, or no %q", name, err, old)
		}
		write(name, strings.Replace(string(data), old, new, 1))
	}
	for _, st := range []struct {
		name string
		edit func()
		file string // a file the edit must change
		want string // and what it must then show
	}{
		{"a page links one more", func() {
			edit("protocolli/patto.md", "firmatari: [Comune di Ferrara, CADIAI]", "firmatari: [Comune di Ferrara, CADIAI, Circolo Arci]")
		}, "cantieri/ferrara/index.html", `<title>Comune di Ferrara e Circolo Arci: 1 scheda in comune (Protocolli: 1)</title>`},
		{"an organisation changes type", func() {
			edit("enti/arci.md", "tipo: associazione", "tipo: parrocchia")
		}, "enti/index.html", `<h2 id="gruppo-parrocchia">Parrocchia <span class="numero">1</span></h2>`},
		{"an organisation changes name", func() {
			edit("enti/cadiai.md", "title: Cooperativa sociale CADIAI", "title: Cadiai cooperativa")
		}, "enti/index.html", `<title>Comune di Ferrara e Cadiai cooperativa: 1 scheda in comune (Protocolli: 1)</title>`},
		{"an organisation is added", func() {
			if err := os.WriteFile(file("enti/scuola.md"), []byte("---\ntitle: Scuola Alda Costa\ndate: 2026-01-01\ntipo: scuola\ncantieri: [ferrara]\n---\nLa scuola.\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			ss.Changed(file("enti/scuola.md"))
			edit("protocolli/patto.md", "Circolo Arci]", "Circolo Arci, Scuola Alda Costa]")
		}, "cantieri/ferrara/index.html", `<a href="/enti/scuola/"><title>`},
		{"an organisation is deleted", func() {
			if err := os.Remove(file("enti/arci.md")); err != nil {
				t.Fatal(err)
			}
			ss.Changed(file("enti/arci.md"))
		}, "enti/index.html", `Il disegno mostra 3 enti della rete e 3 legami`},
	} {
		st.edit()
		b, res, err := ss.Build(now)
		if err != nil || res.Diags.HasErrors() {
			t.Fatalf("%s: %v %v", st.name, err, res.Diags.All())
		}
		if !strings.Contains(string(b.Files[st.file]), st.want) {
			t.Errorf("%s: %s does not show %s", st.name, st.file, st.want)
		}
		sameFiles(t, st.name, b.Files, fullBuild(t, os.DirFS(proj), now))
	}
}
