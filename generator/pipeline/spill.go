package pipeline

import (
	"errors"
	"html/template"
	"os"
	"sync"
	"sync/atomic"
	"unsafe"

	"cantiericomuni.it/banca/generator/site"
)

// spill holds, on disk, what the Markdown stage of a single build makes of
// every page and later stages read once: the page's HTML, which the render
// reads when it writes the page, and its plain text, which the indexer
// reads when it gets to the page. Keeping them in memory until then would
// make the build's memory grow with the site (about 9 KB of HTML and 5 KB
// of text a page: 700 MB at 50,000 pages); on disk they cost one write and
// one read each, mostly served by the operating system's cache.
//
// The file is a temporary one, removed by close. Writes and reads are safe
// for concurrent use: each write reserves its own range of the file.
// A failed read or write is remembered (err) and fails the build: the page
// concerned is rendered empty, but the build is never committed.
type spill struct {
	f    *os.File
	size atomic.Int64

	mu   sync.Mutex
	html map[*site.Page]span
	// first is the first read or write error.
	first error
}

// span is a range of the spill file.
type span struct {
	off int64
	n   int
}

// spillFile creates the spill file; tests replace it.
var spillFile = func() (*os.File, error) { return os.CreateTemp("", "banca-testi-*") }

// newSpill creates the spill file in the system's temporary folder.
func newSpill() (*spill, error) {
	f, err := spillFile()
	if err != nil {
		return nil, err
	}
	return &spill{f: f, html: map[*site.Page]span{}}, nil
}

// put writes data to the file and returns where it lies.
func (s *spill) put(data string) span {
	sp := span{off: s.size.Add(int64(len(data))) - int64(len(data)), n: len(data)}
	if sp.n == 0 {
		return sp
	}
	// The bytes of the string, not a copy: WriteAt only reads them.
	if _, err := s.f.WriteAt(unsafe.Slice(unsafe.StringData(data), len(data)), sp.off); err != nil {
		s.fail(err)
	}
	return sp
}

// get reads back what put wrote at sp.
func (s *spill) get(sp span) string {
	if sp.n == 0 {
		return ""
	}
	buf := make([]byte, sp.n)
	if _, err := s.f.ReadAt(buf, sp.off); err != nil {
		s.fail(err)
		return ""
	}
	// buf is nobody else's and never written again: the string is its
	// bytes, not a copy.
	return unsafe.String(&buf[0], len(buf))
}

// putHTML keeps the HTML of p until the render asks for it (Content).
func (s *spill) putHTML(p *site.Page, html template.HTML) {
	sp := s.put(string(html))
	s.mu.Lock()
	s.html[p] = sp
	s.mu.Unlock()
}

// Content returns the HTML of p that putHTML kept (site.Contents).
func (s *spill) Content(p *site.Page) template.HTML {
	s.mu.Lock()
	sp, ok := s.html[p]
	s.mu.Unlock()
	if !ok {
		return p.Content
	}
	return template.HTML(s.get(sp)) // written by the Markdown converter
}

func (s *spill) fail(err error) {
	s.mu.Lock()
	if s.first == nil {
		s.first = err
	}
	s.mu.Unlock()
}

// err returns the first failed read or write, nil if none.
func (s *spill) err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.first != nil {
		return errors.New("file temporaneo dei testi: " + s.first.Error())
	}
	return nil
}

// close removes the file.
func (s *spill) close() {
	name := s.f.Name()
	_ = s.f.Close()
	_ = os.Remove(name)
}
