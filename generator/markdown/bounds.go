package markdown

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"cantiericomuni.it/banca/generator/diag"
)

// Some Markdown costs goldmark more than its length: the parser scans
// ahead from a construct to find where it ends, and when it never ends
// the scan is repeated for every occurrence. bound finds, in one pass
// over the body, the constructs that would make a file's conversion
// superlinear, and masks one byte of each (in a copy), so that goldmark
// parses it as plain text. Convert parses the masked copy but renders
// and extracts text from the original body, whose bytes are the same
// everywhere else: a construct cut this way shows as the text the author
// wrote. Each cut is reported once per block with its line.
//
// The limits, and the cost each one bounds (figures in README,
// generator/bench/hostile-markdown):
//
//   - inline links: goldmark scans from every "](" to the end of the
//     destination (the next space, or the end of the line) and then of the
//     title (its closing quote or parenthesis, anywhere in the paragraph).
//     A "](" whose scan would pass maxLinkScan bytes is cut, and so is any
//     scan over cheapLinkScan once a block has spent linkBudget;
//   - nesting: every block quote or list marker at the start of a line
//     makes goldmark measure the line again from its start; markers past
//     maxDepth are cut;
//   - footnotes: every reference is looked up among all definitions;
//     references are cut once they would make more than
//     maxFootnoteLookups comparisons;
//   - tables: a row with fewer cells than the header is filled with empty
//     ones, so a header of thousands of columns over thousands of short
//     lines makes millions of cells (an 8 KB table: 20 MB of HTML). The
//     cells a file's tables may have beyond what they write are bounded
//     (tableBudget); a table past it is cut at its delimiter row and
//     shows as the text it is.
//
// A link reference definition is repeated, destination and title, by
// every link that uses it: bounded in checker.repeated, after parsing.
const (
	maxLinkScan        = 4 << 10
	cheapLinkScan      = 64
	maxDepth           = 16
	maxFootnoteLookups = 2_000_000
)

// tableBudget is how many cells the tables of a body of n bytes may have
// in all, counting a column for every line after each delimiter row.
func tableBudget(n int) int { return n/2 + 64<<10 }

// linkBudget is what a block of n bytes may spend scanning for the ends
// of its links before the longer scans are cut.
func linkBudget(n int) int { return 32*n + 64<<10 }

// maskByte replaces a cut byte: a letter, which starts no construct.
const maskByte = 'x'

// bounded is the result of bound.
type bounded struct {
	// masked is the body goldmark parses: body itself when nothing was
	// cut, else a copy with the cut bytes masked.
	masked   []byte
	problems []Problem
	// linkScan estimates the bytes goldmark scans for link ends in masked,
	// for tests.
	linkScan int
}

// bound finds the superlinear constructs of body (see the limits above).
func bound(body []byte) bounded {
	b := &bounder{src: body, masked: body}
	b.scan()
	return bounded{masked: b.masked, problems: b.problems, linkScan: b.linkScan}
}

type bounder struct {
	src, masked []byte
	problems    []Problem
	linkScan    int
	// the block being scanned: a run of non-blank lines.
	blockStart, blockEnd int
	blockSpent           int
	// linkCut is the first cut link of the block (-1: none) and links
	// the number cut.
	linkCut, linkCuts int
	// next caches, for each byte searched (searched), the next occurrence
	// found in the block (-1: not searched yet), so that repeated
	// searches stay linear.
	next [len(searched)]int
	// fence is the open code fence ("```", "~~~~"), nil outside code.
	fence []byte
	// footnote references (the offset of their "^") and definitions.
	fnRefs []int
	fnDefs int
	// tableCells is what the tables seen so far cost (see tableBudget).
	tableCells int
}

// mask replaces the byte at off in the parsed copy.
func (b *bounder) mask(off int) {
	if &b.masked[0] == &b.src[0] {
		b.masked = bytes.Clone(b.src)
	}
	b.masked[off] = maskByte
}

func (b *bounder) scan() {
	src := b.src
	for start := 0; start < len(src); {
		// A block: lines up to the next blank line.
		end := start
		for end < len(src) {
			eol := lineEnd(src, end)
			if isBlank(src[end:eol]) {
				break
			}
			end = min(eol+1, len(src))
		}
		if end > start {
			b.block(start, end)
		}
		// Skip the blank lines.
		for end < len(src) {
			eol := lineEnd(src, end)
			if !isBlank(src[end:eol]) {
				break
			}
			end = min(eol+1, len(src))
		}
		start = end
	}
	b.footnotes()
}

// block scans the block src[start:end].
func (b *bounder) block(start, end int) {
	src := b.src
	b.blockStart, b.blockEnd, b.blockSpent = start, end, 0
	b.linkCut, b.linkCuts = -1, 0
	for i := range b.next {
		b.next[i] = -1
	}
	// Lines of the block left after the current one: the rows a table
	// starting here may have.
	left := bytes.Count(src[start:end], []byte("\n"))
	if src[end-1] != '\n' {
		left++
	}
	prev := -1     // where the content of the previous line starts
	table := false // a table was found: the rest of the block is its rows
	for line := start; line < end; {
		eol := lineEnd(src, line)
		left--
		if b.fenced(line, eol) {
			line, prev = eol+1, -1
			continue // code is not parsed for links or nesting
		}
		content := b.depth(line, eol)
		if prev >= 0 && !table {
			table = b.table(prev, content, eol, left)
		}
		prev = content
		if footnoteDef(src[content:eol]) {
			b.fnDefs++
			content += 2 // its own "[^" is no reference
		}
		for i := content; i < eol; i++ {
			switch src[i] {
			case '\\':
				i++ // an escaped character starts nothing
			case ']':
				if i+1 < eol && src[i+1] == '(' {
					b.link(i, eol)
				}
			case '[':
				if i+1 < eol && src[i+1] == '^' {
					b.fnRefs = append(b.fnRefs, i+1)
				}
			}
		}
		line = eol + 1
	}
	if b.linkCuts > 0 {
		more := ""
		if b.linkCuts > 1 {
			more = fmt.Sprintf(" (e altri %s nello stesso paragrafo)", number(b.linkCuts-1))
		}
		b.problems = append(b.problems, Problem{
			Code: diag.LinkUnclosed, Severity: diag.Warning, Offset: b.linkCut, Len: 2,
			Message: fmt.Sprintf("qui «](» apre un collegamento che non si chiude entro %s caratteri%s: è mostrato come testo", number(maxLinkScan), more),
			Fix:     diag.LinkUnclosed.Info().Fix,
		})
	}
}

// table weighs the table whose delimiter row would be src[row:eol], under
// the header that starts at head (the line before), with up to rows lines
// after it, and cuts it when its cells pass the budget of the file: each
// of those lines may be a row of as many cells as the header, written or
// not. It reports whether a table that was not cut starts there.
func (b *bounder) table(head, row, eol, rows int) bool {
	cols := delimiterCells(b.src[row:eol])
	if cols == 0 || cells(b.src[head:lineEnd(b.src, head)]) != cols {
		return false
	}
	cost := cols * max(rows, 1)
	if b.tableCells+cost <= tableBudget(len(b.src)) {
		b.tableCells += cost
		return true
	}
	dash := row + bytes.IndexByte(b.src[row:eol], '-')
	b.mask(dash)
	b.problems = append(b.problems, Problem{
		Code: diag.TableTooLarge, Severity: diag.Warning, Offset: dash, Len: 1,
		Message: fmt.Sprintf("questa tabella ha %s colonne e fino a %s righe: con le altre tabelle della pagina passerebbe %s celle, quindi è mostrata come testo",
			number(cols), number(rows), number(tableBudget(len(b.src)))),
		Fix: diag.TableTooLarge.Info().Fix,
	})
	return false
}

// delimiterCells returns the number of cells of v when it is the
// delimiter row of a table ("|---|:-:|", "--- | ---"), 0 otherwise.
func delimiterCells(v []byte) int {
	v = bytes.TrimSpace(v)
	v = bytes.TrimPrefix(v, []byte("|"))
	v = bytes.TrimSuffix(v, []byte("|"))
	if len(v) == 0 || bytes.IndexByte(v, '-') < 0 {
		return 0
	}
	n := 0
	for _, c := range bytes.Split(v, []byte("|")) {
		c = bytes.TrimSpace(c)
		c = bytes.TrimPrefix(c, []byte(":"))
		c = bytes.TrimSuffix(c, []byte(":"))
		if len(c) == 0 || len(bytes.Trim(c, "-")) != 0 {
			return 0
		}
		n++
	}
	return n
}

// cells returns the number of cells of the table row v: its cells are
// separated by the "|" not escaped, and a leading and a trailing "|" are
// borders.
func cells(v []byte) int {
	v = bytes.TrimSpace(v)
	n := 1
	for i := 0; i < len(v); i++ {
		switch v[i] {
		case '\\':
			i++
		case '|':
			if i > 0 && i < len(v)-1 {
				n++
			}
		}
	}
	if len(v) == 1 && v[0] == '|' {
		return 0
	}
	return n
}

// fenced reports whether the line src[line:eol] is a fence of a code
// block or inside one, keeping track of the open fence.
func (b *bounder) fenced(line, eol int) bool {
	v := unindent(b.src[line:eol])
	if b.fence != nil {
		if bytes.HasPrefix(v, b.fence) && isBlank(bytes.TrimLeft(v, string(b.fence[:1]))) {
			b.fence = nil
		}
		return true
	}
	n := 0
	for n < len(v) && v[n] == v[0] && (v[0] == '`' || v[0] == '~') {
		n++
	}
	if n >= 3 && (v[0] == '~' || bytes.IndexByte(v[n:], '`') < 0) {
		b.fence = bytes.Clone(v[:n])
		return true
	}
	return false
}

// unindent returns a line without up to three spaces of indentation.
func unindent(v []byte) []byte {
	for i := 0; i < 3 && len(v) > 0 && v[0] == ' '; i++ {
		v = v[1:]
	}
	return v
}

// link weighs the inline link whose "](" is at src[i:i+2], on the line
// ending at eol, and cuts it when its scan costs too much.
func (b *bounder) link(i, eol int) {
	src := b.src
	j := i + 2
	for j < eol && (src[j] == ' ' || src[j] == '\t') {
		j++
	}
	var cost int
	if j < eol && src[j] == '<' {
		// <destination>: up to ">" on the same line.
		cost = min(b.nextByte('>', j+1, eol), eol) - i
	} else {
		// up to a space or the end of the line, then the title, whose
		// closer may be anywhere in the block.
		d := b.nextSpace(j, eol)
		cost = d - i
		k := d
		for k < eol && (src[k] == ' ' || src[k] == '\t') {
			k++
		}
		if k < eol {
			if closer, ok := titleCloser[src[k]]; ok {
				cost += b.nextByte(closer, k+1, b.blockEnd) - k
			}
		}
	}
	if cost > maxLinkScan || cost > cheapLinkScan && b.blockSpent+cost > linkBudget(b.blockEnd-b.blockStart) {
		b.mask(i + 1)
		if b.linkCut < 0 {
			b.linkCut = i
		}
		b.linkCuts++
		return
	}
	b.blockSpent += cost
	b.linkScan += cost
}

// titleCloser maps the characters that open a link title to the one that
// closes it (goldmark does not nest parentheses there).
var titleCloser = map[byte]byte{'"': '"', '\'': '\'', '(': ')'}

// nextByte returns the index of the first c in src[from:limit], or
// limit, remembering the answer for the next search in the block.
func (b *bounder) nextByte(c byte, from, limit int) int {
	slot := strings.IndexByte(searched, c)
	if n := b.next[slot]; n >= from {
		return min(n, limit)
	}
	n := b.blockEnd
	if k := bytes.IndexByte(b.src[from:b.blockEnd], c); k >= 0 {
		n = from + k
	}
	b.next[slot] = n
	return min(n, limit)
}

// searched lists the bytes nextByte looks for: the ends of destinations
// and titles.
const searched = " \t>\"')"

// nextSpace returns the index of the first space or tab in
// src[from:eol], or eol.
func (b *bounder) nextSpace(from, eol int) int {
	return min(b.nextByte(' ', from, eol), b.nextByte('\t', from, eol))
}

// depth measures the block quote and list markers that open the line
// src[line:eol], cuts those past maxDepth, and returns where the line's
// content starts.
func (b *bounder) depth(line, eol int) int {
	src := b.src
	if thematicBreak(src[line:eol]) {
		return line // "- - - - …" is a rule, however long
	}
	i, n := line, 0
	for {
		k := i
		for k < eol && k-i < 4 && src[k] == ' ' {
			k++
		}
		m := markerEnd(src[k:eol])
		if m == 0 {
			return i
		}
		if n++; n > maxDepth {
			b.mask(k)
			b.problems = append(b.problems, Problem{
				Code: diag.NestingTooDeep, Severity: diag.Warning, Offset: k, Len: m,
				Message: fmt.Sprintf("questa riga apre più di %d livelli di citazioni o di elenchi uno dentro l'altro: dal livello %d è mostrata come testo", maxDepth, maxDepth+1),
				Fix:     diag.NestingTooDeep.Info().Fix,
			})
			return k
		}
		i = k + m
	}
}

// markerEnd returns the length of the block quote or list marker that
// starts v, with the space after it, or 0.
func markerEnd(v []byte) int {
	if len(v) == 0 {
		return 0
	}
	space := func(k int) int {
		if k == len(v) {
			return k
		}
		if v[k] == ' ' || v[k] == '\t' {
			return k + 1
		}
		return 0
	}
	switch c := v[0]; {
	case c == '>':
		if len(v) > 1 && (v[1] == ' ' || v[1] == '\t') {
			return 2
		}
		return 1
	case c == '-' || c == '+' || c == '*':
		return space(1)
	case '0' <= c && c <= '9':
		k := 1
		for k < len(v) && k < 9 && '0' <= v[k] && v[k] <= '9' {
			k++
		}
		if k < len(v) && (v[k] == '.' || v[k] == ')') {
			return space(k + 1)
		}
	}
	return 0
}

// thematicBreak reports whether v holds only "-", "*", "_" and spaces.
func thematicBreak(v []byte) bool {
	for _, c := range v {
		if c != '-' && c != '*' && c != '_' && c != ' ' && c != '\t' && c != '\r' {
			return false
		}
	}
	return len(v) > 0
}

// footnoteDef reports whether v starts a footnote definition "[^x]:".
func footnoteDef(v []byte) bool {
	if !bytes.HasPrefix(v, []byte("[^")) {
		return false
	}
	end := bytes.IndexByte(v, ']')
	return end > 2 && end+1 < len(v) && v[end+1] == ':'
}

// footnotes cuts the footnote references past the lookup budget: each
// reference costs goldmark a comparison with every definition.
func (b *bounder) footnotes() {
	if b.fnDefs == 0 || len(b.fnRefs)*b.fnDefs <= maxFootnoteLookups {
		return
	}
	keep := maxFootnoteLookups / b.fnDefs
	for _, off := range b.fnRefs[keep:] {
		b.mask(off)
	}
	b.problems = append(b.problems, Problem{
		Code: diag.FootnotesTooMany, Severity: diag.Warning, Offset: b.fnRefs[keep] - 1, Len: 2,
		Message: fmt.Sprintf("la pagina ha %s note e %s richiami: dal richiamo numero %s in poi i richiami sono mostrati come testo",
			number(b.fnDefs), number(len(b.fnRefs)), number(keep+1)),
		Fix: diag.FootnotesTooMany.Info().Fix,
	})
}

// lineEnd returns the index of the newline ending the line at i, or len(src).
func lineEnd(src []byte, i int) int {
	if k := bytes.IndexByte(src[i:], '\n'); k >= 0 {
		return i + k
	}
	return len(src)
}

// isBlank reports whether a line holds only spaces, tabs and a CR.
func isBlank(v []byte) bool {
	for _, c := range v {
		if c != ' ' && c != '\t' && c != '\r' {
			return false
		}
	}
	return true
}

// number writes n as Italian does, with a dot between thousands: 4.096.
func number(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "." + s[i:]
	}
	return s
}
