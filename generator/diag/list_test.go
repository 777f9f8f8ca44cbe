package diag

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// TestListCapsEachCodeOfEachFile: 40,000 broken links in one file keep
// 20 diagnostics and one line for the rest, with the counts still true,
// whatever the severity, however lists are merged, split or demoted.
func TestListCapsEachCodeOfEachFile(t *testing.T) {
	var l List
	for i := range 40000 {
		l.Add(Diagnostic{Code: LinkBroken, File: "content/pratiche/tanti.md", Pos: Pos{Line: 6 + 2*i, Col: 1},
			Source: fmt.Sprintf("[a](/non-esiste-%d/)", i), Message: "collegamento rotto"})
	}
	for i := range 5 {
		l.Add(Diagnostic{Code: RawHTML, Severity: Warning, File: "content/pratiche/tanti.md", Pos: Pos{Line: i + 1}, Message: "html"})
	}
	for i := range 25 {
		l.Add(Diagnostic{Code: LinkBroken, File: "content/pratiche/altra.md", Pos: Pos{Line: i + 1}, Message: "collegamento rotto"})
	}
	if l.Len() != 20+5+20 {
		t.Errorf("kept %d diagnostics", l.Len())
	}
	if e, w := l.Count(); e != 40025 || w != 5 {
		t.Errorf("Count = %d errors, %d warnings", e, w)
	}
	want := []Omission{{"content/pratiche/altra.md", LinkBroken, Error, 5}, {"content/pratiche/tanti.md", LinkBroken, Error, 39980}}
	if got := l.Omitted(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Omitted = %v, want %v", got, want)
	}

	var b bytes.Buffer
	Print(&b, l.All(), l.Omitted()...)
	out := b.String()
	if n := strings.Count(out, "errore B201"); n != 40 {
		t.Errorf("%d diagnostics printed", n)
	}
	line := "content/pratiche/tanti.md: … e altri 39.980 errori B201 simili in questo file (Collegamento a una pagina inesistente), non mostrati.\n"
	if !strings.Contains(out, line) || !strings.Contains(out, "content/pratiche/altra.md: … e altri 5 errori B201 simili") {
		t.Errorf("no summary line:\n%s", out)
	}
	// The summary line comes after the last diagnostic of its file.
	if i, j := strings.Index(out, line), strings.LastIndex(out, "content/pratiche/tanti.md:"); i < 0 || i != j {
		t.Errorf("summary line misplaced")
	}
	if b.Len() > 20<<10 {
		t.Errorf("%d bytes printed", b.Len())
	}

	// Merged and split lists keep the counts.
	var merged List
	merged.Append(&l)
	parts := merged.Split()
	var again List
	for _, f := range []string{"content/pratiche/altra.md", "content/pratiche/tanti.md"} {
		again.Append(parts[f])
	}
	if e, w := again.Count(); e != 40025 || w != 5 || again.Len() != l.Len() {
		t.Errorf("after Append and Split: %d errors, %d warnings, %d kept", e, w, again.Len())
	}
	again.Demote(LinkBroken)
	if e, w := again.Count(); e != 0 || w != 40030 {
		t.Errorf("after Demote: %d errors, %d warnings", e, w)
	}
	// A stage can count a diagnostic without placing it once the file is full.
	if !again.Full("content/pratiche/tanti.md", LinkBroken) || again.Full("content/pratiche/tanti.md", RawHTML) {
		t.Error("Full")
	}
	again.Omit("content/pratiche/tanti.md", LinkBroken, Warning, 2)
	if _, w := again.Count(); w != 40032 {
		t.Errorf("after Omit: %d warnings", w)
	}
}

func TestOmissionText(t *testing.T) {
	for _, tc := range []struct {
		o    Omission
		want string
	}{
		{Omission{"x.md", LinkBroken, Error, 1}, "… e un altro errore B201 simile in questo file (Collegamento a una pagina inesistente), non mostrato."},
		{Omission{"x.md", RawHTML, Warning, 1234567}, "… e altri 1.234.567 avvisi B205 simili in questo file (HTML non ammesso), non mostrati."},
	} {
		if got := tc.o.Text(); got != tc.want {
			t.Errorf("got %q, want %q", got, tc.want)
		}
	}
}
