package content

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/slug"
)

// FuzzLoad feeds arbitrary bytes to the loader as a page file: it must never
// panic, every page it returns must have a safe URL, every diagnostic
// must point inside the file, and syntax errors are told in Italian.
func FuzzLoad(f *testing.F) {
	for _, tc := range badCases {
		if len(tc.src) < 4096 {
			f.Add([]byte(tc.src))
		}
	}
	f.Add([]byte(okOpportunity))
	for _, tc := range syntaxCases {
		f.Add([]byte(tc.src))
	}
	f.Add([]byte("---\na: &x [*x, *x]\nb: *x\n---\n"))
	f.Add([]byte("+++\n[a.b]\nc = 1\n+++\n"))
	f.Add([]byte("---\nslug: \"../../x\"\naliases: [\"/a/../../b\", \"/ok\"]\ntitle: t\ndate: 2026-01-01\n---\n"))
	// Seeds from the real posts, when the shared corpus is beside the repo.
	posts, _ := filepath.Glob(filepath.Join("..", "..", "..", "shared", "corpora", "developers-italia", "posts", "*.md"))
	for i, p := range posts {
		if i%8 != 0 {
			continue
		}
		if b, err := os.ReadFile(p); err == nil && len(b) < 16<<10 {
			f.Add(b)
		}
	}
	sch := testSchema(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		var l diag.List
		set := Load(fstest.MapFS{"pratiche/pagina.md": {Data: src}}, sch, Options{}, &l)
		CheckSet(set.Pages, sch, &l)
		lines := strings.Count(string(src), "\n") + 1
		for _, d := range l.All() {
			if d.Pos.Line > lines || d.Pos.Line < 0 {
				t.Fatalf("diagnostic outside the file: %v (%d lines)", d, lines)
			}
			if d.Message == "" {
				t.Fatalf("diagnostic without message: %+v", d)
			}
			if d.Code == diag.FrontMatterSyntax {
				// The parsers' English never reaches a net weaver.
				for _, m := range []string{d.Message, d.Fix} {
					if w := english.FindString(quotedText.ReplaceAllString(m, "")); w != "" {
						t.Fatalf("English %q in %q", w, m)
					}
				}
			}
		}
		for _, p := range set.Pages {
			if !slug.Valid(p.Slug) || p.URL != "/pratiche/"+p.Slug+"/" {
				t.Fatalf("unsafe URL %q", p.URL)
			}
			for _, a := range p.Aliases {
				if !strings.HasPrefix(a, "/") || strings.ContainsAny(a, " \t\r\n") {
					t.Fatalf("unsafe alias %q", a)
				}
				// "..0" is a name; only a segment ".." climbs.
				for _, seg := range strings.Split(a, "/") {
					if seg == ".." || seg == "." {
						t.Fatalf("unsafe alias %q", a)
					}
				}
			}
		}
	})
}
