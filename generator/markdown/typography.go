package markdown

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// elisionParser turns the straight apostrophe of Italian elisions into ’
// where goldmark's typographer would leave it straight or take it for an
// opening quote: before a digit (dell'80%, l'8 marzo) and in front of a
// decade (anni '90). Between two letters (l'acqua) the typographer already
// does it; this parser does it first, which is the same. Anything else it
// leaves to the typographer, which runs next, except long runs of quotes
// (see quoteRun).
type elisionParser struct{}

var _ parser.InlineParser = elisionParser{}

var apostrophe = []byte("’")

// Trigger implements parser.InlineParser.
func (elisionParser) Trigger() []byte { return []byte{'\'', '"'} }

// quoteRun is the length from which a run of quotes stays as written. The
// typographer scans the rest of a run at each quote of it, which makes a
// long run quadratic (80 KB of quotes took 0.8 s).
const quoteRun = 4

// Parse implements parser.InlineParser.
func (elisionParser) Parse(_ ast.Node, block text.Reader, _ parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if len(line) == 0 {
		return nil
	}
	if n := runLength(line); n >= quoteRun {
		block.Advance(n)
		return ast.NewTextSegment(seg.WithStop(seg.Start + n))
	}
	if line[0] != '\'' {
		return nil
	}
	before := block.PrecendingCharacter()
	if before == '*' || before == '_' {
		// *dell*'anno: look through the emphasis delimiters.
		before = letterBeforeDelims(block)
	}
	next, _ := utf8.DecodeRune(line[1:])
	switch {
	case unicode.IsLetter(before) && (unicode.IsLetter(next) || unicode.IsDigit(next)):
		// l'acqua, dell'80%
	case unicode.IsLetter(before) && (len(line) == 1 || unicode.IsSpace(next) || unicode.IsPunct(next)):
		// un po', at the end of a line too, where the typographer
		// leaves it straight when no quote is open; after a letter it
		// is ’ whether it ends a word or closes a quote
	case !unicode.IsLetter(before) && !unicode.IsDigit(before) && isDecade(line[1:]):
		// anni '90
	default:
		return nil
	}
	block.Advance(1)
	s := ast.NewString(apostrophe)
	s.SetCode(true)
	return s
}

// isDecade reports whether v starts with exactly two digits not followed by
// a letter or digit ("90", "90,"; not "900", "90s": the typographer knows
// the English '90s).
func isDecade(v []byte) bool {
	if len(v) < 2 || !isDigit(v[0]) || !isDigit(v[1]) {
		return false
	}
	if len(v) == 2 {
		return true
	}
	r, _ := utf8.DecodeRune(v[2:])
	return !unicode.IsLetter(r) && !unicode.IsDigit(r)
}

// runLength returns how many times line[0] is repeated at its start.
func runLength(line []byte) int {
	n := 1
	for n < len(line) && line[n] == line[0] {
		n++
	}
	return n
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// letterBeforeDelims returns the character before the run of emphasis
// delimiters ("*", "_") that ends just before the reader's position.
func letterBeforeDelims(block text.Reader) rune {
	src := block.Source()
	_, seg := block.Position()
	i := seg.Start - 1
	for i >= 0 && i > seg.Start-8 && (src[i] == '*' || src[i] == '_') {
		i--
	}
	if i < 0 || src[i] == '*' || src[i] == '_' {
		return ' '
	}
	j := i
	for j > 0 && !utf8.RuneStart(src[j]) {
		j--
	}
	r, _ := utf8.DecodeRune(src[j : i+1])
	return r
}

// plainParser reads one line of plain text (a title, a field of the front
// matter) with nothing but the typographic rules of bodies: the elision
// apostrophe and goldmark's typographer, with the same substitutions. No
// other syntax is recognised, so "*", "#", "[" or "1." stay as written.
var plainParser = parser.NewParser(
	parser.WithBlockParsers(util.Prioritized(parser.NewParagraphParser(), 100)),
	parser.WithInlineParsers(
		util.Prioritized(elisionParser{}, 9990),
		util.Prioritized(extension.NewTypographerParser(extension.WithTypographicSubstitutions(typography)), 9999),
	),
)

// Smarten gives plain text (titles, summaries and text fields of the front
// matter) the typography of bodies: “ ” and ‘ ’ quotes, ’ for apostrophes
// (l’acqua, l’8 marzo, anni ’90), – for --, — for ---, … for ..., « » for
// << >>, and a no-break space between a number and its unit (30.000 €,
// € 500, 20 km). Each line is read on its own; e-mail and web addresses
// are left as they are. The result is text, not HTML: it is escaped where
// it is shown, like any other text.
func Smarten(s string) string {
	if !typographic(s) && !hasUnitSpace(s) {
		return s
	}
	lines := strings.Split(s, "\n")
	for i, line := range lines {
		lines[i] = smartenLine(line)
	}
	return strings.Join(lines, "\n")
}

// smartenLine typesets one line, keeping its leading and trailing spaces
// and the words that are addresses.
func smartenLine(line string) string {
	var b strings.Builder
	rest := line
	for rest != "" {
		i, j := addressWord(rest)
		if i < 0 {
			b.WriteString(typeset(rest))
			break
		}
		b.WriteString(typeset(rest[:i]))
		b.WriteString(rest[i:j])
		rest = rest[j:]
	}
	return unitSpaces(b.String())
}

// addressWord finds the first word of s that is an e-mail or web address
// (it holds "@" or "://", or starts with "www."), as [i, j) in bytes; i is
// -1 when there is none.
func addressWord(s string) (int, int) {
	start := -1
	for i, r := range s + " " {
		if unicode.IsSpace(r) || strings.ContainsRune("()<>«»\"", r) {
			if start >= 0 {
				w := s[start:i]
				if strings.Contains(w, "@") || strings.Contains(w, "://") || strings.HasPrefix(strings.ToLower(w), "www.") {
					return start, i
				}
				start = -1
			}
			continue
		}
		if start < 0 {
			start = i
		}
	}
	return -1, -1
}

// typographic reports whether s has anything the typographic rules change:
// a quote, or one of -- ... << >>.
func typographic(s string) bool {
	return strings.ContainsAny(s, `'"`) || strings.Contains(s, "--") || strings.Contains(s, "..") ||
		strings.Contains(s, "<<") || strings.Contains(s, ">>")
}

// onlyElisions reports whether every character the typographic rules
// change in s is an apostrophe between a letter and a letter or digit
// (dell'anno, l'8), which both parsers turn into ’ whatever surrounds it:
// the common case, done without parsing.
func onlyElisions(s string) bool {
	if strings.ContainsAny(s, `"<>`) || strings.Contains(s, "--") || strings.Contains(s, "..") {
		return false
	}
	for i := strings.IndexByte(s, '\''); i >= 0; {
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		next, _ := utf8.DecodeRuneInString(s[i+1:])
		if i == 0 || !unicode.IsLetter(before) || !(unicode.IsLetter(next) || unicode.IsDigit(next)) {
			return false
		}
		j := strings.IndexByte(s[i+1:], '\'')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return true
}

// typeset runs the typographic rules over text with no line break.
func typeset(s string) string {
	core := strings.TrimSpace(s)
	if !typographic(core) {
		return s
	}
	if onlyElisions(core) {
		return strings.ReplaceAll(s, "'", "’")
	}
	return parsed(s, core)
}

// parsed typesets s, whose text without the surrounding spaces is core,
// with the plain-text parser.
func parsed(s, core string) string {
	lead := s[:strings.Index(s, core)]
	trail := s[len(lead)+len(core):]
	src := []byte(core)
	doc := plainParser.Parse(text.NewReader(src))
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(lead)
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Text:
			b.Write(n.Segment.Value(src))
			if n.SoftLineBreak() || n.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(n.Value)
		}
		return ast.WalkContinue, nil
	})
	b.WriteString(trail)
	return b.String()
}
