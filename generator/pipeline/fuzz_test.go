package pipeline

import (
	"path"
	"strings"
	"testing"
	"testing/fstest"

	"cantiericomuni.it/banca/generator/internal/htmltest"
	"cantiericomuni.it/banca/generator/project"
	"cantiericomuni.it/banca/generator/render"
)

// FuzzBuild runs the whole pipeline on one arbitrary page next to a valid
// one: whatever the front matter and Markdown say, the build must not
// panic, every file must land inside the output, and no page may carry a
// script or an event handler.
func FuzzBuild(f *testing.F) {
	seeds := []string{
		"---\ntitle: a\ndate: 2026-01-01\n---\nTesto [b](b.md)\n",
		"---\ntitle: a\ndate: 2026-01-01\nslug: \"../../x\"\naliases: [\"/../x/\", \"/a b/\", \"/ok/\"]\n---\n",
		"---\ntitle: a\ndate: 2026-01-01\naliases: [\"/A b#!/\", \"/%2e%2e/x\", \"/Pratiche/B\", \"/cerca\", \"/index.xml\", \"/x\\ny\"]\n---\n",
		"+++\ntitle = \"<script>x</script>\"\ndate = 2026-01-01\nargomenti = [\"giovani\"]\n+++\n<script>alert(1)</script> [x](javascript:alert(1))\n",
		"---\ntitle: a\ndate: 2026-01-01\nsummary: \"\\\"><svg onload=alert(1)>\"\nauthors: [\"<i>x</i>\"]\n---\n![](x.png) <a href=x onclick=y>z</a>\n",
		"---\ntitle: a\ndate: 2026-01-01\ncantieri: [ferrara]\nterritori: [\"../../etc\", \"<b>\"]\n---\n",
	}
	for _, s := range seeds {
		f.Add(s, "a.md")
	}
	f.Add(seeds[0], "../../evil.md")
	f.Add(seeds[0], "x/index.md")
	f.Fuzz(func(t *testing.T, src, name string) {
		if !fsValidName("pratiche/" + name) {
			return
		}
		fsys := fstest.MapFS{
			"pratiche/" + name:    {Data: []byte(src)},
			"pratiche/b.md":       {Data: []byte("---\ntitle: B\ndate: 2026-01-01\n---\nB\n")},
			"cantieri/ferrara.md": {Data: []byte("---\ntitle: Ferrara\ndate: 2026-01-01\n---\nF\n")},
		}
		var out render.MemOutput
		res, err := Run(Config{Root: root, FS: project.Mount(project.Dir(root, ""), project.Content, fsys), Output: &out, BrokenLinksWarn: true, Now: now})
		if err != nil {
			if strings.Contains(err.Error(), "uscirebbe") {
				t.Fatalf("tried to write outside the output: %v", err)
			}
			return
		}
		if res.Diags.HasErrors() {
			return
		}
		files := out.Files()
		// Every rule of _redirects is "from to 301", from an address no
		// other file of the site has.
		for _, line := range strings.Split(strings.TrimSuffix(string(files["_redirects"]), "\n"), "\n") {
			f := strings.Split(line, " ")
			if line == "" {
				continue
			}
			if len(f) != 3 || f[2] != "301" || !strings.HasPrefix(f[0], "/") || strings.ContainsAny(f[0], "#!*:?\t\r") {
				t.Fatalf("unsafe _redirects line %q", line)
			}
			target := strings.TrimPrefix(f[0], "/")
			if _, taken := files[target]; taken {
				t.Fatalf("_redirects takes %s over", f[0])
			}
			if _, taken := files[target+"index.html"]; taken {
				t.Fatalf("_redirects takes %s over", f[0])
			}
		}
		for name, data := range files {
			if name != path.Clean(name) || strings.HasPrefix(name, "../") || strings.HasPrefix(name, "/") {
				t.Fatalf("unsafe output name %q", name)
			}
			if !strings.HasSuffix(name, ".html") {
				continue
			}
			page, blocks := htmltest.SplitScripts(string(data))
			for _, b := range blocks {
				if msg := htmltest.BadJSONLD(b); msg != "" {
					t.Fatalf("%s: %s", name, msg)
				}
			}
			low := strings.ToLower(page)
			for _, bad := range []string{"<script", "<svg", "<i>x", "<iframe", "<object"} {
				if strings.Contains(low, bad) {
					t.Fatalf("%s contains %q", name, bad)
				}
			}
			if m := htmltest.DangerousAttr(page); m != "" {
				t.Fatalf("%s contains %q", name, m)
			}
		}
	})
}

// fsValidName reports whether io/fs accepts name (MapFS would not find it otherwise).
func fsValidName(name string) bool {
	return len(name) < 200 && !strings.ContainsAny(name, "\x00\\") && path.Clean(name) == name && !strings.HasPrefix(name, "../") && strings.HasSuffix(name, ".md")
}
