// Package diag carries the generator's diagnostics: what is wrong with the
// content, where (file, line, column and the source line itself) and how to
// fix it, in Italian for the net weavers who write the Markdown.
//
// Every stage of the pipeline reports into a List instead of stopping at the
// first problem, so a build shows all errors at once. Each Diagnostic has a
// stable Code documented in codes.go, in the manner of html/template's
// ErrorCode: a net weaver can look the code up in the authoring guide.
package diag

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

// Severity says whether a diagnostic stops the build.
type Severity int

const (
	// Error stops the build: nothing is written.
	Error Severity = iota
	// Warning is reported but the build goes on.
	Warning
)

// String returns the Italian word shown to net weavers.
func (s Severity) String() string {
	if s == Warning {
		return "avviso"
	}
	return "errore"
}

// Pos is a position in a source file. Line and Col are 1-based; Col counts
// characters (runes), not bytes. A zero Line means "the whole file".
type Pos struct {
	Line int
	Col  int
}

// Diagnostic is one problem found in one file.
type Diagnostic struct {
	Code     Code
	Severity Severity
	// File is the path shown to the user, relative to the project root
	// when possible (e.g. "content/opportunita/bando.md").
	File string
	Pos  Pos
	// Span is the number of characters to underline from Pos.Col (at least 1).
	Span int
	// Source is the text of the offending line, without its newline.
	Source string
	// Message says what is wrong, in Italian.
	Message string
	// Fix says how to fix it, in Italian ("Come correggere").
	Fix string
}

// Error formats the diagnostic on one line, so that it can travel as a Go error.
func (d Diagnostic) Error() string {
	var b strings.Builder
	b.WriteString(d.Location())
	fmt.Fprintf(&b, ": %s [%s]: %s", d.Severity, d.Code, d.Message)
	return b.String()
}

// Location returns "file:line:col", "file:line" or "file".
func (d Diagnostic) Location() string {
	switch {
	case d.Pos.Line > 0 && d.Pos.Col > 0:
		return fmt.Sprintf("%s:%d:%d", d.File, d.Pos.Line, d.Pos.Col)
	case d.Pos.Line > 0:
		return fmt.Sprintf("%s:%d", d.File, d.Pos.Line)
	}
	return d.File
}

// List collects diagnostics from concurrent stages. The zero value is ready
// to use.
type List struct {
	mu    sync.Mutex
	items []Diagnostic
}

// Add records a diagnostic. If d.Fix is empty the code's generic fix is used.
func (l *List) Add(d Diagnostic) {
	if d.Fix == "" {
		d.Fix = d.Code.Info().Fix
	}
	if d.Span < 1 {
		d.Span = 1
	}
	l.mu.Lock()
	l.items = append(l.items, d)
	l.mu.Unlock()
}

// Append adds every diagnostic of other to l.
func (l *List) Append(other *List) {
	for _, d := range other.All() {
		l.Add(d)
	}
}

// All returns the diagnostics sorted by file, line, column and code.
func (l *List) All() []Diagnostic {
	l.mu.Lock()
	out := append([]Diagnostic(nil), l.items...)
	l.mu.Unlock()
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Pos.Line != b.Pos.Line {
			return a.Pos.Line < b.Pos.Line
		}
		if a.Pos.Col != b.Pos.Col {
			return a.Pos.Col < b.Pos.Col
		}
		return a.Code < b.Code
	})
	return out
}

// Len returns the number of diagnostics.
func (l *List) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.items)
}

// Count returns how many errors and warnings the list holds.
func (l *List) Count() (errors, warnings int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, d := range l.items {
		if d.Severity == Error {
			errors++
		} else {
			warnings++
		}
	}
	return errors, warnings
}

// HasErrors reports whether any diagnostic is an Error.
func (l *List) HasErrors() bool {
	e, _ := l.Count()
	return e > 0
}

// Demote turns every error with one of the given codes into a warning
// (used by --broken-links=warn).
func (l *List) Demote(codes ...Code) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for i := range l.items {
		for _, c := range codes {
			if l.items[i].Code == c {
				l.items[i].Severity = Warning
			}
		}
	}
}
