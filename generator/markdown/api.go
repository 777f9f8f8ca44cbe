// Package markdown turns a page's Markdown body into safe HTML with the one
// goldmark instance the bank uses: GFM (tables, strikethrough, autolinks,
// task lists), footnotes, heading ids, typographer; raw HTML escaped; unsafe
// link schemes neutralised; internal links rewritten to page URLs by an AST
// transformer that asks a Resolver; images checked for alt text. It also
// extracts the summary (first paragraph) and the plain text for search.
//
// It knows nothing of files on disk: problems are reported with byte offsets
// into the body, and the caller turns them into file:line:column.
package markdown

import (
	"html/template"

	"cantiericomuni.it/banca/generator/diag"
)

// Target is what a link destination names, as the Resolver sees it.
type Target int

const (
	// TargetOK means the destination exists; URL is where it now points.
	TargetOK Target = iota
	// TargetMissingPage means an internal page link names no page.
	TargetMissingPage
	// TargetMissingFile means a link or image names a file that does not exist.
	TargetMissingFile
)

// Resolver maps the site-internal destinations of one page's links and
// images (relative paths such as ../pratiche/x.md or foto.jpg, and site
// paths such as /pratiche/x/) to their final URL. External destinations
// (http:, https:, mailto:, tel:) and fragment-only links (#sezione) are never
// passed to it.
type Resolver interface {
	// Resolve returns the URL to use (fragment and query preserved) and
	// whether the destination exists. image is true for image sources.
	Resolve(dest string, image bool) (url string, t Target)
}

// ImageSizer is an optional interface of a Resolver: the intrinsic size of
// a site-internal image, given as the page wrote it (as Resolve receives
// it). Images it knows get width and height attributes, so that the page
// does not shift while they load.
type ImageSizer interface {
	ImageSize(dest string) (width, height int, ok bool)
}

// Problem is a diagnostic found in the body, positioned by byte offset.
type Problem struct {
	Code diag.Code
	// Severity is diag.Error or diag.Warning.
	Severity diag.Severity
	// Offset is the byte offset in the body where the problem starts; Len
	// is its length in bytes (at least 1).
	Offset, Len int
	Message     string
	Fix         string
}

// Result is a converted body.
type Result struct {
	// HTML is the rendered body, safe to place in a page as is.
	HTML template.HTML
	// Summary is the plain text of the first paragraph, at most about 60
	// words (cut at a word boundary with "…"), for pages without a summary.
	Summary string
	// Plain is the whole body as plain text (for the search index), with
	// block boundaries as newlines.
	Plain string
	// Headings lists the h2 and h3 headings with their ids, in order.
	Headings []Heading
	// Problems lists what was wrong, in order of appearance.
	Problems []Problem
}

// Heading is one heading of the body.
type Heading struct {
	Level int
	ID    string
	Text  string
}

// Converter is safe for concurrent use by many goroutines.
type Converter interface {
	Convert(body []byte, r Resolver) Result
}
