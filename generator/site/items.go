package site

import (
	"slices"
	"time"

	"cantiericomuni.it/banca/generator/schema"
	"cantiericomuni.it/banca/generator/slug"
)

// Records with a lifecycle. A records field may declare one (schema:
// RecordOptions.Lifecycle): each of its records is then an Item with a
// status of its own, computed against the build instant as a page's is,
// and counted for NextStatusChange. The items of a field are gathered
// from every page of its section into an ItemList; a list that declares
// them (schema.ItemList) has a page of the open ones, grouped by the terms
// of a taxonomy and by owner, and the page an owner names lists the items
// it owns (Page.Owned).

// Item is one record of a records field with a lifecycle (an action of a
// meeting's minutes), with its status at the build instant.
type Item struct {
	// Page is the page that holds the record, List the field's items.
	Page *Page
	List *ItemList
	// Row holds the record's values, a Field per sub-field in schema
	// order (Value nil when the record leaves it empty), as Records.Rows.
	Row []Field
	// Status is its state at the build instant (da fare, in ritardo,
	// fatta), nil when its lifecycle has none for it.
	Status *Status
	// Moments are what its lifecycle reads of it.
	Moments Moments
	// Owners are the values of the list's owner sub-field: the pages
	// named, or names as written; nil without one.
	Owners []Reference

	order int // its place among the list's items (site order of pages, then records)
}

// ItemList gathers the items of one records field with a lifecycle from
// every page of its section.
type ItemList struct {
	Section *Section
	// Field is the records field; Schema its list, nil when it declares
	// none.
	Field  *schema.Field
	Schema *schema.ItemList
	// URL is the address of the list of the open items ("/verbali/azioni/"),
	// OwnerURL of its view by owner; "" when it has none.
	URL, OwnerURL string
	// Items are every item, in the site's order of their pages, then in
	// the order of the records.
	Items []*Item
	// Open are the items still open, late ones first (the oldest due
	// first), then the others by nearest due date, then those without a
	// date (OpenOrder).
	Open []*Item
	// Groups are the open items by the terms of the list's taxonomy, in
	// the order of its terms, those of pages without a term last; Owners
	// by owner, by name, those without an owner last. An item is in
	// every group it belongs to.
	Groups, Owners []ItemGroup
}

// ItemGroup is a group of open items: under a term, an owner, or neither
// (Name is then the list's none text).
type ItemGroup struct {
	Name string
	// URL is the page of the term or the owner, "" when there is none.
	URL   string
	Items []*Item
	// None marks the group of the items without a term or owner.
	None bool
}

// OwnedItems are the items of one list that a page owns: the records
// whose owner field names it, open ones first (OwnedOrder).
type OwnedItems struct {
	List  *ItemList
	Items []*Item
}

// Value returns the value of the item's sub-field key, nil when it has
// none.
func (it *Item) Value(key string) any {
	for _, f := range it.Row {
		if f.Key == key {
			return f.Value
		}
	}
	return nil
}

// Closed reports whether the item has closed (an action done).
func (it *Item) Closed() bool { return it.Status.Closed() }

// closes is the instant the item closes, ok false without a date.
func (it *Item) closes() (time.Time, bool) {
	if it.Moments.Closes == nil {
		return time.Time{}, false
	}
	return deadlineEnd(it.Moments.Closes, it.Moments.Closes.Time.Location()), true
}

// Lifecycle is the lifecycle of the list's records.
func (l *ItemList) Lifecycle() *schema.Lifecycle { return l.Field.Lifecycle }

// assembleItems gives every records value with a lifecycle the statuses
// of its records (Records.Items), gathers them into s.ItemLists, orders
// and groups the open ones, and gives the pages their owners name their
// Owned items. It runs once references are resolved.
func (s *Site) assembleItems(now time.Time) {
	s.ItemLists = nil
	for _, p := range s.Pages {
		p.Owned = nil
	}
	for _, sec := range s.Sections {
		for _, f := range sec.Schema.Fields {
			if !f.HasLifecycle() {
				continue
			}
			l := &ItemList{Section: sec, Field: f, Schema: f.List}
			if f.List != nil && sec.URL != "" {
				l.URL = sec.URL + f.List.Path + "/"
				if f.List.Owner != nil {
					l.OwnerURL = l.URL + f.List.Owner.Path + "/"
				}
			}
			l.collect(now)
			l.group(s)
			s.ItemLists = append(s.ItemLists, l)
		}
	}
}

// collect makes the items of l from its section's pages, with their
// statuses at now, and orders the open ones.
func (l *ItemList) collect(now time.Time) {
	lc := l.Field.Lifecycle
	var owner string
	if l.Schema != nil && l.Schema.Owner != nil {
		owner = l.Schema.Owner.Field
	}
	for _, p := range l.Section.Pages {
		for i := range p.Fields {
			recs, ok := p.Fields[i].Value.(*Records)
			if !ok || p.Fields[i].Key != l.Field.Key {
				continue
			}
			recs.Items = make([]*Item, len(recs.Rows))
			for j, row := range recs.Rows {
				it := &Item{Page: p, List: l, Row: row, order: len(l.Items)}
				it.Moments = recordMoments(lc, it)
				it.Status = StatusAt(lc, it.Moments, now)
				if owner != "" {
					switch v := it.Value(owner).(type) {
					case []Reference:
						it.Owners = v
					case string:
						it.Owners = []Reference{{Text: v}}
					}
				}
				recs.Items[j] = it
				l.Items = append(l.Items, it)
			}
		}
	}
	for _, it := range l.Items {
		if !it.Closed() {
			l.Open = append(l.Open, it)
		}
	}
	l.Open = OpenOrder(l.Open)
}

// recordMoments reads what lc reads of a record: its dates and whether
// it is done.
func recordMoments(lc *schema.Lifecycle, it *Item) Moments {
	date := func(key string) *schema.Date {
		if key == "" {
			return nil
		}
		if d, ok := it.Value(key).(schema.Date); ok {
			return &d
		}
		return nil
	}
	m := Moments{Closes: date(lc.Closes()), Start: date(lc.Start)}
	if lc.Done != "" {
		m.Done, _ = it.Value(lc.Done).(bool)
	}
	return m
}

// OpenOrder orders items as the list of open ones shows them: by the
// instant they close, the earliest first (so the late ones come first,
// the oldest first, then the others from the nearest), then those
// without a date; ties keep the items' order. Closed items go last, in
// their order. items is not modified.
func OpenOrder(items []*Item) []*Item {
	type keyed struct {
		it    *Item
		group int
		at    time.Time
	}
	ks := make([]keyed, len(items))
	for i, it := range items {
		ks[i] = keyed{it: it, group: groupClosed}
		if !it.Closed() {
			ks[i].group = groupRolling
			if at, ok := it.closes(); ok {
				ks[i].group, ks[i].at = groupOpen, at
			}
		}
	}
	slices.SortStableFunc(ks, func(a, b keyed) int {
		if a.group != b.group {
			return a.group - b.group
		}
		if a.group == groupOpen {
			if c := a.at.Compare(b.at); c != 0 {
				return c
			}
		}
		return a.it.order - b.it.order
	})
	out := make([]*Item, len(ks))
	for i, k := range ks {
		out[i] = k.it
	}
	return out
}

// group makes l's Groups and Owners, and gives the pages its items'
// owners name their Owned items.
func (l *ItemList) group(s *Site) {
	if l.Schema == nil {
		return
	}
	if g := l.Schema.Group; g != nil {
		l.Groups = groupByTerm(s, l.Open, g)
	}
	if o := l.Schema.Owner; o != nil {
		l.Owners = groupByOwner(l.Open, o.None)
		owned := map[*Page][]*Item{}
		var pages []*Page
		for _, it := range l.Items {
			for _, r := range it.Owners {
				if r.Page == nil || slices.Contains(owned[r.Page], it) {
					continue
				}
				if owned[r.Page] == nil {
					pages = append(pages, r.Page)
				}
				owned[r.Page] = append(owned[r.Page], it)
			}
		}
		for _, p := range pages {
			p.Owned = append(p.Owned, OwnedItems{List: l, Items: OpenOrder(owned[p])})
		}
	}
}

// groupByTerm groups items by the terms of the taxonomy of g on their
// pages, in the order of its terms; those of pages without one last.
func groupByTerm(s *Site, items []*Item, g *schema.ItemGroup) []ItemGroup {
	tax := s.Taxonomy(g.Taxonomy)
	if tax == nil {
		return nil
	}
	byTerm := map[*Term][]*Item{}
	var none []*Item
	for _, it := range items {
		found := false
		for _, tg := range it.Page.Terms {
			if tg.Taxonomy != tax {
				continue
			}
			for _, t := range tg.Terms {
				byTerm[t] = append(byTerm[t], it)
				found = true
			}
		}
		if !found {
			none = append(none, it)
		}
	}
	var out []ItemGroup
	for _, t := range tax.Terms {
		if its := byTerm[t]; len(its) > 0 {
			url := t.URL
			if t.Hub != nil {
				url = t.Hub.URL
			}
			out = append(out, ItemGroup{Name: t.Name, URL: url, Items: its})
		}
	}
	if len(none) > 0 {
		out = append(out, ItemGroup{Name: g.None, Items: none, None: true})
	}
	return out
}

// groupByOwner groups items by their owners: a page named (by its title),
// or a name as written (names that fold alike are one owner, shown as
// first written), by folded name; those without an owner last, under none.
func groupByOwner(items []*Item, none string) []ItemGroup {
	type owner struct {
		group  ItemGroup
		folded string
	}
	byKey := map[string]*owner{}
	var owners []*owner
	var without []*Item
	for _, it := range items {
		seen := map[string]bool{}
		for _, r := range it.Owners {
			key, name, url := "t:"+slug.Make(r.Text), r.Text, ""
			if r.Page != nil {
				key, name, url = "p:"+r.Page.URL, r.Page.Title, r.Page.URL
			}
			if seen[key] {
				continue
			}
			seen[key] = true
			o := byKey[key]
			if o == nil {
				o = &owner{group: ItemGroup{Name: name, URL: url}, folded: schema.Fold(name)}
				byKey[key] = o
				owners = append(owners, o)
			}
			o.group.Items = append(o.group.Items, it)
		}
		if len(seen) == 0 {
			without = append(without, it)
		}
	}
	slices.SortStableFunc(owners, func(a, b *owner) int {
		if a.folded != b.folded {
			if a.folded < b.folded {
				return -1
			}
			return 1
		}
		if a.group.URL != b.group.URL {
			if a.group.URL < b.group.URL {
				return -1
			}
			return 1
		}
		return 0
	})
	out := make([]ItemGroup, 0, len(owners)+1)
	for _, o := range owners {
		out = append(out, o.group)
	}
	if len(without) > 0 {
		out = append(out, ItemGroup{Name: none, Items: without, None: true})
	}
	return out
}

// itemsNextChange is the first instant after now at which the status of
// an item, or the days its badge counts, changes (zero when none will).
func itemsNextChange(lists []*ItemList, now time.Time) time.Time {
	var next time.Time
	for _, l := range lists {
		lc := l.Lifecycle()
		for _, it := range l.Items {
			next = earliest(next, momentsChange(lc, it.Moments, now))
		}
	}
	return next
}
