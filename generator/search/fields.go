package search

import (
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/single"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"
)

// directField is how the mapping makes a property into a field: its
// name, type, options and analyzer (text), and whether its values are
// keywords (each value one term, counted without analysis).
type directField struct {
	name     string
	typ      string
	opts     index.FieldIndexingOptions
	analyzer analysis.Analyzer
	keyword  bool
}

// directFields returns how im makes each property of a document into a
// field, or nil when im does something the Writer does not follow: a
// property with several fields or of a type other than text or date, a
// composite "_all" field, a dynamic mapping.
func directFields(im *mapping.IndexMappingImpl) map[string]directField {
	dm := im.DefaultMapping
	if !dm.Enabled || dm.Dynamic || len(im.TypeMapping) > 0 {
		return nil
	}
	if all, ok := dm.Properties["_all"]; !ok || all.Enabled {
		return nil
	}
	out := map[string]directField{}
	for prop, pm := range dm.Properties {
		if prop == "_all" {
			continue
		}
		if !pm.Enabled || len(pm.Fields) != 1 || len(pm.Properties) > 0 {
			return nil
		}
		fm := pm.Fields[0]
		d := directField{name: prop, typ: fm.Type, opts: fm.Options()}
		if fm.Name != "" {
			d.name = fm.Name
		}
		switch fm.Type {
		case "text":
			name := fm.Analyzer
			if name == "" {
				name = dm.DefaultAnalyzer
			}
			if name == "" {
				name = im.DefaultAnalyzer
			}
			d.analyzer = im.AnalyzerNamed(name)
			if d.analyzer == nil {
				return nil
			}
			da, ok := d.analyzer.(*analysis.DefaultAnalyzer)
			d.keyword = ok && isKeyword(da) && d.opts.IsIndexed() && !d.opts.IsStored() &&
				!d.opts.IncludeTermVectors() && !d.opts.SkipFreqNorm()
		case "datetime":
		default:
			return nil
		}
		out[prop] = d
	}
	return out
}

// isKeyword tells bleve's keyword analyzer: the whole value, one token.
func isKeyword(a *analysis.DefaultAnalyzer) bool {
	_, single := a.Tokenizer.(*single.SingleTokenTokenizer)
	return single && len(a.CharFilters) == 0 && len(a.TokenFilters) == 0
}
