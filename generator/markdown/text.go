package markdown

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/util"
)

// summaryWords is about how many words a summary keeps, and summaryChars
// how many characters at most: 60 words of Italian make about 400 (800
// leave room for long ones), and a paragraph of long "words" (an
// address, a row of dashes, 60 KB without a space) would otherwise go
// whole into every list, feed and search result that shows the page.
const (
	summaryWords = 60
	summaryChars = 800
)

// textMode says which inline text is wanted.
type textMode int

const (
	// textPlain is for the search index: link texts, image alt texts and
	// code, but no bare URLs.
	textPlain textMode = iota
	// textSummary is what a reader sees of a paragraph, without images.
	textSummary
	// textAlt is an image's alternative text.
	textAlt
)

// extractText fills res.Plain, res.Summary and res.Headings from the AST.
func extractText(doc ast.Node, src []byte, res *Result) {
	var plain textWriter
	plain.b.Grow(len(src))
	var tw textWriter
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			plain.endBlock()
			writeInline(&plain, n, src, textPlain)
			if n.Level == 2 || n.Level == 3 {
				tw.reset()
				writeInline(&tw, n, src, textPlain)
				id, _ := n.AttributeString("id")
				idb, _ := id.([]byte)
				res.Headings = append(res.Headings, Heading{Level: n.Level, ID: string(idb), Text: tw.String()})
			}
			return ast.WalkSkipChildren, nil
		case *ast.Paragraph, *ast.TextBlock, *extast.TableCell:
			plain.endBlock()
			writeInline(&plain, n, src, textPlain)
			if res.Summary == "" && n.Kind() == ast.KindParagraph && n.Parent() == doc {
				tw.reset()
				writeInline(&tw, n, src, textSummary)
				res.Summary = cutChars(cutWords(tw.String(), summaryWords), summaryChars)
			}
			return ast.WalkSkipChildren, nil
		case *ast.HTMLBlock, *ast.CodeBlock, *ast.FencedCodeBlock, *ast.ThematicBreak:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	res.Plain = plain.String()
}

// inlineText returns the text of n's inline descendants.
func inlineText(n ast.Node, src []byte, mode textMode) string {
	var tw textWriter
	writeInline(&tw, n, src, mode)
	return tw.String()
}

// writeInline writes the text of n's inline descendants to tw.
func writeInline(tw *textWriter, n ast.Node, src []byte, mode textMode) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			v := c.Segment.Value(src)
			if !c.IsRaw() {
				v = unescape(v)
			}
			tw.write(v)
			if c.SoftLineBreak() || c.HardLineBreak() {
				tw.write(space)
			}
		case *ast.String:
			if c.IsCode() || c.IsRaw() {
				tw.write(c.Value)
			} else {
				tw.write(unescape(c.Value))
			}
		case *ast.RawHTML:
			// shown as text but not text: a tag that breaks the line
			// still separates words.
			if segs := c.Segments; segs.Len() > 0 {
				first := segs.At(0)
				if name, _ := tagName(first.Value(src)); breakingTags[name] {
					tw.write(space)
				}
			}
		case *ast.AutoLink:
			if mode != textPlain || c.AutoLinkType == ast.AutoLinkEmail {
				tw.write(c.Label(src))
			}
		case *ast.Image:
			if mode != textSummary {
				writeInline(tw, c, src, mode)
			}
		default:
			writeInline(tw, c, src, mode)
		}
	}
}

var space = []byte(" ")

// breakingTags are the HTML elements that separate words.
var breakingTags = map[string]bool{
	"br": true, "p": true, "div": true, "li": true, "td": true, "th": true,
	"tr": true, "hr": true, "img": true, "h1": true, "h2": true, "h3": true,
	"h4": true, "h5": true, "h6": true, "ul": true, "ol": true, "table": true,
}

// unescape resolves backslash escapes and character references, as
// goldmark's renderer does when it writes a text.
func unescape(v []byte) []byte {
	if bytes.IndexByte(v, '\\') >= 0 {
		v = util.UnescapePunctuations(v)
	}
	if bytes.IndexByte(v, '&') >= 0 {
		v = util.ResolveEntityNames(util.ResolveNumericReferences(v))
	}
	return v
}

// cutWords returns s if it has at most n words, else its first n words,
// without trailing punctuation, and "…".
func cutWords(s string, n int) string {
	words := 0
	inWord := false
	for i, r := range s {
		if r == ' ' || r == '\n' {
			inWord = false
			continue
		}
		if !inWord {
			inWord = true
			if words++; words > n {
				return strings.TrimRight(s[:i], " \n,;:.–—-") + "…"
			}
		}
	}
	return s
}

// cutChars returns s if it has at most n characters, else its beginning
// up to the last space within them (or all n when the last space is far
// back), without trailing punctuation, and "…".
func cutChars(s string, n int) string {
	if len(s) <= n {
		return s
	}
	count := 0
	for i := range s {
		if count == n {
			cut := s[:i]
			if sp := strings.LastIndexAny(cut, " \n"); sp > len(cut)*3/4 {
				cut = cut[:sp]
			}
			return strings.TrimRight(strings.TrimSuffix(cut, "…"), " \n,;:.–—-") + "…"
		}
		count++
	}
	return s
}

// textWriter accumulates plain text with runs of white space collapsed to
// one space, or to one newline between blocks, and none at either end.
type textWriter struct {
	b strings.Builder
	// pending is the separator to write before the next character.
	pending byte
}

func (t *textWriter) write(p []byte) {
	for len(p) > 0 {
		if isWhite(p[0]) {
			if t.pending == 0 && t.b.Len() > 0 {
				t.pending = ' '
			}
			p = p[1:]
			continue
		}
		// A run of other characters is copied at once.
		n := 1
		for n < len(p) && !isWhite(p[n]) {
			n++
		}
		if t.pending != 0 {
			t.b.WriteByte(t.pending)
			t.pending = 0
		}
		t.b.Write(p[:n])
		p = p[n:]
	}
}

// isWhite reports whether c is white space for textWriter.
func isWhite(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\r', '\f', '\v':
		return true
	}
	return false
}

// endBlock ends a block: the next text starts on a new line. A block that
// does not end a sentence (a heading, a list item, a table cell) gets
// " —" first, so that text which joins the lines with spaces, as search
// snippets do, never runs a heading into its paragraph.
func (t *textWriter) endBlock() {
	if t.b.Len() == 0 {
		return
	}
	if !endsSentence(t.b.String()) {
		t.b.WriteString(" —")
	}
	t.pending = '\n'
}

// endsSentence reports whether s ends with punctuation that closes a
// sentence or a clause (. ! ? … : ; or a dash), possibly followed by
// closing quotes or brackets.
func endsSentence(s string) bool {
	for len(s) > 0 {
		r, size := utf8.DecodeLastRuneInString(s)
		switch r {
		case '"', '\'', '”', '’', '»', ')', ']', '*', '_':
			s = s[:len(s)-size]
			continue
		case '.', '!', '?', '…', ':', ';', '—', '–', '-':
			return true
		}
		return false
	}
	return false
}

func (t *textWriter) reset() { t.b.Reset(); t.pending = 0 }

func (t *textWriter) String() string { return t.b.String() }
