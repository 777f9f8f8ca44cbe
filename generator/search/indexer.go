package search

import "cantiericomuni.it/banca/generator/site"

// Indexer receives the pages of one build of a site, as the build converts
// them: the pipeline's index stage talks to the index through it only. A
// full build into a bundle adds every page to a Writer (bleve's offline
// builder); the preview adds them to its Live index, which indexes again
// only what changed. Nothing an Indexer receives is searchable before
// Commit; Abort drops it all.
type Indexer interface {
	// Add indexes p, or replaces the document at its address; plain is
	// its text without markup (the page itself may not keep it).
	Add(p *site.Page, plain string) error
	// Remove deletes the document of the page at url, gone from the site.
	Remove(url string) error
	// Commit completes the index and describes it.
	Commit() (*Meta, error)
	// Abort drops what was added or removed since the index was started.
	Abort()
}

var (
	_ Indexer = (*Writer)(nil)
	_ Indexer = (*liveBuild)(nil)
)

// withPlain returns p carrying plain as its text: p itself when it does,
// else a shallow copy, so that the site's page is never written to.
func withPlain(p *site.Page, plain string) *site.Page {
	if p.Plain == plain {
		return p
	}
	cp := *p.Page
	cp.Plain = plain
	sp := *p
	sp.Page = &cp
	return &sp
}
