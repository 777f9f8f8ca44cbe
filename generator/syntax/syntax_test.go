package syntax

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	"gopkg.in/yaml.v3"
)

// TestUnknownProblemsStayItalian: a parser message this package has never
// seen is still explained in Italian, on the line given, with a fix.
func TestUnknownProblemsStayItalian(t *testing.T) {
	p := explainYAML([]string{"title: x", "date: 1"}, 2, "a problem no one has seen yet", 0)
	if p.Line != 2 || p.Message != "questa riga non si riesce a leggere" || p.Fix != genericFix {
		t.Errorf("yaml: %+v", p)
	}
	q := TOML([]byte("title = \"x\"\n"), toml.ParseError{Message: "a problem no one has seen yet", Position: toml.Position{Line: 1, Start: 2, Len: 1}}, 4)
	if q.Line != 4 || q.Message != "la riga non si riesce a leggere" || q.Fix != tomlFix {
		t.Errorf("toml: %+v", q)
	}
	r := TOML([]byte("x"), errors.New("not a parse error"), 3)
	if r.Line != 3 || r.Message == "" || r.Fix == "" {
		t.Errorf("toml, not a ParseError: %+v", r)
	}
}

// TestLargeTextsStayFastAndRight: in a text too large to search line by
// line, the mistake is still found on its line, within a bounded number
// of parses.
func TestLargeTextsStayFastAndRight(t *testing.T) {
	var b strings.Builder
	for i := range 40000 {
		fmt.Fprintf(&b, "k%d: valore\n", i)
	}
	body := b.String()
	var nested strings.Builder
	nested.WriteString("sections:\n")
	for i := range 4000 {
		fmt.Fprintf(&nested, "  - key: s%d\n    label: S\n", i)
	}
	for _, tc := range []struct {
		name, text string
		line       int
	}{
		{"tab at the end", "title: x\n" + body + "\tz: 1\n", 40002},
		{"tab at the start", "title: x\n\tz: 1\n" + body, 2},
		{"quote deep in a list", nested.String() + "  - key: rotta\n    label: \"Rotta\n", 8003},
		// A quote left open swallows the keys after it, up to the next
		// quote: the mistake is where it opened, not where it ends.
		{"quote open before other keys", "title: \"x\nsite: y\n" + nested.String() + "  - key: z\n    help: \"Di solito: vuoto\"\n", 1},
		{"control character at the end", "title: x\n" + body + "z: a\x01b\n", 40002},
		{"not UTF-8 at the end", "title: x\n" + body + "z: caff\xe8\n", 40002},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var node yaml.Node
			err := yaml.Unmarshal([]byte(tc.text), &node)
			if err == nil {
				t.Fatal("no error")
			}
			if p := YAML([]byte(tc.text), err, 1); p.Line != tc.line {
				t.Errorf("line %d, want %d: %s", p.Line, tc.line, p.Message)
			}
		})
	}
}
