package sitecheck

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"cantiericomuni.it/banca/generator/content"
	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/markdown"
	"cantiericomuni.it/banca/generator/site"
)

// EditorUI is the folder of the editing UI (Decap CMS, /admin/): an
// application of its own (5 MB of script) for the people who write, not a
// page of the site. Page weight, axe-core and Lighthouse leave it out; the
// Nu Html Checker and the link check still cover its page.
const EditorUI = "admin"

// Inventory is every HTML page of a built site, each with its kind, the
// Markdown constructs of the file it was made from and the markup it
// contains: what the quality checks must visit at least once
// (Inventory.Choose).
type Inventory struct {
	// Pages are sorted by URL.
	Pages []*PageInfo
}

// PageInfo is one HTML page of the site.
type PageInfo struct {
	// URL is the site path ("/opportunita/x/", "/404.html").
	URL string
	// File is the file, relative to the site's root ("opportunita/x/index.html").
	File string
	// Layout is the layout kind the page was rendered with: its body's
	// class "tipo-X" ("page", "list", "term"…), "" when it has none.
	Layout string
	// Kind says what the page is, from its layout and its place in the
	// site (see kindOf): "page opportunita (aperta)", "term sotto term",
	// "list, pagina 2 e seguenti".
	Kind string
	// Source is the Markdown file the page was made from (content-relative),
	// "" for lists and other generated pages.
	Source string
	// Markdown lists the constructs of Source (markdown.Features).
	Markdown []string
	// Markup lists the kinds of element in the page (see markupOf):
	// "input[type=checkbox]", "span.stato-scaduta", "table".
	Markup []string

	// prev is the previous page of a paginated list, "" on first pages.
	prev string
}

// Survey reads every HTML page of the site built in dir, but for the
// editing UI, and classifies it. s is the site that was built (its
// assembly: the URLs of pages, their sections and statuses), sources the
// content folder it was built from, read again for the Markdown of each
// page. Pages the assembly does not know (lists, or the search results
// that generator/qa saves into dir) are classified by their layout and
// their place in the tree alone; s and sources may be nil, and then every
// page is.
func Survey(dir string, s *site.Site, sources fs.FS) (*Inventory, error) {
	inv := &Inventory{}
	byURL := map[string]*PageInfo{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() && p == filepath.Join(dir, EditorUI) {
			return filepath.SkipDir
		}
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		pg := &PageInfo{File: filepath.ToSlash(rel)}
		pg.URL = urlOf(pg.File)
		if m := layoutRE.FindSubmatch(data); m != nil {
			pg.Layout = string(m[1])
		}
		if m := prevRE.FindSubmatch(data); m != nil {
			pg.prev = htmlUnescape(string(m[1]))
		}
		pg.Markup = markupOf(data)
		inv.Pages = append(inv.Pages, pg)
		byURL[pg.URL] = pg
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(inv.Pages, func(i, j int) bool { return inv.Pages[i].URL < inv.Pages[j].URL })
	docs := map[*PageInfo]*site.Page{}
	for _, pg := range inv.Pages {
		if s != nil {
			if doc := s.Page(pg.URL); doc != nil {
				docs[pg] = doc
			}
		}
	}
	// First pages first: a later page of a list is named after its first.
	for _, pg := range inv.Pages {
		if pg.prev == "" {
			pg.Kind = kindOf(pg, docs[pg], byURL)
		}
	}
	for _, pg := range inv.Pages {
		if pg.prev != "" {
			pg.Kind = pagedKind(pg, byURL)
		}
	}
	for _, pg := range inv.Pages {
		if doc := docs[pg]; doc != nil && sources != nil {
			pg.Source = doc.File
			if pg.Markdown, err = markdownOf(sources, doc, s); err != nil {
				return nil, err
			}
		}
	}
	return inv, nil
}

var (
	// layoutRE finds the layout kind base.html writes on the body.
	layoutRE = regexp.MustCompile(`<body[^>]*\sclass="(?:[^"]*\s)?tipo-([^"\s]+)`)
	// prevRE finds the link to the previous page of a paginated list.
	prevRE = regexp.MustCompile(`<link rel="prev" href="([^"]+)"`)
)

// urlOf is the site path a file is served at.
func urlOf(file string) string {
	if file == "index.html" {
		return "/"
	}
	if dir, ok := strings.CutSuffix(file, "/index.html"); ok {
		return "/" + dir + "/"
	}
	return "/" + file
}

// kindOf names what a first page is (see pagedKind for the others), from
// what the site says of it:
//
//   - a page made from a Markdown file is its layout, its section and its
//     status if it has one: "page opportunita (scaduta)", "hub cantieri";
//   - any other page is its layout, and the layout of the nearest page
//     above it in the site's tree unless that is the home:
//     "list" (a section's list), "list sotto list" (a filter of it),
//     "term sotto taxonomy", "term sotto term" (a term's pages of one
//     section), "term sotto hub", "search sotto search" (results).
//
// Nothing here names a section, a layout or a URL scheme: a new section,
// layout or kind of list is a new kind by itself.
func kindOf(pg *PageInfo, doc *site.Page, byURL map[string]*PageInfo) string {
	layout := layoutName(pg)
	if doc != nil {
		k := layout
		if doc.Section != nil {
			k += " " + doc.Section.Key
		}
		if doc.Status != nil {
			k += " (" + doc.Status.Key + ")"
		}
		return k
	}
	if pg.URL == "/" {
		return layout
	}
	if up := parentOf(pg.URL, byURL); up != nil && up.URL != "/" {
		return layout + " sotto " + layoutName(up)
	}
	return layout
}

// pagedKind names a later page of a paginated list: the kind of the list's
// first page, reached through rel="prev", and ", pagina 2 e seguenti".
func pagedKind(pg *PageInfo, byURL map[string]*PageInfo) string {
	first, seen := pg, map[*PageInfo]bool{}
	for first.prev != "" && !seen[first] {
		seen[first] = true
		p, ok := byURL[first.prev]
		if !ok {
			break
		}
		first = p
	}
	kind := layoutName(pg)
	if first.prev == "" && first.Kind != "" {
		kind = first.Kind
	}
	return kind + ", pagina 2 e seguenti"
}

// layoutName is the page's layout, or "senza tipo".
func layoutName(pg *PageInfo) string {
	if pg.Layout == "" {
		return "senza tipo"
	}
	return pg.Layout
}

// parentOf is the nearest page above url in the site's tree.
func parentOf(url string, byURL map[string]*PageInfo) *PageInfo {
	for u := strings.TrimSuffix(url, "/"); u != ""; {
		u = u[:strings.LastIndex(u, "/")]
		if p, ok := byURL[u+"/"]; ok {
			return p
		}
	}
	return nil
}

// markdownOf lists the Markdown constructs of a page's file, read again
// from the content folder (the build lets go of the bytes).
func markdownOf(sources fs.FS, doc *site.Page, s *site.Site) ([]string, error) {
	body := doc.Body
	if body == nil {
		var diags diag.List
		p := content.LoadPage(sources, doc.File, s.Schema, content.Options{}, &diags)
		if p == nil {
			return nil, &fs.PathError{Op: "read", Path: doc.File, Err: fs.ErrNotExist}
		}
		body = p.Body
	}
	return markdown.Features(body), nil
}

var (
	// tagRE finds start tags and their attributes (the site's HTML comes
	// from html/template: attributes are quoted with ").
	tagRE      = regexp.MustCompile(`<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s"'>/=]+(?:="[^"]*")?)*)\s*/?>`)
	attrPairRE = regexp.MustCompile(`([^\s"'>/=]+)(?:="([^"]*)")?`)
)

// valued are the attributes whose value says what the element is.
var valued = map[string]bool{"type": true, "role": true}

// markupOf lists the kinds of element of an HTML page, each once, sorted:
// every element's name ("table"), with each of its classes ("span.stato-scaduta"),
// with each of its attributes ("a[aria-current]"), with the value of type
// and role ("input[type=checkbox]"). Two pages with the same list are made
// of the same parts; a page with one the others lack has something only
// it can show to a checker.
func markupOf(data []byte) []string {
	seen := map[string]bool{}
	for _, m := range tagRE.FindAllSubmatch(data, -1) {
		name := strings.ToLower(string(m[1]))
		seen[name] = true
		for _, a := range attrPairRE.FindAllSubmatch(m[2], -1) {
			attr := strings.ToLower(string(a[1]))
			switch {
			case attr == "class":
				for _, c := range strings.Fields(string(a[2])) {
					seen[name+"."+c] = true
				}
			case valued[attr]:
				seen[name+"["+attr+"="+strings.ToLower(string(a[2]))+"]"] = true
			default:
				seen[name+"["+attr+"]"] = true
			}
		}
	}
	out := make([]string, 0, len(seen))
	for k := range seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
