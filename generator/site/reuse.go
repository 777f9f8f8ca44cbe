package site

import "slices"

// reuseRelated copies the related pages of prev into s when they would
// come out the same: the same pages in the same order, each with the same
// terms, and the same ones closed. Related pages are computed from nothing
// else (terms, their weights in the schema, which pages have closed, and
// the order of the pages for ties). It reports whether it did.
func reuseRelated(s, prev *Site) bool {
	if prev == nil || prev.Schema != s.Schema || len(prev.Pages) != len(s.Pages) {
		return false
	}
	for i, p := range s.Pages {
		q := prev.Pages[i]
		if p.URL != q.URL || p.Section.Key != q.Section.Key || p.Closed() != q.Closed() || !sameTerms(p.Terms, q.Terms) {
			return false
		}
	}
	index := make(map[string]*Page, len(s.Pages))
	for _, p := range s.Pages {
		index[p.URL] = p
	}
	for i, p := range s.Pages {
		old := prev.Pages[i].Related
		if len(old) == 0 {
			continue
		}
		p.Related = make([]Related, len(old))
		for j, r := range old {
			p.Related[j] = Related{Page: index[r.Page.URL], Reason: r.Reason, Score: r.Score}
		}
	}
	return true
}

// sameTerms reports whether two pages carry the same terms, by taxonomy
// key and term slug, in the same order.
func sameTerms(a, b []TermGroup) bool {
	return slices.EqualFunc(a, b, func(x, y TermGroup) bool {
		return x.Taxonomy.Key == y.Taxonomy.Key && slices.EqualFunc(x.Terms, y.Terms, func(t, u *Term) bool {
			return t.Slug == u.Slug && t.Name == u.Name
		})
	})
}
