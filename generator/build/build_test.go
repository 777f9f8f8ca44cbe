package build

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"cantiericomuni.it/banca/generator/diag"
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

// TestHostileContentStaysInside builds pages whose slugs, aliases, links
// and text try to escape the output folder or inject script.
func TestHostileContentStaysInside(t *testing.T) {
	dir := writeSite(t, map[string]string{
		"pratiche/a.md": "---\ntitle: \"<script>alert(1)</script>\"\ndate: 2026-01-01\nslug: \"../../../tmp/evil\"\n" +
			"aliases: [\"/../../evil/\", \"/ok/\\n/x /y 200\", \"/buono/\"]\nsummary: \"\\\"><img src=x onerror=alert(1)>\"\n" +
			"authors: [\"<b>Mario</b>\"]\n---\n<script>alert(2)</script>\n\n[x](javascript:alert(3)) [y](JaVaScRiPt:alert(4)) <img src=x onerror=alert(5)>\n",
	})
	out := filepath.Join(t.TempDir(), "site", "public")
	res, err := Run(Config{Root: root, Content: dir, Out: out, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	codes := map[diag.Code]bool{}
	for _, d := range res.Diags.All() {
		codes[d.Code] = true
	}
	for _, c := range []diag.Code{diag.SlugInvalid, diag.AliasInvalid} {
		if !codes[c] {
			t.Errorf("want %s, got %v", c, res.Diags.All())
		}
	}
	// Nothing was written anywhere, and nothing outside out either.
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 0 {
		t.Errorf("files written beside the output: %v", entries)
	}
	// Same content without the invalid slug and alias: it builds, escaped.
	dir = writeSite(t, map[string]string{
		"pratiche/a.md": "---\ntitle: \"<script>alert(1)</script>\"\ndate: 2026-01-01\naliases: [\"/buono/\"]\nsummary: \"\\\"><img src=x onerror=alert(1)>\"\n" +
			"authors: [\"<b>Mario</b>\"]\n---\n<script>alert(2)</script>\n\n[x](javascript:alert(3)) [y](JaVaScRiPt:alert(4)) <img src=x onerror=alert(5)>\n",
	})
	res, err = Run(Config{Root: root, Content: dir, Out: out, Now: now})
	if err != nil || res.Diags.HasErrors() {
		t.Fatalf("%v %v", err, res.Diags.All())
	}
	err = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, _ := os.ReadFile(p)
		low := strings.ToLower(string(data))
		for _, bad := range []string{"<script>alert", "javascript:", "<img src=x", "<b>mario"} {
			if strings.Contains(low, bad) {
				t.Errorf("%s contains %q", p, bad)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestSymlinksInContentAreRefused: a link in content/ could publish any
// file of the build machine.
func TestSymlinksInContentAreRefused(t *testing.T) {
	secret := filepath.Join(t.TempDir(), "segreto.txt")
	os.WriteFile(secret, []byte("password"), 0o644)
	dir := writeSite(t, map[string]string{"pratiche/a/index.md": "---\ntitle: A\ndate: 2026-01-01\n---\n[file](segreto.txt)\n"})
	os.Symlink(secret, filepath.Join(dir, "pratiche", "a", "segreto.txt"))
	os.Symlink(secret, filepath.Join(dir, "pratiche", "b.md"))
	res, err := Run(Config{Root: root, Content: dir, Check: true, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, d := range res.Diags.All() {
		if d.Code == diag.FileUnreadable {
			n++
		}
	}
	if n != 2 || !res.Diags.HasErrors() {
		t.Errorf("want both links refused, got %v", res.Diags.All())
	}
}

// TestStaticCannotReplaceGeneratedFiles: a file in static/ with the name of
// a generated one stops the build, and the previous site stays.
func TestStaticCannotReplaceGeneratedFiles(t *testing.T) {
	proj := t.TempDir()
	for _, name := range []string{"schema.yaml", "layouts", "static"} {
		if out, err := exec.Command("cp", "-r", filepath.Join(root, name), proj).CombinedOutput(); err != nil {
			t.Fatalf("%v %s", err, out)
		}
	}
	os.WriteFile(filepath.Join(proj, "static", "robots.txt"), []byte("Disallow: /"), 0o644)
	dir := writeSite(t, map[string]string{"pratiche/a.md": "---\ntitle: A\ndate: 2026-01-01\n---\nA\n"})
	out := filepath.Join(t.TempDir(), "public")
	_, err := Run(Config{Root: proj, Content: dir, Out: out, Now: now})
	if err == nil || !strings.Contains(err.Error(), "robots.txt") {
		t.Fatalf("want a conflict on robots.txt, got %v", err)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("output written despite the conflict")
	}
}

// TestGeneratedCorpus builds a corpus written by ../shared/bench/gen-corpus:
// one page per published document, plus lists and feeds.
func TestGeneratedCorpus(t *testing.T) {
	script := filepath.Join(root, "..", "shared", "bench", "gen-corpus")
	if _, err := os.Stat(script); err != nil {
		skipOutsideCI(t, "gen-corpus not found beside the repo")
	}
	dir := t.TempDir()
	cmd := exec.Command("python3", script, "--pages", "300", "--out", dir, "-q")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("gen-corpus: %v\n%s", err, out)
	}
	out := filepath.Join(t.TempDir(), "public")
	res, err := Run(Config{Root: root, Content: filepath.Join(dir, "content"), Out: out, BrokenLinksWarn: true, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range res.Diags.All() {
		// The corpus refers to /img/foto-N.jpg images it does not ship.
		if d.Code != diag.FileLinkBroken || !strings.Contains(d.Source, "/img/foto-") {
			t.Errorf("unexpected: %s", d.Error())
		}
	}
	drafts := 0
	_ = filepath.WalkDir(filepath.Join(dir, "content"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if b, _ := os.ReadFile(p); bytes.Contains(b, []byte("draft: true")) || bytes.Contains(b, []byte("draft = true")) {
				drafts++
			}
		}
		return nil
	})
	if got := len(res.Site.Pages); got != 300-drafts {
		t.Errorf("%d pages, want %d", got, 300-drafts)
	}
	for _, p := range res.Site.Pages {
		if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(p.URL), "index.html")); err != nil {
			t.Errorf("missing page %s", p.URL)
		}
	}
	for _, f := range []string{"index.xml", "sitemap.xml", "pratiche/index.xml", "pratiche/page/2/index.html", "argomenti/index.html"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("missing %s", f)
		}
	}
	checkInternalLinks(t, out)
}

// TestDevelopersItaliaPosts builds the 88 real posts, converted to bank
// pages by ../shared/bench/to-bank.
func TestDevelopersItaliaPosts(t *testing.T) {
	shared := filepath.Join(root, "..", "shared")
	script := filepath.Join(shared, "bench", "to-bank")
	if _, err := os.Stat(script); err != nil {
		skipOutsideCI(t, "to-bank not found beside the repo")
	}
	dir := t.TempDir()
	cmd := exec.Command("python3", script, "--ascii-slugs", "--no-argomenti", filepath.Join(shared, "corpora", "developers-italia", "posts"), dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("to-bank: %v\n%s", err, out)
	}
	out := filepath.Join(t.TempDir(), "public")
	res, err := Run(Config{Root: root, Content: filepath.Join(dir, "content"), Out: out, BrokenLinksWarn: true, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if res.Diags.HasErrors() {
		t.Fatalf("errors: %v", res.Diags.All())
	}
	if got := len(res.Site.Pages); got != 88 {
		t.Errorf("%d pages, want 88", got)
	}
	// Without --no-argomenti the free-form tags are not in the pick-list:
	// each is reported with its position, and nothing is written.
	dir2 := t.TempDir()
	cmd = exec.Command("python3", script, "--ascii-slugs", filepath.Join(shared, "corpora", "developers-italia", "posts"), dir2)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("to-bank: %v\n%s", err, out)
	}
	res, err = Run(Config{Root: root, Content: filepath.Join(dir2, "content"), Check: true, BrokenLinksWarn: true, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, d := range res.Diags.All() {
		if d.Code == diag.FieldValue {
			n++
			if d.Pos.Line == 0 || d.Source == "" {
				t.Errorf("no position: %v", d)
			}
		}
	}
	if n == 0 {
		t.Error("free-form argomenti were accepted")
	}
}

func skipOutsideCI(t *testing.T, why string) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatal(why)
	}
	t.Skip(why)
}

// TestSampleContentExercisesEveryField checks that the example content in
// content/ shows every field of the schema, every pick-list value of the
// section fields, every opportunity status, and both front matter syntaxes.
func TestSampleContentExercisesEveryField(t *testing.T) {
	res, err := Run(Config{Root: root, Check: true, Drafts: true, Now: now})
	if err != nil || res.Diags.HasErrors() {
		t.Fatal(err, res.Diags.All())
	}
	sch := res.Site.Schema
	used := map[string]bool{}
	formats := map[string]bool{}
	statuses := map[string]bool{}
	bundles, drafts := 0, 0
	for _, p := range res.Site.Pages {
		formats[p.Front.Format] = true
		for _, e := range p.Front.Entries {
			used[p.Page.Section+"."+e.Key] = true
			used[e.Key] = true
		}
		for _, f := range p.Fields {
			if s, ok := f.Value.(string); ok {
				used[p.Page.Section+"."+f.Key+"="+s] = true
			}
		}
		if p.Status != nil {
			statuses[p.Status.Key] = true
		}
		if p.Bundle && len(p.Attachments) > 0 {
			bundles++
		}
		if p.Draft {
			drafts++
		}
	}
	for _, f := range sch.Common {
		if f.Key != "slug" && f.Key != "weight" && !used[f.Key] { // slug and weight are escape hatches, rarely needed
			t.Errorf("no sample page sets %q", f.Key)
		}
	}
	for _, tax := range sch.Taxonomies {
		if !used[tax.Key] {
			t.Errorf("no sample page sets %q", tax.Key)
		}
	}
	for _, sec := range sch.Sections {
		for _, f := range sec.Fields {
			if !used[sec.Key+"."+f.Key] {
				t.Errorf("no sample page in %s sets %q", sec.Key, f.Key)
			}
			for _, v := range f.Values {
				if !used[sec.Key+"."+f.Key+"="+v] {
					t.Errorf("no sample page in %s has %s: %s", sec.Key, f.Key, v)
				}
			}
		}
	}
	for _, s := range []string{"aperta", "in-scadenza", "scaduta", "a-sportello"} {
		if !statuses[s] {
			t.Errorf("no sample opportunity is %s on %s", s, now.Format("2006-01-02"))
		}
	}
	if !formats["yaml"] || !formats["toml"] || bundles < 2 || drafts < 1 {
		t.Errorf("formats %v, bundles with attachments %d, drafts %d", formats, bundles, drafts)
	}
	if n := len(res.Site.Section("cantieri").Pages); n != 5 {
		t.Errorf("%d cantieri, want the five of the project", n)
	}
}

// TestBrokenLayoutIsReportedWithContentErrors breaks a layout and a page:
// both problems come out together, and nothing is written.
func TestBrokenLayoutIsReportedWithContentErrors(t *testing.T) {
	proj := t.TempDir()
	for _, name := range []string{"schema.yaml", "layouts", "static"} {
		if out, err := exec.Command("cp", "-r", filepath.Join(root, name), proj).CombinedOutput(); err != nil {
			t.Fatalf("%v %s", err, out)
		}
	}
	os.WriteFile(filepath.Join(proj, "layouts", "page.html"), []byte("{{define \"main\"}}\n<h1>{{.Title</h1>\n{{end}}\n"), 0o644)
	dir := writeSite(t, map[string]string{"pratiche/a.md": "---\ntitle: A\ndate: 2026-02-30\n---\nA\n"})
	out := filepath.Join(t.TempDir(), "public")
	res, err := Run(Config{Root: proj, Content: dir, Out: out, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	codes := map[diag.Code]string{}
	for _, d := range res.Diags.All() {
		codes[d.Code] = d.Location()
	}
	if codes[diag.LayoutInvalid] == "" || codes[diag.FieldDate] == "" {
		t.Errorf("want a layout error and a date error, got %v", res.Diags.All())
	}
	if !strings.HasSuffix(codes[diag.LayoutInvalid], "page.html:2") {
		t.Errorf("layout error at %s", codes[diag.LayoutInvalid])
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("output written")
	}
}
