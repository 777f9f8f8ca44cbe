package pipeline

import (
	"bytes"
	"io/fs"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"cantiericomuni.it/banca/generator/internal/sitefiles"
	"cantiericomuni.it/banca/generator/render"
)

// fullBuild builds the project's files from scratch into memory.
func fullBuild(t *testing.T, files fs.FS, at time.Time) map[string][]byte {
	t.Helper()
	out := &render.MemOutput{}
	res, err := Run(Config{Root: ".", FS: files, Output: out, Now: at, Drafts: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Diags.HasErrors() {
		t.Fatalf("full build failed: %v", res.Diags.All())
	}
	return out.Files()
}

// sameFiles reports the differences between two sites.
func sameFiles(t *testing.T, step string, got, want map[string][]byte) {
	t.Helper()
	var diffs []string
	for name, w := range want {
		g, ok := got[name]
		switch {
		case !ok:
			diffs = append(diffs, "missing "+name)
		case !bytes.Equal(g, w):
			diffs = append(diffs, "differs "+name)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			diffs = append(diffs, "extra "+name)
		}
	}
	sort.Strings(diffs)
	if len(diffs) > 0 {
		if len(diffs) > 15 {
			diffs = append(diffs[:15], "…")
		}
		t.Errorf("%s: the incremental site differs from a full build in %d files:\n%s", step, len(diffs), strings.Join(diffs, "\n"))
	}
}

// TestSessionEqualsFullBuild scripts a sequence of edits of every kind and
// checks, after each, that the session's site is byte for byte the site
// of a clean build, and that the edits that should be incremental were.
func TestSessionEqualsFullBuild(t *testing.T) {
	// The whole project, content included, in memory; the session is
	// told of each change by the path on disk a watcher would give.
	files := sitefiles.Project(t)
	at := now
	ss := NewSession(Config{Root: ".", FS: files, Drafts: true})
	if _, res, err := ss.Build(at); err != nil || res.Diags.HasErrors() {
		t.Fatalf("first build: %v %v", err, res.Diags.All())
	}

	file := func(name string) string { return filepath.Join("content", filepath.FromSlash(name)) }
	read := func(name string) string {
		f := files["content/"+name]
		if f == nil {
			t.Fatalf("no file %s", name)
		}
		return string(f.Data)
	}
	write := func(name, text string) {
		files["content/"+name] = &fstest.MapFile{Data: []byte(text)}
		ss.Changed(file(name))
	}
	replace := func(name, old, new string) {
		text := read(name)
		if !strings.Contains(text, old) {
			t.Fatalf("%s does not contain %q", name, old)
		}
		write(name, strings.Replace(text, old, new, 1))
	}
	const opp = "opportunita/bando-comunita-educanti-2025.md"
	const prat = "pratiche/merende-di-cortile-bolognina.md"
	steps := []struct {
		name        string
		edit        func()
		incremental bool
		errors      bool
		at          time.Time
		// wide is set for edits that every page shows (a cantiere's name).
		wide bool
	}{
		{name: "body paragraph appended", incremental: true, edit: func() {
			write(opp, read(opp)+"\nUn paragrafo nuovo, aggiunto in anteprima.\n")
		}},
		{name: "first paragraph (the summary) edited", incremental: true, edit: func() {
			replace("opportunita/bando-patti-di-collaborazione-casalecchio-2027.md",
				"Il Comune sostiene i cittadini", "Il Comune aiuta davvero i cittadini")
		}},
		{name: "title changed", incremental: true, edit: func() {
			replace(prat, "title: ", "title: Nuovo titolo — ")
		}},
		// Within its month: a deadline moved to a month with no other
		// entry adds a page to the calendar (/calendario/AAAA/MM/), an
		// address, and the build is a full one.
		{name: "deadline moved: the status changes", incremental: true, edit: func() {
			replace("opportunita/sala-prove-musicale-imola.md", "deadline: 2026-11-30", "deadline: 2026-11-20")
		}},
		{name: "argomento changed: related pages change", incremental: true, edit: func() {
			replace(opp, "  - scuola\n", "  - sport\n")
		}},
		{name: "broken date", errors: true, edit: func() {
			replace(prat, "date: ", "date: 32/13/2026 #")
		}},
		{name: "date fixed to another day", incremental: true, edit: func() {
			replace(prat, "date: 32/13/2026 #", "date: 2026-11-20 #")
		}},
		{name: "broken front matter keeps the last good site", errors: true, edit: func() {
			replace(opp, "title: ", "title: [rotto\n")
		}},
		{name: "fixed", incremental: true, edit: func() {
			replace(opp, "title: [rotto\n", "title: ")
		}},
		{name: "an alias over the search page", errors: true, edit: func() {
			replace(prat, "title: ", "aliases: [\"/Cerca\"]\ntitle: ")
		}},
		{name: "the alias made an old address", incremental: true, edit: func() {
			replace(prat, "aliases: [\"/Cerca\"]", "aliases: [\"/vecchie-merende\"]")
		}},
		{name: "new page", edit: func() {
			write("pratiche/pagina-nuova.md", "---\ntitle: Pagina nuova\ndate: 2026-11-26\nsummary: Una pratica nuova.\nargomenti:\n  - sport\ncantieri:\n  - imola\n---\n\nTesto della [pratica](/opportunita/bando-comunita-educanti-2025/).\n")
		}},
		{name: "page renamed", edit: func() {
			files["content/pratiche/pagina-rinominata.md"] = files["content/pratiche/pagina-nuova.md"]
			delete(files, "content/pratiche/pagina-nuova.md")
			ss.Changed(file("pratiche/pagina-nuova.md"))
			ss.Changed(file("pratiche/pagina-rinominata.md"))
		}},
		{name: "page in a new folder (a bundle)", edit: func() {
			write("pratiche/cartella-nuova/index.md", "---\ntitle: In una cartella\ndate: 2026-11-25\nsummary: Una pratica in una cartella.\n---\n\nTesto.\n")
		}},
		{name: "page deleted", edit: func() {
			delete(files, "content/pratiche/pagina-rinominata.md")
			ss.Changed(file("pratiche/pagina-rinominata.md"))
		}},
		{name: "draft published (the preview shows drafts already)", incremental: true, edit: func() {
			replace("opportunita/bozza-avviso-doposcuola-diffuso-2027.md", "draft: true", "draft: false")
		}},
		{name: "cantiere renamed: every page shows its name", incremental: true, wide: true, edit: func() {
			replace("cantieri/imola.md", `title = "Cantiere Imola"`, `title = "Cantiere del circondario imolese"`)
		}},
		{name: "a page of the footer renamed: every page's footer shows it", incremental: true, wide: true, edit: func() {
			replace("pagine/contatti.md", `title: "Contatti"`, `title: "Scrivici"`)
		}},
		{name: "a page leaves the footer", incremental: true, wide: true, edit: func() {
			replace("pagine/privacy.md", "piede: true", "piede: false")
		}},
		{name: "the next day: statuses move", incremental: true, at: now.Add(30 * 24 * time.Hour), edit: func() {
			write(opp, read(opp)+"\nAncora un paragrafo.\n")
		}},
		{name: "layout changed", edit: func() {
			f := files["layouts/page.html"]
			files["layouts/page.html"] = &fstest.MapFile{Data: append(bytes.Clone(f.Data), "\n{{/* modificato */}}"...)}
			ss.Changed(filepath.Join("layouts", "page.html"))
		}},
	}
	for _, st := range steps {
		st.edit()
		if !st.at.IsZero() {
			at = st.at
		}
		b, res, err := ss.Build(at)
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if st.errors {
			if !res.Diags.HasErrors() || b != nil {
				t.Fatalf("%s: expected errors, got none", st.name)
			}
			continue
		}
		if res.Diags.HasErrors() {
			t.Fatalf("%s: %v", st.name, res.Diags.All())
		}
		if b.Incremental != st.incremental {
			t.Errorf("%s: incremental = %v, want %v", st.name, b.Incremental, st.incremental)
		}
		sameFiles(t, st.name, b.Files, fullBuild(t, files, at))
		if b.Incremental && !st.wide && b.Rendered > len(b.Files)/2 {
			t.Errorf("%s: rendered %d of %d files: not incremental", st.name, b.Rendered, len(b.Files))
		}
		t.Logf("%s: %d rendered, %d reused, %v", st.name, b.Rendered, b.Reused, b.Duration)
		if testing.Verbose() && b.Rendered < 60 {
			t.Logf("  rendered: %v", b.RenderedNames)
		}
	}
}
