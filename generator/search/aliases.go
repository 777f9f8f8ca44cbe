package search

import (
	"sort"
	"strings"

	"github.com/blevesearch/bleve/v2/search"
)

type (
	searchMatch = search.DocumentMatch
	searchFacet = search.FacetResult
)

func sortFacet(v []FacetValue, less func(a, b FacetValue) bool) {
	sort.SliceStable(v, func(i, j int) bool { return less(v[i], v[j]) })
}

func foldedLess(a, b string) bool {
	return strings.ToLower(string(Fold([]byte(a)))) < strings.ToLower(string(Fold([]byte(b))))
}
