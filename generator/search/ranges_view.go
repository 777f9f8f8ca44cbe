package search

import (
	"cantiericomuni.it/banca/generator/search/results"
)

// rangeViews are the date ranges of res as the results page shows them,
// with the link of every choice, and the ranges in force as active
// filters; link makes a request into the page's address. Without the
// ranges of a search (the page the build writes, a search that failed),
// the ranges m offers, without counts.
func rangeViews(res *Response, m *Meta, link func(Request) string) ([]results.Range, []results.Active) {
	r := res.Request
	groups := res.Ranges
	if groups == nil && m != nil {
		closing, events := rangeSections(m)
		if len(closing) > 0 {
			groups = append(groups, offered(ClosingKey, closingGroup, ClosingChoices))
		}
		if len(events) > 0 {
			groups = append(groups, offered(WhenKey, whenGroup, WhenChoices))
		}
	}
	var (
		out    []results.Range
		active []results.Active
	)
	for _, g := range groups {
		rv := results.Range{Key: g.Key, Label: g.Label, Counted: res.Ranges != nil, Chosen: g.Chosen}
		without := r.withoutRange(g.Key)
		for _, c := range g.Choices {
			with := without
			if g.Key == ClosingKey {
				with.Closing = c.Value
			} else {
				with.When = c.Value
			}
			rv.Choices = append(rv.Choices, results.Value{Value: c.Value, Label: c.Label, Count: c.Count,
				Selected: c.Selected, URL: link(with)})
			if c.Selected {
				rv.Carry = c.Value
			}
		}
		errs := r.RangeErrors
		if g.Key == ClosingKey {
			day := ""
			if rv.Carry == "" {
				day = r.Closing
			}
			rv.Fields = []results.DateField{{ID: "ricerca-scade-entro", Name: ClosingKey, Label: "Scade entro il",
				Value: day, Error: errs[ClosingKey]}}
		} else {
			rv.Fields = []results.DateField{
				{ID: "ricerca-dal", Name: FromKey, Label: "Dal", Value: r.From, Error: errs[FromKey]},
				{ID: "ricerca-al", Name: ToKey, Label: "Al", Value: r.To, Error: errs[ToKey]},
			}
		}
		rv.Open = rv.Chosen != ""
		for _, f := range rv.Fields {
			rv.Open = rv.Open || f.Error != ""
		}
		if g.Chosen != "" {
			active = append(active, results.Active{Group: g.Label, Label: g.Chosen, URL: link(without)})
		}
		out = append(out, rv)
	}
	return out, active
}

// offered is a range group with its quick choices and nothing chosen.
func offered(key, label string, choices []QuickRange) RangeGroup {
	g := RangeGroup{Key: key, Label: label}
	for _, q := range choices {
		g.Choices = append(g.Choices, RangeChoice{Value: q.Value, Label: q.Label})
	}
	return g
}

// withoutRange is r without the range of group key (ClosingKey, or
// WhenKey for the events' dates), back on page 1.
func (r Request) withoutRange(key string) Request {
	out := r
	out.Page = 1
	if key == ClosingKey {
		out.Closing = ""
	} else {
		out.When, out.From, out.To = "", "", ""
	}
	return out
}
