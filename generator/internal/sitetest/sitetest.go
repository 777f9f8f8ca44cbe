// Package sitetest builds whole small sites written inline in a test, as
// Hugo's integration tests do: the files are those of package sitefiles
// (the project's own, with the test's laid over them), built into memory
// without touching the disk.
//
//	files := sitefiles.Files(t, `
//	-- content/pratiche/orto.md --
//	---
//	title: Orto
//	date: 2026-01-01
//	---
//	Testo.
//	-- layouts/page.html --
//	{{define "main"}}<h1>{{.Title}}</h1>{{end}}
//	`)
//	site := sitetest.Build(t, files, pipeline.Config{})
//	site.File(t, "pratiche/orto/index.html")
package sitetest

import (
	"bytes"
	"io/fs"
	"path"
	"testing"
	"time"

	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/pipeline"
	"cantiericomuni.it/banca/generator/render"
)

// Now is the build instant of Build unless the test gives one (the
// corpus's reference day).
var Now = time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)

// Site is a site built by Build.
type Site struct {
	*pipeline.Result
	// Files holds every file written, by slash-separated name; none
	// when the build had errors.
	Files map[string][]byte
}

// Build builds the project held in files into memory, as cfg says: FS and
// Output are set here, Root is "." (files are named in messages by their
// path in the project: content/pratiche/a.md:3:5), Now is Now unless
// given. A failure that is not about the content fails the test; content
// errors are in the result.
func Build(tb testing.TB, files fs.FS, cfg pipeline.Config) *Site {
	tb.Helper()
	if cfg.Root == "" {
		cfg.Root = "."
	}
	if cfg.Now.IsZero() {
		cfg.Now = Now
	}
	out := &render.MemOutput{}
	cfg.FS, cfg.Output = files, out
	res, err := pipeline.Run(cfg)
	if err != nil {
		tb.Fatalf("sitetest: build: %v", err)
	}
	return &Site{Result: res, Files: out.Files()}
}

// File returns the text of the site's file name, failing the test when
// the site has none.
func (s *Site) File(tb testing.TB, name string) string {
	tb.Helper()
	data, ok := s.Files[path.Clean(name)]
	if !ok {
		tb.Fatalf("sitetest: the site has no %s (diagnostics:\n%s)", name, s.Diagnostics())
	}
	return string(data)
}

// Diagnostics returns the build's diagnostics as the command line prints
// them.
func (s *Site) Diagnostics() string {
	var b bytes.Buffer
	diag.Print(&b, s.Diags.All())
	return b.String()
}
