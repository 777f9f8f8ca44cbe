package markdown

import (
	"html/template"
	"sort"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// New returns the bank's Converter: one goldmark instance, built once and
// shared by every Convert call, with
//
//   - the GitHub extensions: tables, strikethrough, task lists (as text,
//     without form controls: tasklist.go) and
//     autolinks (bare http:, https:, www. and e-mail addresses);
//   - footnotes, with Italian link titles;
//   - the typographer: “ ” and ‘ ’ quotes, ’ for the apostrophe of elisions
//     (l’acqua, dell’80%, anni ’90), – for --, — for --- and … for ...,
//     and a no-break space between a number and its unit (30.000 €), the
//     same rules that Smarten gives the front matter's text;
//   - heading ids in ASCII with accents folded, unique in each body;
//   - raw HTML shown as text and reported (HTML comments dropped);
//   - links and images checked and rewritten (see Resolver), images lazily
//     loaded and external links marked rel="noopener".
//
// Goldmark's html.WithUnsafe is never set and neither is the attribute
// syntax ({onclick=…}), so the HTML comes only from goldmark's escaping
// renderer.
func New() Converter { return newConverter(linkify{}) }

// newConverter builds New's instance with the given bare-URL autolinks
// (tests compare the gated linkify with goldmark's own).
func newConverter(autolinks goldmark.Extender) *converter {
	md := goldmark.New(
		goldmark.WithExtensions(
			// extension.GFM, with the bare-URL autolinks of linkify.go.
			autolinks,
			// Cell alignment becomes a class (see checker.visit), not a
			// style attribute: the site's content security policy allows
			// no inline styles.
			extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignNone)),
			extension.Strikethrough,
			taskList{},
			extension.NewFootnote(
				extension.WithFootnoteLinkTitle("Vai alla nota ^^"),
				extension.WithFootnoteBacklinkTitle("Torna al testo"),
			),
			extension.NewTypographer(extension.WithTypographicSubstitutions(typography)),
			bank{},
		),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
	)
	return &converter{md: md}
}

// typography is written as characters rather than goldmark's default
// entities (&rsquo;), so the summary and plain text need no decoding.
var typography = map[extension.TypographicPunctuation][]byte{
	extension.LeftSingleQuote:  []byte("‘"),
	extension.RightSingleQuote: []byte("’"),
	extension.LeftDoubleQuote:  []byte("“"),
	extension.RightDoubleQuote: []byte("”"),
	extension.EnDash:           []byte("–"),
	extension.EmDash:           []byte("—"),
	extension.Ellipsis:         []byte("…"),
	extension.LeftAngleQuote:   []byte("«"),
	extension.RightAngleQuote:  []byte("»"),
	extension.Apostrophe:       []byte("’"),
}

// converter is the Converter returned by New.
type converter struct {
	md goldmark.Markdown
}

// convertState is what one Convert call shares with the AST transformer
// through the parser context.
type convertState struct {
	resolver Resolver
	problems []Problem
	// src is the body as written; the parser reads a copy of it where
	// the constructs too costly to parse are masked (see bound).
	src []byte
	// atFrom and atNext say where the next "@" of the parser's source is
	// from atFrom on: atNext, or -1 when there is none (linkify.go).
	atFrom, atNext int
	// linkBytes is what the links seen so far repeat, repeatCuts the
	// links cut for it and repeatAt the index of their problem
	// (repeat.go).
	linkBytes, repeatCuts, repeatAt int
}

// stateKey holds the *convertState of the Convert call in progress.
var stateKey = parser.NewContextKey()

// Convert implements Converter. A nil Resolver leaves internal links as
// written and does not check them.
func (c *converter) Convert(body []byte, r Resolver) Result {
	bd := bound(body)
	st := &convertState{resolver: r, src: body, problems: bd.problems, atFrom: len(body) + 1}
	pc := parser.NewContext(parser.WithIDs(newHeadingIDs()))
	pc.Set(stateKey, st)
	// The masked copy has the same length and the same bytes outside the
	// cuts: the nodes' segments read the body as written.
	doc := c.md.Parser().Parse(text.NewReader(bd.masked), parser.WithContext(pc))

	var out htmlWriter
	out.Grow(len(body) + len(body)/2 + 256)
	// The renderer writes to memory and none of our node renderers fail.
	_ = c.md.Renderer().Render(&out, body, doc)

	res := Result{
		HTML:     template.HTML(out.String()), //nolint:gosec // goldmark's escaping renderer, never WithUnsafe
		Problems: st.problems,
	}
	extractText(doc, body, &res)
	sort.SliceStable(res.Problems, func(i, j int) bool {
		return res.Problems[i].Offset < res.Problems[j].Offset
	})
	return res
}

// htmlWriter is the util.BufWriter the renderer writes to: a
// strings.Builder, so that goldmark does not wrap it in a bufio.Writer and
// the HTML is not copied once more into a string.
type htmlWriter struct{ strings.Builder }

var _ util.BufWriter = (*htmlWriter)(nil)

// Available implements util.BufWriter.
func (w *htmlWriter) Available() int { return w.Cap() - w.Len() }

// Buffered implements util.BufWriter: nothing is held back.
func (w *htmlWriter) Buffered() int { return 0 }

// Flush implements util.BufWriter.
func (w *htmlWriter) Flush() error { return nil }

// bank is the goldmark.Extender that plugs the bank's own pieces into the
// instance: the elision apostrophe, the body checker and the renderer that
// escapes raw HTML.
type bank struct{}

// Extend implements goldmark.Extender.
func (bank) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		// just before the typographer (9999), which handles the rest.
		parser.WithInlineParsers(util.Prioritized(elisionParser{}, 9990)),
		// after the footnote transformer (999) has gathered the notes.
		parser.WithASTTransformers(util.Prioritized(bodyChecker{}, 2000)),
	)
	// A lower number registers last and wins over goldmark's own (1000).
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(escapedHTMLRenderer{}, 100)))
}

// bodyChecker is the ASTTransformer that checks and rewrites links,
// autolinks and images (links.go) and deals with raw HTML (rawhtml.go).
type bodyChecker struct{}

// Transform implements parser.ASTTransformer.
func (bodyChecker) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st, _ := pc.Get(stateKey).(*convertState)
	if st == nil {
		return
	}
	w := &checker{st: st, src: st.src}
	w.walk(doc)
}

// checker walks one document for bodyChecker.
type checker struct {
	st  *convertState
	src []byte
	// tags are the names of the inline HTML tags already reported in the
	// block tagsIn, so that a closing tag is not reported again.
	tags   []string
	tagsIn ast.Node
}

// walk visits the descendants of n. It takes the next sibling before
// visiting a node, so that visit may replace or remove it; a link past
// the budget of what links repeat is replaced by its text, which is then
// visited in its place.
func (w *checker) walk(n ast.Node) {
	for c := n.FirstChild(); c != nil; {
		next := c.NextSibling()
		if w.repeated(c) {
			if first := unwrap(c); first != nil {
				next = first
			}
			c = next
			continue
		}
		if w.visit(c) {
			w.walk(c)
		}
		c = next
	}
}

// visit checks one node and reports whether to visit its children.
func (w *checker) visit(n ast.Node) bool {
	switch n := n.(type) {
	case *ast.Link:
		w.link(n)
	case *ast.Image:
		w.image(n)
	case *ast.AutoLink:
		w.autoLink(n)
		return false
	case *ast.RawHTML:
		w.rawHTML(n)
		return false
	case *ast.HTMLBlock:
		w.htmlBlock(n)
		return false
	case *extast.Table:
		// The stylesheet lets a table wider than the screen scroll
		// sideways inside the text; a keyboard can scroll it only if it
		// takes focus (WCAG 2.1.1, axe's scrollable-region-focusable).
		n.SetAttributeString("tabindex", []byte("0"))
	case *extast.TableCell:
		if c, ok := alignClass[n.Alignment]; ok {
			n.SetAttributeString("class", []byte(c))
		}
	case *ast.Text:
		keepUnits(n, w.src)
		return false
	case *ast.CodeBlock, *ast.FencedCodeBlock, *ast.CodeSpan, *ast.String:
		return false
	}
	return true
}

// alignClass is the class a table cell gets for the alignment written in
// its column's delimiter row (|:--|, |:-:|, |--:|); the site's stylesheet
// aligns them.
var alignClass = map[extast.Alignment]string{
	extast.AlignLeft:   "allinea-sinistra",
	extast.AlignCenter: "allinea-centro",
	extast.AlignRight:  "allinea-destra",
}

// report records a problem, keeping its span inside the body.
func (w *checker) report(p Problem) {
	n := len(w.src)
	p.Offset = min(max(p.Offset, 0), n)
	p.Len = max(min(p.Len, n-p.Offset), 1)
	if p.Offset == n && n > 0 {
		p.Offset, p.Len = n-1, 1
	}
	w.st.problems = append(w.st.problems, p)
}
