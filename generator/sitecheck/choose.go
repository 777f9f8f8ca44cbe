package sitecheck

import (
	"fmt"
	"sort"
	"strings"
)

// Choice is a page the checks visit, and why.
type Choice struct {
	Page *PageInfo
	// ForKind is true when the page stands for its kind (Page.Kind).
	ForKind bool
	// Markdown and Markup are the constructs and elements that no page
	// chosen before it has: the checks see them first here.
	Markdown, Markup []string
	// Because says which of the three made the page chosen: "tipo",
	// "markdown" or "elementi".
	Because string
}

// Reason says why the page was chosen, in one line.
func (c Choice) Reason() string {
	var parts []string
	if c.ForKind {
		parts = append(parts, "tipo «"+c.Page.Kind+"»")
	}
	if len(c.Markdown) > 0 {
		parts = append(parts, "markdown: "+strings.Join(c.Markdown, ", "))
	}
	switch {
	case len(c.Markup) == 0:
	case c.Because == "elementi" || len(c.Markup) <= 6:
		parts = append(parts, "elementi: "+strings.Join(c.Markup, ", "))
	default:
		parts = append(parts, fmt.Sprintf("%d elementi nuovi", len(c.Markup)))
	}
	return strings.Join(parts, "; ")
}

// Choose picks the pages the checks visit: one page of every kind, then
// pages until every Markdown construct and then every kind of element in
// the site is on at least one of them. Each time, the page that brings the
// most constructs and elements not yet seen wins, the first by URL on a
// tie, so the choice is the same for the same site and stays small. The
// choices come in the order they were made.
func (inv *Inventory) Choose() []Choice {
	seenMD, seenMarkup := map[string]bool{}, map[string]bool{}
	chosen := map[*PageInfo]bool{}
	var out []Choice
	newIn := func(list []string, seen map[string]bool) int {
		n := 0
		for _, x := range list {
			if !seen[x] {
				n++
			}
		}
		return n
	}
	take := func(pg *PageInfo, forKind bool, because string) {
		c := Choice{Page: pg, ForKind: forKind, Because: because}
		for _, x := range pg.Markdown {
			if !seenMD[x] {
				seenMD[x] = true
				c.Markdown = append(c.Markdown, x)
			}
		}
		for _, x := range pg.Markup {
			if !seenMarkup[x] {
				seenMarkup[x] = true
				c.Markup = append(c.Markup, x)
			}
		}
		chosen[pg] = true
		out = append(out, c)
	}
	// best is the page of candidates that brings the most: by the first
	// score, then the second; the first by URL on a tie.
	best := func(candidates []*PageInfo, score func(*PageInfo) (int, int)) *PageInfo {
		var top *PageInfo
		a0, b0 := 0, 0
		for _, pg := range candidates {
			if chosen[pg] {
				continue
			}
			a, b := score(pg)
			if top == nil || a > a0 || (a == a0 && b > b0) {
				top, a0, b0 = pg, a, b
			}
		}
		if a0 == 0 {
			return nil
		}
		return top
	}

	// One page per kind, kinds in the order of their first page.
	var kinds []string
	byKind := map[string][]*PageInfo{}
	for _, pg := range inv.Pages {
		if byKind[pg.Kind] == nil {
			kinds = append(kinds, pg.Kind)
		}
		byKind[pg.Kind] = append(byKind[pg.Kind], pg)
	}
	for _, k := range kinds {
		pg := best(byKind[k], func(pg *PageInfo) (int, int) {
			// 1 + so that a page with nothing new still stands for its kind.
			return 1 + newIn(pg.Markdown, seenMD) + newIn(pg.Markup, seenMarkup), 0
		})
		take(pg, true, "tipo")
	}
	// Then every Markdown construct, then every kind of element.
	for {
		pg := best(inv.Pages, func(pg *PageInfo) (int, int) {
			return newIn(pg.Markdown, seenMD), newIn(pg.Markup, seenMarkup)
		})
		if pg == nil {
			break
		}
		take(pg, false, "markdown")
	}
	for {
		pg := best(inv.Pages, func(pg *PageInfo) (int, int) { return newIn(pg.Markup, seenMarkup), 0 })
		if pg == nil {
			break
		}
		take(pg, false, "elementi")
	}
	return out
}

// Kinds lists the kinds of page of the site, sorted.
func (inv *Inventory) Kinds() []string {
	return union(inv.Pages, func(pg *PageInfo) []string { return []string{pg.Kind} })
}

// MarkdownFeatures lists the Markdown constructs used in the site, sorted.
func (inv *Inventory) MarkdownFeatures() []string {
	return union(inv.Pages, func(pg *PageInfo) []string { return pg.Markdown })
}

// MarkupFeatures lists the kinds of element in the site, sorted.
func (inv *Inventory) MarkupFeatures() []string {
	return union(inv.Pages, func(pg *PageInfo) []string { return pg.Markup })
}

// union is the sorted set of what of gives for each page.
func union(pages []*PageInfo, of func(*PageInfo) []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, pg := range pages {
		for _, x := range of(pg) {
			if !seen[x] {
				seen[x] = true
				out = append(out, x)
			}
		}
	}
	sort.Strings(out)
	return out
}
