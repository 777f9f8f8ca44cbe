package render

import (
	"fmt"
	"regexp"
	"strings"

	"cantiericomuni.it/banca/generator/site"
)

// Address is one file the render writes, and the page whose own
// document it is (nil for any other file). Plan.Owner says what it is,
// so that a page or an alias that would take its address can be told
// what it takes.
type Address struct {
	// File is the file's name in the output ("opportunita/index.html").
	File string
	Page *site.Page
	job  job
}

// Plan is every file Render writes for a site, the sitemap included, in
// the order Render writes them.
type Plan struct {
	Files []Address
	rn    *run
}

// Addresses plans the render of s without rendering anything: what a
// build publishes is known before anything is written. Two entries name
// the same file when two things claim it (a page whose slug is a list's
// address); Render then refuses the site.
func Addresses(s *site.Site) *Plan {
	rn := newRun(&Renderer{}, s)
	jobs := rn.files()
	docs := make(map[string]*site.Page, len(s.Pages))
	for _, p := range s.Pages {
		docs[fileOf(p.URL)] = p
	}
	pl := &Plan{rn: rn, Files: make([]Address, 0, len(jobs)+1)}
	pl.Files = append(pl.Files, Address{File: "sitemap.xml", job: job{file: "sitemap.xml"}})
	claimed := make(map[string]bool, len(jobs))
	for _, j := range jobs {
		a := Address{File: j.file, job: j}
		// The first job of a page's own file is its document; any other
		// claiming the file is something else at the same address.
		if p := docs[j.file]; p != nil && !claimed[j.file] && j.url == p.URL {
			a.Page = p
		}
		claimed[j.file] = true
		pl.Files = append(pl.Files, a)
	}
	return pl
}

// URL is the site path links name a's file by: "/opportunita/" for
// "opportunita/index.html", "/" for "index.html", "/opportunita/index.xml"
// for the feed. It is "" for _redirects, which the host reads and never
// serves.
func (a Address) URL() string {
	switch {
	case a.File == "_redirects":
		return ""
	case a.File == "index.html":
		return "/"
	case strings.HasSuffix(a.File, "/index.html"):
		return "/" + strings.TrimSuffix(a.File, "index.html")
	}
	return "/" + a.File
}

// Paged reports whether a is a list that has, or may one day have, more
// pages after itself: "/opportunita/" has "/opportunita/page/2/" once it
// holds more than a page of items.
func (a Address) Paged() bool {
	switch a.job.kind {
	case "list", "term", "hub", "taxonomy":
		return !pagerRE.MatchString(a.job.url)
	}
	// A section's own list layout (listLayout: eventi-list).
	return strings.HasSuffix(a.job.kind, "-list") && !pagerRE.MatchString(a.job.url)
}

// Owner says what a is, in Italian: "la pagina content/x.md", "l'elenco
// della sezione «Opportunità»", "il feed RSS della home".
func (pl *Plan) Owner(a Address) string {
	if a.Page != nil {
		return pl.rn.pageOwner(a.Page)
	}
	if a.File == "sitemap.xml" {
		return "la mappa del sito (sitemap.xml)"
	}
	return pl.rn.owner(a.job)
}

// pageOwner names a page by its Markdown file.
func (rn *run) pageOwner(p *site.Page) string {
	if p.Page != nil && p.Display != "" {
		return "la pagina " + p.Display
	}
	return "la pagina " + p.URL
}

// calendarOwner names the calendar file f by the label its section
// declares ("il calendario delle scadenze /opportunita/scadenze.ics").
func (rn *run) calendarOwner(f string) string {
	for _, sec := range rn.s.Sections {
		if sec.Schema == nil || sec.Schema.Calendar == nil {
			continue
		}
		c, pages := sec.Schema.Calendar, "/"+sec.Key+"/"
		if sec.Schema.Root {
			pages = "/"
		}
		if "/"+f == calendarFile(sec) || strings.HasPrefix("/"+f, pages) && strings.HasSuffix(f, "/"+c.File+".ics") {
			return lowerFirst(c.Label) + " /" + f
		}
	}
	return "il calendario /" + f
}

// owner says what the file of j is, without naming pages: a file a page
// also claims is the other thing at its address.
func (rn *run) owner(j job) string {
	f := j.file
	switch {
	case f == "404.html":
		return "la pagina «Pagina non trovata» (404.html)"
	case f == "_redirects":
		return "il file dei reindirizzamenti (_redirects)"
	case f == "robots.txt":
		return "il file per i motori di ricerca (robots.txt)"
	case f == StatusFileName:
		return "il file di stato del sito (" + StatusFileName + ")"
	case strings.HasSuffix(f, ".ics"):
		return rn.calendarOwner(f)
	case strings.HasSuffix(f, "index.xml"):
		return "il feed RSS " + Di(rn.listOwner("/"+strings.TrimSuffix(f, "index.xml")))
	case j.url != "":
		return rn.listOwner(j.url)
	}
	return "il file /" + f + ", generato dal sito"
}

// pagerRE splits the address of page N of a list: "/argomenti/giovani/page/3/".
var pagerRE = regexp.MustCompile(`^(.*/)page/(\d+)/$`)

// listOwner says what the list at url is.
func (rn *run) listOwner(url string) string {
	s := rn.s
	if m := pagerRE.FindStringSubmatch(url); m != nil {
		return fmt.Sprintf("la pagina %s %s", m[2], Di(rn.listOwner(m[1])))
	}
	switch url {
	case "/":
		return "la home"
	case searchURL:
		return "la pagina della ricerca"
	}
	for _, sec := range s.Sections {
		if url == sec.URL {
			return fmt.Sprintf("l'elenco della sezione «%s»", sec.Label)
		}
	}
	for _, tax := range s.Taxonomies {
		if url == tax.URL {
			return fmt.Sprintf("l'elenco «%s»", tax.Label)
		}
		for _, t := range tax.Terms {
			if url == termURL(t) || url == t.URL {
				return fmt.Sprintf("la pagina di «%s» in «%s»", t.Name, tax.Label)
			}
		}
	}
	for _, p := range s.Pages {
		if strings.HasPrefix(url, p.URL) && rn.isHub(p) {
			return fmt.Sprintf("un elenco %s", Di(rn.pageOwner(p)))
		}
	}
	for _, sec := range s.Sections {
		if strings.HasPrefix(url, sec.URL) {
			return fmt.Sprintf("un elenco filtrato della sezione «%s» (%s)", sec.Label, url)
		}
	}
	for _, tax := range s.Taxonomies {
		if strings.HasPrefix(url, tax.URL) {
			return fmt.Sprintf("un elenco filtrato di «%s» (%s)", tax.Label, url)
		}
	}
	return "una pagina generata dal sito (" + url + ")"
}

// Di joins the preposition «di» to a phrase that starts with an
// article, the Italian way: "di l'elenco" is "dell'elenco", "di il file"
// "del file".
func Di(what string) string {
	for _, a := range [][2]string{{"il ", "del "}, {"lo ", "dello "}, {"la ", "della "}, {"l'", "dell'"},
		{"i ", "dei "}, {"gli ", "degli "}, {"le ", "delle "}} {
		if rest, ok := strings.CutPrefix(what, a[0]); ok {
			return a[1] + rest
		}
	}
	return "di " + what
}
