package content

import (
	"testing"

	"cantiericomuni.it/banca/generator/diag"
)

// TestPosAgreesWithLocate: the line index of a page gives the positions
// and lines that scanning the file from its start gives.
func TestPosAgreesWithLocate(t *testing.T) {
	for _, src := range []string{
		"", "x", "\n", "---\ntitle: è\n---\n\nTesto «uno»\r\ndue\n\n", "a\n\n\nb", "già\nè\n",
	} {
		for bodyOff := 0; bodyOff <= len(src); bodyOff++ {
			p := &Page{Source: []byte(src), BodyOffset: bodyOff}
			for off := 0; bodyOff+off <= len(src)+1; off++ {
				if got, want := p.Pos(off), diag.Locate(p.Source, bodyOff+off); got != want {
					t.Fatalf("%q at %d+%d: Pos %v, Locate %v", src, bodyOff, off, got, want)
				}
			}
		}
		p := &Page{Source: []byte(src)}
		for n := -1; n <= 8; n++ {
			if got, want := p.Line(n), diag.SourceLine(p.Source, n); got != want {
				t.Errorf("%q line %d: %q, want %q", src, n, got, want)
			}
		}
	}
}
