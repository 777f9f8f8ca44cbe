package render

import (
	"slices"
	"strconv"
	"strings"

	"cantiericomuni.it/banca/generator/italian"
	"cantiericomuni.it/banca/generator/schema"
	"cantiericomuni.it/banca/generator/site"
)

// Records with a lifecycle (site/items.go): the status of each record on
// the page that holds it, the list of the open ones of the whole site
// (/<section>/<path>/, grouped by the terms of a taxonomy, and
// <path>/<owner>/, grouped by owner), and the records a page owns.

// itemsKind is the layout of the lists of open records.
const itemsKind = "elenco-voci"

// itemsPageRows bounds the rows of a list of open records: beyond it,
// each group shows its first rows (the site's page size, fewer when the
// groups are many), with a link to a page of its own with all of them.
// A row weighs some 45 bytes compressed: 600 rows, under 30 KB; a
// 10,000-page network has some 470 in its list by cantiere.
var itemsPageRows = 600

// Badge is a status as a badge shows it: Key is its class (stato-<Key>),
// Text its words.
type Badge struct {
	Key, Text string
}

// ItemsView is a list of open records: their views (Views, the one shown
// Current), the count of each open state (Counts: "3 in ritardo, 5 da
// fare"), then the groups, each a table.
type ItemsView struct {
	Views  []Link
	Counts string
	// Columns head the tables: what, status, owner (unless grouped by
	// owner), due date, the page.
	Columns ItemColumns
	Groups  []ItemGroupView
	// ShowOwner is false on the view by owner.
	ShowOwner bool
	// Empty is said when there is no open record.
	Empty string
}

// ItemColumns are the headings of the columns of a table of records.
type ItemColumns struct {
	What, Status, Owner, Due, Source string
}

// ItemGroupView is a group of records under a heading with its count, ID
// its anchor.
type ItemGroupView struct {
	Name, URL, ID string
	Rows          []ItemRow
	// Count is how many records the group has; when the list is too
	// long to show whole, Rows are only the first ones and All links the
	// page of the whole group.
	Count int
	All   string
}

// ItemRow is a record as its tables show it.
type ItemRow struct {
	// What is the record's first sub-field (cosa).
	What   string
	Badge  Badge
	Owners []Link
	// Due and DueISO are its date in Italian and for machines, "" without one.
	Due, DueISO string
	// Source links the page that holds it; SourceDate is that page's date
	// (the list's date field, else its publication date), SourceISO for
	// machines.
	Source                Link
	SourceDate, SourceISO string
}

// OwnedView is the records of one list a page owns ("Azioni"), with a
// link to the list of all the open ones.
type OwnedView struct {
	Heading, ID string
	Columns     ItemColumns
	Rows        []ItemRow
	All         Link
}

// columns are the headings of l's tables.
func columns(l *site.ItemList) ItemColumns {
	c := ItemColumns{Status: "Stato", Source: l.Section.Singular}
	if len(l.Field.Fields) > 0 {
		c.What = l.Field.Fields[0].Label
	}
	if sf := l.Field.Field(l.Lifecycle().Closes()); sf != nil {
		c.Due = sf.Label
	}
	if l.Schema != nil && l.Schema.Owner != nil {
		if sf := l.Field.Field(l.Schema.Owner.Field); sf != nil {
			c.Owner = sf.Label
		}
	}
	return c
}

// badge is the badge of a record: the status's phrase when its state
// counts the days ("da fare — scade tra 3 giorni"), else its label alone
// ("in ritardo": every table of records shows the date beside it); the
// label alone too when short is set (the lists of open records).
func badge(st *site.Status, short bool) Badge {
	if st == nil {
		return Badge{}
	}
	if short || st.State == nil || st.State.Countdown == "" {
		return Badge{Key: st.Key, Text: st.Label}
	}
	return Badge{Key: st.Key, Text: st.Phrase(nil)}
}

// itemRow turns a record into a row.
func (rn *run) itemRow(it *site.Item, short bool) ItemRow {
	l := it.List
	r := ItemRow{Badge: badge(it.Status, short), Owners: refLinks(it.Owners)}
	if len(it.Row) > 0 {
		if fv, ok := rn.field(it.Row[0]); ok {
			r.What = fv.Text
		}
	}
	if d := it.Moments.Closes; d != nil {
		r.Due, r.DueISO = rn.dateText(*d)
	}
	r.Source = Link{Name: it.Page.Title, URL: it.Page.URL}
	if l.Schema != nil && l.Schema.Date != "" {
		for _, f := range it.Page.Fields {
			if d, ok := f.Value.(schema.Date); ok && f.Key == l.Schema.Date {
				t := d.Time.In(rn.loc)
				r.SourceDate, r.SourceISO = italian.LongDate(t), isoDate(t)
			}
		}
	} else if !it.Page.Date.IsZero() {
		t := it.Page.Date.In(rn.loc)
		r.SourceDate, r.SourceISO = italian.LongDate(t), isoDate(t)
	}
	return r
}

// itemGroups turns groups of records into tables; prefix starts the
// anchors of their headings, and base is the list's address, under which
// a group too long to show whole has its page (itemsPageRows).
func (rn *run) itemGroups(groups []site.ItemGroup, prefix, base string) []ItemGroupView {
	out := make([]ItemGroupView, len(groups))
	seen := map[string]int{}
	rows := 0
	for _, g := range groups {
		rows += len(g.Items)
	}
	limit := rows // every row of every group
	if rows > itemsPageRows {
		limit = max(1, min(rn.size, itemsPageRows/max(len(groups), 1)))
	}
	for i, g := range groups {
		slug := rn.slug(g.Name)
		if g.None {
			slug = "nessuno"
		}
		id := prefix + slug
		if n := seen[slug]; n > 0 {
			id += "-" + strconv.Itoa(n+1)
			slug += "-" + strconv.Itoa(n+1)
		}
		seen[slug]++
		items := g.Items
		gv := ItemGroupView{Name: g.Name, URL: g.URL, ID: id, Count: len(items)}
		if len(items) > limit {
			items, gv.All = items[:limit], base+slug+"/"
		}
		gv.Rows = make([]ItemRow, len(items))
		for j, it := range items {
			gv.Rows[j] = rn.itemRow(it, true)
		}
		out[i] = gv
	}
	return out
}

// stateCounts says how many open records are in each state, in the
// order their list shows them: "3 in ritardo, 5 da fare".
func stateCounts(items []*site.Item) string {
	var keys []string
	counts := map[string]int{}
	labels := map[string]string{}
	for _, it := range items {
		if it.Status == nil {
			continue
		}
		if counts[it.Status.Key] == 0 {
			keys = append(keys, it.Status.Key)
		}
		counts[it.Status.Key]++
		labels[it.Status.Key] = it.Status.Label
	}
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = italian.Number(counts[k]) + " " + labels[k]
	}
	return strings.Join(parts, ", ")
}

// itemLists is the jobs of the lists of open records of every records
// field that declares one.
func (rn *run) itemLists() []job {
	var jobs []job
	for _, l := range rn.s.ItemLists {
		if l.URL == "" {
			continue
		}
		jobs = append(jobs, rn.itemList(l, false)...)
		if l.OwnerURL != "" {
			jobs = append(jobs, rn.itemList(l, true)...)
		}
	}
	return jobs
}

// itemList is the jobs of the list of l's open records, by the terms of
// its taxonomy or, byOwner, by owner, and of the pages of its groups too
// long to show whole. They have no key: they show every open record of
// the site, and are cheap.
func (rn *run) itemList(l *site.ItemList, byOwner bool) []job {
	decl := l.Schema
	url, heading := l.URL, decl.Title
	groups, prefix := l.Groups, "gruppo-"
	switch {
	case byOwner:
		url, heading = l.OwnerURL, decl.Title+" "+lowerFirst(decl.Owner.Label)
		groups, prefix = l.Owners, "chi-"
	case decl.Group == nil && len(l.Open) > 0:
		groups = []site.ItemGroup{{Name: decl.Title, Items: l.Open}}
	}
	views := rn.itemGroups(groups, prefix, url)
	through := []Link{{Name: l.Section.Label, URL: l.Section.URL}}
	if byOwner {
		through = append(through, Link{Name: decl.Title, URL: l.URL})
	}
	page := func(url, heading, step, counts string, groups []ItemGroupView, through []Link) job {
		return rn.html(itemsKind, url, "", func() *View {
			v := rn.view(itemsKind, url, rn.title(heading), heading, decl.Description)
			v.Section = l.Section
			iv := &ItemsView{Columns: columns(l), Counts: counts, ShowOwner: !byOwner,
				Empty: "Non ci sono voci aperte.", Groups: groups}
			if decl.Group != nil {
				iv.Views = append(iv.Views, Link{Name: decl.Group.Label, URL: l.URL, Current: url == l.URL})
			}
			if decl.Owner != nil {
				iv.Views = append(iv.Views, Link{Name: decl.Owner.Label, URL: l.OwnerURL, Current: url == l.OwnerURL})
			}
			v.ItemList = iv
			v.Breadcrumb = rn.crumbs(step, through...)
			return v
		})
	}
	step := decl.Title
	if byOwner {
		step = upperFirst(decl.Owner.Label)
	}
	jobs := []job{page(url, heading, step, stateCounts(l.Open), views, through)}
	for i, gv := range views {
		if gv.All == "" {
			continue
		}
		whole := gv
		whole.All, whole.Rows = "", make([]ItemRow, len(groups[i].Items))
		for j, it := range groups[i].Items {
			whole.Rows[j] = rn.itemRow(it, true)
		}
		jobs = append(jobs, page(gv.All, heading+": "+gv.Name, gv.Name, stateCounts(groups[i].Items), []ItemGroupView{whole},
			append(slices.Clip(through), Link{Name: step, URL: url})))
	}
	return jobs
}

// owned lists the records p owns, one block per list.
func (rn *run) owned(p *site.Page) []OwnedView {
	var out []OwnedView
	for _, o := range p.Owned {
		l := o.List
		ov := OwnedView{Heading: l.Field.Label, ID: "voci-" + rn.slug(l.Field.Key), Columns: columns(l)}
		for _, it := range o.Items {
			ov.Rows = append(ov.Rows, rn.itemRow(it, false))
		}
		if l.URL != "" {
			ov.All = Link{Name: l.Schema.Title, URL: l.URL, Count: len(l.Open)}
		}
		out = append(out, ov)
	}
	return out
}

// ownerKeys are the backlink groups that p's owned records replace: the
// records' owner field, as site.Backlinks names it ("azioni.chi").
func ownerKeys(p *site.Page) map[string]*site.Section {
	var out map[string]*site.Section
	for _, o := range p.Owned {
		if d := o.List.Schema; d != nil && d.Owner != nil {
			if out == nil {
				out = map[string]*site.Section{}
			}
			out[o.List.Field.Key+"."+d.Owner.Field] = o.List.Section
		}
	}
	return out
}

// itemLinks are the lists of open records of sec, with their counts, for
// its list page.
func (rn *run) itemLinks(sec *site.Section) []Link {
	var out []Link
	for _, l := range rn.s.ItemLists {
		if l.Section == sec && l.URL != "" {
			out = append(out, Link{Name: l.Schema.Title, URL: l.URL, Count: len(l.Open)})
		}
	}
	return out
}

// recordBadges are the badges of the rows of a records value with a
// lifecycle, nil without one.
func recordBadges(r *site.Records) []Badge {
	if r.Items == nil {
		return nil
	}
	out := make([]Badge, len(r.Items))
	for i, it := range r.Items {
		out[i] = badge(it.Status, false)
	}
	return out
}
