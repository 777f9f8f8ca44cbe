package diag

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"cantiericomuni.it/banca/generator/italian"
)

// Report is a run's diagnostics as WriteMarkdown shows them: a job summary
// on GitHub, read by net weavers in the browser.
type Report struct {
	// Title names the run ("Controllo dei contenuti").
	Title string
	// Diags are the diagnostics shown, as Limit returns them.
	Diags []Diagnostic
	// Errors and Warnings count every diagnostic, shown or not.
	Errors, Warnings int
	// Hidden counts the warnings left out, by code.
	Hidden map[Code]int
	// Omitted are the diagnostics each file left out past MaxPerFile
	// (List.Omitted), each shown as one line after its file's.
	Omitted []Omission
	// Failure is a failure that is not about the content (the generator
	// could not run), "" when there is none.
	Failure string
	// Note is a line shown under the headline: the run's summary.
	Note string
	// FileURL, when set, returns the address where a file can be read at
	// a line (0 for the whole file), or "" when it has none: locations
	// become links to it.
	FileURL func(file string, line int) string
}

// WriteMarkdown writes r as GitHub-flavoured Markdown, in Italian:
//
//	### ❌ Controllo dei contenuti: 1 errore, 1 avviso
//
//	**❌ Errore B107 — Valore non ammesso**
//	[`content/opportunita/bando.md:7:5`](…#L7)
//
//	«povertà educatva» non è un valore ammesso per «argomenti».
//
//	```text
//	   7 |   - povertà educatva
//	     |     ^^^^^^^^^^^^^^^^
//	```
//
//	**Come correggere:** forse intendevi «povertà educativa»?
//
// Text from the content (messages quote it) is escaped, and source lines
// go in code blocks, so that nothing a page says is read as Markdown.
func WriteMarkdown(w io.Writer, r Report) error {
	var b strings.Builder
	switch {
	case r.Failure != "":
		fmt.Fprintf(&b, "### ❌ %s: non completato\n\n%s\n\n", escapeMarkdown(r.Title), escapeMarkdown(r.Failure))
	case r.Errors > 0:
		fmt.Fprintf(&b, "### ❌ %s: %s\n\n", escapeMarkdown(r.Title), counts(r.Errors, r.Warnings))
	case r.Warnings > 0:
		fmt.Fprintf(&b, "### ⚠️ %s: %s\n\n", escapeMarkdown(r.Title), counts(r.Errors, r.Warnings))
	default:
		fmt.Fprintf(&b, "### ✅ %s: nessun problema\n\n", escapeMarkdown(r.Title))
	}
	if r.Note != "" {
		fmt.Fprintf(&b, "%s\n\n", escapeMarkdown(r.Note))
	}
	eachFile(r.Diags, r.Omitted, func(d Diagnostic) {
		icon, severity := "❌", "Errore"
		if d.Severity == Warning {
			icon, severity = "⚠️", "Avviso"
		}
		fmt.Fprintf(&b, "**%s %s %s", icon, severity, d.Code)
		if title := d.Code.Info().Title; title != "" {
			fmt.Fprintf(&b, " — %s", escapeMarkdown(title))
		}
		b.WriteString("**  \n")
		if loc := d.Location(); loc != "" {
			if url := fileURL(r.FileURL, d); url != "" {
				fmt.Fprintf(&b, "[%s](<%s>)\n", codeSpan(loc), url)
			} else {
				fmt.Fprintf(&b, "%s\n", codeSpan(loc))
			}
		}
		fmt.Fprintf(&b, "\n%s\n\n", escapeMarkdown(d.Message))
		if src := snippet(d); src != "" {
			fence := strings.Repeat("`", max(3, longestRun(src, '`')+1))
			fmt.Fprintf(&b, "%stext\n%s%s\n\n", fence, src, fence)
		}
		if d.Fix != "" {
			fmt.Fprintf(&b, "**Come correggere:** %s\n\n", escapeMarkdown(d.Fix))
		}
	}, func(o Omission) {
		fmt.Fprintf(&b, "%s %s\n\n", codeSpan(o.File), escapeMarkdown(o.Text()))
	})
	codes := make([]string, 0, len(r.Hidden))
	for code := range r.Hidden {
		codes = append(codes, string(code))
	}
	sort.Strings(codes)
	for _, c := range codes {
		code := Code(c)
		fmt.Fprintf(&b, "… e altri %s avvisi %s (%s) non mostrati: usa `--max-warnings` per vederli.\n\n",
			italian.Number(r.Hidden[code]), code, escapeMarkdown(code.Info().Title))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// counts is "3 errori, 1 avviso", "2 avvisi" or "1 errore": the counts
// that are not zero.
func counts(errors, warnings int) string {
	var parts []string
	if errors > 0 {
		parts = append(parts, italian.Plural(errors, "errore", "errori"))
	}
	if warnings > 0 {
		parts = append(parts, italian.Plural(warnings, "avviso", "avvisi"))
	}
	return strings.Join(parts, ", ")
}

// fileURL is the address of d's file at its line, "" when there is none.
// Only paths inside the project (relative, not climbing out) have one.
func fileURL(f func(string, int) string, d Diagnostic) string {
	if f == nil || d.File == "" || strings.HasPrefix(d.File, "/") || d.File == ".." || strings.HasPrefix(d.File, "../") {
		return ""
	}
	url := f(d.File, d.Pos.Line)
	if strings.ContainsAny(url, "<>\n\r ") {
		return "" // not a destination Markdown can hold between < >
	}
	return url
}

// markdownSpecial are the characters that could start Markdown or HTML
// inside a line of text.
const markdownSpecial = "\\`*_[]<>|~&#"

// escapeMarkdown makes s plain text on one Markdown line: every character
// that could start emphasis, a link, HTML, a table cell or a heading gets
// a backslash (CommonMark allows one before any ASCII punctuation), so does
// a start that would make a list item, and line breaks become spaces.
func escapeMarkdown(s string) string {
	s = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)
	var b strings.Builder
	if s != "" && strings.IndexByte("-+=", s[0]) >= 0 {
		b.WriteByte('\\')
	}
	digits := len(s) - len(strings.TrimLeft(s, "0123456789"))
	for i, r := range s {
		if strings.ContainsRune(markdownSpecial, r) || (digits > 0 && i == digits && (r == '.' || r == ')')) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// codeSpan puts s in a code span whose backtick fence is longer than any
// run of backticks inside it.
func codeSpan(s string) string {
	fence := strings.Repeat("`", longestRun(s, '`')+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		return fence + " " + s + " " + fence
	}
	return fence + s + fence
}

// longestRun is the length of the longest run of c in s.
func longestRun(s string, c byte) int {
	best, run := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			run++
			best = max(best, run)
		} else {
			run = 0
		}
	}
	return best
}
