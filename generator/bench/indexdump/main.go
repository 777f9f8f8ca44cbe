// Command indexdump prints what a search bundle's bleve index holds, in a
// stable order: every document's stored fields, then every field's terms
// with their document counts. Two builds of the same site give the same
// dump even when bleve's segment files differ byte for byte (they carry
// the order the documents arrived in); generator/bench/same-output
// compares two generators' indexes with it.
//
//	go run ./generator/bench/indexdump BUNDLE_DIR > dump.txt
//	go run ./generator/bench/indexdump --unpack SITE_DIR BUNDLE_DIR
//
// With --unpack it dumps nothing: it unpacks into the bundle the archive
// of its index that the build put into the site (its manifest,
// archivio.json, names it), after checking its size and SHA-256, so that
// the bundle holds its index and vocabulary as a bundle written without
// a site does.
package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	"cantiericomuni.it/banca/generator/search"
)

func main() {
	var err error
	switch {
	case len(os.Args) == 2:
		err = dump(os.Args[1])
	case len(os.Args) == 4 && os.Args[1] == "--unpack":
		err = unpack(os.Args[2], os.Args[3])
	default:
		fmt.Fprintln(os.Stderr, "uso: indexdump CARTELLA_DEL_BUNDLE\n     indexdump --unpack CARTELLA_DEL_SITO CARTELLA_DEL_BUNDLE")
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "errore:", err)
		os.Exit(1)
	}
}

// unpack unpacks the archive of the bundle's index from the site into
// the bundle.
func unpack(site, dir string) error {
	a, err := search.ReadArchiveManifest(os.DirFS(dir))
	if err != nil || a == nil {
		return fmt.Errorf("%s: nessun archivio dell'indice (%v)", dir, err)
	}
	f, err := os.Open(filepath.Join(site, filepath.FromSlash(a.Path)))
	if err != nil {
		return err
	}
	defer f.Close()
	return search.UnpackArchive(f, a, dir)
}

func dump(dir string) error {
	idx, err := bleve.OpenUsing(filepath.Join(dir, search.IndexDir), map[string]any{"read_only": true})
	if err != nil {
		return err
	}
	defer idx.Close()
	n, err := idx.DocCount()
	if err != nil {
		return err
	}
	fmt.Printf("documents %d\n", n)
	req := bleve.NewSearchRequestOptions(query.NewMatchAllQuery(), int(n), 0, false)
	req.SortBy([]string{"_id"})
	res, err := idx.Search(req)
	if err != nil {
		return err
	}
	for _, hit := range res.Hits {
		doc, err := idx.Document(hit.ID)
		if err != nil {
			return err
		}
		var lines []string
		doc.VisitFields(func(f index.Field) {
			lines = append(lines, fmt.Sprintf("  %s = %q", f.Name(), f.Value()))
		})
		sort.Strings(lines)
		fmt.Printf("doc %s\n", hit.ID)
		for _, l := range lines {
			fmt.Println(l)
		}
	}
	fields, err := idx.Fields()
	if err != nil {
		return err
	}
	// A term's documents are counted from its postings: the count the
	// dictionary gives is wrong after a term of one document in
	// bleve's merged segments (zapx v17.2.5 keeps the one's norm).
	adv, err := idx.Advanced()
	if err != nil {
		return err
	}
	r, err := adv.Reader()
	if err != nil {
		return err
	}
	defer r.Close()
	sort.Strings(fields)
	for _, f := range fields {
		dict, err := idx.FieldDict(f)
		if err != nil {
			return err
		}
		fmt.Printf("field %s\n", f)
		for {
			e, err := dict.Next()
			if err != nil {
				dict.Close()
				return err
			}
			if e == nil {
				break
			}
			tfr, err := r.TermFieldReader(context.Background(), []byte(e.Term), f, false, false, false)
			if err != nil {
				dict.Close()
				return err
			}
			fmt.Printf("  %q %d\n", e.Term, tfr.Count())
			tfr.Close()
		}
		dict.Close()
	}
	return nil
}
