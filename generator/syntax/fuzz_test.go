package syntax

import (
	"regexp"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	"gopkg.in/yaml.v3"
)

// english matches words of the parsers' own messages, which must never
// come through (text between «» or quotes is the writer's own).
var english = regexp.MustCompile(`(?i)\b(found|expected|mapping|character|token|indentation|stream|scanning|parsing|invalid|unexpected|cannot|line \d|yaml:|toml:)\b`)

var quoted = regexp.MustCompile(`«[^»]*»|"[^"]*"|'[^']*'|: \S+ = .*|: \S+: .*|: \[.*`)

// FuzzExplain feeds arbitrary text to both parsers: every error they
// give is explained on a line of the text, in Italian, with a fix.
func FuzzExplain(f *testing.F) {
	for _, s := range []string{
		"title: x\n\tauthors: [a]\n", "title: \"x\ndate: 1\n", "title: 'it's'\n", "title: a: b\n",
		"a:\n  - b\n - c\n", "a:\n  - b\n  c: d\n", "title: x\n- a\n", "t: \"C:\\p\"\n", "t: @x\n",
		"t: *a\n", "t: [a, b\n", "t: {a\n", "t: | x\n", "t: [\"a\" \"b\"]\n", "%YAML\n", ": x\n",
		"title = x\n", "title = \"x\n", "a = [1\n", "title: \"x\"\n", "date = 31/03/2026\n", "a = 'it's'\n",
		"[a\n", "a = \"\"\"x\n", "a = \"\\p\"\n", "a = 01\n", "a = [,1]\n", "t: \u0007\n", "t = \"\u0007\"\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := strings.Count(s, "\n") + 1
		check := func(kind string, p Problem) {
			if p.Line < 1 || p.Line > n || p.Col < 0 || p.Span < 1 {
				t.Fatalf("%s: %q: position %d:%d+%d outside the text (%d lines)", kind, s, p.Line, p.Col, p.Span, n)
			}
			if p.Message == "" || p.Fix == "" {
				t.Fatalf("%s: %q: no message or fix: %+v", kind, s, p)
			}
			for _, m := range []string{p.Message, p.Fix} {
				if w := english.FindString(quoted.ReplaceAllString(m, "")); w != "" {
					t.Fatalf("%s: %q: English %q in %q", kind, s, w, m)
				}
			}
		}
		var node yaml.Node
		if err := yaml.Unmarshal([]byte(s), &node); err != nil {
			check("yaml", YAML([]byte(s), err, 1))
		}
		var m map[string]any
		if _, err := toml.Decode(s, &m); err != nil {
			check("toml", TOML([]byte(s), err, 1))
		}
	})
}
