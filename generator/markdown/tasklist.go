package markdown

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// taskList is GFM's task lists ("- [x] Contattare la scuola") without
// form controls. Goldmark's own renders a disabled checkbox without a
// label: a form field that screen readers announce with no name, and that
// nobody can tick anyway. Here an item is text: a check mark drawn by the
// stylesheet and hidden from screen readers, then its state in words that
// only they read ("Fatto:", "Da fare:"), then the item:
//
//	<ul class="compiti">
//	<li class="compito compito-fatto"><span class="compito-segno" aria-hidden="true"></span><span class="vh">Fatto: </span>Contattare la scuola</li>
//
// A reader with a screen reader hears "Fatto: Contattare la scuola", one
// who sees gets a ticked box; the list itself stays a list.
type taskList struct{}

var _ goldmark.Extender = taskList{}

// Extend implements goldmark.Extender: goldmark's parser of "[ ]" and
// "[x]", the classes of the list and its items, and the marker.
func (taskList) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithInlineParsers(util.Prioritized(extension.NewTaskCheckBoxParser(), 0)),
		parser.WithASTTransformers(util.Prioritized(taskClasses{}, 2100)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(taskMarker{}, 500)))
}

// taskClasses is the ASTTransformer that marks the items of task lists
// and their lists with the classes the stylesheet knows.
type taskClasses struct{}

// Transform implements parser.ASTTransformer.
func (taskClasses) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		box, ok := n.(*extast.TaskCheckBox)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		// The parser makes one only as the first child of an item's
		// first block: TaskCheckBox → TextBlock or Paragraph → ListItem.
		item := box.Parent().Parent()
		class := "compito"
		if box.IsChecked {
			class += " compito-fatto"
		}
		item.SetAttributeString("class", []byte(class))
		if list := item.Parent(); list != nil {
			list.SetAttributeString("class", []byte("compiti"))
		}
		return ast.WalkSkipChildren, nil
	})
}

// taskMarker renders a task's state: the mark for the eyes, the words for
// screen readers.
type taskMarker struct{}

// RegisterFuncs implements renderer.NodeRenderer.
func (taskMarker) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(extast.KindTaskCheckBox, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		state := "Da fare: "
		if n.(*extast.TaskCheckBox).IsChecked {
			state = "Fatto: "
		}
		_, _ = w.WriteString(`<span class="compito-segno" aria-hidden="true"></span><span class="vh">` + state + `</span>`)
		return ast.WalkContinue, nil
	})
}
