package markdown

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"

	"cantiericomuni.it/banca/generator/diag"
)

// destKind is what a link destination is, before asking the Resolver.
type destKind int

const (
	// destLocal is empty, fragment-only (#sezione) or query-only: the page itself.
	destLocal destKind = iota
	// destExternal has an allowed scheme (http, https, mailto, tel) or is
	// protocol-relative (//host/…).
	destExternal
	// destUnsafe has any other scheme (javascript:, data:, file:, …).
	destUnsafe
	// destInternal is a relative path or a site path: the Resolver's business.
	destInternal
)

// classify says what dest is and returns it as a browser reads it: with
// backslash escapes and character references resolved as goldmark's
// renderer does ("&#106;avascript:"), without the leading and trailing
// spaces and control characters, and without the tabs and newlines that
// browsers drop from anywhere in a URL ("java\tscript:" is "javascript:").
// scheme is lower-case, without the colon.
func classify(dest []byte) (kind destKind, clean, scheme string) {
	clean = cleanDest(decodeDest(dest))
	if clean == "" || clean[0] == '#' || clean[0] == '?' {
		return destLocal, clean, ""
	}
	if len(clean) >= 2 && isSlash(clean[0]) && isSlash(clean[1]) {
		return destExternal, clean, ""
	}
	// A colon before the first / ? # ends a scheme. Even an ill-formed one
	// ("java script:", "c:") is treated as a scheme: never a page path.
	for i := 0; i < len(clean); i++ {
		switch clean[i] {
		case '/', '\\', '?', '#':
			return destInternal, clean, ""
		case ':':
			scheme = strings.ToLower(clean[:i])
			switch scheme {
			case "http", "https", "mailto", "tel":
				return destExternal, clean, scheme
			}
			return destUnsafe, clean, scheme
		}
	}
	return destInternal, clean, ""
}

// decodeDest resolves backslash escapes and character references in a
// destination, exactly as util.URLEscape does before rendering it.
func decodeDest(dest []byte) []byte {
	if bytes.IndexByte(dest, '\\') < 0 && bytes.IndexByte(dest, '&') < 0 {
		return dest
	}
	return util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(dest)))
}

// isSlash reports whether c separates path segments for a browser.
func isSlash(c byte) bool { return c == '/' || c == '\\' }

// cleanDest trims the bytes up to space from both ends of dest and drops
// tabs and newlines, as the WHATWG URL parser does.
func cleanDest(dest []byte) string {
	i, j := 0, len(dest)
	for i < j && dest[i] <= ' ' {
		i++
	}
	for j > i && dest[j-1] <= ' ' {
		j--
	}
	d := dest[i:j]
	for _, c := range d {
		if c == '\t' || c == '\n' || c == '\r' {
			b := make([]byte, 0, len(d))
			for _, c := range d {
				if c != '\t' && c != '\n' && c != '\r' {
					b = append(b, c)
				}
			}
			return string(b)
		}
	}
	return string(d)
}

var (
	hashURL       = []byte("#")
	relNoopener   = []byte("noopener")
	loadingLazy   = []byte("lazy")
	decodingAsync = []byte("async")
)

// link checks a link and rewrites its destination.
func (w *checker) link(n *ast.Link) {
	n.Destination = w.destination(n, n.Destination, false)
}

// image checks an image, rewrites its source and asks the browser to load
// it lazily.
func (w *checker) image(n *ast.Image) {
	written := n.Destination
	n.Destination = w.destination(n, written, true)
	if sizer, ok := w.st.resolver.(ImageSizer); ok {
		if kind, clean, _ := classify(written); kind == destInternal {
			if wd, ht, ok := sizer.ImageSize(clean); ok {
				n.SetAttributeString("width", []byte(strconv.Itoa(wd)))
				n.SetAttributeString("height", []byte(strconv.Itoa(ht)))
			}
		}
	}
	n.SetAttributeString("loading", loadingLazy)
	n.SetAttributeString("decoding", decodingAsync)
	if strings.TrimSpace(inlineText(n, w.src, textAlt)) == "" {
		off, l := w.linkSpan(n)
		w.report(Problem{
			Code: diag.ImageNoAlt, Severity: diag.Error, Offset: off, Len: l,
			Message: fmt.Sprintf("l'immagine «%s» non ha un testo alternativo", quoteDest(written)),
			Fix:     "Scrivi tra le parentesi quadre che cosa mostra l'immagine, per chi non la vede: ![Bambini al laboratorio di pittura](foto.jpg).",
		})
	}
}

// destination classifies the destination of a link or image, reports what
// is wrong with it and returns the destination to render.
func (w *checker) destination(n ast.Node, dest []byte, image bool) []byte {
	kind, clean, scheme := classify(dest)
	switch kind {
	case destLocal:
		return dest
	case destExternal:
		if !image && (scheme == "http" || scheme == "https" || scheme == "") {
			n.SetAttributeString("rel", relNoopener)
		}
		return dest
	case destUnsafe:
		w.reportUnsafe(n, dest, scheme, image)
		return hashURL
	}
	if w.st.resolver == nil {
		return dest
	}
	url, t := w.st.resolver.Resolve(clean, image)
	if t == TargetOK {
		return rendered(url)
	}
	off, l := w.linkSpan(n)
	p := Problem{Severity: diag.Error, Offset: off, Len: l}
	q := quoteDest(dest)
	switch {
	case t == TargetMissingPage:
		p.Code = diag.LinkBroken
		p.Message = fmt.Sprintf("il collegamento «%s» punta a una pagina che non esiste", q)
		p.Fix = "Controlla il nome del file (maiuscole, accenti, trattini) e la cartella: una pagina si collega con ../sezione/nome-file.md oppure con /sezione/nome-file/. Se la pagina è una bozza, pubblicala o togli il collegamento."
	case image:
		p.Code = diag.FileLinkBroken
		p.Message = fmt.Sprintf("l'immagine «%s» non esiste", q)
		p.Fix = "Metti l'immagine accanto alla pagina (pagina-cartella con index.md) o in static/, e controlla maiuscole e minuscole nel nome del file."
	default:
		p.Code = diag.FileLinkBroken
		p.Message = fmt.Sprintf("il collegamento «%s» punta a un file che non esiste", q)
		p.Fix = "Metti il file accanto alla pagina (pagina-cartella con index.md) o in static/, e controlla maiuscole e minuscole nel nome del file."
	}
	w.report(p)
	if url == "" {
		return dest
	}
	return rendered(url)
}

// rendered returns a URL as a Destination that goldmark's renderer, which
// resolves backslash escapes and character references in destinations,
// writes unchanged: a Resolver that echoes "javascript&#58;x" (which was
// "javascript&amp;#58;x" in the Markdown, an internal path) must not come
// out as "javascript:x".
func rendered(url string) []byte {
	if strings.IndexByte(url, '&') < 0 && strings.IndexByte(url, '\\') < 0 {
		return []byte(url)
	}
	b := make([]byte, 0, len(url)+8)
	for i := 0; i < len(url); i++ {
		switch url[i] {
		case '&':
			b = append(b, "&amp;"...)
		case '\\':
			b = append(b, '\\', '\\')
		default:
			b = append(b, url[i])
		}
	}
	return b
}

// reportUnsafe reports a destination with a forbidden scheme.
func (w *checker) reportUnsafe(n ast.Node, dest []byte, scheme string, image bool) {
	off, l := w.linkSpan(n)
	what := "il collegamento"
	if image {
		what = "l'immagine"
	}
	w.report(Problem{
		Code: diag.LinkUnsafe, Severity: diag.Warning, Offset: off, Len: l,
		Message: fmt.Sprintf("%s «%s» usa lo schema «%s:», che non è permesso: è stato disattivato",
			what, quoteDest(dest), quoteDest([]byte(scheme))),
		Fix: "Usa solo indirizzi che iniziano con https://, http://, mailto: o tel:, oppure collega una pagina del sito (../sezione/nome-file.md).",
	})
}

// autoLink checks an autolink (<https://…>, or a bare address found by the
// linkify extension). Autolinks always have a scheme or are e-mail
// addresses, so they are never internal.
func (w *checker) autoLink(n *ast.AutoLink) {
	if n.AutoLinkType == ast.AutoLinkEmail {
		return
	}
	label := n.Label(w.src)
	kind, _, scheme := classify(n.URL(w.src))
	switch kind {
	case destExternal:
		if scheme == "http" || scheme == "https" {
			n.SetAttributeString("rel", relNoopener)
		}
		return
	case destUnsafe:
	default:
		return
	}
	w.reportUnsafe(n, label, scheme, false)
	// An AutoLink renders its own URL: replace it with a link to "#"
	// showing the same text.
	repl := ast.NewLink()
	repl.Destination = hashURL
	repl.SetPos(w.autoLinkStart(n, label))
	t := ast.NewString(label)
	t.SetRaw(true) // written escaped, without resolving references
	repl.AppendChild(repl, t)
	n.Parent().ReplaceChild(n.Parent(), n, repl)
}

// autoLinkStart returns the offset of an autolink's label. The node's
// position is its "<", or the character the linkify extension was
// triggered by (a space, "*", "(", …) just before the address.
func (w *checker) autoLinkStart(n *ast.AutoLink, label []byte) int {
	p := n.Pos()
	if p < 0 || p >= len(w.src) {
		return w.fallbackOffset(n)
	}
	if !strings.HasPrefix(string(w.src[p:min(len(w.src), p+len(label))]), string(label)) && p+1 < len(w.src) {
		p++
	}
	return p
}

// linkSpan returns the offset and length of a link, image or autolink in
// the body: from its "[", "![" or "<" to the end of its destination when
// that can be found on the same line, else to the end of the line.
func (w *checker) linkSpan(n ast.Node) (off, length int) {
	src := w.src
	off = n.Pos()
	if off < 0 || off >= len(src) {
		off = w.fallbackOffset(n)
		return off, 1
	}
	switch n := n.(type) {
	case *ast.AutoLink:
		label := n.Label(src)
		return w.autoLinkStart(n, label), len(label)
	case *ast.Image:
		// goldmark places an image at its "[".
		if off > 0 && src[off] == '[' && src[off-1] == '!' {
			off--
		}
	}
	return off, spanEnd(src, off) - off
}

// maxSpan bounds the scan for the end of a link, so that a body full of
// brackets is not scanned again for each one.
const maxSpan = 512

// spanEnd returns the end of the link starting at src[off] ("[" or "!["):
// after its "(…)" or "[…]" part, or after its "]" for a shortcut
// reference, or at the end of the line if none is found nearby.
func spanEnd(src []byte, off int) int {
	limit := min(len(src), off+maxSpan)
	eol := limit
	for i := off; i < limit; i++ {
		if src[i] == '\n' {
			eol = i
			break
		}
	}
	i := off
	if i < eol && src[i] == '!' {
		i++
	}
	i = closeBracket(src[:eol], i, '[', ']')
	if i < 0 {
		return max(eol, off+1)
	}
	if i < eol {
		switch src[i] {
		case '(':
			if j := closeBracket(src[:eol], i, '(', ')'); j > 0 {
				return j
			}
			return max(eol, off+1)
		case '[':
			if j := closeBracket(src[:eol], i, '[', ']'); j > 0 {
				return j
			}
		}
	}
	return i
}

// closeBracket returns the index after the bracket closing the one at
// src[i], honouring backslash escapes and nesting, or -1.
func closeBracket(src []byte, i int, open, closing byte) int {
	if i >= len(src) || src[i] != open {
		return -1
	}
	depth := 0
	for ; i < len(src); i++ {
		switch src[i] {
		case '\\':
			i++
		case open:
			depth++
		case closing:
			depth--
			if depth == 0 {
				return i + 1
			}
		}
	}
	return -1
}

// fallbackOffset positions an inline node that has no position of its own:
// at its first descendant text, else at the first line of its block.
func (w *checker) fallbackOffset(n ast.Node) int {
	var found = -1
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			found = t.Segment.Start
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	if found >= 0 {
		return found
	}
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
			return p.Lines().At(0).Start
		}
	}
	return 0
}

// quoteDest prepares a destination for an Italian message: control
// characters shown as Go escapes, long destinations shortened.
func quoteDest(dest []byte) string {
	const maxRunes = 80
	var b strings.Builder
	n := 0
	for len(dest) > 0 {
		r, size := utf8.DecodeRune(dest)
		first := dest[0]
		dest = dest[size:]
		if n++; n > maxRunes {
			b.WriteString("…")
			break
		}
		switch {
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\n':
			b.WriteString(`\n`)
		case r < ' ' || r == 0x7f || r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, first)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
