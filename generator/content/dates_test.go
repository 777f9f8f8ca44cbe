package content

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"cantiericomuni.it/banca/generator/diag"
)

// TestDatesThatMakeNoSense: the pairs of dates the schema orders, and the
// dates it marks as past, warn on the line of the later date; sensible
// dates say nothing.
func TestDatesThatMakeNoSense(t *testing.T) {
	sch := testSchema(t)
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name, file, src string
		want            string // "CODE line:col", "" for none
		fix             string // what the fix must say
	}{
		{"deadline before publication", "opportunita/a.md", "---\ntitle: x\ndate: 2026-05-04\nente: e\ndeadline: 2026-04-30\n---\n", "B115 5:11", "«deadline: 2027-04-30»"},
		{"deadline the day before, with a time", "opportunita/a.md", "---\ntitle: x\ndate: 2026-05-04\nente: e\ndeadline: 2026-05-03T23:00:00+02:00\n---\n", "B115 5:11", "«deadline: 2027-05-03T23:00:00+02:00»"},
		{"deadline on the publication day", "opportunita/a.md", "---\ntitle: x\ndate: 2026-05-04\nente: e\ndeadline: 2026-05-04\n---\n", "", ""},
		{"deadline at noon of the publication day", "opportunita/a.md", "---\ntitle: x\ndate: 2026-05-04\nente: e\ndeadline: 2026-05-04T12:00\n---\n", "", ""},
		{"deadline after publication", "opportunita/a.md", "---\ntitle: x\ndate: 2026-05-04\nente: e\ndeadline: 2027-01-10\n---\n", "", ""},
		{"deadline before publication, toml", "opportunita/a.md", "+++\ntitle = \"x\"\ndate = 2026-05-04\nente = \"e\"\ndeadline = 2025-12-01\n+++\n", "B115 5:12", "«deadline = 2026-12-01»"},
		{"lastmod before publication", "pratiche/a.md", "---\ntitle: x\ndate: 2026-05-04\nlastmod: 2026-04-04\n---\n", "B115 4:10", ""},
		{"lastmod after publication", "pratiche/a.md", "---\ntitle: x\ndate: 2026-05-04\nlastmod: 2026-06-04\n---\n", "", ""},
		{"signature far in the future", "protocolli/a.md", "---\ntitle: x\ndate: 2026-05-04\nfirmatari: [a]\ndata_firma: 2062-03-15\n---\n", "B120 5:13", "«data_firma: 2026-03-15»"},
		{"signature next week", "protocolli/a.md", "---\ntitle: x\ndate: 2026-05-04\nfirmatari: [a]\ndata_firma: 2026-12-04\n---\n", "", ""},
		{"publication next year", "pratiche/a.md", "---\ntitle: x\ndate: 2027-11-20\n---\n", "B120 3:7", ""},
		{"deadline far in the future", "opportunita/a.md", "---\ntitle: x\ndate: 2026-05-04\nente: e\ndeadline: 2030-01-01\n---\n", "", ""},
		// The fix is the writer's own line with the year changed, YAML or
		// TOML, quoted or not, with or without a time: it can be copied.
		{"deadline before publication, quoted", "opportunita/a.md", "---\ntitle: x\ndate: 2026-05-04\nente: e\ndeadline: \"2026-04-30 18:00\"\n---\n", "B115 5:11",
			`«deadline: "2027-04-30 18:00"»`},
		{"deadline before publication, toml with time", "opportunita/a.md", "+++\ntitle = \"x\"\ndate = 2026-05-04T10:00:00+02:00\nente = \"e\"\ndeadline = 2026-05-04T09:00:00+02:00\n+++\n", "B115 5:12",
			"«deadline = 2027-05-04T09:00:00+02:00»"},
		{"deadline before publication, toml quoted", "opportunita/a.md", "+++\ntitle = \"x\"\ndate = \"2026-05-04\"\nente = \"e\"\ndeadline = \"2026-05-03 18:00\"\n+++\n", "B115 5:12",
			`«deadline = "2027-05-03 18:00"»`},
		// A time of 00:00 on a deadline (the panel's picker, a day chosen
		// and the time left alone) closes it at the start of the day.
		{"deadline at midnight", "opportunita/a.md", "---\ntitle: x\ndate: 2026-05-04\nente: e\ndeadline: 2026-12-15T00:00\n---\n", "B121 5:11", "«deadline: 2026-12-15»"},
		{"deadline at midnight, zone, quoted", "opportunita/a.md", "---\ntitle: x\ndate: 2026-05-04\nente: e\ndeadline: \"2026-12-15T00:00:00+01:00\"\n---\n", "B121 5:11", `«deadline: "2026-12-15"»`},
		{"deadline at midnight, toml", "opportunita/a.md", "+++\ntitle = \"x\"\ndate = 2026-05-04\nente = \"e\"\ndeadline = 2026-12-15T00:00:00+01:00\n+++\n", "B121 5:12", "«deadline = 2026-12-15»"},
		{"deadline at a minute past midnight", "opportunita/a.md", "---\ntitle: x\ndate: 2026-05-04\nente: e\ndeadline: 2026-12-15T00:01\n---\n", "", ""},
		{"deadline a day without time", "opportunita/a.md", "---\ntitle: x\ndate: 2026-05-04\nente: e\ndeadline: 2026-12-15\n---\n", "", ""},
		{"publication at midnight", "pratiche/a.md", "---\ntitle: x\ndate: 2026-05-04T00:00\n---\n", "", ""},
		{"signature far in the future, toml", "protocolli/a.md", "+++\ntitle = \"x\"\ndate = 2026-05-04\nfirmatari = [\"a\"]\ndata_firma = 2062-03-15\n+++\n", "B120 5:14",
			"«data_firma = 2026-03-15»"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var l diag.List
			Load(fstest.MapFS{tc.file: {Data: []byte(tc.src)}}, sch, Options{Now: now}, &l)
			var got []string
			for _, d := range l.All() {
				got = append(got, fmt.Sprintf("%s %d:%d", d.Code, d.Pos.Line, d.Pos.Col))
				if d.Severity != diag.Warning || d.Fix == "" || strings.Contains(d.Message, "%!") {
					t.Errorf("%+v", d)
				}
				if !strings.Contains(d.Fix, tc.fix) {
					t.Errorf("the fix %q does not say %s", d.Fix, tc.fix)
				}
			}
			if strings.Join(got, ", ") != tc.want {
				t.Errorf("got %v, want %q: %v", got, tc.want, l.All())
			}
		})
	}
	// Without a build instant, only the order is checked.
	var l diag.List
	Load(fstest.MapFS{"pratiche/a.md": {Data: []byte("---\ntitle: x\ndate: 2062-01-01\n---\n")}}, sch, Options{}, &l)
	if l.Len() != 0 {
		t.Errorf("past checked without now: %v", l.All())
	}
}
