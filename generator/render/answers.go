package render

import "cantiericomuni.it/banca/generator/site"

// answers are the entries of the pages that could answer p (its
// section's schema.Answers), with the heading of their block; nil when
// it has none.
func (rn *run) answers(p *site.Page) ([]*RelatedEntry, string) {
	if len(p.Answers) == 0 || p.Section == nil || p.Section.Schema.Answers == nil {
		return nil, ""
	}
	out := make([]*RelatedEntry, 0, len(p.Answers))
	for _, a := range p.Answers {
		out = append(out, rn.relatedEntry(rn.entry(a.Page), a.Reason))
	}
	return out, p.Section.Schema.Answers.Title
}
