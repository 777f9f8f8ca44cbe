// Package testproject helps tests that need the project's own files or the
// scripts and corpora of ../shared beside the repo.
package testproject

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"testing"
)

// Root is the project folder (with schema.yaml, layouts/, static/).
func Root() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..")
}

// Shared is the shared folder beside the project.
func Shared() string { return filepath.Join(Root(), "..", "shared") }

// Script runs a script of ../shared/bench with python3. It skips (or
// fails, when CI is set) when the shared folder is not beside the repo.
func Script(tb testing.TB, name string, args ...string) {
	tb.Helper()
	script := filepath.Join(Shared(), "bench", name)
	if _, err := os.Stat(script); err != nil {
		if os.Getenv("CI") != "" {
			tb.Fatalf("%s not found beside the repo", name)
		}
		tb.Skipf("%s not found beside the repo", name)
	}
	if out, err := exec.Command("python3", append([]string{script}, args...)...).CombinedOutput(); err != nil {
		tb.Fatalf("%s: %v\n%s", name, err, out)
	}
}

// DevelopersItalia converts the 88 real posts of
// ../shared/corpora/developers-italia into bank pages (to-bank
// --ascii-slugs --no-argomenti) and returns the content folder.
func DevelopersItalia(tb testing.TB) string {
	tb.Helper()
	posts := filepath.Join(Shared(), "corpora", "developers-italia", "posts")
	dir := tb.TempDir()
	Script(tb, "to-bank", "--ascii-slugs", "--no-argomenti", posts, dir)
	return filepath.Join(dir, "content")
}

// NetworkSchema returns the project's schema.yaml with the sections of
// generator/schema/testdata/network.yaml in place of the project's own
// sections of the same keys (organisations with a sigla, minutes with
// reference and records fields of every kind): a schema the tests of
// those field types build with, which does not change when the
// project's sections do.
func NetworkSchema(tb testing.TB) []byte {
	tb.Helper()
	repo, err := os.ReadFile(filepath.Join(Root(), "schema.yaml"))
	if err != nil {
		tb.Fatal(err)
	}
	extra, err := os.ReadFile(filepath.Join(Root(), "generator", "schema", "testdata", "network.yaml"))
	if err != nil {
		tb.Fatal(err)
	}
	for _, m := range sectionKey.FindAllSubmatch(extra, -1) {
		repo = DropSection(repo, string(m[1]))
	}
	return append(append(repo, '\n'), extra...)
}

// sectionKey finds the first line of a section of schema.yaml.
var sectionKey = regexp.MustCompile(`(?m)^  - key: ([a-z_]+)$`)

// DropSection removes from schema the section key: its lines from its
// "  - key:" to the next section's, or to the end of the sections; and
// the site calendar's source of its dates, a line of its own.
func DropSection(schema []byte, key string) []byte {
	schema = regexp.MustCompile(`(?m)^      - \{section: `+regexp.QuoteMeta(key)+`,.*\n`).ReplaceAll(schema, nil)
	start := bytes.Index(schema, []byte("\n  - key: "+key+"\n"))
	if start < 0 {
		return schema
	}
	start++
	end := len(schema)
	if loc := sectionKey.FindIndex(schema[start+1:]); loc != nil {
		end = start + 1 + loc[0]
	}
	return append(schema[:start:start], schema[end:]...)
}
