package build

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"cantiericomuni.it/banca/generator/diag"
)

// locator turns byte offsets of one file into positions and source lines
// as diag.Locate and diag.SourceLine do, in one pass for offsets given in
// increasing order: a body with thousands of problems is not scanned
// from its start for each one, and the problems of one line share one
// copy of its text.
type locator struct {
	src []byte
	// off is the last offset located, at line and rune column col;
	// lineStart is where that line starts.
	off, line, col, lineStart int
	// text is the text of line textLine.
	text     string
	textLine int
}

func newLocator(src []byte) *locator { return &locator{src: src, line: 1, col: 1} }

// pos returns the position of off. Offsets before the previous one start
// the scan again.
func (l *locator) pos(off int) diag.Pos {
	off = min(max(off, 0), len(l.src))
	if off < l.off {
		*l = locator{src: l.src, line: 1, col: 1, text: l.text, textLine: l.textLine}
	}
	for l.off < off {
		nl := bytes.IndexByte(l.src[l.off:off], '\n')
		if nl < 0 {
			if utf8.RuneStart(l.src[l.off]) {
				l.col += utf8.RuneCount(l.src[l.off:off])
			} else {
				// inside a character: count the line again, as Locate does
				l.col = utf8.RuneCount(l.src[l.lineStart:off]) + 1
			}
			l.off = off
			break
		}
		l.off += nl + 1
		l.line++
		l.col = 1
		l.lineStart = l.off
	}
	return diag.Pos{Line: l.line, Col: l.col}
}

// source returns the text of the line of the last offset located.
func (l *locator) source() string {
	if l.textLine != l.line {
		end := len(l.src)
		if nl := bytes.IndexByte(l.src[l.lineStart:], '\n'); nl >= 0 {
			end = l.lineStart + nl
		}
		s := strings.TrimRight(string(l.src[l.lineStart:end]), "\r")
		if !utf8.ValidString(s) {
			s = strings.ToValidUTF8(s, "\uFFFD")
		}
		l.text, l.textLine = s, l.line
	}
	return l.text
}
