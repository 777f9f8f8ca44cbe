package search_test

import (
	"os/exec"
	"slices"
	"strings"
	"testing"

	"cantiericomuni.it/banca/generator/render"
	"cantiericomuni.it/banca/generator/search"
)

// The renderer renders the results page through the interface search
// declares.
var _ search.ResultsPage = (*render.SearchPage)(nil)

const module = "cantiericomuni.it/banca/generator/"

// TestSearchStandsAlone: the search package builds without the renderer
// (the Netlify function gets it only by choice, to render the page), and
// the two packages it shares with the renderer, the Italian phrases and
// the view of the results, are leaves that import no package of the
// generator.
func TestSearchStandsAlone(t *testing.T) {
	cases := []struct {
		pkg string
		// allowed reports whether pkg may depend on the generator's
		// package dep.
		allowed func(dep string) bool
	}{
		{"search", func(dep string) bool { return dep != "render" && dep != "build" && dep != "serve" }},
		{"search/results", func(dep string) bool { return dep == "search/results" }},
		{"italian", func(dep string) bool { return dep == "italian" }},
	}
	for _, c := range cases {
		t.Run(c.pkg, func(t *testing.T) {
			deps := generatorDeps(t, module+c.pkg)
			if !slices.Contains(deps, c.pkg) {
				t.Fatalf("go list -deps %s does not list the package itself: %v", c.pkg, deps)
			}
			for _, dep := range deps {
				if !c.allowed(dep) {
					t.Errorf("%s depends on %s", c.pkg, dep)
				}
			}
		})
	}
}

// generatorDeps lists the generator's packages pkg depends on, itself
// included, relative to the generator ("search/results").
func generatorDeps(t *testing.T, pkg string) []string {
	t.Helper()
	out, err := exec.Command("go", "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", pkg).Output()
	if err != nil {
		t.Fatalf("go list -deps %s: %v", pkg, err)
	}
	var deps []string
	for _, line := range strings.Fields(string(out)) {
		if rest, ok := strings.CutPrefix(line, module); ok {
			deps = append(deps, rest)
		}
	}
	return deps
}
