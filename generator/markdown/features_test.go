package markdown

import (
	"slices"
	"testing"
)

// TestFeatures lists the constructs of small bodies: each must be named,
// and a body without it must not name it.
func TestFeatures(t *testing.T) {
	tests := []struct {
		name, body string
		want       []string
		not        []string
	}{
		{"paragraph", "Solo testo.", []string{"Document", "Paragraph", "Text"}, []string{"Heading", "List"}},
		{"table", "| a | b |\n|:--|--:|\n| 1 | 2 |", []string{"Table", "TableHeader", "TableRow", "TableCell"}, nil},
		{"task list", "- [ ] da fare\n- [x] fatto", []string{"List", "List ul", "ListItem", "TaskCheckBox"}, []string{"List ol"}},
		{"ordered list", "1. uno\n2. due", []string{"List ol"}, []string{"List ul", "TaskCheckBox"}},
		{"footnote", "Testo[^1].\n\n[^1]: La nota.", []string{"Footnote", "FootnoteLink", "FootnoteBacklink", "FootnoteList"}, nil},
		{"headings", "## Due\n\n### Tre", []string{"Heading", "Heading h2", "Heading h3"}, []string{"Heading h1"}},
		{"code", "```go\nx := 1\n```\n\n    rientrato\n\nE `in linea`.", []string{"FencedCodeBlock", "CodeBlock", "CodeSpan"}, nil},
		{"quote and rule", "> citazione\n\n---", []string{"Blockquote", "ThematicBreak"}, nil},
		{"emphasis", "*corsivo* e **grassetto** e ~~barrato~~", []string{"Emphasis em", "Emphasis strong", "Strikethrough"}, nil},
		{"typographer", `Le "virgolette" -- e... anche`, []string{"String"}, nil},
		{"links", "[a](/x/) e https://www.esempio.it e ![foto](f.png)\n\n[rif]: /y/", []string{"Link", "AutoLink", "Image", "LinkReferenceDefinition"}, nil},
		{"raw html", "Testo <b>grassetto</b>.", []string{"RawHTML"}, nil},
		{"html comment dropped", "Testo <!-- nota --> qui.", nil, []string{"RawHTML"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Features([]byte(tt.body))
			if !slices.IsSorted(got) || len(slices.Compact(slices.Clone(got))) != len(got) {
				t.Errorf("non ordinati o ripetuti: %v", got)
			}
			for _, w := range tt.want {
				if !slices.Contains(got, w) {
					t.Errorf("manca %q in %v", w, got)
				}
			}
			for _, n := range tt.not {
				if slices.Contains(got, n) {
					t.Errorf("%q non c'è, ma è in %v", n, got)
				}
			}
		})
	}
}
