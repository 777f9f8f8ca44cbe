package pipeline

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"cantiericomuni.it/banca/generator/render"
	"cantiericomuni.it/banca/generator/search"
)

// TestFingerprints builds the sample site as the build command does: every
// file of static/css and static/js is published once, under a name with
// the hash of its bytes; every page links those names; the search bundle
// carries them, and the results page rendered from it links them too.
func TestFingerprints(t *testing.T) {
	tmp := t.TempDir()
	out, bundleDir := filepath.Join(tmp, "public"), filepath.Join(tmp, "bundle")
	res, err := Run(Config{Root: root, Out: out, Bundle: bundleDir, Now: now, Fingerprint: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Diags.HasErrors() {
		t.Fatalf("%v", res.Diags.All())
	}
	hashed := regexp.MustCompile(`^(.+)\.([0-9a-f]{8})(\.(?:css|js))$`)
	published := map[string]string{} // source path → published path
	for _, dir := range []string{"css", "js"} {
		entries, err := os.ReadDir(filepath.Join(out, dir))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			m := hashed.FindStringSubmatch(e.Name())
			if m == nil {
				t.Errorf("%s/%s is published without a fingerprint", dir, e.Name())
				continue
			}
			src := dir + "/" + m[1] + m[3]
			want, err := os.ReadFile(filepath.Join(root, "static", src))
			if err != nil {
				t.Errorf("%s/%s: no static/%s: %v", dir, e.Name(), src, err)
				continue
			}
			got, _ := os.ReadFile(filepath.Join(out, dir, e.Name()))
			if !bytes.Equal(got, want) {
				t.Errorf("%s/%s differs from static/%s", dir, e.Name(), src)
			}
			if name := fingerprintedName(src, want); name != dir+"/"+e.Name() {
				t.Errorf("%s/%s: the hash of its bytes gives %s", dir, e.Name(), name)
			}
			published["/"+src] = "/" + dir + "/" + e.Name()
		}
	}
	css, js := published["/css/main.css"], published["/js/cerca.js"]
	if css == "" || js == "" {
		t.Fatalf("main.css or cerca.js not published: %v", published)
	}
	// Every page links the stylesheet by its new name, the search page the script.
	pages := 0
	err = filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		if rel, _ := filepath.Rel(out, p); strings.HasPrefix(rel, "admin"+string(filepath.Separator)) {
			return nil // Decap CMS's page, copied from static/admin
		}
		pages++
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		page := string(data)
		if !strings.Contains(page, `<link rel="stylesheet" href="`+css+`">`) {
			t.Errorf("%s does not link %s", p, css)
		}
		if strings.Contains(page, `"/css/main.css"`) || strings.Contains(page, `"/js/cerca.js"`) {
			t.Errorf("%s links a plain name", p)
		}
		return nil
	})
	if err != nil || pages < 40 {
		t.Fatalf("%d pages: %v", pages, err)
	}
	cerca, _ := os.ReadFile(filepath.Join(out, "cerca", "index.html"))
	if !strings.Contains(string(cerca), `<script src="`+js+`" defer></script>`) {
		t.Errorf("the search page does not load %s", js)
	}
	// The bundle maps the same names, and the function's results page uses them.
	data, err := os.ReadFile(filepath.Join(bundleDir, search.AssetsFile))
	if err != nil {
		t.Fatal(err)
	}
	var assets map[string]string
	if err := json.Unmarshal(data, &assets); err != nil || len(assets) != len(published) {
		t.Fatalf("%s: %v %v", search.AssetsFile, assets, err)
	}
	for k, v := range published {
		if assets[k] != v {
			t.Errorf("%s maps %s to %q, the build published %s", search.AssetsFile, k, assets[k], v)
		}
	}
	parts, err := search.LoadPageParts(os.DirFS(bundleDir))
	if err != nil {
		t.Fatal(err)
	}
	rp, err := render.NewSearchPage(parts.Layouts, parts.Assets, parts.Site)
	if err != nil {
		t.Fatal(err)
	}
	page := search.NewHTMLPage(rp)
	var b bytes.Buffer
	if err := page.RenderError(&b, search.Request{Query: "orti"}, "prova"); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`href="` + css + `"`, `src="` + js + `"`} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("the results page from the bundle lacks %s", want)
		}
	}
}

// TestNoFingerprints: without the option (the preview), files keep their
// names and the bundle has no asset map.
func TestNoFingerprints(t *testing.T) {
	tmp := t.TempDir()
	out, bundleDir := filepath.Join(tmp, "public"), filepath.Join(tmp, "bundle")
	res, err := Run(Config{Root: root, Out: out, Bundle: bundleDir, Now: now})
	if err != nil || res.Diags.HasErrors() {
		t.Fatalf("%v %v", err, res.Diags.All())
	}
	for _, f := range []string{"css/main.css", "js/cerca.js"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Error(err)
		}
	}
	home, _ := os.ReadFile(filepath.Join(out, "index.html"))
	if !strings.Contains(string(home), `href="/css/main.css"`) {
		t.Error("the home does not link /css/main.css")
	}
	if _, err := os.Stat(filepath.Join(bundleDir, search.AssetsFile)); !os.IsNotExist(err) {
		t.Errorf("%s written without fingerprints: %v", search.AssetsFile, err)
	}
}

func TestFingerprintedName(t *testing.T) {
	// SHA-256 of the empty string starts e3b0c442.
	for in, want := range map[string]string{
		"css/main.css":      "css/main.e3b0c442.css",
		"js/cerca.js":       "js/cerca.e3b0c442.js",
		"js/lib.min.js":     "js/lib.min.e3b0c442.js",
		"css/sub/print.css": "css/sub/print.e3b0c442.css",
	} {
		if got := fingerprintedName(in, nil); got != want {
			t.Errorf("%s: %s, want %s", in, got, want)
		}
	}
	for f, want := range map[string]bool{"css/main.css": true, "js/cerca.js": true,
		"admin/index.html": false, "favicon.svg": false, "cssx/a.css": false} {
		if isFingerprinted(f) != want {
			t.Errorf("isFingerprinted(%s) = %v", f, !want)
		}
	}
}
