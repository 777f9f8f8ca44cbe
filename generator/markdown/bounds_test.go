package markdown

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/internal/hostile"
)

// hostileSize is the size of the hostile bodies of the tests: several
// blocks of hostile.BlockSize, as a real file would have.
const hostileSize = 256 << 10

// TestHostileWorkIsBounded counts, for every family of hostile Markdown
// and for a normal page of the same size, the work goldmark's superlinear
// scans do on what Convert hands it (goldmarkWork, a model of those
// scans, not a clock): it must stay within a constant times the body's
// length, as a normal page's does. Without the bounds (bound), "[a]("
// repeated costs goldmark about 3,000 times its length.
func TestHostileWorkIsBounded(t *testing.T) {
	page, err := os.ReadFile("testdata/page.md")
	if err != nil {
		t.Fatal(err)
	}
	normal := hostile.Normal(page, hostileSize)
	limit := func(n int) int { return 64*n + 1<<20 }
	t.Logf("normal page: %d bytes, work %d", len(normal), goldmarkWork(bound(normal).masked))
	for _, f := range hostile.Families() {
		t.Run(f.Name, func(t *testing.T) {
			body := f.Make(hostileSize)
			bd := bound(body)
			if len(bd.masked) != len(body) {
				t.Fatalf("the masked body has %d bytes, the body %d", len(bd.masked), len(body))
			}
			if w := goldmarkWork(bd.masked); w > limit(len(body)) {
				t.Errorf("%s: work %d for %d bytes (%.0f per byte), over the limit %d", f.What, w, len(body), float64(w)/float64(len(body)), limit(len(body)))
			}
			for _, p := range bd.problems {
				if p.Offset < 0 || p.Offset+p.Len > len(body) || p.Message == "" || p.Fix == "" {
					t.Errorf("bad problem %+v", p)
				}
			}
		})
	}
}

// goldmarkWork models the scans of goldmark 1.8 that grow faster than the
// text: from every "](" to the end of the destination (a space, an
// unbalanced ")" or the end of the line; ">" for "<…>") and of the title
// (its closing character, anywhere in the paragraph); from the start of a
// line again for every block quote or list marker opening it; and a
// comparison with every footnote definition for every reference.
func goldmarkWork(src []byte) int {
	work := 0
	var paragraph [][]byte // lines of the current paragraph
	flush := func() {
		all := bytes.Join(paragraph, []byte("\n"))
		for i := 0; i+1 < len(all); i++ {
			if all[i] == '\\' {
				i++
				continue
			}
			if all[i] != ']' || all[i+1] != '(' {
				continue
			}
			j := i + 2
			eol := j + max(bytes.IndexByte(all[j:], '\n'), len(all)-j)
			for j < eol && (all[j] == ' ' || all[j] == '\t') {
				j++
			}
			if j < eol && all[j] == '<' {
				k := j + 1
				for k < eol && all[k] != '>' {
					k++
				}
				work += k - i
				continue
			}
			open, k := 0, j
		dest:
			for ; k < eol; k++ {
				switch all[k] {
				case '(':
					open++
				case ')':
					if open--; open < 0 {
						break dest
					}
				case ' ', '\t':
					break dest
				}
			}
			work += k - i
			for k < eol && (all[k] == ' ' || all[k] == '\t') {
				k++
			}
			if k < eol {
				if closer, ok := map[byte]byte{'"': '"', '\'': '\'', '(': ')'}[all[k]]; ok {
					c := bytes.IndexByte(all[k+1:], closer)
					if c < 0 {
						c = len(all) - k - 1
					}
					work += c
				}
			}
		}
		paragraph = paragraph[:0]
	}
	defs, refs := 0, 0
	for _, line := range bytes.Split(src, []byte("\n")) {
		if isBlank(line) {
			flush()
			continue
		}
		paragraph = append(paragraph, line)
		rest := line
		for {
			rest = bytes.TrimLeft(rest, " ")
			m := markerEnd(rest)
			if m == 0 || thematicBreak(line) {
				break
			}
			work += len(line)
			rest = rest[m:]
		}
		if footnoteDef(rest) {
			defs++
			rest = rest[2:]
		}
		refs += bytes.Count(rest, []byte("[^"))
	}
	flush()
	return work + defs*refs
}

// TestCutConstructsShowAsText: what bound cuts is shown as the author
// wrote it, with a warning at its line, and the rest of the page is
// converted as usual.
func TestCutConstructsShowAsText(t *testing.T) {
	longDest := "[vedi](https://esempio.it/" + strings.Repeat("a", 5000)
	deep := strings.Repeat("> ", 20) + "citazione"
	var notes strings.Builder
	for i := range 1500 {
		notes.WriteString("Testo[^n] ")
		if i%100 == 99 {
			notes.WriteString("\n\n")
		}
	}
	notes.WriteString("\n\n")
	for i := range 1500 {
		notes.WriteString("[^d" + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + "]: nota\n\n")
	}
	notes.WriteString("[^n]: la nota\n")
	for _, tc := range []struct {
		name, body string
		code       diag.Code
		line       int
		want       []string
	}{
		{"a link that never closes", "# Titolo\n\n**prima** del link\n\n" + longDest + " e poi [un link vero](https://esempio.it/).\n",
			diag.LinkUnclosed, 5, []string{"<strong>prima</strong>", "[vedi](https://esempio.it/aaaa", `<a href="https://esempio.it/" rel="noopener">un link vero</a>`}},
		{"a line nested 20 times", "Prima.\n\n" + deep + "\n",
			diag.NestingTooDeep, 3, []string{strings.Repeat("<blockquote>\n", 16), "&gt; &gt; &gt; &gt; citazione"}},
		{"too many footnote references", notes.String(),
			diag.FootnotesTooMany, 1, []string{`class="footnote-ref"`, "Testo[^n]"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := New().Convert([]byte(tc.body), nil)
			html := string(res.HTML)
			for _, w := range tc.want {
				if !strings.Contains(html, w) {
					t.Errorf("HTML lacks %q:\n%.2000s", w, html)
				}
			}
			var found *Problem
			for i, p := range res.Problems {
				if p.Code == tc.code {
					found = &res.Problems[i]
				}
			}
			if found == nil {
				t.Fatalf("no %s among %v", tc.code, res.Problems)
			}
			if line := 1 + strings.Count(tc.body[:found.Offset], "\n"); tc.line > 1 && line != tc.line {
				t.Errorf("%s at line %d, want %d", tc.code, line, tc.line)
			}
		})
	}
}

// TestBoundLeavesNormalPagesAlone: the real page and the sample's
// constructs (long but closed links, rules of many dashes, a few levels
// of nesting) are never cut.
func TestBoundLeavesNormalPagesAlone(t *testing.T) {
	page, err := os.ReadFile("testdata/page.md")
	if err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string]string{
		"page":         string(page),
		"long url":     "[dati](https://esempio.it/?q=" + strings.Repeat("b", 3000) + ") e [altro](x.md \"titolo\")",
		"rule":         strings.Repeat("- ", 40),
		"nested 16":    strings.Repeat("> ", 8) + strings.Repeat("- ", 8) + "testo",
		"many links":   strings.Repeat("- [voce](https://esempio.it/pagina) con un po' di testo\n", 2000),
		"many notes":   strings.Repeat("Testo[^1]. ", 2000) + "\n\n[^1]: nota\n",
		"code with ](": "```\n" + strings.Repeat("a](b", 500) + "\n```\n",
	} {
		if bd := bound([]byte(body)); len(bd.problems) > 0 || !bytes.Equal(bd.masked, []byte(body)) {
			t.Errorf("%s: cut %v", name, bd.problems)
		}
	}
}

func TestNumber(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1.000", 4096: "4.096", 1234567: "1.234.567", -4096: "-4.096"} {
		if got := number(n); got != want {
			t.Errorf("number(%d) = %q, want %q", n, got, want)
		}
	}
}
