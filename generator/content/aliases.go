package content

import (
	"fmt"
	"net/url"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"
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
	// without the trailing slash ("/vecchio-sito/bando").
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
	for _, r := range dec {
		switch {
		case unicode.IsControl(r) || r == '\\':
			return a, fmt.Sprintf("il vecchio indirizzo «%s» contiene un carattere che non può stare in un indirizzo", shortAlias(s)), generic
		case r == ':' || r == '*':
			return a, fmt.Sprintf("il vecchio indirizzo «%s» contiene «%c», che nei reindirizzamenti ha un significato speciale", shortAlias(s), r), generic
		}
	}
	if len(dec) > maxAliasLen {
		return a, fmt.Sprintf("il vecchio indirizzo è lungo %d caratteri (il massimo è %d)", len(dec), maxAliasLen), generic
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
	a.Key = "/" + strings.Join(segs, "/")
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
