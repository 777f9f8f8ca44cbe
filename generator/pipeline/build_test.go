package pipeline

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/internal/sitefiles"
	"cantiericomuni.it/banca/generator/internal/testproject"
	"cantiericomuni.it/banca/generator/render"
)

// root is the project folder, two levels up from this package.
var root = filepath.Join("..", "..")

// now is the fixed build instant of the tests (the corpus's reference day).
var now = time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)

// writeSite writes files (path → text) under a fresh content folder.
func writeSite(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// sharedScript runs a script of ../shared/bench.
func sharedScript(tb testing.TB, name string, args ...string) { testproject.Script(tb, name, args...) }

func TestSampleSiteBuildsCleanly(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	res, err := Run(Config{Root: root, Out: out, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if n := res.Diags.Len(); n != 0 {
		var b bytes.Buffer
		diag.Print(&b, res.Diags.All())
		t.Fatalf("the sample content must build with zero warnings, got %d:\n%s", n, b.String())
	}
	if len(res.Site.Pages) < 40 {
		t.Errorf("only %d pages", len(res.Site.Pages))
	}
	for _, f := range []string{
		"index.html", "404.html", "robots.txt", "sitemap.xml", "index.xml", "_redirects",
		"opportunita/index.html", "opportunita/index.xml", "opportunita/scadenze.ics",
		"argomenti/index.html", "argomenti/poverta-educativa/index.html", "argomenti/poverta-educativa/index.xml",
		"cantieri/index.html", "cantieri/ferrara/index.html", "cantieri/ferrara/index.xml",
		"pratiche/doposcuola-diffuso-navile/index.html", "pratiche/doposcuola-diffuso-navile/foto-incontro.svg",
	} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("missing %s", f)
		}
	}
	for _, s := range res.Site.Sections {
		if len(s.Pages) == 0 {
			t.Errorf("section %s is empty", s.Key)
		}
	}
	checkInternalLinks(t, out)
	// Drafts are not published.
	if _, err := os.Stat(filepath.Join(out, "opportunita", "bozza-avviso-doposcuola-diffuso-2027")); err == nil {
		t.Error("a draft was published")
	}
}

var hrefRe = regexp.MustCompile(`(?:href|src)="(/[^"#?]*)`)

// checkInternalLinks asserts that every site-absolute href and src in the
// output names a file that was written.
func checkInternalLinks(t *testing.T, out string) {
	t.Helper()
	broken := map[string]string{}
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, m := range hrefRe.FindAllSubmatch(data, -1) {
			u := string(m[1])
			if strings.HasPrefix(u, "//") || u == "/cerca/" || strings.HasPrefix(u, "/img/foto-") {
				continue // protocol-relative; the search page comes with later work; gen-corpus ships no photos
			}
			target := filepath.Join(out, filepath.FromSlash(u))
			if strings.HasSuffix(u, "/") {
				target = filepath.Join(target, "index.html")
			}
			if _, err := os.Stat(target); err != nil {
				rel, _ := filepath.Rel(out, p)
				broken[u] = rel
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for u, from := range broken {
		t.Errorf("broken link %s in %s", u, from)
	}
}

func TestFailedBuildLeavesOutputUntouched(t *testing.T) {
	good := writeSite(t, map[string]string{
		"pratiche/orti.md": "---\ntitle: Orti\ndate: 2026-01-01\n---\nTesto.\n",
	})
	out := filepath.Join(t.TempDir(), "public")
	if res, err := Run(Config{Root: root, Content: good, Out: out, Now: now}); err != nil || res.Diags.HasErrors() {
		t.Fatalf("good build failed: %v %v", err, res.Diags.All())
	}
	before := treeHash(t, out)
	bad := writeSite(t, map[string]string{
		"pratiche/orti.md":  "---\ntitle: Orti\ndate: 2026-01-01\n---\nVedi [la scheda](../pratiche/inesistente.md).\n",
		"pratiche/altro.md": "---\ntitle: Altro\ndate: 2026-13-01\n---\nTesto.\n",
	})
	res, err := Run(Config{Root: root, Content: bad, Out: out, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	errs, _ := res.Diags.Count()
	if errs != 2 {
		t.Fatalf("want both errors reported at once, got %v", res.Diags.All())
	}
	if after := treeHash(t, out); after != before {
		t.Error("a failed build changed the previous output")
	}
	leftovers, _ := filepath.Glob(out + ".tmp-*")
	if len(leftovers) > 0 {
		t.Errorf("staging folders left behind: %v", leftovers)
	}
	// A later good build replaces the output as a whole.
	if _, err := Run(Config{Root: root, Content: good, Out: out, Now: now}); err != nil {
		t.Fatal(err)
	}
	if treeHash(t, out) != before {
		t.Error("rebuilding the same content gave a different site")
	}
}

// TestRecycledOutputEqualsFreshBuild builds three different sites in turn
// over the same output (so the staging folder is a recycled older site) and
// checks that each result equals a build into an empty folder.
func TestRecycledOutputEqualsFreshBuild(t *testing.T) {
	sites := []map[string]string{
		{
			"pratiche/a.md":       "---\ntitle: A\ndate: 2026-01-01\nargomenti: [giovani]\n---\nA\n",
			"pratiche/b/index.md": "---\ntitle: B\ndate: 2026-01-02\n---\n![foto](f.jpg)\n",
			"pratiche/b/f.jpg":    "jpg",
			"opportunita/c.md":    "---\ntitle: C\ndate: 2026-01-03\nente: E\ndeadline: 2026-12-01\n---\nC\n",
		},
		{
			"pratiche/a.md": "---\ntitle: A2\ndate: 2026-01-01\n---\nA, cambiata\n",
			"risorse/d.md":  "---\ntitle: D\ndate: 2026-01-04\n---\nD\n",
		},
		{
			"pratiche/b.md": "---\ntitle: B come file\ndate: 2026-01-02\nargomenti: [scuola]\n---\nB\n",
		},
	}
	out := filepath.Join(t.TempDir(), "public")
	for i, files := range sites {
		dir := writeSite(t, files)
		if i == 2 {
			// A link planted in the recycled folder must be removed, not followed.
			victim := filepath.Join(t.TempDir(), "victim.txt")
			os.WriteFile(victim, []byte("intatto"), 0o644)
			os.Symlink(victim, filepath.Join(out+".prev", "index.html"))
			defer func() {
				if b, _ := os.ReadFile(victim); string(b) != "intatto" {
					t.Error("the build wrote through a symbolic link")
				}
			}()
		}
		if res, err := Run(Config{Root: root, Content: dir, Out: out, Now: now}); err != nil || res.Diags.HasErrors() {
			t.Fatalf("site %d: %v %v", i, err, res.Diags.All())
		}
		fresh := filepath.Join(t.TempDir(), "fresh")
		if _, err := Run(Config{Root: root, Content: dir, Out: fresh, Now: now}); err != nil {
			t.Fatal(err)
		}
		if treeHash(t, out) != treeHash(t, fresh) {
			t.Errorf("site %d: the recycled build differs from a fresh one", i)
		}
	}
	if _, err := os.Stat(out + ".prev"); err != nil {
		t.Error("the previous site is not kept for recycling")
	}
}

// TestUnchangedFilesAreLeftAlone rebuilds the same content: from the third
// build on, the recycled folder already holds the same bytes, and the build
// leaves those files alone.
func TestUnchangedFilesAreLeftAlone(t *testing.T) {
	dir := writeSite(t, map[string]string{"pratiche/a.md": "---\ntitle: A\ndate: 2026-01-01\n---\nA\n"})
	out := filepath.Join(t.TempDir(), "public")
	var last *Result
	for i := 0; i < 3; i++ {
		res, err := Run(Config{Root: root, Content: dir, Out: out, Now: now})
		if err != nil || res.Diags.HasErrors() {
			t.Fatal(err, res.Diags.All())
		}
		last = res
	}
	// No page here depends on the build instant: every file is unchanged.
	if last.Unchanged != last.Files {
		t.Errorf("unchanged %d of %d files", last.Unchanged, last.Files)
	}
	// Changing the page rewrites it.
	os.WriteFile(filepath.Join(dir, "pratiche", "a.md"), []byte("---\ntitle: A\ndate: 2026-01-01\n---\nA cambiata\n"), 0o644)
	for i := 0; i < 2; i++ {
		if _, err := Run(Config{Root: root, Content: dir, Out: out, Now: now}); err != nil {
			t.Fatal(err)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(out, "pratiche", "a", "index.html")); !bytes.Contains(b, []byte("A cambiata")) {
		t.Error("the changed page was not rewritten")
	}
}

func treeHash(t *testing.T, dir string) string {
	t.Helper()
	h := sha256.New()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if d.IsDir() {
			fmt.Fprintf(h, "%s/\n", rel) // empty folders count too
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s %x\n", rel, sha256.Sum256(data))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

func TestBrokenLinksAreReportedWithPosition(t *testing.T) {
	dir := writeSite(t, map[string]string{
		"pratiche/a.md": "---\ntitle: A\ndate: 2026-01-01\n---\n\nPrimo paragrafo.\n\nVedi [B](../pratiche/b.md), [C](/pratiche/c/) e ![foto](foto.jpg).\n\n![](/img/x.png)\n",
		"pratiche/b.md": "---\ntitle: B\ndate: 2026-01-01\ndraft: true\n---\nBozza.\n",
	})
	res, err := Run(Config{Root: root, Content: dir, Check: true, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range res.Diags.All() {
		got = append(got, fmt.Sprintf("%s %d:%d %s", d.Code, d.Pos.Line, d.Pos.Col, d.Severity))
	}
	want := []string{
		"B201 8:6 errore",  // link to a draft
		"B201 8:29 errore", // link to a missing page
		"B202 8:49 errore", // missing image
		"B202 10:1 errore", // missing image
		"B203 10:1 errore", // image without alt
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// --broken-links=warn keeps reporting them, as warnings, and builds.
	res, err = Run(Config{Root: root, Content: dir, Out: filepath.Join(t.TempDir(), "p"), BrokenLinksWarn: true, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	errs, warns := res.Diags.Count()
	if errs != 1 || warns != 4 { // the missing alt text stays an error
		t.Errorf("errors %d warnings %d", errs, warns)
	}
}

func TestLinkForms(t *testing.T) {
	dir := writeSite(t, map[string]string{
		"pratiche/a.md":                "---\ntitle: A\ndate: 2026-01-01\nargomenti: [giovani]\n---\n[1](../pratiche/b.md) [2](b.md#sezione) [3](/pratiche/b) [4](/pratiche/b/) [5](orti/) [6](/argomenti/giovani/) [7](/opportunita/) [8](orti/foto.jpg) [9](/pratiche/b.md) [10](mailto:a@b.it) [11](#x) [12](https://example.org/a?b=1)\n",
		"pratiche/b.md":                "---\ntitle: B\ndate: 2026-01-01\n---\nB\n",
		"pratiche/orti/index.md":       "---\ntitle: Orti\ndate: 2026-01-01\nslug: orti-urbani\n---\n![Una foto](foto.jpg) [scheda](doc/scheda.pdf)\n",
		"pratiche/orti/foto.jpg":       "jpg",
		"pratiche/orti/doc/scheda.pdf": "pdf",
	})
	out := filepath.Join(t.TempDir(), "p")
	res, err := Run(Config{Root: root, Content: dir, Out: out, Now: now})
	if err != nil || res.Diags.Len() != 0 {
		t.Fatalf("%v %v", err, res.Diags.All())
	}
	a, _ := os.ReadFile(filepath.Join(out, "pratiche", "a", "index.html"))
	for _, want := range []string{
		`href="/pratiche/b/">1`, `href="/pratiche/b/#sezione">2`, `href="/pratiche/b/">3`, `href="/pratiche/b/">4`,
		`href="/pratiche/orti-urbani/">5`, `href="/argomenti/giovani/">6`, `href="/opportunita/">7`,
		`href="/pratiche/orti-urbani/foto.jpg">8`, `href="/pratiche/b/">9`, `href="mailto:a@b.it">10`, `href="#x">11`,
		`href="https://example.org/a?b=1"`,
	} {
		if !bytes.Contains(a, []byte(want)) {
			t.Errorf("missing %s", want)
		}
	}
	orti, _ := os.ReadFile(filepath.Join(out, "pratiche", "orti-urbani", "index.html"))
	for _, want := range []string{`src="/pratiche/orti-urbani/foto.jpg"`, `href="/pratiche/orti-urbani/doc/scheda.pdf"`} {
		if !bytes.Contains(orti, []byte(want)) {
			t.Errorf("missing %s", want)
		}
	}
	for _, f := range []string{"pratiche/orti-urbani/foto.jpg", "pratiche/orti-urbani/doc/scheda.pdf"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("attachment not copied: %s", f)
		}
	}
}

// TestImageSizes: local images get their width and height, read from the
// file, so that the page does not shift while they load.
func TestImageSizes(t *testing.T) {
	var png bytes.Buffer
	if err := pngEncode(&png, 120, 80); err != nil {
		t.Fatal(err)
	}
	files := sitefiles.Files(t, `
-- content/pratiche/orto/index.md --
---
title: Orto
date: 2026-01-01
---
![Una foto](foto.png) ![Remota](https://example.org/x.png) ![Logo](/logo.svg)
-- static/logo.svg --
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 20"></svg>
`)
	files["content/pratiche/orto/foto.png"] = &fstest.MapFile{Data: png.Bytes()}
	out := &render.MemOutput{}
	res, err := Run(Config{Root: ".", FS: files, Output: out, Now: now})
	if err != nil || res.Diags.HasErrors() {
		t.Fatalf("%v %v", err, res.Diags.All())
	}
	page := out.Files()["pratiche/orto/index.html"]
	for _, want := range []string{
		`src="/pratiche/orto/foto.png" alt="Una foto" width="120" height="80"`,
		`src="/logo.svg" alt="Logo" width="40" height="20"`,
		`src="https://example.org/x.png" alt="Remota" loading="lazy"`,
	} {
		if !strings.Contains(string(page), want) {
			t.Errorf("missing %s in\n%s", want, page)
		}
	}
}
