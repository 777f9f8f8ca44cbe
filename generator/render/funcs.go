package render

import (
	"html/template"
	"net/url"
	"reflect"
	"strings"
	"time"

	"cantiericomuni.it/banca/generator/italian"
	"cantiericomuni.it/banca/generator/schema"
	"cantiericomuni.it/banca/generator/site"
)

// funcs are the functions every layout can call. They are pure: anything
// that depends on the site (its zone, its base URL) is computed in Go before
// execution, or passed in explicitly.
var funcs = template.FuncMap{
	"longDate":     italian.LongDate,
	"isoDate":      isoDate,
	"article":      italian.Article,
	"statusPhrase": (*site.Status).Phrase,
	"authors":      italian.JoinNames,
	"absURL":       AbsURL,
	"plural":       italian.Plural,
	"number":       italian.Number,
	"first":        first,
}

// isoDate formats t as YYYY-MM-DD in t's own zone.
func isoDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// DeadlineText formats a deadline in loc (italian.DateAndTime): "15 dicembre 2026", or
// "15 dicembre 2026, ore 12:00" when it has a time.
func DeadlineText(d schema.Date, loc *time.Location) string {
	return italian.DateAndTime(d.Time.In(loc), d.HasTime)
}

// deadlineISO is the machine-readable form of a deadline for <time datetime>.
func deadlineISO(d schema.Date, loc *time.Location) string {
	t := d.Time.In(loc)
	if d.HasTime {
		return t.Format("2006-01-02T15:04-07:00")
	}
	return t.Format(time.DateOnly)
}

// AbsURL joins the site's base URL and a site path: ("https://x.it/",
// "/a/") gives "https://x.it/a/". A path that is already absolute (it has a
// scheme) is returned as is.
func AbsURL(base, path string) string {
	if strings.Contains(path, "://") {
		return path
	}
	base = strings.TrimRight(base, "/")
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	return base + path
}

// first returns the first n elements of a slice (all of them when there are
// fewer), for {{range first 5 .Items}}.
func first(n int, list any) (any, error) {
	v := reflect.ValueOf(list)
	switch v.Kind() {
	case reflect.Slice:
	case reflect.Invalid:
		return nil, nil
	default:
		return nil, errNotList
	}
	if n < 0 {
		n = 0
	}
	if n > v.Len() {
		n = v.Len()
	}
	return v.Slice(0, n).Interface(), nil
}

// safeLink returns s if it is an absolute http(s) URL fit for an href, or "".
func safeLink(s string) string {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || u.Host == "" {
		return ""
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		return u.String()
	}
	return ""
}
