package markdown

import (
	"sort"
	"strconv"
	"sync"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// features is the converter Features parses with: the same goldmark
// instance and options as every Convert.
var features = sync.OnceValue(func() *converter { return New().(*converter) })

// Features lists the Markdown constructs a body uses: the names of the
// kinds of goldmark AST nodes in it ("Table", "TaskCheckBox", "Footnote",
// "String" for the typographer's quotes and dashes,
// "LinkReferenceDefinition"…), sorted, each once. The body is parsed as
// Convert parses it (same extensions, same transformers, no Resolver), so
// a construct that an extension added later brings in is listed without
// any change here. A few kinds that render as different elements carry
// that element: "Heading h2", "List ol", "List ul", "Emphasis em",
// "Emphasis strong".
//
// The quality checks (generator/qa) use it to visit a page per construct.
func Features(body []byte) []string {
	c := features()
	pc := parser.NewContext(parser.WithIDs(newHeadingIDs()))
	bd := bound(body)
	pc.Set(stateKey, &convertState{src: body})
	doc := c.md.Parser().Parse(text.NewReader(bd.masked), parser.WithContext(pc))
	seen := map[string]bool{}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			seen[n.Kind().String()] = true
			if v := variant(n); v != "" {
				seen[n.Kind().String()+" "+v] = true
			}
		}
		return ast.WalkContinue, nil
	})
	out := make([]string, 0, len(seen))
	for k := range seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// variant is the HTML element a node becomes, for the kinds that become
// one of several.
func variant(n ast.Node) string {
	switch n := n.(type) {
	case *ast.Heading:
		return "h" + strconv.Itoa(n.Level)
	case *ast.List:
		if n.IsOrdered() {
			return "ol"
		}
		return "ul"
	case *ast.Emphasis:
		if n.Level >= 2 {
			return "strong"
		}
		return "em"
	}
	return ""
}
