package content

import (
	"bytes"
	"fmt"
	"hash/maphash"
	"io/fs"

	"cantiericomuni.it/banca/generator/schema"
)

// Offloading (Options.Offload). Between loading and converting its
// Markdown, a build needs of each page only what the checks, the assembly
// and the render use: title, dates, fields, terms, slug. The file's bytes
// and the front matter's positions (about 10 KB a page) are needed again
// only to convert the text, and to place the rare problem found across
// pages. So an offloaded page lets go of them once loaded and checked, and
// reads its file again when they are asked for: Restore for the bytes
// (the Markdown stage, one page at a time), the position methods (EntryPos,
// ItemPos, Writes, Line, Pos) for the front matter. The build's memory then
// grows with what it shows of each page, not with the text of the site.

// rereader reads an offloaded page's file again.
type rereader struct {
	fsys fs.FS
	// noBody is set when loading dropped the body (a block too long to
	// convert): it stays dropped.
	noBody bool
}

// offload lets go of p's bytes and front matter, which Restore and the
// position methods read back from fsys.
func (p *Page) offload(fsys fs.FS) {
	p.reread = &rereader{fsys: fsys, noBody: p.Body == nil}
	p.Source, p.Body, p.Front = nil, nil, nil
	p.lines = &lineIndex{}
}

// Restore reads back the file of a page that Load offloaded: Source and
// Body are as loading left them, the front matter comes back on demand. It
// does nothing for a page that has its bytes, and fails when the file is
// gone or no longer has the bytes it had when loaded (it was saved during
// the build). Not safe for concurrent use on one page.
func (p *Page) Restore() error {
	if p.Source != nil || p.reread == nil {
		return nil
	}
	src, err := fs.ReadFile(p.reread.fsys, p.File)
	if err != nil {
		return fmt.Errorf("%s: impossibile rileggere il file: %w", p.Display, err)
	}
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	if maphash.Bytes(hashSeed, src) != p.Hash || p.BodyOffset > len(src) {
		return fmt.Errorf("%s: il file è cambiato durante la generazione; genera di nuovo il sito", p.Display)
	}
	p.Source = src
	if !p.reread.noBody {
		p.Body = src[p.BodyOffset:]
	}
	p.lines = &lineIndex{}
	return nil
}

// source returns p.Source, read back first if the page was offloaded; nil
// when it cannot be.
func (p *Page) source() []byte {
	if p.Source == nil {
		_ = p.Restore()
	}
	return p.Source
}

// front returns p's front matter with its positions, parsed again if the
// page was offloaded; nil when it cannot be.
func (p *Page) front() *schema.Doc {
	if p.Front == nil && p.reread != nil && p.source() != nil {
		if doc, _, d := split(p.Source); d == nil {
			p.Front = doc
		}
	}
	return p.Front
}

// Writes reports whether the page's front matter writes key.
func (p *Page) Writes(key string) bool { return p.front().Get(key) != nil }
