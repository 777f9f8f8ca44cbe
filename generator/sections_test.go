package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"cantiericomuni.it/banca/generator/internal/sitefiles"
	"cantiericomuni.it/banca/generator/internal/sitetest"
	"cantiericomuni.it/banca/generator/internal/testproject"
	"cantiericomuni.it/banca/generator/pipeline"
	"cantiericomuni.it/banca/generator/schema"
)

// literalAllowed lists the string literals of the generator's own Go
// files that equal a key of schema.yaml's sections for a reason that has
// nothing to do with the section or field, each with that reason.
var literalAllowed = map[string]string{
	// The public search API's sort parameter, sort=deadline (README, The
	// API): the order of pages by the date that closes them, whatever the
	// field is called.
	"generator/search/request.go:deadline": "the API's sort value",
	// The command `generator stato` (the nightly check of the published
	// site's status file), not the protocols' field.
	"generator/main.go:stato":      "a command's name",
	"generator/cmd_stato.go:stato": "a command's name",
	// The word "sito" (site) of the quality checks' message, not the
	// organisations' field.
	"generator/qa/main.go:sito": "a word of a message",
	// The preview's stream of server-sent events (/_anteprima/eventi),
	// not the section of events.
	"generator/serve/reload.go:eventi": "the preview's event stream",
	// A word after which digits in a contacts text are a phone number.
	"generator/contact/scan.go:telefono": "a word of contacts text",
	// The field type email (schema.TypeEmail), not the cantieri's field.
	"generator/schema/schema.go:email": "a field type",
	// The key link of schema.yaml's box declaration (box: {link: F}),
	// which names the field, whatever it is called.
	"generator/schema/schema.go:link": "a key of the box declaration",
	// The quality checks' reason for choosing a page: one of each "tipo"
	// (kind) of page.
	"generator/sitecheck/choose.go:tipo": "an Italian word of the QA report",
	// The plural of "argomento" in a message about a template function's
	// arguments, not the taxonomy.
	"generator/render/execerror.go:argomenti": "the Italian word for a function's arguments",
	// The example of a list in the fix for a YAML line that names no
	// field: the syntax check reads no schema.
	"generator/syntax/yaml.go:argomenti": "an example in a syntax fix",
}

// TestNoGoFileNamesASection holds the generator to the schema: no Go file
// outside tests (and the benchmark tools of generator/bench) has a string
// literal equal to the key of a section of schema.yaml, of one of its own
// fields or of a taxonomy. What a section or a taxonomy is, and how its
// fields are shown, is declared there (lifecycle, box, promoter, calendar,
// site.home, layouts, a taxonomy's schema_org); the common keys the
// generator interprets on every page (title, date, …) are not a section's.
func TestNoGoFileNamesASection(t *testing.T) {
	root := testproject.Root()
	sch, err := schema.Load(filepath.Join(root, "schema.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	common := map[string]bool{}
	for _, f := range sch.Common {
		common[f.Key] = true
	}
	banned := map[string]string{}
	for _, sec := range sch.Sections {
		banned[sec.Key] = "la sezione " + sec.Key
		for _, f := range sec.Fields {
			if !common[f.Key] {
				banned[f.Key] = "il campo " + f.Key + " della sezione " + sec.Key
			}
		}
	}
	for _, tax := range sch.Taxonomies {
		if _, ok := banned[tax.Key]; !ok {
			banned[tax.Key] = "la tassonomia " + tax.Key
		}
	}
	if len(banned) < 10 {
		t.Fatalf("only %d keys to look for: is schema.yaml the project's?", len(banned))
	}
	var found []string
	scanned := 0
	err = filepath.WalkDir(filepath.Join(root, "generator"), func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		switch {
		case d.IsDir() && (rel == "generator/bench" || d.Name() == "testdata" || d.Name() == "node_modules"):
			return filepath.SkipDir
		case d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go"):
			return nil
		}
		fset := token.NewFileSet()
		file, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		scanned++
		ast.Inspect(file, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			v, err := strconv.Unquote(lit.Value)
			if err != nil {
				return true
			}
			what, bad := banned[v]
			if !bad {
				return true
			}
			if _, ok := literalAllowed[rel+":"+v]; ok {
				return true
			}
			found = append(found, fset.Position(lit.Pos()).String()+": "+strconv.Quote(v)+" ("+what+")")
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if scanned < 50 {
		t.Fatalf("only %d Go files scanned", scanned)
	}
	sort.Strings(found)
	for _, f := range found {
		t.Error(f)
	}
}

// TestSearchDescriptionFromSections: without site.search_description, the
// search page is described by the sections with a list, by name, so a new
// section is named with no Go change; with it, by the declaration.
func TestSearchDescriptionFromSections(t *testing.T) {
	const declared = "  search_description: >-\n    Cerca tra opportunità, protocolli, buone pratiche e risorse della rete di\n    Cantieri Comuni.\n"
	for _, c := range []struct {
		name, schema, want string
	}{
		{"declared", declared, `<meta name="description" content="Cerca tra opportunità, protocolli, buone pratiche e risorse della rete di Cantieri Comuni.">`},
		{"derived", "", `<meta name="description" content="Cerca tra opportunità, protocolli, buone pratiche, risorse, cantieri, enti della rete, verbali, eventi e bisogni.">`},
	} {
		t.Run(c.name, func(t *testing.T) {
			files := sitefiles.Files(t, "-- content/pratiche/orto.md --\n---\ntitle: Orto\ndate: 2026-01-01\n---\nTesto.\n")
			sitefiles.Edit(t, files, "schema.yaml", declared, c.schema)
			s := sitetest.Build(t, files, pipeline.Config{})
			if got := s.File(t, "cerca/index.html"); !strings.Contains(got, c.want) {
				t.Errorf("the search page lacks %s:\n%s", c.want, got[:min(len(got), 1500)])
			}
		})
	}
}
