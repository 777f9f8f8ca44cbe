package render

import (
	"bytes"
	"errors"
	"html/template"
	"io"
	"io/fs"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"text/template/parse"
	"unicode/utf8"

	"cantiericomuni.it/banca/generator/diag"
)

// Kinds lists the page kinds every site has, each with its layout file
// "<kind>.html". Every other file at the top of layouts/ is a kind as
// well, which a section may name as the layout of its pages (schema.yaml:
// layout).
var Kinds = []string{"home", "page", "list", "taxonomy", "term", "hub", "404", "search"}

// entry is the template every page is executed from.
const entry = "base.html"

// layoutDir is how diagnostics name the layouts folder.
const layoutDir = "layouts/"

// layoutSet is a template set with the sources of its files, by name
// relative to layouts/, for quoting the offending line in diagnostics.
type layoutSet struct {
	t   *template.Template
	src map[string][]byte
}

// New parses the layouts once. layouts is the layouts folder itself
// (os.DirFS("layouts")): base.html, one file per page kind (see Kinds) that
// defines "main", and optional partials/*.html, whose {{define}} blocks must
// each be a complete fragment of HTML (View.Cached renders them on their
// own). Everything is escaped here, so that html/template's context errors
// show up before the first page is written. A missing or broken layout
// comes back as a diag.Diagnostic with code diag.LayoutInvalid, its file and
// line; when several kind files are broken, errors.Join of them.
func New(layouts fs.FS) (*Renderer, error) {
	base := &layoutSet{t: template.New(entry).Funcs(funcs), src: map[string][]byte{}}
	if err := base.parseFile(layouts, base.t, entry); err != nil {
		return nil, err
	}
	partials, err := fs.Glob(layouts, "partials/*.html")
	if err != nil {
		return nil, layoutDiag("partials", 0, "impossibile elencare i modelli parziali: "+err.Error(), nil)
	}
	sort.Strings(partials)
	for _, name := range partials {
		if err := base.parseFile(layouts, base.t.New(name), name); err != nil {
			return nil, err
		}
	}
	r := &Renderer{kinds: make(map[string]*template.Template, len(Kinds)), sources: map[string][]byte{}}
	for name, src := range base.src {
		r.sources[name] = src
	}
	var errs []error
	seen := map[string]bool{} // a broken partial breaks every kind: report it once
	kinds := slices.Clone(Kinds)
	// Any other layout at the top of layouts/ is a kind too, for the
	// sections whose schema names it (layout: pagina).
	tops, err := fs.Glob(layouts, "*.html")
	if err != nil {
		return nil, layoutDiag("", 0, "impossibile elencare i modelli: "+err.Error(), nil)
	}
	sort.Strings(tops)
	for _, name := range tops {
		if k := strings.TrimSuffix(name, ".html"); name != entry && !slices.Contains(kinds, k) {
			kinds = append(kinds, k)
		}
	}
	for _, kind := range kinds {
		t, err := base.kind(layouts, kind, r.sources)
		if err != nil {
			if !seen[err.Error()] {
				seen[err.Error()] = true
				errs = append(errs, err)
			}
			continue
		}
		r.kinds[kind] = t
	}
	switch len(errs) {
	case 0:
		return r, nil
	case 1:
		return nil, errs[0]
	}
	return nil, errors.Join(errs...)
}

// kind clones the base set and adds the layout of one page kind, then
// escapes it, so that html/template's context errors surface now rather
// than at the first page.
func (b *layoutSet) kind(layouts fs.FS, kind string, sources map[string][]byte) (*template.Template, error) {
	name := kind + ".html"
	t, err := b.t.Clone()
	if err != nil {
		return nil, layoutDiag(name, 0, "impossibile preparare il modello: "+err.Error(), nil)
	}
	ks := &layoutSet{t: t, src: map[string][]byte{}}
	for k, v := range b.src {
		ks.src[k] = v
	}
	if err := ks.parseFile(layouts, t.New(name), name); err != nil {
		return nil, err
	}
	sources[name] = ks.src[name]
	if t.Lookup("main") == nil {
		return nil, layoutDiag(name, 0, `il modello non definisce il blocco {{define "main"}}…{{end}} con il contenuto della pagina`, nil)
	}
	// Escaping clears the trees of the templates it rejects: note which
	// file defines each name first.
	files := map[string]string{}
	for _, d := range t.Templates() {
		if d.Tree != nil {
			files[d.Name()] = d.Tree.ParseName
		}
	}
	// Executing with no data escapes the whole tree reachable from
	// base.html; the execution errors that follow from the missing data
	// are expected and ignored.
	var te *template.Error
	// The page's own block first, on its own, as the fragment of HTML it
	// must be: a tag or attribute it leaves open is then reported in its
	// file rather than where base.html goes on after it.
	if c, cerr := t.Clone(); cerr == nil {
		errors.As(c.ExecuteTemplate(io.Discard, "main", nil), &te)
	}
	if te == nil {
		err = t.ExecuteTemplate(io.Discard, entry, nil)
		errors.As(err, &te)
	}
	if te == nil {
		// Partials may also be executed on their own (View.Cached):
		// escape them as such now, as fragments that start and end
		// in text.
		for _, d := range t.Templates() {
			if d.Tree == nil || !strings.HasPrefix(d.Tree.ParseName, "partials/") || strings.Contains(d.Name(), "$htmltemplate") {
				continue
			}
			if errors.As(d.Execute(io.Discard, nil), &te) {
				break
			}
		}
	}
	if te != nil {
		file, line := escapeErrorPos(te, files, name)
		if line == 0 {
			line = defineLine(ks.src[file], te.Name)
		}
		defined := make([]string, 0, len(files))
		for n := range files {
			defined = append(defined, n)
		}
		msg, fix, word := explainEscape(te, defined)
		d := layoutDiag(file, line, msg, ks.src[file])
		d.Fix = fix
		if i := strings.Index(d.Source, word); word != "" && i >= 0 {
			d.Pos.Col, d.Span = utf8.RuneCountInString(d.Source[:i])+1, utf8.RuneCountInString(word)
		}
		return nil, d
	}
	return t, nil
}

// escapeErrorPos finds the file and line of an escaping error: from its
// node when it has one, else the file that defines the template.
func escapeErrorPos(te *template.Error, files map[string]string, fallback string) (file string, line int) {
	file, line = fallback, te.Line
	if f := files[te.Name]; f != "" {
		file = f
	}
	if te.Node != nil {
		loc, _ := (*parse.Tree)(nil).ErrorContext(te.Node)
		if m := nodeLocRE.FindStringSubmatch(loc); m != nil {
			file = m[1]
			line, _ = strconv.Atoi(m[2])
		}
	}
	return file, line
}

// defineLine returns the line of src where {{define "name"}} starts, or 0.
func defineLine(src []byte, name string) int {
	re := regexp.MustCompile(`\{\{-?\s*define\s+"` + regexp.QuoteMeta(name) + `"`)
	loc := re.FindIndex(src)
	if loc == nil {
		return 0
	}
	return bytes.Count(src[:loc[0]], []byte("\n")) + 1
}

// nodeLocRE matches parse.Tree.ErrorContext's "NAME:LINE:COL".
var nodeLocRE = regexp.MustCompile(`^(.+):(\d+):\d+$`)

// parseFile reads a layout and parses it into t, which is named after the
// file: the parse tree of every {{define}} in it then names the file too.
func (b *layoutSet) parseFile(layouts fs.FS, t *template.Template, name string) error {
	src, err := fs.ReadFile(layouts, name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return layoutDiag(name, 0, "manca il modello "+name+", che serve a generare il sito", nil)
		}
		return layoutDiag(name, 0, "impossibile leggere il modello: "+err.Error(), nil)
	}
	b.src[name] = src
	if _, err := t.Parse(string(src)); err != nil {
		file, line, detail := parseError(err.Error(), name)
		p := explainParse(detail, line, b.src[file])
		d := layoutDiag(file, p.line, p.msg, b.src[file])
		d.Pos.Col, d.Fix = p.col, p.fix
		return d
	}
	return nil
}

// parseErrorRE matches text/template's "template: NAME:LINE: detail" and
// "template: NAME:LINE:COL: detail".
var parseErrorRE = regexp.MustCompile(`(?s)^template: ([^:]+):(\d+):(?:\d+:)? ?(.*)$`)

// parseError extracts the file, line and detail of a parse error; fallback
// names the file when the error carries none.
func parseError(msg, fallback string) (file string, line int, detail string) {
	m := parseErrorRE.FindStringSubmatch(msg)
	if m == nil {
		return fallback, 0, msg
	}
	line, _ = strconv.Atoi(m[2])
	return m[1], line, m[3]
}

// layoutDiag builds the diagnostic of a broken layout.
func layoutDiag(file string, line int, msg string, src []byte) diag.Diagnostic {
	d := diag.Diagnostic{
		Code:    diag.LayoutInvalid,
		File:    layoutDir + file,
		Pos:     diag.Pos{Line: line},
		Message: msg,
		Fix:     diag.LayoutInvalid.Info().Fix,
	}
	if line > 0 && src != nil {
		d.Source = diag.SourceLine(src, line)
	}
	return d
}
