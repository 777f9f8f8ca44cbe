package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/search"
)

// archives lists the files of the site's archive folder.
func archives(t *testing.T, out string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(out, search.ArchiveDir))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// TestIndexTravelsAsArchive: a build that writes a site puts the index
// and the vocabulary into one archive of the site, named after the hash
// of its bytes, and the bundle keeps the small parts and the manifest
// naming it (with the addresses given); the archive opens as the index.
// A rebuild replaces the archive, leaving one; a build without a site
// folder keeps the index in the bundle.
func TestIndexTravelsAsArchive(t *testing.T) {
	content := writeSite(t, map[string]string{
		"pratiche/orto.md": "---\ntitle: Orto condiviso\ndate: 2026-11-01\n---\nUn orto tra i palazzi.\n",
	})
	dir := t.TempDir()
	out, bundle := filepath.Join(dir, "public"), filepath.Join(dir, "bundle")
	urls := []string{"https://abc--banca.netlify.app", "https://banca.example"}
	cfg := Config{Root: root, Content: content, Out: out, Bundle: bundle, Now: now, IndexURLs: urls}
	res, err := Run(cfg)
	if err != nil || res.Diags.HasErrors() {
		t.Fatalf("%v %v", err, res.Diags.All())
	}
	entries, _ := os.ReadDir(bundle)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if want := []string{"README.md", search.ArchiveFile, "layouts", "meta.json", "schema.yaml"}; !slices.Equal(names, want) {
		t.Errorf("bundle %v, want %v", names, want)
	}
	a, err := search.ReadArchiveManifest(os.DirFS(bundle))
	if err != nil || a == nil {
		t.Fatalf("manifest: %v", err)
	}
	if !slices.Equal(a.URLs, urls) {
		t.Errorf("addresses %v, want %v", a.URLs, urls)
	}
	files := archives(t, out)
	if len(files) != 1 || !regexp.MustCompile(`^indice-[0-9a-f]{16}\.tar\.sz$`).MatchString(files[0]) ||
		"/"+search.ArchiveDir+"/"+files[0] != a.Path {
		t.Fatalf("archives %v, manifest %s", files, a.Path)
	}
	data, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(a.Path)))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	if int64(len(data)) != a.Size || hex.EncodeToString(sum[:]) != a.SHA256 {
		t.Errorf("archive of %d bytes, %x; manifest %d, %s", len(data), sum, a.Size, a.SHA256)
	}
	if st, _ := os.Stat(filepath.Join(out, filepath.FromSlash(a.Path))); st.Mode().Perm() != 0o644 {
		t.Errorf("mode %v", st.Mode())
	}
	sitemap, _ := os.ReadFile(filepath.Join(out, "sitemap.xml"))
	if strings.Contains(string(sitemap), search.ArchiveDir) {
		t.Error("the sitemap lists the archive")
	}
	if hits := searchBundle(t, bundle, out, "orto"); !slices.Equal(hits, []string{"/pratiche/orto/"}) {
		t.Errorf("search of the archived index: %v", hits)
	}

	// A rebuild with another page: a new archive, the old one gone.
	os.WriteFile(filepath.Join(content, "pratiche", "siepe.md"), []byte("---\ntitle: Siepe\ndate: 2026-11-02\n---\nUna siepe.\n"), 0o644)
	if res, err := Run(cfg); err != nil || res.Diags.HasErrors() {
		t.Fatalf("%v %v", err, res.Diags.All())
	}
	if again := archives(t, out); len(again) != 1 || again[0] == files[0] {
		t.Errorf("after a rebuild: %v (before: %v)", again, files)
	}
	if hits := searchBundle(t, bundle, out, "siepe"); !slices.Equal(hits, []string{"/pratiche/siepe/"}) {
		t.Errorf("search after the rebuild: %v", hits)
	}

	// No site folder: the bundle keeps its index.
	cfg.Out, cfg.Check, cfg.Bundle = "", true, filepath.Join(dir, "bundle-check")
	if res, err := Run(cfg); err != nil || res.Diags.HasErrors() {
		t.Fatalf("%v %v", err, res.Diags.All())
	}
	if _, err := os.Stat(filepath.Join(cfg.Bundle, search.ArchiveFile)); !os.IsNotExist(err) {
		t.Errorf("a check wrote a manifest: %v", err)
	}
	if hits := searchBundle(t, cfg.Bundle, "", "orto"); !slices.Equal(hits, []string{"/pratiche/orto/"}) {
		t.Errorf("search of the bundle's own index: %v", hits)
	}
}

// searchBundle opens the bundle's index (with the site in out) and
// returns the addresses a search for q finds.
func searchBundle(t *testing.T, bundle, out, q string) []string {
	t.Helper()
	ix, err := search.OpenBundle(bundle, out)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	res, err := ix.Search(context.Background(), search.Request{Query: q, Page: 1}, now)
	if err != nil {
		t.Fatal(err)
	}
	var urls []string
	for _, h := range res.Hits {
		urls = append(urls, h.URL)
	}
	return urls
}

// TestArchiveAddressReserved: no alias may take the archive's folder.
func TestArchiveAddressReserved(t *testing.T) {
	content := writeSite(t, map[string]string{
		"pratiche/a.md": "---\ntitle: A\ndate: 2026-11-01\naliases: [\"/_ricerca/indice-0123456789abcdef.tar.sz\"]\n---\nTesto.\n",
	})
	res, err := Run(Config{Root: root, Content: content, Check: true, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range res.Diags.All() {
		if d.Code == diag.AliasReserved && strings.Contains(d.Message, "l'indice della ricerca") {
			return
		}
	}
	t.Errorf("the alias was accepted: %v", res.Diags.All())
}

// TestBundleReadmeCommitted: the README committed in the function's
// bundle folder is the one every build writes there.
func TestBundleReadmeCommitted(t *testing.T) {
	committed, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(DefaultBundle), "README.md"))
	if err != nil || string(committed) != bundleReadme {
		t.Errorf("%s/README.md differs from what the build writes (%v):\n%s", DefaultBundle, err, bundleReadme)
	}
}

// commitWatch is an Output whose first file waits, a while at most, for
// the search bundle being built beside bundle to hold its meta.json: the
// mark of an index committed.
type commitWatch struct {
	bundle    string
	once      sync.Once
	committed bool
}

func (c *commitWatch) WriteFile(name string, data []byte) error {
	c.once.Do(func() {
		for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
			if m, _ := filepath.Glob(c.bundle + ".tmp-*/meta.json"); len(m) > 0 {
				c.committed = true
				return
			}
		}
	})
	return nil
}

// TestIndexCommittedBeforeWriting: a full build, whose Markdown stage
// hands the indexer every page, lets the index commit, and let go of its
// postings, while the site renders, rather than after the last file.
func TestIndexCommittedBeforeWriting(t *testing.T) {
	content := writeSite(t, map[string]string{
		"pratiche/orto.md":  "---\ntitle: Orto condiviso\ndate: 2026-11-01\n---\nUn orto tra i palazzi.\n",
		"pratiche/sport.md": "---\ntitle: Sport di strada\ndate: 2026-11-02\n---\nCalcio in piazza.\n",
	})
	bundle := filepath.Join(t.TempDir(), "bundle")
	w := &commitWatch{bundle: bundle}
	res, err := Run(Config{Root: root, Content: content, Output: w, Bundle: bundle, Now: now})
	if err != nil || res.Diags.HasErrors() {
		t.Fatalf("%v %v", err, res.Diags.All())
	}
	if !w.committed {
		t.Error("the first file of the site was written before the index was committed")
	}
	if res.Search == nil || res.Search.Docs != 2 {
		t.Errorf("index: %+v, want 2 pages", res.Search)
	}
}
