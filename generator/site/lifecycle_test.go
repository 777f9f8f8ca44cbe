package site

import (
	"strings"
	"testing"
	"time"

	"cantiericomuni.it/banca/generator/content"
	"cantiericomuni.it/banca/generator/schema"
)

func TestListOrder(t *testing.T) {
	sch := testSchema(t)
	loc := rome(t)
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, loc)
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, loc) }
	opp := func(slug string, published time.Time, deadline *schema.Date) *content.Page {
		p := page("opportunita", slug, published, nil)
		p.Deadline = deadline
		return p
	}
	on := func(m time.Month, d int) *schema.Date { return &schema.Date{Time: day(m, d)} }
	at := func(m time.Month, d, h int) *schema.Date {
		return &schema.Date{Time: time.Date(2026, m, d, h, 0, 0, 0, loc), HasTime: true}
	}
	pages := []*content.Page{
		opp("lontana", day(11, 20), on(12, 30)),
		opp("vicina-sera", day(11, 1), on(12, 2)),       // lasts until midnight
		opp("vicina-mattina", day(10, 1), at(12, 2, 9)), // same day, closes first
		opp("sportello-nuovo", day(11, 25), nil),
		opp("sportello-vecchio", day(3, 1), nil),
		opp("scaduta-da-poco", day(9, 1), on(11, 20)),
		opp("scaduta-oggi", day(8, 1), at(11, 27, 9)),
		opp("scaduta-da-tanto", day(11, 26), on(2, 1)),
		page("pratiche", "b", day(5, 1), nil),
		page("pratiche", "a", day(6, 1), nil),
	}
	s := Assemble(pages, sch, Options{Now: now})
	for _, c := range []struct {
		section, want string
	}{
		{"opportunita", "vicina-mattina vicina-sera lontana sportello-nuovo sportello-vecchio scaduta-oggi scaduta-da-poco scaduta-da-tanto"},
		{"pratiche", "a b"},
	} {
		sec := s.Section(c.section)
		var got []string
		for _, p := range sec.ListOrder(sec.Pages) {
			got = append(got, p.Slug)
		}
		if strings.Join(got, " ") != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.section, strings.Join(got, " "), c.want)
		}
	}
	var open []string
	for _, p := range s.Open() {
		open = append(open, p.Slug)
	}
	if got := strings.Join(open, " "); got != "vicina-mattina vicina-sera lontana sportello-nuovo sportello-vecchio" {
		t.Errorf("Open: %s", got)
	}
}

// TestStatusOfEveryKind computes the states of the three kinds of
// lifecycle a section can declare, at one instant: a deadline (the
// opportunities'), an event from a start to an end, an action due by a
// date until it is done.
func TestStatusOfEveryKind(t *testing.T) {
	loc := rome(t)
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, loc)
	on := func(m time.Month, d int) *schema.Date {
		return &schema.Date{Time: time.Date(2026, m, d, 0, 0, 0, 0, loc)}
	}
	at := func(m time.Month, d, h int) *schema.Date {
		return &schema.Date{Time: time.Date(2026, m, d, h, 0, 0, 0, loc), HasTime: true}
	}
	soon := 3
	states := func(roles ...string) map[string]*schema.State {
		m := map[string]*schema.State{}
		for _, r := range roles {
			m[r] = &schema.State{Key: "k-" + r, Label: r}
		}
		return m
	}
	deadline := &schema.Lifecycle{Field: "scadenza", SoonDays: &soon,
		States: states(schema.RoleOpen, schema.RoleSoon, schema.RoleClosed, schema.RoleNone)}
	event := &schema.Lifecycle{Start: "inizio", End: "fine", SoonDays: &soon,
		States: states(schema.RoleBefore, schema.RoleDuring, schema.RoleAfter)}
	action := &schema.Lifecycle{Field: "entro", Done: "fatta", SoonDays: &soon,
		States: states(schema.RoleTodo, schema.RoleLate, schema.RoleDone)}
	for _, c := range []struct {
		name   string
		lc     *schema.Lifecycle
		m      Moments
		role   string // "" for no status
		days   int
		closed bool
	}{
		{"deadline far", deadline, Moments{Closes: on(12, 20)}, schema.RoleOpen, 23, false},
		{"deadline within soon_days", deadline, Moments{Closes: on(11, 30)}, schema.RoleSoon, 3, false},
		{"deadline today lasts the day", deadline, Moments{Closes: on(11, 27)}, schema.RoleSoon, 0, false},
		{"deadline passed", deadline, Moments{Closes: at(11, 27, 9)}, schema.RoleClosed, 0, true},
		{"no deadline", deadline, Moments{}, schema.RoleNone, 0, false},
		{"event ahead", event, Moments{Start: at(12, 1, 18), Closes: at(12, 1, 20)}, schema.RoleBefore, 4, false},
		{"event running", event, Moments{Start: on(11, 20), Closes: on(11, 30)}, schema.RoleDuring, 3, false},
		{"event of one day, today", event, Moments{Start: on(11, 27)}, schema.RoleDuring, 0, false},
		{"event over", event, Moments{Start: on(11, 20), Closes: on(11, 26)}, schema.RoleAfter, -1, true},
		{"event without a start", event, Moments{}, "", 0, false},
		{"action to do", action, Moments{Closes: on(12, 20)}, schema.RoleTodo, 23, false},
		{"action without soon state stays to do", action, Moments{Closes: on(11, 28)}, schema.RoleTodo, 1, false},
		{"action late", action, Moments{Closes: on(11, 26)}, schema.RoleLate, -1, false},
		{"action done, late or not", action, Moments{Closes: on(11, 26), Done: true}, schema.RoleDone, 0, true},
		{"action without a date", action, Moments{}, schema.RoleTodo, 0, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			st := StatusAt(c.lc, c.m, now)
			if c.role == "" {
				if st != nil {
					t.Fatalf("got %+v, want no status", st)
				}
				return
			}
			if st == nil || st.Role != c.role || st.Key != "k-"+c.role || st.DaysLeft != c.days || st.Closed() != c.closed {
				t.Fatalf("got %+v, want %s, %d days, closed %v", st, c.role, c.days, c.closed)
			}
		})
	}
}
