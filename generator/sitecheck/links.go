package sitecheck

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// Problem is a broken internal link or asset: the page that has it and
// what is wrong.
type Problem struct {
	// Page is the file, relative to the site's root ("opportunita/x/index.html").
	Page string
	// Target is the URL as written.
	Target string
	// Reason says what is wrong, in Italian.
	Reason string
}

// String formats the problem for a report.
func (p Problem) String() string {
	return p.Page + ": " + p.Target + ": " + p.Reason
}

// Dynamic lists the site paths answered by a server function rather than
// by a file (the search page): links to them are not checked.
var Dynamic = []string{"/cerca/", "/api/"}

// attrRE finds the URL attributes of HTML elements.
var attrRE = regexp.MustCompile(`\s(?:href|src|action|poster)="([^"]*)"`)

// idRE finds the ids of a page, for links to fragments.
var idRE = regexp.MustCompile(`\sid="([^"]+)"`)

// CheckLinks checks every href, src and action of every HTML file under
// root that points inside the site (site-absolute or relative): the file
// must exist, and a fragment must name an id of the target page. It also
// checks the icons of manifest.webmanifest. Links to external hosts,
// mailto: and tel: are left alone, as are the Dynamic paths.
func CheckLinks(root string) ([]Problem, error) {
	ids := map[string]map[string]bool{} // page file → its ids, read lazily
	idsOf := func(file string) map[string]bool {
		if m, ok := ids[file]; ok {
			return m
		}
		m := map[string]bool{}
		if data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(file))); err == nil {
			for _, x := range idRE.FindAllSubmatch(data, -1) {
				m[string(x[1])] = true
			}
		}
		ids[file] = m
		return m
	}
	var problems []Problem
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		page := filepath.ToSlash(rel)
		dir := "/" + path.Dir(page) + "/"
		if page == "404.html" {
			dir = "/" // served at any address: its links must be site-absolute
		}
		seen := map[string]bool{}
		for _, m := range attrRE.FindAllSubmatch(data, -1) {
			raw := htmlUnescape(string(m[1]))
			if seen[raw] {
				continue
			}
			seen[raw] = true
			if pr := checkTarget(root, page, dir, raw, idsOf); pr != "" {
				problems = append(problems, Problem{Page: page, Target: raw, Reason: pr})
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	problems = append(problems, checkManifest(root)...)
	sort.Slice(problems, func(i, j int) bool {
		if problems[i].Page != problems[j].Page {
			return problems[i].Page < problems[j].Page
		}
		return problems[i].Target < problems[j].Target
	})
	return problems, nil
}

// checkTarget checks one URL of page (whose folder is dir); it returns
// what is wrong, or "".
func checkTarget(root, page, dir, raw string, idsOf func(string) map[string]bool) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "indirizzo non valido"
	}
	if u.Scheme != "" || u.Host != "" {
		return "" // another host, mailto:, tel:
	}
	if u.Path == "" { // #fragment on the page itself
		if u.Fragment != "" && !idsOf(page)[u.Fragment] {
			return "nessun elemento con id «" + u.Fragment + "» nella pagina"
		}
		return ""
	}
	p := u.Path
	if !strings.HasPrefix(p, "/") {
		p = path.Join(dir, p)
		if strings.HasSuffix(u.Path, "/") {
			p += "/"
		}
	}
	for _, dyn := range Dynamic {
		if strings.HasPrefix(p, dyn) {
			return ""
		}
	}
	file := strings.TrimPrefix(p, "/")
	if strings.HasSuffix(p, "/") {
		file += "index.html"
	}
	st, err := os.Stat(filepath.Join(root, filepath.FromSlash(file)))
	if err != nil || st.IsDir() {
		return "il file " + file + " non esiste"
	}
	if u.Fragment != "" && strings.HasSuffix(file, ".html") && !idsOf(file)[u.Fragment] {
		return "nessun elemento con id «" + u.Fragment + "» in " + file
	}
	return ""
}

// checkManifest checks that the icons of the web manifest exist.
func checkManifest(root string) []Problem {
	data, err := os.ReadFile(filepath.Join(root, "manifest.webmanifest"))
	if err != nil {
		return nil
	}
	var m struct {
		Icons []struct {
			Src string `json:"src"`
		} `json:"icons"`
	}
	if err := json.Unmarshal(data, &m); err != nil {
		return []Problem{{Page: "manifest.webmanifest", Reason: "JSON non valido: " + err.Error()}}
	}
	var out []Problem
	for _, ic := range m.Icons {
		if pr := checkTarget(root, "manifest.webmanifest", "/", ic.Src, func(string) map[string]bool { return nil }); pr != "" {
			out = append(out, Problem{Page: "manifest.webmanifest", Target: ic.Src, Reason: pr})
		}
	}
	return out
}

// htmlUnescape decodes the character references html/template writes in
// attributes (&amp; &#43; …) well enough for URLs.
func htmlUnescape(s string) string {
	if !strings.Contains(s, "&") {
		return s
	}
	return strings.NewReplacer("&amp;", "&", "&#43;", "+", "&#39;", "'", "&#34;", `"`, "&quot;", `"`, "&lt;", "<", "&gt;", ">").Replace(s)
}

// Weight is what a page costs to transfer, compressed with gzip, before
// images: the HTML and the stylesheets and scripts it loads.
type Weight struct {
	Page             string
	HTML, CSS, JS    int
	Stylesheets      []string
	Scripts          []string
	UncompressedHTML int
}

// Total is the bytes transferred for the page: HTML + CSS + JS.
func (w Weight) Total() int { return w.HTML + w.CSS + w.JS }

// assetRE finds the stylesheets and scripts a page loads.
var (
	stylesheetRE = regexp.MustCompile(`<link rel="stylesheet" href="([^"]+)"`)
	scriptRE     = regexp.MustCompile(`<script[^>]* src="([^"]+)"`)
)

// PageWeight measures the page file (relative to root) and the site-local
// stylesheets and scripts it loads, each compressed as the host sends it.
func PageWeight(root, page string) (Weight, error) {
	data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(page)))
	if err != nil {
		return Weight{}, err
	}
	w := Weight{Page: page, HTML: GzipSize(data), UncompressedHTML: len(data)}
	add := func(re *regexp.Regexp, total *int, names *[]string) error {
		for _, m := range re.FindAllSubmatch(data, -1) {
			u := string(m[1])
			if !strings.HasPrefix(u, "/") || strings.HasPrefix(u, "//") {
				continue
			}
			b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(strings.TrimPrefix(u, "/"))))
			if err != nil {
				return err
			}
			*total += GzipSize(b)
			*names = append(*names, u)
		}
		return nil
	}
	if err := add(stylesheetRE, &w.CSS, &w.Stylesheets); err != nil {
		return w, err
	}
	if err := add(scriptRE, &w.JS, &w.Scripts); err != nil {
		return w, err
	}
	return w, nil
}

// GzipSize is the size of data compressed with gzip at the level Handler uses.
func GzipSize(data []byte) int {
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	_, _ = zw.Write(data)
	_ = zw.Close()
	return b.Len()
}
