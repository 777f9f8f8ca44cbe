package content

import (
	"fmt"
	"net/url"
	"path"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Alias is an old address of a page, normalised the way the host reads
// addresses: Netlify decodes percent-escapes, ignores case and a trailing
// slash, and resolves "." segments; two aliases that differ only in these
// are the same address.
type Alias struct {
	// Path is what _redirects says: lower-case, "." segments and double
	// slashes gone, index.html dropped, every byte outside letters,
	// digits and "-._~/" percent-encoded, a trailing slash unless the
	// last segment is a file ("/vecchio-sito/bando/", "/doc/bando.pdf").
	Path string
	// Key is the address compared with others: decoded, lower-case,
	// without the trailing slash ("/vecchio-sito/bando"), in Unicode's
	// compatibility form (compatKey).
	Key string
}

// maxAliasLen bounds an alias, decoded.
const maxAliasLen = 300

// NormaliseAlias checks an alias as written in front matter and returns
// it normalised; when it cannot be one, problem says why, in Italian,
// and fix how to write it.
func NormaliseAlias(raw string) (a Alias, problem, fix string) {
	s := strings.TrimSpace(raw)
	const generic = "Scrivi l'alias come percorso del sito, per esempio /vecchia-sezione/vecchia-pagina/."
	switch {
	case s == "":
		return a, "un vecchio indirizzo è vuoto", "Togli la voce vuota dalla lista aliases."
	case strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://"):
		fix := generic
		if u, err := url.Parse(s); err == nil && strings.HasPrefix(u.Path, "/") && u.Path != "/" {
			fix = fmt.Sprintf("Scrivi solo il percorso, senza https:// e il nome del sito: «%s».", u.Path)
		}
		return a, fmt.Sprintf("il vecchio indirizzo «%s» è un indirizzo completo: qui serve solo il percorso che inizia con /", shortAlias(s)), fix
	case !strings.HasPrefix(s, "/"):
		return a, fmt.Sprintf("il vecchio indirizzo «%s» deve iniziare con /", shortAlias(s)), fmt.Sprintf("Scrivi «/%s».", strings.TrimLeft(s, "./"))
	case strings.ContainsAny(s, "?#"):
		cut := s[:strings.IndexAny(s, "?#")]
		return a, fmt.Sprintf("il vecchio indirizzo «%s» contiene «?» o «#»: parametri e ancore non contano in un reindirizzamento", shortAlias(s)),
			fmt.Sprintf("Scrivi solo il percorso: «%s».", cut)
	}
	dec, err := url.PathUnescape(s)
	if err != nil || !utf8.ValidString(dec) {
		return a, fmt.Sprintf("il vecchio indirizzo «%s» contiene una «%%» che non introduce un carattere (come %%20 per lo spazio)", shortAlias(s)), generic
	}
	if doubleEscapeRE.MatchString(dec) {
		// "%252e" is "%2e" once decoded, and ".." to whatever decodes
		// it again: which address it names depends on who reads it.
		return a, fmt.Sprintf("il vecchio indirizzo «%s» è codificato due volte (%%25 seguito da un codice): non si sa quale indirizzo indichi", shortAlias(s)),
			"Scrivi l'indirizzo decodificato una volta, come appare nella barra del browser."
	}
	for _, r := range dec {
		switch {
		case unicode.IsControl(r) || r == '\\':
			return a, fmt.Sprintf("il vecchio indirizzo «%s» contiene un carattere che non può stare in un indirizzo", shortAlias(s)), generic
		case unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp):
			return a, fmt.Sprintf("il vecchio indirizzo «%s» contiene un carattere invisibile (U+%04X), forse copiato con il testo intorno", shortAlias(s), r),
				"Riscrivi l'indirizzo a mano, senza copiarlo."
		case r == ':' || r == '*':
			return a, fmt.Sprintf("il vecchio indirizzo «%s» contiene «%c», che nei reindirizzamenti ha un significato speciale", shortAlias(s), r), generic
		}
	}
	if n := len(strings.TrimSuffix(dec, "/")); n > maxAliasLen {
		return a, fmt.Sprintf("il vecchio indirizzo è lungo %d caratteri (il massimo è %d)", n, maxAliasLen), generic
	}
	dir := strings.HasSuffix(dec, "/")
	var segs []string
	for _, seg := range strings.Split(strings.ToLower(dec), "/") {
		switch seg {
		case "", ".":
			continue
		case "..":
			return a, fmt.Sprintf("il vecchio indirizzo «%s» risale le cartelle con «..»", shortAlias(s)), generic
		}
		segs = append(segs, seg)
	}
	if n := len(segs); n > 0 && (segs[n-1] == "index.html" || segs[n-1] == "index.htm") {
		segs, dir = segs[:n-1], true
	}
	if len(segs) == 0 {
		return a, "il vecchio indirizzo «/» è la home del sito", "Togli l'alias: la home resta sempre al suo posto."
	}
	if path.Ext(segs[len(segs)-1]) == "" {
		dir = true
	}
	key, ok := compatKey(segs)
	if !ok {
		return a, fmt.Sprintf("il vecchio indirizzo «%s» risale le cartelle con «..» (scritto con altri caratteri)", shortAlias(s)), generic
	}
	a.Key = key
	enc := make([]string, len(segs))
	for i, seg := range segs {
		enc[i] = escapeSegment(seg)
	}
	a.Path = "/" + strings.Join(enc, "/")
	if dir {
		a.Path += "/"
	}
	return a, "", ""
}

// doubleEscapeRE matches a percent-escape left after decoding once.
var doubleEscapeRE = regexp.MustCompile(`%[0-9A-Fa-f]{2}`)

// compatKey is the key of the address of the segments segs (lower-case,
// decoded, clean): the same text in Unicode's compatibility form (NFKC),
// lower-case, so that two aliases a reader cannot tell apart are one
// address: "attività" typed with the accent apart (NFD) or composed, and
// full-width letters ("／ａｐｉ／") as the ASCII ones. ok is false when
// that form climbs out of the site ("‥" is "..").
func compatKey(segs []string) (key string, ok bool) {
	joined := strings.Join(segs, "/")
	if isASCII(joined) {
		return "/" + joined, true
	}
	var out []string
	for _, seg := range strings.Split(strings.ToLower(norm.NFKC.String(joined)), "/") {
		switch seg {
		case "", ".":
			continue
		case "..":
			return "", false
		}
		out = append(out, seg)
	}
	if len(out) == 0 {
		return "", false
	}
	return "/" + strings.Join(out, "/"), true
}

// isASCII reports whether s is ASCII only.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// escapeSegment percent-encodes every byte of a segment outside the
// letters, digits and "-._~": a _redirects line can then never hold a
// space, a "#" that starts a comment or a "!" that forces a rule.
func escapeSegment(s string) string {
	var b strings.Builder
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-._~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// AddressKey is the key of a site path, as NormaliseAlias makes it: the
// address the host would match. ok is false for a path that is not one.
func AddressKey(p string) (string, bool) {
	a, problem, _ := NormaliseAlias(p)
	if problem != "" {
		if strings.TrimRight(p, "/") == "" {
			return "/", true
		}
		return "", false
	}
	return a.Key, true
}

func shortAlias(s string) string {
	if utf8.RuneCountInString(s) > 80 {
		return string([]rune(s)[:80]) + "…"
	}
	return s
}
