package search

// WithBleveFacets returns a view of ix that counts its filters with
// bleve's facets, as a Live index does, instead of its filter table: the
// tests compare both.
func WithBleveFacets(ix *Index) *Index {
	cp := *ix
	cp.filters = nil
	cp.shared = true // closed through ix
	return &cp
}
