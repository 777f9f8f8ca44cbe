// Package content loads the bank's Markdown: it walks the content folder,
// splits each file's front matter (YAML between --- or TOML between +++),
// keeps the position of every key and value,
// checks the front matter against the schema and turns every file into a
// Page. It reports every problem with file:line:column and goes on, so that
// one build shows all of them.
package content

import (
	"html/template"
	"sort"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/schema"
)

// Page is one Markdown file of the bank.
type Page struct {
	// File is the path relative to the content folder, with slashes:
	// "opportunita/bando-estate.md" or "pratiche/orti/index.md".
	File string
	// Display is the path shown in messages ("content/opportunita/bando-estate.md").
	Display string
	// Section is the first folder of File ("opportunita").
	Section string
	// Slug is the last URL segment, from the slug field or the file name.
	Slug string
	// URL is the page's site path, "/<section>/<slug>/".
	URL string
	// Bundle is true for <section>/<name>/index.md; Attachments then lists
	// the other files of the folder (content-relative paths).
	Bundle      bool
	Attachments []string

	// Source is the whole file; Body is the Markdown after the front
	// matter, starting at byte BodyOffset of Source.
	Source     []byte
	Body       []byte
	BodyOffset int
	// Hash identifies the bytes of the file within one process: the
	// incremental rebuild of the preview compares it to see what changed.
	Hash uint64
	// Front is the decoded front matter with positions; Params its values
	// typed by the schema.
	Front  *schema.Doc
	Params schema.Values

	Title string
	// WrittenTitle is the title as the file writes it, when the site
	// shows it otherwise ("Cantiere Ferrara", shown "Cantiere di
	// Ferrara": schema title_place); "" when they are the same. A
	// reference may name the page by either.
	WrittenTitle string
	Date         time.Time
	Lastmod      time.Time // zero when absent
	Draft        bool
	// Summary is the front matter summary, or the first paragraph of the
	// body once converted (SummaryFromBody is then true).
	Summary         string
	SummaryFromBody bool
	Authors         []string
	// Aliases are the page's old addresses, normalised (NormaliseAlias:
	// the Path of each); AliasRaw says how each was written, to find its
	// line.
	Aliases  []string
	AliasRaw []string
	Weight   int
	// Deadline is the date that closes the page in its section's
	// lifecycle (schema.Lifecycle.Closes: an opportunity's deadline, an
	// event's end), nil when it has none; Start is an event's start and
	// Done an action's done flag.
	Deadline *schema.Date
	Start    *schema.Date
	Done     bool
	// TermValues maps a taxonomy key to the page's values, as declared.
	TermValues map[string][]string

	// Filled by the markdown stage.
	Content  template.HTML
	Plain    string
	Headings []Heading

	// reread, set when the page was offloaded (offload.go), reads its
	// file again.
	reread *rereader

	// lines holds the offset of the start of every line of Source, made
	// on the first call of Pos or Line: a file with thousands of
	// problems is then not scanned from its start for each of them.
	lines *lineIndex
}

// lineIndex caches the line starts of a page's Source. It sits behind a
// pointer so that a Page can be copied (the indexer takes a shallow copy).
type lineIndex struct{ starts atomic.Pointer[[]int] }

// Heading is an h2 or h3 of the body, with its id (for a table of contents).
type Heading struct {
	Level int
	ID    string
	Text  string
}

// Release drops what only the checks and the Markdown conversion need —
// the file's bytes and the front matter's positions — once the page is
// converted: a large site keeps less memory alive while it is rendered and
// indexed. Positions (Pos, Line, EntryPos) are meaningless afterwards.
func (p *Page) Release() {
	p.Source, p.Body, p.Front = nil, nil, nil
	p.lines = nil
}

// Pos returns the file position of byte offset off in the body.
func (p *Page) Pos(off int) diag.Pos {
	p.source() // an offloaded page reads its file again
	off = min(max(p.BodyOffset+off, 0), len(p.Source))
	starts := p.lineStarts()
	i := sort.SearchInts(starts, off+1) - 1 // the last line starting at or before off
	return diag.Pos{Line: i + 1, Col: utf8.RuneCount(p.Source[starts[i]:off]) + 1}
}

// Line returns the text of line n of the file.
func (p *Page) Line(n int) string {
	p.source() // an offloaded page reads its file again
	starts := p.lineStarts()
	if n < 1 || n > len(starts) {
		return ""
	}
	return diag.SourceLine(p.Source[starts[n-1]:], 1)
}

// lineStarts returns the offset at which every line of Source starts.
func (p *Page) lineStarts() []int {
	if p.lines != nil {
		if l := p.lines.starts.Load(); l != nil {
			return *l
		}
	}
	starts := []int{0}
	for i, c := range p.Source {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	if p.lines != nil { // made by Load; pages made otherwise scan each time
		p.lines.starts.Store(&starts)
	}
	return starts
}

// Diag completes d with the page's file and the offending source line.
func (p *Page) Diag(d diag.Diagnostic) diag.Diagnostic {
	d.File = p.Display
	if d.Pos.Line > 0 && d.Source == "" {
		d.Source = p.Line(d.Pos.Line)
	}
	return d
}

// EntryPos returns the position of the value of key in the front matter
// (the key itself when the value has no position), or line 1.
func (p *Page) EntryPos(key string) (diag.Pos, int) {
	if e := p.front().Get(key); e != nil {
		if e.Value.Pos.Line > 0 {
			return e.Value.Pos, e.Value.Span
		}
		return e.KeyPos, len(key)
	}
	return diag.Pos{Line: 1}, 1
}

// ItemPos returns the position of the list item of key whose text is value.
func (p *Page) ItemPos(key, value string) (diag.Pos, int) {
	e := p.front().Get(key)
	if e == nil {
		return diag.Pos{Line: 1}, 1
	}
	for _, it := range e.Value.Items {
		if it.Text == value {
			return it.Pos, it.Span
		}
	}
	return e.Value.Pos, e.Value.Span
}
