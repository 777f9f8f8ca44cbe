package pipeline

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/internal/sitefiles"
	"cantiericomuni.it/banca/generator/render"
)

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
// a generated one is an error on that file (B305), and the previous site
// stays.
func TestStaticCannotReplaceGeneratedFiles(t *testing.T) {
	files := sitefiles.Files(t, `
-- static/robots.txt --
Disallow: /
-- content/pratiche/a.md --
---
title: A
date: 2026-01-01
---
A
`)
	out := &render.MemOutput{}
	res, err := Run(Config{Root: ".", FS: files, Output: out, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	ds := res.Diags.All()
	if len(ds) != 1 || ds[0].Code != diag.FileOverGenerated || ds[0].File != "static/robots.txt" || !strings.Contains(ds[0].Message, "robots.txt") {
		t.Fatalf("want B305 on static/robots.txt, got %v", ds)
	}
	if n := len(out.Files()); n != 0 {
		t.Errorf("%d files written despite the conflict", n)
	}
}

// TestBrokenLayoutIsReportedWithContentErrors breaks a layout and a page:
// both problems come out together, and nothing is written.
func TestBrokenLayoutIsReportedWithContentErrors(t *testing.T) {
	files := sitefiles.Files(t, `
-- layouts/page.html --
{{define "main"}}
<h1>{{.Title</h1>
{{end}}
-- content/pratiche/a.md --
---
title: A
date: 2026-02-30
---
A
`)
	out := &render.MemOutput{}
	res, err := Run(Config{Root: ".", FS: files, Output: out, Now: now})
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
	if codes[diag.LayoutInvalid] != "layouts/page.html:2" || codes[diag.FieldDate] != "content/pratiche/a.md:3:7" {
		t.Errorf("layout error at %s, date error at %s", codes[diag.LayoutInvalid], codes[diag.FieldDate])
	}
	if n := len(out.Files()); n != 0 {
		t.Errorf("%d files written", n)
	}
}
