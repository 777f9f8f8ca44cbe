package markdown

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// linkify is goldmark's linkify extension (extension.GFM's bare-URL
// autolinks), limited to http: and https: (a bare ftp:// stays text
// instead of becoming a link that would then be disabled as unsafe), with
// its parser behind linkifyGate.
type linkify struct{}

// Extend implements goldmark.Extender as extension.Linkify does, with the
// same priority.
func (linkify) Extend(m goldmark.Markdown) {
	inner := extension.NewLinkifyParser(extension.WithLinkifyAllowedProtocols([]string{"http:", "https:"}))
	m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(linkifyGate{inner}, 999)))
}

// linkifyGate asks goldmark's linkify parser only where it can find an
// address. The parser is tried at every space of the text (and at "*",
// "_", "~", "("), and there looks for an e-mail address by scanning the
// word that follows; almost always in vain. From the position it is
// given, past the one trigger character it skips, it finds a web address
// only at "http:", "https:" or "www." (prefixes compared byte by byte),
// and an e-mail address only with an "@" before the end of the line
// (util.FindEmailIndex); elsewhere it returns nil, which the gate returns
// without asking. The trigger characters stay the same: they decide how
// goldmark cuts the text into nodes, which the units (keepUnits) depend
// on. TestLinkifyGate compares the output with and without the gate.
type linkifyGate struct{ inner parser.InlineParser }

var _ parser.InlineParser = linkifyGate{}

// Trigger implements parser.InlineParser.
func (g linkifyGate) Trigger() []byte { return g.inner.Trigger() }

var (
	prefixHTTP  = []byte("http:")
	prefixHTTPS = []byte("https:")
	prefixWWW   = []byte("www.")
)

// Parse implements parser.InlineParser.
func (g linkifyGate) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if len(line) == 0 {
		return g.inner.Parse(parent, block, pc)
	}
	rest := line
	switch rest[0] {
	case ' ', '*', '_', '~', '(':
		rest = rest[1:]
	}
	if len(rest) > 0 && (rest[0] == 'h' || rest[0] == 'w') &&
		(bytes.HasPrefix(rest, prefixHTTP) || bytes.HasPrefix(rest, prefixHTTPS) || bytes.HasPrefix(rest, prefixWWW)) {
		return g.inner.Parse(parent, block, pc)
	}
	if st, _ := pc.Get(stateKey).(*convertState); st == nil || st.atBefore(block.Source(), seg.Start, seg.Stop) {
		return g.inner.Parse(parent, block, pc)
	}
	return nil
}

// atBefore reports whether src[from:to] holds an "@". Queries come in the
// order of the text, so the next "@" found is kept for the next ones.
func (st *convertState) atBefore(src []byte, from, to int) bool {
	if from < st.atFrom || (st.atNext >= 0 && st.atNext < from) {
		st.atFrom, st.atNext = from, -1
		if i := bytes.IndexByte(src[from:], '@'); i >= 0 {
			st.atNext = from + i
		}
	}
	return st.atNext >= 0 && st.atNext < to
}
