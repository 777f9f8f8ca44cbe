package diag

import (
	"bytes"
	"strings"
	"testing"
)

func TestPrint(t *testing.T) {
	long := strings.Repeat("a", 300) + "ERRORE" + strings.Repeat("b", 300)
	ds := []Diagnostic{
		{Code: FieldValue, File: "content/x.md", Pos: Pos{3, 5}, Span: 4, Source: "  - \tpovero", Message: "m", Fix: "f"},
		{Code: FieldRequired, File: "content/y.md", Pos: Pos{Line: 1}, Source: "---", Message: "manca"},
		{Code: LinkBroken, File: "content/z.md", Pos: Pos{2, 301}, Span: 6, Source: long, Message: "lungo"},
	}
	var b bytes.Buffer
	Print(&b, ds)
	got := b.String()
	want := "content/x.md:3:5: errore B107: m\n   3 |   -     povero\n     |     ^^^^^^^\n  Come correggere: f\n\n" +
		"content/y.md:1: errore B104: manca\n   1 | ---\n\n"
	if !strings.HasPrefix(got, want) {
		t.Errorf("got\n%s\nwant prefix\n%s", got, want)
	}
	lines := strings.Split(got, "\n")
	var src, caret string
	for i, l := range lines {
		if strings.HasPrefix(l, "   2 | ") {
			src, caret = l, lines[i+1]
		}
	}
	if len([]rune(src)) > 120 || !strings.Contains(src, "…") {
		t.Errorf("long line not cut: %d runes", len([]rune(src)))
	}
	if i := strings.Index(caret, "^"); i < 0 || !strings.HasPrefix(string([]rune(src)[i:]), "ERRORE") {
		t.Errorf("caret does not point at the error:\n%s\n%s", src, caret)
	}
}

func TestLocateAndSourceLine(t *testing.T) {
	src := []byte("uno\ndüe\r\ntre")
	if p := Locate(src, 6); p != (Pos{2, 3}) {
		t.Errorf("Locate = %v", p)
	}
	if l := SourceLine(src, 2); l != "düe" {
		t.Errorf("SourceLine = %q", l)
	}
	if l := SourceLine(src, 4); l != "" {
		t.Errorf("SourceLine past the end = %q", l)
	}
}

func TestLimitAndDemote(t *testing.T) {
	var l List
	for i := 0; i < 5; i++ {
		l.Add(Diagnostic{Code: LinkBroken, File: "a", Pos: Pos{Line: i + 1}})
	}
	l.Add(Diagnostic{Code: FieldValue, File: "b"})
	l.Demote(LinkBroken)
	if e, w := l.Count(); e != 1 || w != 5 {
		t.Fatalf("count %d %d", e, w)
	}
	shown, hidden := Limit(l.All(), 2)
	if len(shown) != 3 || hidden[LinkBroken] != 3 {
		t.Errorf("shown %d hidden %v", len(shown), hidden)
	}
	for _, c := range Codes {
		if c.Title == "" || c.Meaning == "" || c.Fix == "" {
			t.Errorf("code %s is not fully documented", c.Code)
		}
	}
}
