package site

import (
	"time"

	"cantiericomuni.it/banca/generator/content"
)

// Replace returns a copy of s in which each page whose content is a key of
// changed carries the content it maps to instead, and every status is
// computed again at now (and with them the related pages, if one has
// closed meanwhile). It is how the preview takes in an edit of a
// page's text: the new contents must have the same front matter as the
// ones they replace (only what comes from the body may differ: the
// converted HTML, the plain text, a summary taken from the body), so the
// site keeps its shape and nothing needs assembling again. s is left as
// it was: it may still be serving.
func (s *Site) Replace(changed map[*content.Page]*content.Page, now time.Time) *Site {
	now = now.In(s.Config.Location)
	ns := &Site{Schema: s.Schema, Config: s.Config, Now: now, Redirects: s.Redirects,
		byURL: make(map[string]*Page, len(s.Pages))}

	pages := make([]Page, len(s.Pages)) // one allocation for every page
	page := func(p *Page) *Page {
		if p == nil {
			return nil
		}
		return &pages[p.index]
	}
	sections := make(map[*Section]*Section, len(s.Sections))
	for _, sec := range s.Sections {
		c := *sec
		c.Pages = remap(sec.Pages, page)
		sections[sec] = &c
		ns.Sections = append(ns.Sections, &c)
	}
	terms := map[*Term]*Term{}
	for _, tax := range s.Taxonomies {
		c := *tax
		c.Terms = make([]*Term, len(tax.Terms))
		for i, t := range tax.Terms {
			ct := *t
			ct.Taxonomy, ct.Pages, ct.Hub = &c, remap(t.Pages, page), page(t.Hub)
			c.Terms[i] = &ct
			terms[t] = &ct
		}
		ns.Taxonomies = append(ns.Taxonomies, &c)
	}

	ns.Pages = make([]*Page, len(s.Pages))
	closedChanged := false
	for i, p := range s.Pages {
		np := &pages[i]
		*np = *p
		if c, ok := changed[p.Page]; ok {
			np.Page = c
		}
		np.Section = sections[p.Section]
		if lc := np.Section.Lifecycle(); lc != nil {
			np.Status = StatusAt(lc, MomentsOf(np.Page), now)
			closedChanged = closedChanged || np.Closed() != p.Closed()
		}
		if len(p.Terms) > 0 {
			np.Terms = make([]TermGroup, len(p.Terms))
			for j, g := range p.Terms {
				ts := make([]*Term, len(g.Terms))
				for k, t := range g.Terms {
					ts[k] = terms[t]
				}
				np.Terms[j] = TermGroup{Taxonomy: ts[0].Taxonomy, Terms: ts}
			}
		}
		if len(p.Related) > 0 {
			np.Related = make([]Related, len(p.Related))
			for j, r := range p.Related {
				np.Related[j] = Related{Page: page(r.Page), Reason: r.Reason, Score: r.Score}
			}
		}
		if len(p.Answers) > 0 {
			np.Answers = make([]Related, len(p.Answers))
			for j, r := range p.Answers {
				np.Answers[j] = Related{Page: page(r.Page), Reason: r.Reason, Score: r.Score}
			}
		}
		if p.Hub != nil {
			np.Hub = terms[p.Hub]
		}
		remapReferences(np, page, func(sec *Section) *Section { return sections[sec] })
		ns.Pages[i] = np
		ns.byURL[np.URL] = np
	}
	ns.Footer = s.Footer
	if closedChanged {
		// Closed pages go after open ones among related pages.
		for _, p := range ns.Pages {
			p.Related = nil
		}
		relate(ns, s.Config.RelatedCount)
		answer(ns) // an opportunity that has closed answers nothing
	}
	ns.AssembleCalendar()
	ns.assembleItems(now)
	ns.NextStatusChange = earliest(nextChange(ns.Pages, now), ns.Calendar.nextChange(now), itemsNextChange(ns.ItemLists, now))
	return ns
}

// remap maps a list of pages to their copies.
func remap(ps []*Page, page func(*Page) *Page) []*Page {
	if ps == nil {
		return nil
	}
	out := make([]*Page, len(ps))
	for i, p := range ps {
		out[i] = page(p)
	}
	return out
}
