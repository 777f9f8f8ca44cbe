package content

import (
	"bytes"
	"fmt"
	"hash/maphash"
	"io"
	"io/fs"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/schema"
	"cantiericomuni.it/banca/generator/slug"
)

// MaxFileSize is the largest Markdown file accepted (2 MiB): a page that
// large is a mistake (a pasted document), not content.
const MaxFileSize = 2 << 20

// MaxBlockSize is the longest run of text without a blank line (64 KiB).
// Markdown parsing of some inputs grows with the square of a block's
// length, so a longer block is refused rather than stalling the build.
const MaxBlockSize = 64 << 10

// Options configure Load.
type Options struct {
	// Prefix is prepended to content-relative paths in messages
	// (default "content").
	Prefix string
	// Now is the build instant: dates the schema marks as past are
	// checked against it (not at all when it is zero).
	Now time.Time
	// Offload makes every page let go of its file's bytes and front
	// matter once loaded and checked: Restore and the position methods
	// read them back (offload.go). A single build's choice; the preview
	// keeps them to rebuild fast.
	Offload bool
}

// SynonymsFile is the data file of the content folder that lists the
// search's synonyms (search.LoadSynonyms reads it): not a page, nor an
// attachment, and not published.
const SynonymsFile = "sinonimi.yaml"

// Set is everything loaded from the content folder.
type Set struct {
	// Pages holds every page, drafts included, sorted by File.
	Pages []*Page
	// Files lists the content-relative paths of every non-Markdown file
	// (bundle attachments and loose files), copied to the output.
	Files []string
	// Synonyms are the groups of the search's synonyms (SynonymsFile),
	// set by the pipeline, which reads them.
	Synonyms [][]string
}

// Load walks fsys (the content folder), reads every page and checks its
// front matter against the schema. Problems go to diags; a page with
// errors is still returned when it could be read, so that later stages can
// report their own problems too.
func Load(fsys fs.FS, sch *schema.Schema, opts Options, diags *diag.List) *Set {
	if opts.Prefix == "" {
		opts.Prefix = "content"
	}
	var mdFiles []string
	set := &Set{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			diags.Add(diag.Diagnostic{Code: diag.FileUnreadable, File: path.Join(opts.Prefix, p),
				Message: "impossibile leggere: " + err.Error()})
			return nil
		}
		name := d.Name()
		if p != "." && (strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") || strings.HasPrefix(name, "#")) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			// A link could pull any file of the machine into the site.
			diags.Add(diag.Diagnostic{Code: diag.FileUnreadable, File: path.Join(opts.Prefix, p),
				Message: "è un collegamento simbolico: per sicurezza non viene letto né pubblicato",
				Fix:     "Copia il file vero al posto del collegamento."})
			return nil
		}
		if d.IsDir() || !d.Type().IsRegular() || p == SynonymsFile {
			return nil
		}
		if strings.EqualFold(path.Ext(name), ".md") {
			mdFiles = append(mdFiles, p)
		} else if checkAttachment(fsys, p, strings.Contains(p, "/") && sch.Section(strings.Split(p, "/")[0]) != nil, opts, diags) {
			set.Files = append(set.Files, p)
		}
		return nil
	})
	if err != nil {
		diags.Add(diag.Diagnostic{Code: diag.FileUnreadable, File: opts.Prefix, Message: "impossibile leggere la cartella: " + err.Error()})
	}
	pages := make([]*Page, len(mdFiles))
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				pages[i] = loadPage(fsys, mdFiles[i], sch, opts, diags)
			}
		}()
	}
	for i := range mdFiles {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, p := range pages {
		if p != nil {
			set.Pages = append(set.Pages, p)
		}
	}
	attach(set)
	sort.Slice(set.Pages, func(i, j int) bool { return set.Pages[i].File < set.Pages[j].File })
	sort.Strings(set.Files)
	return set
}

// LoadPage reads and checks the one file at the content-relative path
// file, as Load does for each file (the preview reloads edited files with
// it). It returns nil when the file cannot be used at all; diags says why.
func LoadPage(fsys fs.FS, file string, sch *schema.Schema, opts Options, diags *diag.List) *Page {
	if opts.Prefix == "" {
		opts.Prefix = "content"
	}
	return loadPage(fsys, file, sch, opts, diags)
}

// hashSeed seeds Page.Hash: hashes are compared only within one process.
var hashSeed = maphash.MakeSeed()

// loadPage reads and checks one file. It returns nil when the file cannot
// be used at all (unreadable, too large, not UTF-8, outside a section).
func loadPage(fsys fs.FS, file string, sch *schema.Schema, opts Options, diags *diag.List) *Page {
	display := path.Join(opts.Prefix, file)
	parts := strings.Split(file, "/")
	sec := sch.Section(parts[0])
	bundle := len(parts) == 3 && strings.EqualFold(parts[2], "index.md")
	if sec == nil || len(parts) < 2 || len(parts) > 3 || (len(parts) == 3 && !bundle) {
		msg := fmt.Sprintf("il file non è nella cartella di una sezione (%s)", sectionList(sch))
		if len(parts) == 3 && sec != nil {
			msg = "in una pagina-cartella solo il file index.md è una pagina"
		} else if len(parts) > 3 {
			msg = "le pagine stanno in content/<sezione>/<nome>.md o content/<sezione>/<nome>/index.md, non più in profondità"
		}
		fix := fmt.Sprintf("Sposta il file in content/<sezione>/, dove <sezione> è una di: %s.", sectionList(sch))
		if len(parts) >= 2 && sec == nil {
			if near, ok := schema.Closest(parts[0], sectionKeys(sch)); ok {
				fix = fmt.Sprintf("Forse la cartella doveva chiamarsi «%s»?", near)
			}
		}
		diags.Add(diag.Diagnostic{Code: diag.FileOutsideSection, File: display, Message: msg, Fix: fix})
		return nil
	}
	src, size, err := readFile(fsys, file)
	if err == nil && size > MaxFileSize {
		diags.Add(diag.Diagnostic{Code: diag.FileTooLarge, File: display,
			Message: fmt.Sprintf("il file è troppo grande (%.1f MB, il massimo è %d MB)", float64(size)/(1<<20), MaxFileSize>>20)})
		return nil
	}
	if err != nil {
		diags.Add(diag.Diagnostic{Code: diag.FileUnreadable, File: display, Message: "impossibile leggere il file: " + err.Error()})
		return nil
	}
	if len(src) > MaxFileSize {
		diags.Add(diag.Diagnostic{Code: diag.FileTooLarge, File: display,
			Message: fmt.Sprintf("il file è troppo grande (%.1f MB, il massimo è %d MB)", float64(len(src))/(1<<20), MaxFileSize>>20)})
		return nil
	}
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(src) {
		off := invalidUTF8(src)
		pos := diag.Locate(src, off)
		diags.Add(diag.Diagnostic{Code: diag.FileNotUTF8, File: display, Pos: pos,
			Source: diag.SourceLine(src, pos.Line), Message: "il file contiene caratteri che non sono UTF-8 valido"})
		return nil
	}
	if bytes.IndexByte(src, 0) >= 0 {
		pos := diag.Locate(src, bytes.IndexByte(src, 0))
		diags.Add(diag.Diagnostic{Code: diag.FileNotUTF8, File: display, Pos: pos,
			Message: "il file contiene un carattere nullo: non sembra un file di testo"})
		return nil
	}
	p := &Page{File: file, Display: display, Section: sec.Key, Bundle: bundle, Source: src, lines: &lineIndex{},
		Hash: maphash.Bytes(hashSeed, src)}
	report := func(d diag.Diagnostic) { diags.Add(p.Diag(d)) }
	doc, bodyOff, d := split(src)
	if d != nil {
		report(*d)
		return nil
	}
	p.Front, p.BodyOffset, p.Body = doc, bodyOff, src[bodyOff:]
	if off, n := longestBlock(p.Body); n > MaxBlockSize {
		report(diag.Diagnostic{Code: diag.BlockTooLong, Pos: p.Pos(off),
			Message: fmt.Sprintf("un blocco di testo senza righe vuote è lungo %d KB (il massimo è %d KB)", n>>10, MaxBlockSize>>10)})
		p.Body = nil // not converted: pathological inputs make Markdown parsing quadratic
	}
	p.Params = sch.Check(sec.Key, doc, report)
	written := p.Params.String("title")
	typeset(p.Params, sch, sec)
	fill(p, sch, report)
	if written != p.Title {
		p.WrittenTitle = written
	}
	checkDates(p, sch, opts.Now, report)
	// A page that is not a draft may not keep the placeholders of
	// `generator new`: a check of this file alone.
	checkPlaceholders([]*Page{p}, diags)
	checkPersonal(p, sch, sec, report)
	if opts.Offload {
		p.offload(fsys)
	}
	return p
}

// readFile reads the file at name unless it is larger than MaxFileSize,
// returning its bytes (nil when too large) and its size: one open, one
// fstat and the reads, where a stat by name and then fs.ReadFile look the
// path up twice. On any error it does what loading did before, a stat by
// name and fs.ReadFile, so that the messages stay theirs.
func readFile(fsys fs.FS, name string) ([]byte, int64, error) {
	if data, size, ok := readOpen(fsys, name); ok {
		return data, size, nil
	}
	if st, err := fs.Stat(fsys, name); err == nil && st.Size() > MaxFileSize {
		return nil, st.Size(), nil
	}
	data, err := fs.ReadFile(fsys, name)
	return data, int64(len(data)), err
}

// readOpen is the path of readFile without errors; ok is false on any.
func readOpen(fsys fs.FS, name string) (data []byte, size int64, ok bool) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, 0, false
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		return nil, 0, false
	}
	if size = st.Size(); size > MaxFileSize {
		return nil, size, true
	}
	data = make([]byte, 0, size+1) // +1: EOF is seen without growing
	for {
		n, err := f.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if err == io.EOF {
			return data, int64(len(data)), true
		}
		if err != nil {
			return nil, 0, false
		}
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
	}
}

// fill copies the interpreted keys from Params into the Page fields.
func fill(p *Page, sch *schema.Schema, report schema.Reporter) {
	v := p.Params
	p.Title = v.String("title")
	if d, ok := v.Date("date"); ok {
		p.Date = d.Time
	}
	if d, ok := v.Date("lastmod"); ok {
		p.Lastmod = d.Time
	}
	if sec := sch.Section(p.Section); sec.HasLifecycle() {
		lc := sec.Lifecycle
		if d, ok := v.Date(lc.Closes()); ok {
			p.Deadline = &d
		}
		if d, ok := v.Date(lc.Start); ok && lc.Start != "" {
			p.Start = &d
		}
		p.Done = lc.Done != "" && v.Bool(lc.Done)
	}
	p.Draft = v.Bool("draft")
	p.Summary = v.String("summary")
	p.Authors = v.Strings("authors")
	p.Weight = v.Int("weight")
	p.TermValues = map[string][]string{}
	for _, t := range sch.Taxonomies {
		if vals := v.Strings(t.Key); len(vals) > 0 {
			p.TermValues[t.Key] = vals
		}
	}
	name := strings.TrimSuffix(path.Base(p.File), path.Ext(p.File))
	if p.Bundle {
		name = path.Base(path.Dir(p.File))
	}
	p.Slug = slug.Make(name)
	if s := v.String("slug"); s != "" {
		if slug.Valid(s) {
			p.Slug = s
		} else {
			pos, span := p.EntryPos("slug")
			fix := "Scrivi lo slug in minuscolo, senza accenti, con i trattini al posto degli spazi."
			if m := slug.Make(s); m != "" {
				fix = fmt.Sprintf("Scrivi «slug: %s».", m)
			}
			report(diag.Diagnostic{Code: diag.SlugInvalid, Pos: pos, Span: span,
				Message: fmt.Sprintf("lo slug «%s» contiene caratteri non ammessi", s), Fix: fix})
		}
	}
	if p.Slug == "" {
		report(diag.Diagnostic{Code: diag.SlugInvalid, Pos: diag.Pos{Line: 1},
			Message: fmt.Sprintf("dal nome del file «%s» non si ricava un indirizzo: non contiene lettere o cifre", name),
			Fix:     "Rinomina il file usando lettere e cifre (per esempio orti-condivisi.md), oppure aggiungi il campo slug."})
		p.Slug = "pagina"
	}
	sec := sch.Section(p.Section)
	p.URL = sec.PageURL(p.Slug)
	if e := p.Front.Get("aliases"); e != nil {
		seen := map[string]bool{}
		for _, raw := range v.Strings("aliases") {
			a, problem, fix := NormaliseAlias(raw)
			if problem != "" {
				pos, span := p.ItemPos("aliases", raw)
				report(diag.Diagnostic{Code: diag.AliasInvalid, Pos: pos, Span: span, Message: problem, Fix: fix})
				continue
			}
			if seen[a.Key] {
				continue // the same address twice: one redirect
			}
			seen[a.Key] = true
			p.Aliases = append(p.Aliases, a.Path)
			p.AliasRaw = append(p.AliasRaw, raw)
		}
	}
}

// attach links each bundle page to the files of its folder.
func attach(set *Set) {
	dirs := map[string]*Page{}
	for _, p := range set.Pages {
		if p.Bundle {
			dirs[path.Dir(p.File)] = p
		}
	}
	for _, f := range set.Files {
		for d := path.Dir(f); d != "." && d != "/"; d = path.Dir(d) {
			if p, ok := dirs[d]; ok {
				p.Attachments = append(p.Attachments, f)
				break
			}
		}
	}
}

// longestBlock returns the offset and length of the longest run of
// non-blank lines in body.
func longestBlock(body []byte) (off, n int) {
	start := 0
	for start < len(body) {
		end := bytes.Index(body[start:], []byte("\n\n"))
		if end < 0 {
			end = len(body) - start
		}
		if end > n {
			off, n = start, end
		}
		start += end + 2
	}
	return off, n
}

func invalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return 0
}

func sectionKeys(sch *schema.Schema) []string {
	var ks []string
	for _, s := range sch.Sections {
		ks = append(ks, s.Key)
	}
	return ks
}

func sectionList(sch *schema.Schema) string { return strings.Join(sectionKeys(sch), ", ") }
