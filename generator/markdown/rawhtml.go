package markdown

import (
	"bytes"
	"fmt"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"cantiericomuni.it/banca/generator/diag"
)

// Raw HTML is not trusted. bodyChecker removes HTML comments (authors keep
// notes in them) and reports every other piece of HTML; escapedHTMLRenderer
// then shows that HTML as text instead of goldmark's "raw HTML omitted".

var (
	commentOpen  = []byte("<!--")
	commentClose = []byte("-->")
)

// maxOpenTags bounds the tags remembered in a block, so that a block of
// thousands of tags is not searched again for each closing tag.
const maxOpenTags = 32

// rawHTML handles an inline piece of HTML: a tag, a comment, a processing
// instruction, a declaration or a CDATA section.
func (w *checker) rawHTML(n *ast.RawHTML) {
	segs := n.Segments
	if segs == nil || segs.Len() == 0 {
		return
	}
	first, last := segs.At(0), segs.At(segs.Len()-1)
	v := first.Value(w.src)
	if bytes.HasPrefix(v, commentOpen) {
		n.Parent().RemoveChild(n.Parent(), n)
		return
	}
	// One warning for <b>…</b>: a closing tag whose opening tag was
	// reported in the same block is not reported again.
	if blk := blockOf(n); blk != w.tagsIn {
		w.tags, w.tagsIn = w.tags[:0], blk
	}
	name, closing := tagName(v)
	if name != "" {
		if closing {
			for i := len(w.tags) - 1; i >= 0; i-- {
				if w.tags[i] == name {
					w.tags = append(w.tags[:i], w.tags[i+1:]...)
					return
				}
			}
		} else if len(w.tags) < maxOpenTags {
			w.tags = append(w.tags, name)
		}
	}
	w.reportHTML(first.Start, last.Stop-first.Start, v)
}

// htmlBlock handles a block of HTML.
func (w *checker) htmlBlock(n *ast.HTMLBlock) {
	if n.Lines().Len() == 0 {
		return
	}
	if n.HTMLBlockType == ast.HTMLBlockType2 && isLoneComment(n, w.src) {
		n.Parent().RemoveChild(n.Parent(), n)
		return
	}
	first := n.Lines().At(0)
	v := bytes.TrimRight(first.Value(w.src), "\r\n")
	lead := len(v) - len(bytes.TrimLeft(v, " \t"))
	w.reportHTML(first.Start+lead, len(v)-lead, v[lead:])
}

// reportHTML reports the HTML code found at src[off:off+length].
func (w *checker) reportHTML(off, length int, code []byte) {
	w.report(Problem{
		Code: diag.RawHTML, Severity: diag.Warning, Offset: off, Len: length,
		Message: fmt.Sprintf("il testo contiene codice HTML («%s»): per sicurezza viene mostrato come testo", quoteDest(firstLine(code))),
		Fix:     diag.RawHTML.Info().Fix,
	})
}

// isLoneComment reports whether an HTML block of type 2 is one closed
// comment with nothing but spaces after it. An unclosed comment would hide
// the rest of the page, and text after "-->" would vanish: those are shown.
func isLoneComment(n *ast.HTMLBlock, src []byte) bool {
	var all []byte
	for _, s := range blockSegments(n) {
		all = append(all, s.Value(src)...)
	}
	all = bytes.TrimLeft(all, " \t")
	if !bytes.HasPrefix(all, commentOpen) {
		return false
	}
	end := bytes.Index(all[len(commentOpen):], commentClose)
	if end < 0 {
		return false
	}
	return len(bytes.TrimSpace(all[len(commentOpen)+end+len(commentClose):])) == 0
}

// blockSegments returns the lines of an HTML block and its closing line.
func blockSegments(n *ast.HTMLBlock) []text.Segment {
	segs := append([]text.Segment(nil), n.Lines().Sliced(0, n.Lines().Len())...)
	if n.HasClosure() {
		segs = append(segs, n.ClosureLine)
	}
	return segs
}

// tagName returns the lower-case name of the tag that v starts with and
// whether it is a closing tag; "" if v is not a tag.
func tagName(v []byte) (name string, closing bool) {
	if len(v) < 2 || v[0] != '<' {
		return "", false
	}
	i := 1
	if v[1] == '/' {
		closing = true
		i++
	}
	j := i
	for j < len(v) && (isASCIILetter(v[j]) || j > i && (v[j] >= '0' && v[j] <= '9' || v[j] == '-')) {
		j++
	}
	return string(bytes.ToLower(v[i:j])), closing
}

func isASCIILetter(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }

// firstLine returns v up to its first newline.
func firstLine(v []byte) []byte {
	if i := bytes.IndexByte(v, '\n'); i >= 0 {
		v = v[:i]
	}
	return bytes.TrimRight(v, "\r")
}

// blockOf returns the nearest block ancestor of an inline node.
func blockOf(n ast.Node) ast.Node {
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock || p.Type() == ast.TypeDocument {
			return p
		}
	}
	return nil
}

// escapedHTMLRenderer renders raw HTML as visible, escaped text: an HTML
// block as a paragraph, inline HTML in place.
type escapedHTMLRenderer struct{}

var _ renderer.NodeRenderer = escapedHTMLRenderer{}

// RegisterFuncs implements renderer.NodeRenderer.
func (escapedHTMLRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindHTMLBlock, renderHTMLBlock)
	reg.Register(ast.KindRawHTML, renderRawHTML)
}

func renderHTMLBlock(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	segs := blockSegments(node.(*ast.HTMLBlock))
	_, _ = w.WriteString("<p>")
	for i, s := range segs {
		v := s.Value(source)
		if i == len(segs)-1 {
			v = bytes.TrimRight(v, "\r\n")
		}
		_, _ = w.Write(util.EscapeHTML(v))
	}
	_, _ = w.WriteString("</p>\n")
	return ast.WalkSkipChildren, nil
}

func renderRawHTML(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		segs := node.(*ast.RawHTML).Segments
		for i := 0; i < segs.Len(); i++ {
			s := segs.At(i)
			_, _ = w.Write(util.EscapeHTML(s.Value(source)))
		}
	}
	return ast.WalkSkipChildren, nil
}
