package content

import (
	"strings"
	"testing"

	"cantiericomuni.it/banca/generator/diag"
)

// TestPlaceholderPositions: one message per line holding the
// placeholder, at the first one, with the line's text, as diag.Locate
// and diag.SourceLine give them.
func TestPlaceholderPositions(t *testing.T) {
	src := "---\ntitle: \"DA COMPILARE\"\ndate: 2026-01-01\n---\n\nCittà: DA COMPILARE e DA-COMPILARE\r\nniente\n" +
		strings.Repeat("perché DA COMPILARE ", 50) + "\nfine DA COMPILARE"
	p := &Page{Display: "content/pratiche/x.md", Source: []byte(src)}
	var l diag.List
	checkPlaceholders([]*Page{p}, &l)
	var want []diag.Pos
	for i, line := range strings.Split(src, "\n") {
		if k := strings.Index(line, "DA COMPILARE"); k >= 0 {
			want = append(want, diag.Pos{Line: i + 1, Col: len([]rune(line[:k])) + 1})
		}
	}
	got := l.All()
	if len(got) != len(want) {
		t.Fatalf("%d messages, want %d: %v", len(got), len(want), got)
	}
	for i, d := range got {
		if d.Pos != want[i] {
			t.Errorf("message %d at %v, want %v", i, d.Pos, want[i])
		}
		if w := diag.SourceLine([]byte(src), d.Pos.Line); d.Source != w {
			t.Errorf("message %d shows %q, want %q", i, d.Source, w)
		}
	}
}
