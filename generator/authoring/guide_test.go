package authoring

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/internal/golden"
)

var guidePath = filepath.Join(root, filepath.FromSlash(GuidePath))

// TestGuideUpToDate fails when the generated parts of the guide differ
// from what the schema and diag.Codes give: run `go run ./generator guida`
// (or this test with -update) and commit the result.
func TestGuideUpToDate(t *testing.T) {
	doc, err := os.ReadFile(guidePath)
	if err != nil {
		t.Fatal(err)
	}
	got, err := UpdateGuide(doc, loadSchema(t))
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, guidePath, got)
}

// TestEveryCodeDocumented: every code has a title, a meaning, an example
// and a fix, once, and the guide has a section for it.
func TestEveryCodeDocumented(t *testing.T) {
	doc, err := os.ReadFile(guidePath)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[diag.Code]bool{}
	for _, c := range diag.Codes {
		if seen[c.Code] {
			t.Errorf("%s twice in diag.Codes", c.Code)
		}
		seen[c.Code] = true
		if c.Title == "" || c.Meaning == "" || c.Fix == "" || c.Example == "" {
			t.Errorf("%s: title %q, meaning %q, fix %q, example %q: all four are needed", c.Code, c.Title, c.Meaning, c.Fix, c.Example)
		}
		if !strings.Contains(string(doc), "\n### "+codeHeading(c)+"\n") {
			t.Errorf("the guide has no section for %s", c.Code)
		}
	}
}

func TestUpdateGuideNeedsMarkers(t *testing.T) {
	s := loadSchema(t)
	if _, err := UpdateGuide([]byte("# Guida\n<!-- campi:inizio -->\n<!-- campi:fine -->\n"), s); err == nil ||
		!strings.Contains(err.Error(), "<!-- codici:inizio -->") {
		t.Errorf("err %v", err)
	}
	doc := "a\n<!-- campi:inizio -->\nold\n<!-- campi:fine -->\nb\n<!-- codici:inizio -->\n<!-- codici:fine -->\nc\n"
	out, err := UpdateGuide([]byte(doc), s)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := UpdateGuide(out, s)
	if string(again) != string(out) || strings.Contains(string(out), "old") ||
		!strings.HasPrefix(string(out), "a\n<!-- campi:inizio -->\n") || !strings.HasSuffix(string(out), "<!-- codici:fine -->\nc\n") {
		t.Errorf("not idempotent or markers lost:\n%s", out)
	}
}

func TestAnchor(t *testing.T) {
	for in, want := range map[string]string{
		"B107 — Valore non ammesso":     "b107--valore-non-ammesso",
		"B205 — HTML non ammesso":       "b205--html-non-ammesso",
		"B112 — Cantiere sconosciuto":   "b112--cantiere-sconosciuto",
		"Opportunità (`content/x/`)":    "opportunità-contentx",
		"B003 — Codifica non valida":    "b003--codifica-non-valida",
		"B902 — Modello di pagina: «x»": "b902--modello-di-pagina-x",
	} {
		if got := Anchor(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}

// exampleRe finds the complete examples of the guide: a line naming the
// file, then a Markdown code block.
var exampleRe = regexp.MustCompile("(?m)^File `content/([a-z]+/[a-z0-9-]+\\.md)`[^\\n]*\\n\\n```markdown\\n((?s:.*?))\\n```$")

// TestGuideExamplesBuild builds the sample content with the guide's
// complete examples added (or in place of the page of the same name):
// the examples must give no error and no warning.
func TestGuideExamplesBuild(t *testing.T) {
	doc, err := os.ReadFile(guidePath)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	err = filepath.WalkDir(filepath.Join(root, "content"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(filepath.Join(root, "content"), p)
		files[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	s := loadSchema(t)
	sections := map[string]bool{}
	for _, m := range exampleRe.FindAllStringSubmatch(string(doc), -1) {
		files[m[1]] = m[2] + "\n"
		sections[strings.Split(m[1], "/")[0]] = true
	}
	for _, sec := range s.Sections {
		if !sections[sec.Key] {
			t.Errorf("the guide has no complete example for %s", sec.Key)
		}
	}
	if ds := checkSite(t, files, false); len(ds) > 0 {
		t.Errorf("%d diagnostics:\n%s", len(ds), printed(ds))
	}
}
