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

// MaxPerFile is how many diagnostics of one code one file keeps: past it,
// a file with thousands of the same mistake (a pasted list of broken
// links) is summed up in one line instead of flooding the terminal.
const MaxPerFile = 20

// List collects diagnostics from concurrent stages. The zero value is ready
// to use. It keeps at most MaxPerFile diagnostics of each code for each
// file and counts the rest (Omitted), so that counts stay true while
// what is shown stays readable.
type List struct {
	mu    sync.Mutex
	items []Diagnostic
	// kept counts the items of each file and code; omitted the
	// diagnostics left out past MaxPerFile.
	kept    map[fileCode]int
	omitted map[omissionKey]int
}

// fileCode is a file and a code.
type fileCode struct {
	file string
	code Code
}

// omissionKey is a file, a code and a severity.
type omissionKey struct {
	fileCode
	severity Severity
}

// Omission counts the diagnostics of one code, severity and file left out
// of a List past MaxPerFile.
type Omission struct {
	File     string
	Code     Code
	Severity Severity
	Count    int
}

// Add records a diagnostic. If d.Fix is empty the code's generic fix is used.
func (l *List) Add(d Diagnostic) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.full(d.File, d.Code) {
		l.omit(omissionKey{fileCode{d.File, d.Code}, d.Severity}, 1)
		return
	}
	if d.Fix == "" {
		d.Fix = d.Code.Info().Fix
	}
	if d.Span < 1 {
		d.Span = 1
	}
	if l.kept == nil {
		l.kept = map[fileCode]int{}
	}
	l.kept[fileCode{d.File, d.Code}]++
	l.items = append(l.items, d)
}

// Full reports whether file already holds MaxPerFile diagnostics of code:
// a stage may then count the next one with Omit, without working out its
// position.
func (l *List) Full(file string, code Code) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.full(file, code)
}

func (l *List) full(file string, code Code) bool {
	return l.kept[fileCode{file, code}] >= MaxPerFile
}

// Omit counts n diagnostics of code and severity in file as left out.
// Before MaxPerFile is reached, Add them instead.
func (l *List) Omit(file string, code Code, severity Severity, n int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.omit(omissionKey{fileCode{file, code}, severity}, n)
}

func (l *List) omit(k omissionKey, n int) {
	if n <= 0 {
		return
	}
	if l.omitted == nil {
		l.omitted = map[omissionKey]int{}
	}
	l.omitted[k] += n
}

// Append adds every diagnostic of other to l, and its omissions.
func (l *List) Append(other *List) {
	for _, d := range other.All() {
		l.Add(d)
	}
	for _, o := range other.Omitted() {
		l.Omit(o.File, o.Code, o.Severity, o.Count)
	}
}

// Split returns the diagnostics of l as one List per file, omissions
// included.
func (l *List) Split() map[string]*List {
	out := map[string]*List{}
	get := func(file string) *List {
		if out[file] == nil {
			out[file] = &List{}
		}
		return out[file]
	}
	for _, d := range l.All() {
		get(d.File).Add(d)
	}
	for _, o := range l.Omitted() {
		get(o.File).Omit(o.File, o.Code, o.Severity, o.Count)
	}
	return out
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

// Omitted returns what was left out past MaxPerFile, sorted by file,
// code and severity.
func (l *List) Omitted() []Omission {
	l.mu.Lock()
	out := make([]Omission, 0, len(l.omitted))
	for k, n := range l.omitted {
		out = append(out, Omission{File: k.file, Code: k.code, Severity: k.severity, Count: n})
	}
	l.mu.Unlock()
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Code != b.Code {
			return a.Code < b.Code
		}
		return a.Severity < b.Severity
	})
	return out
}

// Len returns the number of diagnostics kept (see Count for all of them).
func (l *List) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.items)
}

// Count returns how many errors and warnings the list holds, those left
// out past MaxPerFile included.
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
	for k, n := range l.omitted {
		if k.severity == Error {
			errors += n
		} else {
			warnings += n
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
	for k, n := range l.omitted {
		for _, c := range codes {
			if k.code == c && k.severity == Error {
				delete(l.omitted, k)
				k.severity = Warning
				l.omitted[k] += n
			}
		}
	}
}
