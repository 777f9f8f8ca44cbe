package diag

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"cantiericomuni.it/banca/generator/italian"
)

// Print writes the diagnostics in the long form net weavers read in a
// terminal, in the manner of esbuild:
//
//	content/opportunita/bando.md:7:5: errore B107: «povertà educatva» non è un valore ammesso per «argomenti».
//	   7 |   - povertà educatva
//	     |     ^^^^^^^^^^^^^^^^
//	  Come correggere: forse intendevi «povertà educativa»?
//
// and, after the last diagnostic of each file, a line for each code whose
// diagnostics in that file were left out (List.Omitted).
func Print(w io.Writer, ds []Diagnostic, omitted ...Omission) {
	eachFile(ds, omitted, func(d Diagnostic) {
		fmt.Fprintf(w, "%s: %s %s: %s\n", d.Location(), d.Severity, d.Code, d.Message)
		io.WriteString(w, snippet(d))
		if d.Fix != "" {
			fmt.Fprintf(w, "  Come correggere: %s\n", d.Fix)
		}
		fmt.Fprintln(w)
	}, func(o Omission) {
		fmt.Fprintf(w, "%s: %s\n\n", o.File, o.Text())
	})
}

// eachFile calls show for every diagnostic of ds, in order, and omit for
// each omission after the last diagnostic of its file (omissions of files
// with no diagnostic shown come last).
func eachFile(ds []Diagnostic, omitted []Omission, show func(Diagnostic), omit func(Omission)) {
	byFile := map[string][]Omission{}
	var files []string
	for _, o := range omitted {
		if byFile[o.File] == nil {
			files = append(files, o.File)
		}
		byFile[o.File] = append(byFile[o.File], o)
	}
	flush := func(file string) {
		for _, o := range byFile[file] {
			omit(o)
		}
		delete(byFile, file)
	}
	for i, d := range ds {
		show(d)
		if i == len(ds)-1 || ds[i+1].File != d.File {
			flush(d.File)
		}
	}
	for _, f := range files {
		flush(f)
	}
}

// Text is the Italian line that stands for the diagnostics left out:
// "… e altri 39.980 errori B201 simili in questo file (Collegamento a
// una pagina inesistente), non mostrati."
func (o Omission) Text() string {
	what := "errori"
	if o.Severity == Warning {
		what = "avvisi"
	}
	other := "altri"
	if o.Count == 1 {
		other, what = "un altro", "errore"
		if o.Severity == Warning {
			what = "avviso"
		}
		return fmt.Sprintf("… e %s %s %s simile in questo file (%s), non mostrato.", other, what, o.Code, o.Code.Info().Title)
	}
	return fmt.Sprintf("… e %s %s %s %s simili in questo file (%s), non mostrati.", other, italian.Number(o.Count), what, o.Code, o.Code.Info().Title)
}

// snippet is the source line of d with its number and, when d has a
// column, a line of carets under the problem; "" when d has no source line.
func snippet(d Diagnostic) string {
	if d.Source == "" || d.Pos.Line < 1 {
		return ""
	}
	var b strings.Builder
	num := fmt.Sprintf("%4d", d.Pos.Line)
	// Tabs show as four spaces: the caret moves with them, and a tab
	// underlined gets four carets.
	span := d.Span
	if d.Pos.Col > 0 {
		r := []rune(d.Source)
		before := strings.Count(string(r[:min(d.Pos.Col-1, len(r))]), "\t")
		within := strings.Count(string(r[min(d.Pos.Col-1, len(r)):min(d.Pos.Col-1+max(span, 1), len(r))]), "\t")
		d.Pos.Col += 3 * before
		span = max(span, 1) + 3*within
	}
	src, col := window(expandTabs(d.Source), d.Pos.Col, 100)
	fmt.Fprintf(&b, "%s | %s\n", num, src)
	if d.Pos.Col > 0 {
		if n := utf8.RuneCountInString(src); col > n+1 {
			col = n + 1
		}
		if rest := utf8.RuneCountInString(src) - col + 1; span > rest && rest > 0 {
			span = rest
		}
		fmt.Fprintf(&b, "%s | %s%s\n", strings.Repeat(" ", len(num)),
			strings.Repeat(" ", col-1), strings.Repeat("^", max(span, 1)))
	}
	return b.String()
}

// Summary returns an Italian line such as "2 errori, 1 avviso".
func Summary(errors, warnings int) string {
	e := "errori"
	if errors == 1 {
		e = "errore"
	}
	w := "avvisi"
	if warnings == 1 {
		w = "avviso"
	}
	return fmt.Sprintf("%s %s, %s %s", italian.Number(errors), e, italian.Number(warnings), w)
}

// window cuts a long source line to about width characters around col,
// marking the cuts with "…", and returns the column within the cut.
func window(s string, col, width int) (string, int) {
	r := []rune(s)
	if len(r) <= width {
		return s, col
	}
	start := max(0, col-1-width/4)
	end := min(len(r), start+width)
	out := string(r[start:end])
	if end < len(r) {
		out += "…"
	}
	if start > 0 {
		out = "…" + out
		col = col - start + 1
	}
	return out, col
}

func expandTabs(s string) string { return strings.ReplaceAll(s, "\t", "    ") }

// SourceLine returns line n (1-based) of src without its line ending, or ""
// if there is no such line.
func SourceLine(src []byte, n int) string {
	if n < 1 {
		return ""
	}
	line := 1
	start := 0
	for i, c := range src {
		if line == n {
			start = i
			break
		}
		if c == '\n' {
			line++
			if line == n {
				start = i + 1
				break
			}
		}
	}
	if line != n {
		return ""
	}
	end := start
	for end < len(src) && src[end] != '\n' {
		end++
	}
	s := strings.TrimRight(string(src[start:end]), "\r")
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return s
}

// Locate converts a byte offset in src to a 1-based line and rune column.
func Locate(src []byte, off int) Pos {
	if off > len(src) {
		off = len(src)
	}
	line, lineStart := 1, 0
	for i := 0; i < off; i++ {
		if src[i] == '\n' {
			line++
			lineStart = i + 1
		}
	}
	return Pos{Line: line, Col: utf8.RuneCount(src[lineStart:off]) + 1}
}

// Limit keeps every error and at most n warnings of each code, and counts
// the warnings left out by code, so that a corpus with thousands of the
// same warning stays readable.
func Limit(ds []Diagnostic, n int) (shown []Diagnostic, hidden map[Code]int) {
	hidden = map[Code]int{}
	seen := map[Code]int{}
	for _, d := range ds {
		if d.Severity == Warning {
			seen[d.Code]++
			if seen[d.Code] > n {
				hidden[d.Code]++
				continue
			}
		}
		shown = append(shown, d)
	}
	return shown, hidden
}
