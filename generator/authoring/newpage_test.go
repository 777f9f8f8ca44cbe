package authoring

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"cantiericomuni.it/banca/generator/content"
	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/pipeline"
	"cantiericomuni.it/banca/generator/project"
)

// now is the fixed instant of these tests.
var now = time.Date(2026, 11, 27, 23, 30, 0, 0, time.UTC) // 28 November in Rome

// checkSite builds files (content-relative path → text) with the real
// loader and checks, without writing, and returns the diagnostics.
func checkSite(t *testing.T, files map[string]string, drafts bool) []diag.Diagnostic {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, text := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	res, err := pipeline.Run(pipeline.Config{Root: root, FS: project.Mount(project.Dir(root, ""), project.Content, fsys), Check: true, Drafts: drafts, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	return res.Diags.All()
}

func printed(ds []diag.Diagnostic) string {
	var b bytes.Buffer
	diag.Print(&b, ds)
	return b.String()
}

// TestNewPageBuildsAsDraft: for every section, the page `new` writes
// passes the real loader and checks with zero errors and zero warnings,
// both left out as a draft and shown in a preview with drafts; once it
// is no longer a draft, every placeholder left is an error (B114).
func TestNewPageBuildsAsDraft(t *testing.T) {
	s := loadSchema(t)
	pages := map[string][]string{"cantieri": PageSlugs(root+"/content", "cantieri")}
	if len(pages["cantieri"]) != 5 {
		t.Fatalf("cantieri: %v", pages["cantieri"])
	}
	for _, sec := range s.Sections {
		t.Run(sec.Key, func(t *testing.T) {
			rel, text, err := NewPage(s, sec.Key, "Prova: «nuova» scheda d'esempio", now, pages)
			if err != nil {
				t.Fatal(err)
			}
			if rel != sec.Key+"/prova-nuova-scheda-d-esempio.md" {
				t.Errorf("path %s", rel)
			}
			src := string(text)
			for _, want := range []string{"title: \"Prova: «nuova» scheda d'esempio\"\n", "date: 2026-11-28\n", "draft: true\n",
				"\n---\n\n" + content.Placeholder} {
				if !strings.Contains(src, want) {
					t.Errorf("missing %q in\n%s", want, src)
				}
			}
			// Every field, taxonomy and the comments of required fields.
			for _, f := range append(s.Common[:len(s.Common):len(s.Common)], sec.Fields...) {
				if !strings.Contains(src, "\n"+f.Key+":") {
					t.Errorf("field %s missing", f.Key)
				}
				if f.Required && !strings.Contains(src, "# "+f.Label+" — obbligatorio.") {
					t.Errorf("field %s: no comment saying it is required", f.Key)
				}
			}
			for _, tx := range s.Taxonomies {
				if !strings.Contains(src, "\n"+tx.Key+": []\n") {
					t.Errorf("taxonomy %s missing", tx.Key)
				}
			}
			files := map[string]string{rel: src}
			for _, drafts := range []bool{false, true} {
				if ds := checkSite(t, files, drafts); len(ds) > 0 {
					t.Errorf("drafts=%v: %d diagnostics:\n%s\n%s", drafts, len(ds), printed(ds), src)
				}
			}
			files[rel] = strings.Replace(src, "draft: true\n", "draft: false\n", 1)
			ds := checkSite(t, files, false)
			if len(ds) == 0 {
				t.Fatal("a page with placeholders was published without errors")
			}
			for _, d := range ds {
				if d.Code != diag.PlaceholderLeft || d.Severity != diag.Error || d.Pos.Line == 0 {
					t.Errorf("unexpected %s", printed([]diag.Diagnostic{d}))
				}
			}
			if want := strings.Count(src, content.Placeholder); len(ds) != want {
				t.Errorf("%d B114 for %d placeholders:\n%s", len(ds), want, printed(ds))
			}
		})
	}
}

func TestNewPageRefuses(t *testing.T) {
	s := loadSchema(t)
	for _, c := range []struct{ section, title, want string }{
		{"opportunità", "Bando", "la sezione «opportunità» non esiste: le sezioni sono opportunita, protocolli, pratiche, risorse, cantieri, enti, verbali, eventi, bisogni, pagine (forse intendevi «opportunita»?)"},
		{"notizie", "Festa", "la sezione «notizie» non esiste: le sezioni sono opportunita, protocolli, pratiche, risorse, cantieri"},
		{"evento", "Festa", "(forse intendevi «eventi»?)"},
		{"eventi", "In programma", "l'indirizzo /eventi/in-programma/ è riservato"},
		{"pratiche", "  ", "manca il titolo"},
		{"pratiche", "«»!", "non si ricava un nome di file"},
		{"opportunita", "Aperte", "l'indirizzo /opportunita/aperte/ è riservato (il sito lo usa per l'elenco delle opportunità aperte)"},
	} {
		_, _, err := NewPage(s, c.section, c.title, now, nil)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s %q: %v, want %q", c.section, c.title, err, c.want)
		}
	}
}

func TestComment(t *testing.T) {
	var b bytes.Buffer
	comment(&b, strings.Repeat("parola ", 40))
	for i, line := range strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n") {
		if len([]rune(line)) > commentWidth || !strings.HasPrefix(line, "#") || (i > 0 && !strings.HasPrefix(line, "#   ")) {
			t.Errorf("line %d: %q", i, line)
		}
	}
}
