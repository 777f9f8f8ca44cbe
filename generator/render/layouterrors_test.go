package render

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"cantiericomuni.it/banca/generator/diag"
	goldenfile "cantiericomuni.it/banca/generator/internal/golden"
)

// repoLayouts returns the repository's layouts as an in-memory folder.
func repoLayouts(t *testing.T) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	err := filepath.WalkDir("../../layouts", func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel("../../layouts", p)
		m[filepath.ToSlash(rel)] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// withMain replaces the "main" block of page.html with body.
func withMain(t *testing.T, body string) fstest.MapFS {
	fsys := repoLayouts(t)
	fsys["page.html"] = &fstest.MapFile{Data: []byte("{{/* pagina di prova */}}\n{{define \"main\"}}\n<article>\n" + body + "\n</article>\n{{end}}\n")}
	return fsys
}

// englishRE matches English of the template packages; what follows
// "dettaglio tecnico:" is allowed to be technical.
var englishRE = regexp.MustCompile(`\b(unexpected|undefined|not defined|unterminated|can't|evaluate|executing|wrong|expected|template:|ends in|branches|context)\b`)

// checkItalian checks a diagnostic's texts are Italian.
func checkItalian(t *testing.T, d diag.Diagnostic) {
	t.Helper()
	for _, s := range []string{d.Message, d.Fix} {
		if i := strings.Index(s, "dettaglio tecnico"); i >= 0 {
			s = s[:i]
		}
		s = regexp.MustCompile(`«[^»]*»|\{\{[^}]*\}\}|"[^"]*"`).ReplaceAllString(s, "")
		if w := englishRE.FindString(s); w != "" {
			t.Errorf("English %q in %q", w, s)
		}
	}
	if d.Fix == "" || d.Fix == d.Code.Info().Fix {
		t.Errorf("no fix of its own: %q", d.Fix)
	}
}

// TestLayoutParseErrorsInItalian: a layout that cannot be parsed or
// escaped is reported at the line and column of the mistake, in Italian.
func TestLayoutParseErrorsInItalian(t *testing.T) {
	cases := []struct {
		name, body, pos string
	}{
		{"action not closed", "<h1>{{ .Heading }</h1>", "4:5"},
		{"end missing", "{{if .Entry}}\n<p>{{ .Heading }}</p>", "2:1"},
		{"end too many", "<p>x</p>{{end}}{{end}}", "4:18"},
		{"else outside a block", "<p>x</p>{{else}}", "4:11"},
		{"unknown function", "<p>{{ longdate .Entry.Published }}</p>", "4:7"},
		{"undefined variable", "<p>{{ $titolo }}</p>", "4:7"},
		{"string not closed", "{{ template \"partials/item.html . }}", "4:13"},
		{"paren not closed", "<p>{{ len (.Items }}</p>", "4:11"},
		{"empty if", "{{if}}<p>x</p>{{end}}", "4:0"},
		{"break outside range", "{{break}}", "4:0"},
		{"no such template", "{{ template \"scheda\" . }}", "4:13"},
		{"branches end differently", "{{if .Entry}}<a href=\"{{.URL}}{{end}}\">x</a>", "4:0"},
		{"attribute left open", "<a href=\"{{ .URL }}\">x</a><a href=\"{{ .URL }}", "2:0"},
		{"comment not closed", "<p>x</p>{{/* da rivedere", "4:11"},
		{"comment closed before the braces", "{{/* nota */ .Heading}}", "4:0"},
		{"range with three variables", "{{range $i, $x, $y := .Items}}<p>x</p>{{end}}", "4:3"},
		{"field of a text", "<p>{{ \"titolo\".Heading }}</p>", "4:0"},
	}
	var buf bytes.Buffer
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := New(withMain(t, c.body))
			var d diag.Diagnostic
			if !errors.As(err, &d) {
				t.Fatalf("want a diagnostic, got %v", err)
			}
			if d.Code != diag.LayoutInvalid || d.File != "layouts/page.html" {
				t.Errorf("%s", d.Error())
			}
			pos := fmt.Sprintf("%d:%d", d.Pos.Line, d.Pos.Col)
			if line, ok := strings.CutSuffix(c.pos, ":0"); ok && strings.HasPrefix(pos, line+":") {
				pos = c.pos // the line is enough: the parser gives no column
			}
			if pos != c.pos {
				t.Errorf("position %s, want %s: %s", pos, c.pos, d.Error())
			}
			checkItalian(t, d)
			if strings.Contains(d.Message, "dettaglio tecnico") {
				t.Errorf("no explanation of its own: %s", d.Message)
			}
			fmt.Fprintf(&buf, "# %s\n", c.name)
			diag.Print(&buf, []diag.Diagnostic{d})
		})
	}
	goldenfile.Check(t, "testdata/layout_errors.golden", buf.Bytes())
}

// TestLayoutExecutionErrors: a layout that parses but fails on a page is
// a diagnostic at the layout's line and column, naming the page, with a
// fix; the same page is named however the workers are scheduled.
func TestLayoutExecutionErrors(t *testing.T) {
	cases := []struct {
		name, body, pos, want string
	}{
		{"field that does not exist", "<h1>{{ .Entry.Titel }}</h1>", "4:8", "Forse intendevi «Title»?"},
		{"nil read through", "<p>{{ .Pager.Number }}</p>", "4:7", "{{with .Pager}}"},
		{"function given too few arguments", "<p>{{ first .Items }}</p>", "4:7", "ne vuole 2"},
		{"function given the wrong type", "<p>{{ plural \"tre\" \"scheda\" \"schede\" }}</p>", "4:14", "serve un numero"},
		{"index past the end", "<p>{{ index .Feeds.Links 99 }}</p>", "4:7", "l'elemento 99"},
		{"range over a text", "{{ range .Heading }}<p>x</p>{{end}}", "4:10", "non è una lista"},
		{"error returned by a function", "<p>{{ first 2 .Heading }}</p>", "4:7", "serve una lista"},
		{"block that calls itself", "<h1>{{ .Heading }}</h1>{{ template \"main\" . }}", "4:35", "richiama sé stesso"},
		{"block that calls itself, writing much", "<p>" + strings.Repeat("testo ", 200) + "</p>{{ template \"main\" . }}", "0:0", "più di 64 MB"},
	}
	s := fixture(t).finish()
	var buf bytes.Buffer
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, err := New(withMain(t, c.body))
			if err != nil {
				t.Fatal(err)
			}
			var first diag.Diagnostic
			for i := range 3 {
				var out MemOutput
				err = r.Render(s, &out)
				var d diag.Diagnostic
				if !errors.As(err, &d) {
					t.Fatalf("want a diagnostic, got %v", err)
				}
				if i == 0 {
					first = d
				} else if d.Message != first.Message {
					t.Fatalf("another page the second time:\n%s\n%s", first.Message, d.Message)
				}
			}
			d := first
			if d.Code != diag.LayoutExec || d.File != "layouts/page.html" {
				t.Errorf("%s", d.Error())
			}
			if pos := fmt.Sprintf("%d:%d", d.Pos.Line, d.Pos.Col); pos != c.pos {
				t.Errorf("position %s, want %s: %s", pos, c.pos, d.Error())
			}
			if !strings.Contains(d.Message, "mentre generava la pagina /") || !strings.Contains(d.Message+d.Fix, c.want) {
				t.Errorf("want %q and the page in: %s\n%s", c.want, d.Message, d.Fix)
			}
			checkItalian(t, d)
			fmt.Fprintf(&buf, "# %s\n", c.name)
			diag.Print(&buf, []diag.Diagnostic{d})
		})
	}
	goldenfile.Check(t, "testdata/exec_errors.golden", buf.Bytes())
}

// TestSearchResultsAreRehearsed: the search page the build writes has no
// results, but the search function renders results, pagers and errors
// with the same layout; a mistake there fails the build (B903 in
// search.html), not every search on the host.
func TestSearchResultsAreRehearsed(t *testing.T) {
	s := fixture(t).finish()
	for _, c := range []struct{ name, old, new string }{
		{"a field of a result", "{{.Title}}</a></h3>", "{{.Titolo}}</a></h3>"},
		{"the badge of a result", "{{.Badge}}</span>", "{{.Badge.Testo}}</span>"},
		{"the count of results", "{{plural .Total \"scheda trovata\" \"schede trovate\"}}", "{{plural .Totale \"scheda trovata\" \"schede trovate\"}}"},
		{"the message of a failed search", "{{- if .Error}}{{.Error}}", "{{- if .Error}}{{.Error.Messaggio}}"},
	} {
		t.Run(c.name, func(t *testing.T) {
			fsys := repoLayouts(t)
			src := string(fsys["search.html"].Data)
			if !strings.Contains(src, c.old) {
				t.Fatalf("search.html has no %q", c.old)
			}
			fsys["search.html"] = &fstest.MapFile{Data: []byte(strings.Replace(src, c.old, c.new, 1))}
			r, err := New(fsys)
			if err != nil {
				t.Fatal(err)
			}
			err = r.Render(s, &MemOutput{})
			var d diag.Diagnostic
			if !errors.As(err, &d) || d.Code != diag.LayoutExec || d.File != "layouts/search.html" || d.Pos.Line == 0 {
				t.Fatalf("want B903 at a line of layouts/search.html, got %v", err)
			}
			checkItalian(t, d)
		})
	}
}
