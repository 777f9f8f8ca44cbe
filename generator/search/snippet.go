package search

import (
	"html"
	"html/template"
	"slices"
	"strings"
	"unicode/utf8"
)

// snippetBytes is about the length of a snippet.
const snippetBytes = 240

// snippet returns the HTML shown under a hit: a window of the summary or,
// when the words are not there, of the excerpt, around the first word
// found, with every word found in <mark>. All text is escaped; the only
// markup is <mark>. Without words (or matches) it is the start of the
// summary.
func snippet(summary, excerpt string, terms []queryTerm) string {
	for _, text := range []string{summary, excerpt} {
		if text == "" || len(terms) == 0 {
			continue
		}
		if spans := shownMatches(text, terms); len(spans) > 0 {
			return window(text, spans)
		}
	}
	text := summary
	if text == "" {
		text = excerpt
	}
	return window(text, nil)
}

// span is a word found, as byte offsets into the text.
type span struct{ start, end int }

// matches finds the words of text that the query's terms match, the same
// way the index does: same stem, one edit away (for longer words), or
// starting with the last word typed.
func matches(text string, terms []queryTerm) []span {
	var out []span
	words := false
	for _, q := range terms {
		words = words || q.prefix
	}
	for _, t := range analyze(text, words) {
		for _, q := range terms {
			if t.Stem == q.stem ||
				q.prefix && strings.HasPrefix(t.Word, q.word) ||
				q.fuzzy && sameFirst(t.Stem, q.stem) && withinOneEdit(t.Stem, q.stem) ||
				slices.Contains(q.typos, t.Stem) {
				out = append(out, span{t.Start, t.End})
				break
			}
		}
	}
	return out
}

// shownMatches returns the spans of matches(text, terms) that window
// shows, and maybe others: those of the start of text when the first
// span and the window around it are there (what the analysis of a long
// excerpt mostly reads for nothing), else all of them.
func shownMatches(text string, terms []queryTerm) []span {
	// The start cut at a space: its words are analysed as in the
	// whole text.
	cut := 2 * snippetBytes
	if cut >= len(text) {
		return matches(text, terms)
	}
	if i := strings.IndexAny(text[cut:], " \n"); i >= 0 {
		cut += i
	} else {
		return matches(text, terms)
	}
	spans := matches(text[:cut], terms)
	if len(spans) == 0 {
		spans = matches(text[cut:], terms)
		for i := range spans {
			spans[i].start += cut
			spans[i].end += cut
		}
		return spans
	}
	if _, end := bounds(text, spans); end <= cut {
		return spans
	}
	return matches(text, terms)
}

// window cuts text to about snippetBytes around the first span and marks
// the spans inside it.
func window(text string, spans []span) string {
	start, end := bounds(text, spans)
	var b strings.Builder
	if start > 0 {
		b.WriteString("… ")
	}
	at := start
	for _, s := range spans {
		if s.start < at || s.end > end {
			continue
		}
		b.WriteString(html.EscapeString(text[at:s.start]))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(text[s.start:s.end]))
		b.WriteString("</mark>")
		at = s.end
	}
	b.WriteString(html.EscapeString(text[at:end]))
	if end < len(text) {
		b.WriteString(" …")
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// bounds returns where window cuts text: about snippetBytes around the
// first span.
func bounds(text string, spans []span) (start, end int) {
	start, end = 0, len(text)
	if len(text) > snippetBytes {
		if len(spans) > 0 && spans[0].end > snippetBytes*2/3 {
			start = wordStart(text, spans[0].start-snippetBytes/4)
		}
		end = wordEnd(text, start+snippetBytes)
		// A cut where a block ends shows no dash between the block and
		// the "…" (the dash stands between two blocks: see markdown.Plain).
		if start > 0 && strings.HasPrefix(text[start:], blockDash) {
			start += len(blockDash)
		}
		if end < len(text) {
			end = len(strings.TrimSuffix(strings.TrimRight(text[:end], " \n"), " "+strings.TrimSpace(blockDash)))
		}
	}
	return start, end
}

// blockDash is what the plain text of a page puts between two blocks that
// do not end a sentence ("Idea di fondo — Il consorzio").
const blockDash = "— "

// wordStart moves i back to the start of a word (0 at most).
func wordStart(text string, i int) int {
	if i <= 0 {
		return 0
	}
	if j := strings.LastIndexAny(text[:i], " \n"); j >= 0 {
		return j + 1
	}
	return 0
}

// wordEnd moves i forward to the end of a word (len(text) at most).
func wordEnd(text string, i int) int {
	if i >= len(text) {
		return len(text)
	}
	for i < len(text) && !utf8.RuneStart(text[i]) {
		i++
	}
	if j := strings.IndexAny(text[i:], " \n"); j >= 0 {
		return i + j
	}
	return len(text)
}

func sameFirst(a, b string) bool {
	ra, _ := utf8.DecodeRuneInString(a)
	rb, _ := utf8.DecodeRuneInString(b)
	return ra == rb
}

// withinOneEdit reports whether a and b differ by at most one insertion,
// deletion or substitution of a letter.
func withinOneEdit(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > len(rb) {
		ra, rb = rb, ra
	}
	if len(rb)-len(ra) > 1 {
		return false
	}
	i := 0
	for i < len(ra) && ra[i] == rb[i] {
		i++
	}
	if len(ra) == len(rb) {
		return i == len(ra) || string(ra[i+1:]) == string(rb[i+1:])
	}
	return string(ra[i:]) == string(rb[i+1:])
}

// trusted marks a snippet as HTML: snippet escapes all text and adds only
// <mark> elements.
func trusted(s string) template.HTML { return template.HTML(s) } //nolint:gosec // built by snippet
