package content

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"cantiericomuni.it/banca/generator/diag"
)

// offloadSite has what the checks across pages report, with positions
// in YAML and TOML front matter: a duplicate address, an unknown
// cantiere in a list, a reserved slug, a bundle page and a long body.
var offloadSite = fstest.MapFS{
	"pratiche/orti.md":       {Data: []byte("---\ntitle: a\ndate: 2026-01-01\naliases: [/pratiche/altro/]\n---\nTesto *uno*.\n")},
	"pratiche/Orti/index.md": {Data: []byte("\xef\xbb\xbf---\ntitle: b\ndate: 2026-01-01\n---\n## Titolo\n\nTesto due.\n")},
	"pratiche/altro.md":      {Data: []byte("+++\ntitle = \"c\"\ndate = 2026-01-01\nslug = \"orti\"\ncantieri = [\"imola\", \"marte\"]\n+++\nTesto tre.\n")},
	"pratiche/recenti.md":    {Data: []byte("---\ntitle: d\ndate: 2026-01-01\ncantieri:\n  - bologna-navile\n  - saturno\n---\n" + strings.Repeat("Parola ", 500) + "\n")},
	"pratiche/page.md":       {Data: []byte("---\ntitle: e\ndate: 2026-01-01\n---\n")},
}

// TestOffloadedPagesReadTheirFileAgain: a page loaded with Offload keeps
// no bytes nor front matter, reports every problem across pages at the
// same place with the same line, and gives back the same bytes to
// convert.
func TestOffloadedPagesReadTheirFileAgain(t *testing.T) {
	sch := testSchema(t)
	load := func(offload bool) (*Set, []diag.Diagnostic) {
		var l diag.List
		set := Load(offloadSite, sch, Options{Offload: offload}, &l)
		CheckSet(set.Published(false), sch, &l)
		return set, l.All()
	}
	kept, keptDiags := load(false)
	off, offDiags := load(true)
	if len(keptDiags) < 3 {
		t.Fatalf("the site should have problems across pages, got %v", keptDiags)
	}
	if !reflect.DeepEqual(keptDiags, offDiags) {
		t.Errorf("diagnostics differ:\nkept    %v\noffload %v", keptDiags, offDiags)
	}
	for i, p := range off.Pages {
		k := kept.Pages[i]
		if p.Source != nil && p.Front == nil {
			t.Errorf("%s: bytes read back without a need", p.File)
		}
		if err := p.Restore(); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(p.Source, k.Source) || !bytes.Equal(p.Body, k.Body) {
			t.Errorf("%s: restored bytes differ", p.File)
		}
		if p.Pos(3) != k.Pos(3) || p.Line(2) != k.Line(2) {
			t.Errorf("%s: positions differ after restore", p.File)
		}
		p.Release()
		if got, want := p.Line(1), k.Line(1); got != want {
			t.Errorf("%s: line 1 after release %q, want %q", p.File, got, want)
		}
	}
}

// TestOffloadedPageChangedDuringTheBuild: a file saved between loading and
// converting is not mixed with what was loaded: Restore says so.
func TestOffloadedPageChangedDuringTheBuild(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "pratiche", "orti.md")
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte("---\ntitle: Orti\ndate: 2026-01-01\n---\nTesto.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var l diag.List
	set := Load(os.DirFS(dir), testSchema(t), Options{Offload: true}, &l)
	if len(set.Pages) != 1 || set.Pages[0].Source != nil {
		t.Fatalf("want one offloaded page, got %+v", set.Pages)
	}
	if err := os.WriteFile(file, []byte("---\ntitle: Orti\ndate: 2026-01-01\n---\nTesto cambiato.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := set.Pages[0].Restore()
	if err == nil || !strings.Contains(err.Error(), "content/pratiche/orti.md: il file è cambiato durante la generazione") {
		t.Fatalf("want the file named as changed, got %v", err)
	}
	if err := os.Remove(file); err != nil {
		t.Fatal(err)
	}
	if err := set.Pages[0].Restore(); err == nil || !strings.Contains(err.Error(), "impossibile rileggere") {
		t.Fatalf("want a read error, got %v", err)
	}
}
