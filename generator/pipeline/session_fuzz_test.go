package pipeline

import (
	"fmt"
	"path/filepath"
	"testing"
	"testing/fstest"
	"time"

	"cantiericomuni.it/banca/generator/project"
	"cantiericomuni.it/banca/generator/render"
)

// fuzzPage is one page of FuzzSession's little site, written out by text.
type fuzzPage struct {
	file, title, summary, body string
	argomenti, cantieri        []string
	deadline                   string // opportunities only
	draft, broken              bool
}

func (p *fuzzPage) text() string {
	s := "---\ntitle: " + quoteYAML(p.title) + "\ndate: 2026-10-01\n"
	if p.summary != "" {
		s += "summary: " + quoteYAML(p.summary) + "\n"
	}
	if len(p.argomenti) > 0 {
		s += "argomenti: [" + join(p.argomenti) + "]\n"
	}
	if len(p.cantieri) > 0 {
		s += "cantieri: [" + join(p.cantieri) + "]\n"
	}
	if p.deadline != "" {
		s += "deadline: " + p.deadline + "\nente: Comune\nlink: https://example.org/bando\ntipo: bando\n"
	}
	if p.draft {
		s += "draft: true\n"
	}
	if p.broken {
		s += "date: [non chiusa\n"
	}
	return s + "---\n\n" + p.body + "\n"
}

func quoteYAML(s string) string { return fmt.Sprintf("%q", s) }

func join(vs []string) string {
	out := ""
	for i, v := range vs {
		if i > 0 {
			out += ", "
		}
		out += quoteYAML(v)
	}
	return out
}

// FuzzSession drives a pipeline.Session through a sequence of edits chosen by
// the input (text, title, summary, terms, deadline, draft flag, new,
// deleted and renamed pages, broken and fixed front matter, the next day)
// and checks after each that it gives exactly what a clean build gives:
// the same files, byte for byte, or errors when a clean build has errors.
//
//	go test ./generator/pipeline -run XXX -fuzz FuzzSession -fuzztime 2m
func FuzzSession(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11})
	f.Add([]byte{0x10, 0x21, 0x32, 0x43, 0x54, 0x65, 0x76, 0x87, 0x98, 0xa9, 0xba, 0xcb, 0x00, 0x61})
	f.Add([]byte{6, 6, 7, 0, 4, 4, 5, 9, 9, 3, 3, 2, 1, 11, 8})
	f.Add([]byte{0x44, 0x45, 0x46, 0x55, 0x56, 0x99, 0x9a, 0x27, 0x28, 0x17})
	f.Fuzz(func(t *testing.T, ops []byte) {
		if len(ops) > 24 {
			ops = ops[:24]
		}
		pages := []*fuzzPage{
			{file: "cantieri/ferrara.md", title: "Ferrara", body: "Il cantiere di Ferrara."},
			{file: "cantieri/imola.md", title: "Imola", body: "Il cantiere di Imola."},
			{file: "opportunita/bando-a.md", title: "Bando A", summary: "Un bando.", body: "Testo del bando A.",
				argomenti: []string{"giovani"}, cantieri: []string{"ferrara"}, deadline: "2026-12-20"},
			{file: "opportunita/bando-b.md", title: "Bando B", body: "Primo paragrafo del bando B.\n\nSecondo.",
				argomenti: []string{"scuola", "giovani"}, cantieri: []string{"imola"}, deadline: "2026-11-30"},
			{file: "pratiche/orto.md", title: "Orto", summary: "Un orto.", body: "Testo dell'orto.",
				argomenti: []string{"ambiente"}, cantieri: []string{"ferrara", "imola"}},
			{file: "pratiche/sport.md", title: "Sport", body: "Lo sport di strada.", argomenti: []string{"sport", "giovani"}},
		}
		fsys := fstest.MapFS{}
		contentDir := filepath.Join(root, "content-fuzz") // never read: fsys is
		write := func(p *fuzzPage) { fsys[p.file] = &fstest.MapFile{Data: []byte(p.text())} }
		for _, p := range pages {
			write(p)
		}
		at := now
		files := project.Mount(project.Dir(root, ""), project.Content, fsys)
		cfg := Config{Root: root, Content: contentDir, FS: files, BrokenLinksWarn: true, Drafts: false}
		ss := NewSession(cfg)
		changed := func(file string) { ss.Changed(filepath.Join(contentDir, filepath.FromSlash(file))) }
		terms := []string{"giovani", "scuola", "sport", "ambiente", "povertà educativa"}
		added, compared := 0, 0
		for step := -1; step < len(ops); step++ {
			if step >= 0 {
				op, k := ops[step]%12, int(ops[step]>>4)%len(pages)
				p := pages[k]
				switch op {
				case 0:
					p.body += fmt.Sprintf("\n\nParagrafo %d.", step)
				case 1:
					p.title = fmt.Sprintf("Titolo %d", step)
				case 2:
					p.summary = fmt.Sprintf("Sommario %d.", step)
				case 3:
					p.argomenti = []string{terms[step%len(terms)]}
				case 4:
					if p.deadline != "" {
						p.deadline = fmt.Sprintf("2026-12-%02d", 1+step%28)
					}
				case 5:
					p.draft = !p.draft
				case 6:
					p.broken = true
				case 7:
					p.broken = false
				case 8:
					added++
					np := &fuzzPage{file: fmt.Sprintf("pratiche/nuova-%d.md", added), title: fmt.Sprintf("Nuova %d", added),
						body: "Una pratica nuova.", argomenti: []string{terms[added%len(terms)]}, cantieri: []string{"imola"}}
					pages = append(pages, np)
					p = np
				case 9:
					if k < 2 {
						continue // cantieri are referenced by other pages
					}
					delete(fsys, p.file)
					changed(p.file)
					pages = append(pages[:k:k], pages[k+1:]...)
					goto build
				case 10:
					if k < 2 {
						continue
					}
					delete(fsys, p.file)
					changed(p.file)
					p.file = fmt.Sprintf("%s/rinominata-%d.md", filepath.Dir(p.file), step)
				case 11:
					at = at.Add(24 * time.Hour)
					goto build
				}
				write(p)
				changed(p.file)
			}
		build:
			b, res, err := ss.Build(at)
			if err != nil {
				t.Fatalf("step %d: %v", step, err)
			}
			var out render.MemOutput
			full, ferr := Run(Config{Root: root, Content: contentDir, FS: files, BrokenLinksWarn: true, Output: &out, Now: at})
			if ferr != nil {
				t.Fatalf("step %d: full build: %v", step, ferr)
			}
			if full.Diags.HasErrors() != res.Diags.HasErrors() {
				t.Fatalf("step %d: errors: session %v, full build %v", step, res.Diags.All(), full.Diags.All())
			}
			if b == nil {
				continue
			}
			compared++
			sameFiles(t, fmt.Sprintf("step %d of %v", step, ops), b.Files, out.Files())
			if t.Failed() {
				t.FailNow()
			}
		}
		if compared == 0 {
			t.Fatal("the site never built: the fixture is wrong")
		}
	})
}
