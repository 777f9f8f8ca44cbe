// Package sitefiles holds, in memory, the files of whole small sites
// written inline in a test, as Hugo's integration tests write them: the
// files that differ from the project's (a page, a layout, the schema with
// one change) are written as a txtar-style archive and laid over the
// project's own files. Package sitetest builds them.
package sitefiles

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"cantiericomuni.it/banca/generator/internal/testproject"
	"cantiericomuni.it/banca/generator/project"
)

// inputs are the project's files a site is built from, besides content/.
var inputs = []string{project.Schema, project.Layouts, project.Static, "netlify.toml"}

var (
	readOnce sync.Once
	own      map[string][]byte // the project's files, content included
	readErr  error
)

// read reads the project's files once per test binary.
func read(tb testing.TB) map[string][]byte {
	tb.Helper()
	readOnce.Do(func() {
		own = map[string][]byte{}
		root := os.DirFS(testproject.Root())
		for _, top := range append(inputs, project.Content) {
			readErr = fs.WalkDir(root, top, func(p string, d fs.DirEntry, err error) error {
				if err != nil || !d.Type().IsRegular() {
					return err
				}
				data, err := fs.ReadFile(root, p)
				own[p] = data
				return err
			})
			if readErr != nil {
				return
			}
		}
	})
	if readErr != nil {
		tb.Fatalf("sitefiles: reading the project: %v", readErr)
	}
	return own
}

// Project returns the project's own files in memory, content included:
// the test may change them as it likes.
func Project(tb testing.TB) fstest.MapFS {
	tb.Helper()
	out := fstest.MapFS{}
	for name, data := range read(tb) {
		out[name] = &fstest.MapFile{Data: bytes.Clone(data), Mode: 0o644}
	}
	return out
}

// Files returns the project's schema.yaml, layouts/, static/ and
// netlify.toml, without its content, with the files of archive laid over
// them: a txtar archive, "-- name --" lines each starting a file (its
// path in the project: content/pratiche/a.md, layouts/page.html) whose
// text runs to the next such line; text before the first is a comment.
func Files(tb testing.TB, archive string) fstest.MapFS {
	tb.Helper()
	out := Project(tb)
	for name := range out {
		if strings.HasPrefix(name, project.Content+"/") {
			delete(out, name)
		}
	}
	Add(tb, out, archive)
	return out
}

// Add writes the files of archive (as Files reads it) into files.
func Add(tb testing.TB, files fstest.MapFS, archive string) {
	tb.Helper()
	parsed, err := Parse(archive)
	if err != nil {
		tb.Fatalf("sitefiles: %v", err)
	}
	for name, data := range parsed {
		files[name] = &fstest.MapFile{Data: data, Mode: 0o644}
	}
}

// Parse reads a txtar archive: file name → text. Every file's text ends
// with a newline, as in golang.org/x/tools/txtar.
func Parse(archive string) (map[string][]byte, error) {
	out := map[string][]byte{}
	var name string
	var text *bytes.Buffer
	flush := func() error {
		if text == nil {
			return nil
		}
		if !fs.ValidPath(name) || name == "." {
			return &fs.PathError{Op: "sitefiles", Path: name, Err: fs.ErrInvalid}
		}
		if _, dup := out[name]; dup {
			return &fs.PathError{Op: "sitefiles", Path: name, Err: fs.ErrExist}
		}
		out[name] = text.Bytes()
		return nil
	}
	for line := range strings.Lines(archive) {
		if n, ok := marker(line); ok {
			if err := flush(); err != nil {
				return nil, err
			}
			name, text = n, &bytes.Buffer{}
			continue
		}
		if text != nil {
			text.WriteString(line)
		}
	}
	if err := flush(); err != nil {
		return nil, err
	}
	for n, data := range out {
		if len(data) > 0 && data[len(data)-1] != '\n' {
			out[n] = append(data, '\n')
		}
	}
	return out, nil
}

// marker returns the name of a "-- name --" line.
func marker(line string) (string, bool) {
	line = strings.TrimRight(line, "\r\n")
	if !strings.HasPrefix(line, "-- ") || !strings.HasSuffix(line, " --") || len(line) < 7 {
		return "", false
	}
	return strings.TrimSpace(line[3 : len(line)-3]), true
}

// Edit replaces old with new in the file name of files (the project's
// schema.yaml with one change): old must be there exactly once.
func Edit(tb testing.TB, files fstest.MapFS, name, old, new string) {
	tb.Helper()
	f := files[name]
	if f == nil {
		tb.Fatalf("sitefiles: no file %s to edit", name)
	}
	if n := strings.Count(string(f.Data), old); n != 1 {
		tb.Fatalf("sitefiles: %q is %d times in %s, want once", old, n, name)
	}
	files[name] = &fstest.MapFile{Data: []byte(strings.Replace(string(f.Data), old, new, 1)), Mode: f.Mode}
}

// Write writes files into the folder dir, for the tests that need a
// project on disk (the preview's watcher, a command run on a folder).
func Write(tb testing.TB, files fstest.MapFS, dir string) {
	tb.Helper()
	for name, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
}
