package main

import (
	"slices"
	"testing"

	"cantiericomuni.it/banca/generator/sitecheck"
)

func TestLayoutPages(t *testing.T) {
	page := func(url, layout string) *sitecheck.PageInfo {
		return &sitecheck.PageInfo{URL: url, Layout: layout}
	}
	sizes := map[string]int64{"/a/": 10, "/b/": 30, "/c/": 20, "/l/": 5, "/m/": 5, "/x/": 99, "/h/": 1}
	choices := []sitecheck.Choice{
		{Page: page("/a/", "page"), ForKind: true},
		{Page: page("/l/", "list"), ForKind: true},
		{Page: page("/b/", "page"), ForKind: true},
		{Page: page("/x/", "page")}, // chosen for a construct, not a kind
		{Page: page("/m/", "list"), ForKind: true},
		{Page: page("/c/", "page"), ForKind: true},
		{Page: page("/h/", ""), ForKind: true},
	}
	got := layoutPages(choices, func(pg *sitecheck.PageInfo) int64 { return sizes[pg.URL] })
	// The heaviest page of each layout, layouts in the order of their
	// first kind; the first on a tie; a page without a layout is one too.
	want := []string{"/b/", "/l/", "/h/"}
	if !slices.Equal(got, want) {
		t.Errorf("layoutPages = %v, want %v", got, want)
	}
}
