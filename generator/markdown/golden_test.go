package markdown

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"cantiericomuni.it/banca/generator/internal/golden"
)

// update rewrites the expected output of testdata/*.txt (go test -update).
var update = golden.Update

// The golden files, in the manner of goldmark's _test/*.txt: cases separated
// by caseSep, each made of a title, the Markdown body, the expected HTML and
// the expected report (one problem a line, "CODE line:col severity:
// message", then the summary and the h2/h3 headings), separated by partSep.
const (
	partSep = "//- - - - - - - - -//"
	caseSep = "//= = = = = = = = = = = = = = = = = = = = = = = =//"
)

type goldenCase struct {
	title, markdown, html, report string
}

func TestGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden files: %v", err)
	}
	conv := New()
	for _, file := range files {
		cases, err := readGolden(file)
		if err != nil {
			t.Fatal(err)
		}
		for i := range cases {
			c := &cases[i]
			name := filepath.Base(file) + "/" + c.title
			html, report := runGolden(conv, c.markdown)
			if *update {
				c.html, c.report = html, report
				continue
			}
			if html != c.html {
				t.Errorf("%s: HTML\n--- got\n%s\n--- want\n%s", name, html, c.html)
			}
			if report != c.report {
				t.Errorf("%s: report\n--- got\n%s\n--- want\n%s", name, report, c.report)
			}
		}
		if *update {
			if err := writeGolden(file, cases); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// runGolden converts one body with goldenResolver and formats the results.
func runGolden(conv Converter, markdown string) (html, report string) {
	body := []byte(markdown)
	res := conv.Convert(body, goldenResolver{})
	var b strings.Builder
	for _, p := range res.Problems {
		line, col := lineCol(body, p.Offset)
		fmt.Fprintf(&b, "%s %d:%d %s: %s\n", p.Code, line, col, p.Severity, p.Message)
	}
	fmt.Fprintf(&b, "summary: %s\n", res.Summary)
	for _, h := range res.Headings {
		fmt.Fprintf(&b, "h%d #%s %s\n", h.Level, h.ID, h.Text)
	}
	return strings.TrimRight(string(res.HTML), "\n"), strings.TrimRight(b.String(), "\n")
}

// lineCol turns a byte offset into a 1-based line and a column in runes, as
// diag.Pos counts them.
func lineCol(body []byte, off int) (line, col int) {
	start := 0
	line = 1
	for i := 0; i < off; i++ {
		if body[i] == '\n' {
			line++
			start = i + 1
		}
	}
	return line, utf8.RuneCount(body[start:off]) + 1
}

func readGolden(file string) ([]goldenCase, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var cases []goldenCase
	for _, chunk := range strings.Split(string(data), caseSep+"\n") {
		if strings.TrimSpace(chunk) == "" {
			continue
		}
		parts := strings.Split(chunk, partSep+"\n")
		if len(parts) != 4 {
			return nil, fmt.Errorf("%s: case %q has %d parts, want 4", file, firstLineOf(chunk), len(parts))
		}
		cases = append(cases, goldenCase{
			title:    strings.TrimSpace(parts[0]),
			markdown: parts[1],
			html:     strings.TrimRight(parts[2], "\n"),
			report:   strings.TrimRight(parts[3], "\n"),
		})
	}
	return cases, nil
}

func writeGolden(file string, cases []goldenCase) error {
	var b strings.Builder
	for i, c := range cases {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(c.title + "\n" + partSep + "\n")
		b.WriteString(c.markdown)
		b.WriteString(partSep + "\n" + c.html + "\n")
		b.WriteString(partSep + "\n" + c.report + "\n")
		b.WriteString(caseSep + "\n")
	}
	return os.WriteFile(file, []byte(b.String()), 0o644)
}

func firstLineOf(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// goldenResolver knows a few pages and files of a page in
// content/pratiche/orti-condivisi/index.md.
type goldenResolver struct{}

func (goldenResolver) Resolve(dest string, image bool) (string, Target) {
	path, rest := dest, ""
	if i := strings.IndexAny(dest, "?#"); i >= 0 {
		path, rest = dest[:i], dest[i:]
	}
	switch path {
	case "../pratiche/orti-condivisi.md", "/pratiche/orti-condivisi/", "orti-condivisi.md":
		return "/pratiche/orti-condivisi/" + rest, TargetOK
	case "../protocolli/patto.md", "/protocolli/patto/":
		return "/protocolli/patto/" + rest, TargetOK
	case "foto.jpg", "cortile.jpg", "allegato.pdf":
		return "/pratiche/orti-condivisi/" + path + rest, TargetOK
	case "/img/logo.png":
		return path + rest, TargetOK
	}
	if strings.HasSuffix(path, ".md") || strings.HasSuffix(path, "/") {
		return dest, TargetMissingPage
	}
	return dest, TargetMissingFile
}
