package search

import (
	"context"
	"slices"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"cantiericomuni.it/banca/generator/schema"
)

// The date ranges of a search: the filter each range in force adds (a
// query of compiled.filters under the range's parameter, so that every
// search of the words and filters applies it), and the count of every
// quick choice, among the matches of the other filters, as a filter
// group counts its values. A read-only index counts them in its walk over
// the matches (walkFacets), from its table of dates; a Live index with one
// search per choice (countRanges).

// RangeGroup is a date range in the JSON answer: its quick choices with
// their counts, and the range in force.
type RangeGroup struct {
	// Key is the parameter of the quick choices (ClosingKey, WhenKey).
	Key string `json:"key"`
	// Label names the group ("Scadenza").
	Label   string        `json:"label"`
	Choices []RangeChoice `json:"choices"`
	// From and To are the days the reader chose (YYYY-MM-DD; the date of
	// "scade entro" is To), when they chose days rather than a quick
	// choice; Chosen says the range in force in words ("entro il 31
	// gennaio 2027"), "" for none.
	From   string `json:"from,omitempty"`
	To     string `json:"to,omitempty"`
	Chosen string `json:"chosen,omitempty"`
	// Errors maps a parameter to what is wrong with its value, in
	// Italian; that value is ignored.
	Errors map[string]string `json:"errors,omitempty"`
}

// RangeChoice is one quick choice of a date range.
type RangeChoice struct {
	Value string `json:"value"`
	Label string `json:"label"`
	// Last is the range's last day today (YYYY-MM-DD).
	Last string `json:"last"`
	// Count is the number of pages the choice gives with the other
	// filters.
	Count    int  `json:"count"`
	Selected bool `json:"selected,omitempty"`
}

// Bits of the sections of a range's kind, for the filter table's terms.
const (
	secClosing uint8 = 1 << iota // a section with a deadline
	secEvents                    // a section of events
)

// rangeGroup is a date range the index offers, in one search.
type rangeGroup struct {
	key, label string
	bit        uint8    // secClosing or secEvents
	sections   []string // the sections of its kind
	choices    []QuickRange
	ivs        []interval // of each choice, today
	lasts      []day
	counts     []int
	// active is the range in force, nil for none; chosen its words,
	// value the quick choice's ("" for days).
	active        *interval
	chosen, value string
	from, to      string
}

// rangeSet is the date ranges of a search.
type rangeSet struct {
	groups []*rangeGroup
	errors map[string]string
	// counted is set once the choices are counted.
	counted bool
}

// activeGroups are the groups with a range in force.
func (rs *rangeSet) activeGroups() []*rangeGroup {
	if rs == nil {
		return nil
	}
	var out []*rangeGroup
	for _, g := range rs.groups {
		if g.active != nil {
			out = append(out, g)
		}
	}
	return out
}

// compileRanges returns the date ranges of r at now, adding the filter of
// every range in force to c.
func (ix *Index) compileRanges(c *compiled, r Request, now time.Time) *rangeSet {
	rs := &rangeSet{errors: r.RangeErrors}
	loc := now.Location()
	today := dayOf(now)
	closing, events := rangeSections(ix.Meta)
	if secs := closing; len(secs) > 0 {
		g := &rangeGroup{key: ClosingKey, label: closingGroup, bit: secClosing, sections: secs, choices: ClosingChoices}
		for _, q := range g.choices {
			last := q.lastDay(today)
			g.lasts = append(g.lasts, last)
			g.ivs = append(g.ivs, closingInterval(last, now))
		}
		if q, ok := quick(g.choices, r.Closing); ok {
			iv := closingInterval(q.lastDay(today), now)
			g.active, g.chosen, g.value = &iv, q.Label, q.Value
		} else if d, msg := parseDay(r.Closing); r.Closing != "" && msg == "" {
			iv := closingInterval(d, now)
			g.active, g.chosen, g.to = &iv, "entro il "+longDay(d, loc), d.String()
		}
		rs.groups = append(rs.groups, g)
	}
	if secs := events; len(secs) > 0 {
		g := &rangeGroup{key: WhenKey, label: whenGroup, bit: secEvents, sections: secs, choices: WhenChoices}
		for _, q := range g.choices {
			last := q.lastDay(today)
			g.lasts = append(g.lasts, last)
			g.ivs = append(g.ivs, eventInterval(&today, &last, loc))
		}
		first, fok := parseRequestDay(r.From)
		last, lok := parseRequestDay(r.To)
		switch q, ok := quick(g.choices, r.When); {
		case fok || lok:
			iv := eventInterval(first, last, loc)
			g.active, g.from, g.to = &iv, r.From, r.To
			switch {
			case fok && lok:
				g.chosen = "dal " + longDay(*first, loc) + " al " + longDay(*last, loc)
			case fok:
				g.chosen = "dal " + longDay(*first, loc)
			default:
				g.chosen = "fino al " + longDay(*last, loc)
			}
		case ok:
			l := q.lastDay(today)
			iv := eventInterval(&today, &l, loc)
			g.active, g.chosen, g.value = &iv, q.Label, q.Value
		}
		rs.groups = append(rs.groups, g)
	}
	for _, g := range rs.activeGroups() {
		g.counts = make([]int, len(g.choices))
		c.filters[g.key] = g.query(*g.active)
	}
	for _, g := range rs.groups {
		if g.counts == nil {
			g.counts = make([]int, len(g.choices))
		}
	}
	return rs
}

// rangeSections are the sections of m with a deadline (closing) and
// the sections of events (events), in order: the sections of the ranges
// "scade entro" and of the events' dates.
func rangeSections(m *Meta) (closing, events []string) {
	for sec, lc := range m.Lifecycles {
		switch lc.Kind() {
		case schema.KindDeadline:
			closing = append(closing, sec)
		case schema.KindPeriod:
			events = append(events, sec)
		}
	}
	slices.Sort(closing)
	slices.Sort(events)
	return closing, events
}

// parseRequestDay reads a day of a request (checked by ParseRequest):
// nil, false for none.
func parseRequestDay(s string) (*day, bool) {
	if s == "" {
		return nil, false
	}
	d, msg := parseDay(s)
	if msg != "" {
		return nil, false
	}
	return &d, true
}

// query matches the pages of g's sections in the range iv.
func (g *rangeGroup) query(iv interval) query.Query {
	secs := make([]query.Query, 0, len(g.sections))
	for _, s := range g.sections {
		tq := bleve.NewTermQuery(filterTerm(SectionKey, s))
		tq.SetField(fieldFilters)
		secs = append(secs, tq)
	}
	no, yes := false, true
	var dates []query.Query
	if g.bit == secClosing {
		q := bleve.NewDateRangeInclusiveQuery(iv.from, iv.to, &no, &yes)
		q.SetField(fieldCloses)
		dates = append(dates, q)
	} else {
		// An event starts before the range ends (every event has a
		// start: the bound is its presence when the range has none) ...
		to := iv.to
		if to.IsZero() {
			to = rollingCloses
		}
		q := bleve.NewDateRangeInclusiveQuery(time.Time{}, to, nil, &no)
		q.SetField(fieldStart)
		dates = append(dates, q)
		// ... and ends after it starts.
		if !iv.from.IsZero() {
			q := bleve.NewDateRangeInclusiveQuery(iv.from, time.Time{}, &no, nil)
			q.SetField(fieldCloses)
			dates = append(dates, q)
		}
	}
	return bleve.NewConjunctionQuery(append(dates, bleve.NewDisjunctionQuery(secs...))...)
}

// in reports whether document d, whose section bits are sec, is in the
// range iv of g, by the dates of t.
func (g *rangeGroup) in(iv interval, d uint32, sec uint8, t *dates) bool {
	if sec&g.bit == 0 || int(d) >= len(t.closes) || !t.hasCloses[d] {
		return false
	}
	if g.bit == secClosing {
		return iv.closes(t.closes[d])
	}
	return t.hasStart[d] && iv.overlaps(t.start[d], t.closes[d])
}

// sectionBits returns, for each term of the filter table t, the bits of
// the ranges whose sections it names.
func (rs *rangeSet) sectionBits(t *filterTable) []uint8 {
	bits := make([]uint8, len(t.terms))
	for _, g := range rs.groups {
		for _, s := range g.sections {
			if id, ok := t.id(filterTerm(SectionKey, s)); ok {
				bits[id] |= g.bit
			}
		}
	}
	return bits
}

// countRanges counts the quick choices of every range, one search each,
// among the matches of c without the range's own filter: for a Live
// index, which has no table of dates, and the walks that do not count
// them.
func (ix *Index) countRanges(ctx context.Context, c *compiled) error {
	rs := c.ranges
	if rs == nil || rs.counted {
		return nil
	}
	for _, g := range rs.groups {
		others := c.matches(g.key)
		for i, iv := range g.ivs {
			sr := bleve.NewSearchRequestOptions(and(others, g.query(iv)), 0, 0, false)
			sr.Score = "none"
			out, err := ix.idx.SearchInContext(ctx, sr)
			if err != nil {
				return err
			}
			g.counts[i] = int(out.Total)
		}
	}
	rs.counted = true
	return nil
}

// response is the ranges as the JSON answer gives them.
func (rs *rangeSet) response() []RangeGroup {
	if rs == nil {
		return nil
	}
	out := make([]RangeGroup, 0, len(rs.groups))
	for _, g := range rs.groups {
		rg := RangeGroup{Key: g.key, Label: g.label, From: g.from, To: g.to, Chosen: g.chosen}
		for i, q := range g.choices {
			rg.Choices = append(rg.Choices, RangeChoice{Value: q.Value, Label: q.Label, Last: g.lasts[i].String(),
				Count: g.counts[i], Selected: q.Value == g.value})
		}
		for _, key := range g.params() {
			if msg, ok := rs.errors[key]; ok {
				if rg.Errors == nil {
					rg.Errors = map[string]string{}
				}
				rg.Errors[key] = msg
			}
		}
		out = append(out, rg)
	}
	return out
}

// params are the parameters of g.
func (g *rangeGroup) params() []string {
	if g.key == ClosingKey {
		return []string{ClosingKey}
	}
	return []string{WhenKey, FromKey, ToKey}
}
