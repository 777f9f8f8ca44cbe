package build

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unsafe"

	"cantiericomuni.it/banca/generator/diag"
)

// TestLocatorMatchesDiag: the one-pass locator gives what diag.Locate and
// diag.SourceLine give, for offsets in order, repeated, and going back.
func TestLocatorMatchesDiag(t *testing.T) {
	src := []byte("---\ntitle: x\n---\nriga con àccènti\r\n\n\tcon tab\nfine senza a capo \xff invalido")
	rng := rand.New(rand.NewPCG(1, 2))
	var offs []int
	for i := 0; i <= len(src); i++ {
		offs = append(offs, i)
	}
	offs = append(offs, 5, 5, len(src)+3, -1)
	for range 200 {
		offs = append(offs, rng.IntN(len(src)+1))
	}
	l := newLocator(src)
	for _, off := range offs {
		got := l.pos(off)
		want := diag.Locate(src, min(max(off, 0), len(src)))
		if got != want {
			t.Errorf("pos(%d) = %v, want %v", off, got, want)
		}
		if s, w := l.source(), diag.SourceLine(src, want.Line); s != w {
			t.Errorf("source at %d = %q, want %q", off, s, w)
		}
	}
}

// TestProblemsShareTheirLine: a page with thousands of broken links on
// one long line gives thousands of diagnostics that share one copy of the
// line (each used to copy it: a 0.9 MB page took 800 MiB), each at its
// column.
func TestProblemsShareTheirLine(t *testing.T) {
	line := strings.Repeat("[x](manca.md) ", 3000)
	dir := writeSite(t, map[string]string{
		"pratiche/a.md": "---\ntitle: A\ndate: 2026-01-01\n---\n" + line + "\n",
	})
	res, err := Run(Config{Root: root, Content: dir, Check: true, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	ds := res.Diags.All()
	if len(ds) != 3000 {
		t.Fatalf("%d diagnostics, want 3000", len(ds))
	}
	first := unsafe.StringData(ds[0].Source)
	for i, d := range ds {
		if d.Code != diag.LinkBroken || d.Pos.Line != 5 || d.Pos.Col != 1+14*i {
			t.Fatalf("diagnostic %d: %s at %v", i, d.Code, d.Pos)
		}
		if unsafe.StringData(d.Source) != first || len(d.Source) != len(line) {
			t.Fatalf("diagnostic %d has its own copy of the line", i)
		}
	}
}
