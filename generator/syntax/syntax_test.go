package syntax

import (
	"errors"
	"testing"

	"github.com/BurntSushi/toml"
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
