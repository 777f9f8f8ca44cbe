package pipeline

import (
	"errors"
	"fmt"
	"runtime"
	"sort"
	"sync"
	"unicode/utf8"

	"cantiericomuni.it/banca/generator/content"
	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/markdown"
	"cantiericomuni.it/banca/generator/site"
)

// runStage runs one stage of the pipeline: a panic in it (a bug, or an
// input that trips a library) becomes an error naming the stage, so that
// the preview survives it and the build says where it stopped.
func runStage(name string, f func() error) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("errore interno nella fase «%s»: %v", name, v)
		}
	}()
	if stageFault != nil {
		if err := stageFault(name); err != nil {
			return err
		}
	}
	return f()
}

// stageFault, set by tests only, makes the stage it returns an error for
// fail before running.
var stageFault func(stage string) error

// convertOptions say what convertAll keeps of each page and where.
type convertOptions struct {
	// keepPlain stores each page's plain text in the page (the preview
	// reuses it).
	keepPlain bool
	// spill, when set, receives each page's HTML instead of the page
	// (Page.Content stays empty), and each page's file is released once
	// converted: a single build.
	spill *spill
	// converted, when set, receives each page once it is done with its
	// plain text (the search indexer).
	converted func(*site.Page, string)
}

// convertAll converts every page's Markdown concurrently, resolving links
// and turning body problems into positioned diagnostics, keeping what opts
// say. A panic while converting a page is returned as an error naming its
// file.
func convertAll(pages []*site.Page, idx *linkIndex, diags *diag.List, opts convertOptions) error {
	conv := markdown.New()
	var wg sync.WaitGroup
	var mu sync.Mutex
	var errs []error
	next := make(chan *site.Page, 64)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range next {
				if err := convertPage(conv, p, idx, diags, opts); err != nil {
					mu.Lock()
					errs = append(errs, err)
					mu.Unlock()
				}
			}
		}()
	}
	for _, p := range pages {
		next <- p
	}
	close(next)
	wg.Wait()
	sort.Slice(errs, func(i, j int) bool { return errs[i].Error() < errs[j].Error() })
	return errors.Join(errs...)
}

// convertPage converts one page for convertAll.
func convertPage(conv markdown.Converter, p *site.Page, idx *linkIndex, diags *diag.List, opts convertOptions) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("%s: errore interno nella conversione del testo: %v", p.Display, v)
		}
	}()
	// A single build's pages let go of their file once loaded: it is
	// read again now, and let go again once converted.
	if err := p.Restore(); err != nil {
		return err
	}
	r := conv.Convert(p.Body, pageResolver{idx: idx, page: p})
	if opts.spill != nil {
		opts.spill.putHTML(p, r.HTML)
	} else {
		p.Content = r.HTML
	}
	if opts.keepPlain {
		p.Plain = r.Plain
	}
	p.Headings = p.Headings[:0]
	for _, h := range r.Headings {
		p.Headings = append(p.Headings, content.Heading{Level: h.Level, ID: h.ID, Text: h.Text})
	}
	if p.Summary == "" {
		p.Summary, p.SummaryFromBody = r.Summary, true
	}
	for _, pr := range r.Problems {
		if diags.Full(p.Display, pr.Code) {
			// Counted, not placed: a file with thousands of the same
			// problem shows the first ones and a line for the rest.
			diags.Omit(p.Display, pr.Code, pr.Severity, 1)
			continue
		}
		span := utf8.RuneCount(p.Body[pr.Offset:min(pr.Offset+max(pr.Len, 1), len(p.Body))])
		diags.Add(p.Diag(diag.Diagnostic{Code: pr.Code, Severity: pr.Severity, Pos: p.Pos(pr.Offset), Span: span,
			Message: pr.Message, Fix: pr.Fix}))
	}
	if opts.spill != nil {
		// Nothing reads the file's bytes any more: dropped now rather than
		// at the end of the stage, and before the indexer gets the page.
		p.Release()
	}
	if opts.converted != nil {
		opts.converted(p, r.Plain)
	}
	return nil
}
