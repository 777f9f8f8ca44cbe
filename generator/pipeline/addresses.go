package pipeline

import (
	"fmt"
	"io/fs"
	"strings"

	"github.com/BurntSushi/toml"

	"cantiericomuni.it/banca/generator/content"
	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/render"
	"cantiericomuni.it/banca/generator/search"
	"cantiericomuni.it/banca/generator/site"
)

// A redirect in _redirects is read by Netlify before every rule of
// netlify.toml and before the files: an alias over an address the site
// serves would take that address over (an alias /api/search/ takes the
// search down for everyone). So an alias may only name an address that
// nothing serves or reserves, compared as the host compares them
// (content.NormaliseAlias), and a page may not take an address that
// something else serves either. What the site serves is taken from the
// render's own plan, not worked out again here.

// reservedPrefixes are addresses the site keeps for itself, with what
// each is for; the folders of static/ and the routes of netlify.toml are
// added to them.
var reservedPrefixes = []prefix{
	{"/api", "le richieste della ricerca, che Netlify manda alla funzione di ricerca"},
	{"/cerca", "la pagina della ricerca, che Netlify manda alla funzione di ricerca"},
	{"/admin", "il pannello di redazione"},
	{"/css", "i fogli di stile del sito"},
	{"/js", "gli script del sito"},
	{"/img", "le immagini del sito"},
	{"/_anteprima", "l'anteprima del pannello di redazione"},
	{"/" + search.ArchiveDir, "l'indice della ricerca, che la funzione di ricerca scarica"},
	{"/.netlify", "i servizi di Netlify"},
	{"/_headers", "le intestazioni di Netlify (_headers)"},
}

// prefix is a reserved address: itself and everything under it.
type prefix struct {
	key, what string
}

// addresses is everything a build publishes or reserves.
type addresses struct {
	plan *render.Plan
	// files maps the key of an address to the plan's entries there.
	files map[string][]int
	// copied maps the key of a copied file (static/, an attachment, the
	// editing UI) to what it is.
	copied   map[string]string
	prefixes []prefix
	// lists maps the key of every paginated list to its entry in the
	// plan: the pages after its first ("/opportunita/page/2/") are its
	// own, the ones it does not have yet included.
	lists map[string]int
}

// checkAddresses runs the checks of this file on the build of s, whose
// render plan is plan (render.Addresses), and reports into diags (the
// cross-page diagnostics, which it also reads to report each page's
// address once).
func checkAddresses(cfg Config, plan *render.Plan, s *site.Site, set *content.Set, staticFiles []string, assets map[string]string, diags *diag.List) {
	skip := map[string]bool{}
	for _, d := range diags.All() {
		if d.Code == diag.URLDuplicate || d.Code == diag.SlugReserved {
			skip[d.File] = true
		}
	}
	ad := newAddresses(cfg, plan, s, set, staticFiles, assets)
	ad.check(s, skip, diags)
	ad.checkCopied(cfg, s, set, staticFiles, assets, diags)
}

// fileKey is the key of the address of an output file.
func fileKey(file string) string {
	if file == "index.html" {
		return "/"
	}
	file = strings.TrimSuffix(file, "index.html")
	if plainPath(file) {
		// What the render writes: already lower-case, clean, unescaped.
		return "/" + strings.TrimSuffix(file, "/")
	}
	k, ok := content.AddressKey("/" + file)
	if !ok {
		return "/" + strings.ToLower(file)
	}
	return k
}

// plainPath reports whether p, a relative path, is already in the form
// of a key: lower-case letters, digits, "-", "_" and "." in segments
// that are neither empty nor "." or "..".
func plainPath(p string) bool {
	seg := 0 // length of the current segment
	dots := 0
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c == '/':
			if seg == 0 || seg == dots {
				return false
			}
			seg, dots = 0, 0
			continue
		case c == '.':
			dots++
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '-', c == '_':
		default:
			return false
		}
		seg++
	}
	return seg == 0 || seg != dots
}

// newAddresses gathers what the build of s publishes: the render's plan,
// static/ (under the published names), the editing UI, the attachments,
// and what is reserved.
func newAddresses(cfg Config, plan *render.Plan, s *site.Site, set *content.Set, staticFiles []string, assets map[string]string) *addresses {
	ad := &addresses{plan: plan, files: map[string][]int{}, copied: map[string]string{},
		prefixes: append([]prefix(nil), reservedPrefixes...)}
	ad.lists = map[string]int{}
	for i, a := range ad.plan.Files {
		k := fileKey(a.File)
		ad.files[k] = append(ad.files[k], i)
		if a.Paged() {
			if _, seen := ad.lists[k]; !seen {
				ad.lists[k] = i
			}
		}
	}
	dirs := map[string]bool{}
	for _, f := range staticFiles {
		ad.copied[fileKey(publishedName(f, assets))] = "il file static/" + f
		if i := strings.IndexByte(f, '/'); i > 0 && !dirs[f[:i]] {
			dirs[f[:i]] = true
			ad.prefixes = append(ad.prefixes, prefix{fileKey(f[:i] + "/"), "i file della cartella static/" + f[:i] + "/"})
		}
	}
	for name := range cfg.Extra {
		ad.copied[fileKey(name)] = "il pannello di redazione (/" + name + ")"
	}
	for f, u := range attachmentURLs(s, set) {
		ad.copied[fileKey(strings.TrimPrefix(u, "/"))] = "l'allegato " + displayPrefix(cfg) + "/" + f
	}
	ad.prefixes = append(ad.prefixes, netlifyRoutes(cfg.Files())...)
	return ad
}

// netlifyRoutes are the addresses netlify.toml sends somewhere (the
// search function): each rule's "from", a prefix when it ends in "*".
func netlifyRoutes(files fs.FS) []prefix {
	var conf struct {
		Redirects []struct {
			From, To string
		} `toml:"redirects"`
	}
	data, err := fs.ReadFile(files, "netlify.toml")
	if err != nil {
		return nil
	}
	if _, err := toml.Decode(string(data), &conf); err != nil {
		return nil
	}
	var out []prefix
	for _, r := range conf.Redirects {
		// A catch-all rule ("/*") is read after _redirects: it leaves
		// every other address to the aliases.
		if k, ok := content.AddressKey(strings.TrimSuffix(r.From, "*")); ok && k != "/" {
			out = append(out, prefix{k, fmt.Sprintf("la regola di netlify.toml che manda %s a %s", r.From, r.To)})
		}
	}
	return out
}

// reserved says what keeps key for itself, "" when nothing does.
func (ad *addresses) reserved(key string) string {
	for _, p := range ad.prefixes {
		if key == p.key || strings.HasPrefix(key, p.key+"/") {
			return p.what
		}
	}
	return ad.pager(key)
}

// pager says which list key is a page of, or a page that list may have
// one day ("/opportunita/page/9"), "" when it is none: an alias there
// would take that page when the list grows.
func (ad *addresses) pager(key string) string {
	for i := 0; i < len(key); i++ {
		rest := key[i:]
		if !strings.HasPrefix(rest, "/page") || len(rest) > 5 && rest[5] != '/' {
			continue
		}
		base := key[:i]
		if base == "" {
			base = "/"
		}
		if j, ok := ad.lists[base]; ok {
			return "le pagine successive " + render.Di(ad.plan.Owner(ad.plan.Files[j]))
		}
	}
	return ""
}

// servedBy says what serves key, other than page p itself ("" when
// nothing does).
func (ad *addresses) servedBy(key string, p *site.Page) string {
	for _, i := range ad.files[key] {
		if a := ad.plan.Files[i]; a.Page == nil || a.Page != p {
			return ad.plan.Owner(a)
		}
	}
	return ad.copied[key]
}

// check reports the pages and aliases that would take an address served
// or reserved, and the copied files that would replace a generated one.
// skip lists the files already reported for their address (B301, B303 of
// content.CheckSet): one message is enough.
func (ad *addresses) check(s *site.Site, skip map[string]bool, diags *diag.List) {
	for _, p := range s.Pages {
		if p.Page == nil || skip[p.Display] {
			continue
		}
		key := fileKey(strings.TrimPrefix(p.URL, "/"))
		what := ad.reserved(key)
		if what == "" {
			what = ad.servedBy(key, p)
		}
		if what == "" {
			continue
		}
		pos, span := p.EntryPos("slug")
		if !p.Writes("slug") {
			pos, span = diag.Pos{Line: 1}, 1
		}
		diags.Add(p.Diag(diag.Diagnostic{Code: diag.SlugReserved, Pos: pos, Span: span,
			Message: fmt.Sprintf("l'indirizzo %s della pagina è già quello %s", p.URL, render.Di(what)),
			Fix:     "Rinomina il file o cambia il suo campo slug, così che l'indirizzo sia un altro."}))
	}
	type claim struct {
		page *site.Page
		i    int
	}
	first := map[string]claim{}
	reported := map[claim]bool{}
	aliasDiag := func(c claim, code diag.Code, msg, fix string) {
		if reported[c] {
			return
		}
		reported[c] = true
		pos, span := c.page.ItemPos("aliases", c.page.AliasRaw[c.i])
		diags.Add(c.page.Diag(diag.Diagnostic{Code: code, Pos: pos, Span: span, Message: msg, Fix: fix}))
	}
	const fix = "Togli l'alias: il vecchio indirizzo è già in uso nel sito, e il reindirizzamento lo renderebbe irraggiungibile."
	for _, p := range s.Pages {
		if p.Page == nil || len(p.AliasRaw) != len(p.Aliases) {
			continue
		}
		own := fileKey(strings.TrimPrefix(p.URL, "/"))
		for i, alias := range p.Aliases {
			c := claim{p, i}
			raw := "«" + strings.TrimSpace(p.AliasRaw[i]) + "»"
			key, ok := content.AddressKey(alias)
			switch {
			case !ok:
				continue
			case key == own:
				aliasDiag(c, diag.AliasConflict, fmt.Sprintf("l'alias %s è l'indirizzo della pagina stessa: il reindirizzamento la manderebbe in un giro senza fine", raw),
					"Togli l'alias: la pagina è già a questo indirizzo.")
				continue
			}
			if what := ad.reserved(key); what != "" {
				aliasDiag(c, diag.AliasReserved, fmt.Sprintf("l'alias %s è un indirizzo riservato al sito: %s", raw, what), fix)
				continue
			}
			if what := ad.servedBy(key, nil); what != "" {
				aliasDiag(c, diag.AliasConflict, fmt.Sprintf("l'alias %s è l'indirizzo %s: il reindirizzamento lo renderebbe irraggiungibile", raw, render.Di(what)), fix)
				continue
			}
			if f, dup := first[key]; dup && f.page != p {
				aliasDiag(f, diag.AliasConflict, fmt.Sprintf("l'alias «%s» è anche un alias di %s (%s)", strings.TrimSpace(f.page.AliasRaw[f.i]), p.Display, raw),
					"Tieni l'alias su una sola delle due pagine: un vecchio indirizzo porta a una pagina sola.")
				aliasDiag(c, diag.AliasConflict, fmt.Sprintf("l'alias %s è già un alias di %s («%s»)", raw, f.page.Display, strings.TrimSpace(f.page.AliasRaw[f.i])),
					"Tieni l'alias su una sola delle due pagine: un vecchio indirizzo porta a una pagina sola.")
				continue
			}
			if _, dup := first[key]; !dup {
				first[key] = c
			}
		}
	}
}

// checkCopied reports the files of static/ and the attachments that would
// be copied over a file the render writes.
func (ad *addresses) checkCopied(cfg Config, s *site.Site, set *content.Set, staticFiles []string, assets map[string]string, diags *diag.List) {
	over := func(file string) string {
		for _, i := range ad.files[fileKey(file)] {
			if a := ad.plan.Files[i]; a.File == file {
				return ad.plan.Owner(a)
			}
		}
		return ""
	}
	for _, f := range staticFiles {
		if what := over(publishedName(f, assets)); what != "" {
			diags.Add(diag.Diagnostic{Code: diag.FileOverGenerated, File: "static/" + f,
				Message: fmt.Sprintf("il file prenderebbe il posto %s", render.Di(what)),
				Fix:     "Rinomina il file o spostalo in un'altra cartella di static/."})
		}
	}
	for f, u := range attachmentURLs(s, set) {
		if what := over(strings.TrimPrefix(u, "/")); what != "" {
			diags.Add(diag.Diagnostic{Code: diag.FileOverGenerated, File: displayPrefix(cfg) + "/" + f,
				Message: fmt.Sprintf("l'allegato prenderebbe il posto %s", render.Di(what)),
				Fix:     "Rinomina l'allegato."})
		}
	}
}
