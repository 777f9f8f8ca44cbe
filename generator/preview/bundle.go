package preview

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"testing/fstest"

	"cantiericomuni.it/banca/generator/content"
	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/pipeline"
	"cantiericomuni.it/banca/generator/project"
	"cantiericomuni.it/banca/generator/render"
	"cantiericomuni.it/banca/generator/schema"
)

// DefaultBundle is where `go run ./generator build` writes the preview
// bundle, relative to the project root: the Netlify function embeds it.
const DefaultBundle = "generator/functions/anteprima/bundle"

// The files of a bundle, besides layouts/ and schema.yaml.
const (
	siteFile   = "sito.json"
	assetsFile = "assets.json"
	readmeFile = "README.md"
)

// bundleSite is sito.json: the site's pages and links.
type bundleSite struct {
	Pages []bundlePage    `json:"pages"`
	Links *pipeline.Links `json:"links"`
}

// bundlePage is a page of the site as the preview needs it: its file, its
// front matter (what lists and checks read) and, when the front matter has
// no summary, the one the build took from the body.
type bundlePage struct {
	File    string `json:"file"`
	Front   string `json:"front"`
	Summary string `json:"summary,omitempty"`
}

const bundleReadme = `# Preview bundle (generated)

Written by ` + "`go run ./generator build`" + `: what the preview function
(generator/functions/anteprima) needs to render a page of the editing UI as
the site shows it: the schema, the layouts, the fingerprinted asset names
(assets.json), and the site's published pages (their front matter) with the
addresses of its static files and attachments (sito.json). Only this README
is committed; everything else is rebuilt on every build.
`

// WriteBundle writes into dir, replacing what was there only once all is
// written, the bundle of a build: res, built from the project's files
// (pipeline.Config.Files). The pages' front matter is read again from their
// files, since a build lets go of it once pages are converted.
func WriteBundle(dir string, files fs.FS, res *pipeline.Result) error {
	if res.Site == nil || res.Renderer == nil || res.Links() == nil {
		return fmt.Errorf("anteprima: la costruzione non è arrivata in fondo")
	}
	bs := bundleSite{Links: res.Links().WithSizes(), Pages: make([]bundlePage, 0, len(res.Site.Pages))}
	for _, p := range res.Site.Pages {
		src := p.Source
		if src == nil {
			var err error
			if src, err = readSource(files, p.File); err != nil {
				return fmt.Errorf("anteprima: %w", err)
			}
		}
		if p.BodyOffset > len(src) {
			return fmt.Errorf("anteprima: %s è cambiato durante la costruzione", p.Display)
		}
		bp := bundlePage{File: p.File, Front: string(src[:p.BodyOffset])}
		if p.SummaryFromBody {
			bp.Summary = p.Summary
		}
		bs.Pages = append(bs.Pages, bp)
	}
	data, err := json.Marshal(bs)
	if err != nil {
		return err
	}
	assets, err := json.MarshalIndent(res.Renderer.Assets, "", "  ")
	if err != nil {
		return err
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	tmp := abs + ".tmp"
	_ = os.RemoveAll(tmp)
	err = os.MkdirAll(tmp, 0o755)
	if err == nil {
		var layouts fs.FS
		if layouts, err = fs.Sub(files, project.Layouts); err == nil {
			err = os.CopyFS(filepath.Join(tmp, project.Layouts), layouts)
		}
	}
	if err == nil {
		var sch []byte
		if sch, err = fs.ReadFile(files, project.Schema); err == nil {
			err = os.WriteFile(filepath.Join(tmp, project.Schema), sch, 0o644)
		}
	}
	for name, b := range map[string][]byte{siteFile: data, assetsFile: append(assets, '\n'), readmeFile: []byte(bundleReadme)} {
		if err == nil {
			err = os.WriteFile(filepath.Join(tmp, name), b, 0o644)
		}
	}
	if err == nil {
		err = replaceDir(abs, tmp)
	}
	if err != nil {
		_ = os.RemoveAll(tmp)
		return fmt.Errorf("anteprima: %w", err)
	}
	return nil
}

// replaceDir puts the folder tmp in the place of dst.
func replaceDir(dst, tmp string) error {
	old := dst + ".old"
	_ = os.RemoveAll(old)
	if _, err := os.Lstat(dst); err == nil {
		if err := os.Rename(dst, old); err != nil {
			return err
		}
	}
	if err := os.Rename(tmp, dst); err != nil {
		_ = os.Rename(old, dst)
		return err
	}
	return os.RemoveAll(old)
}

// readSource reads a content file as the build reads it (without a byte
// order mark).
func readSource(files fs.FS, file string) ([]byte, error) {
	src, err := fs.ReadFile(files, path.Join(project.Content, file))
	return bytes.TrimPrefix(src, []byte("\xef\xbb\xbf")), err
}

// ErrNoBundle reports a bundle the site's build has not written (a fresh
// clone holds only its README).
var ErrNoBundle = fmt.Errorf("il pacchetto dell'anteprima è vuoto: genera il sito con «go run ./generator build»")

// LoadBundle reads the site of a bundle written by WriteBundle (fsys is
// the bundle's folder).
func LoadBundle(fsys fs.FS) (*Site, error) {
	data, err := fs.ReadFile(fsys, siteFile)
	if err != nil {
		return nil, ErrNoBundle
	}
	var bs bundleSite
	if err := json.Unmarshal(data, &bs); err != nil {
		return nil, fmt.Errorf("%s: %w", siteFile, err)
	}
	raw, err := fs.ReadFile(fsys, "schema.yaml")
	if err != nil {
		return nil, err
	}
	sch, err := schema.Parse("schema.yaml", raw)
	if err != nil {
		return nil, err
	}
	layouts, err := fs.Sub(fsys, "layouts")
	if err != nil {
		return nil, err
	}
	r, err := render.New(layouts)
	if err != nil {
		return nil, err
	}
	if raw, err := fs.ReadFile(fsys, assetsFile); err == nil {
		if err := json.Unmarshal(raw, &r.Assets); err != nil {
			return nil, fmt.Errorf("%s: %w", assetsFile, err)
		}
	}
	s := &Site{Schema: sch, Renderer: r, Links: bs.Links, pages: make([]*content.Page, 0, len(bs.Pages))}
	var ignored diag.List // the build checked these pages already
	for _, bp := range bs.Pages {
		p := content.LoadPage(fstest.MapFS{bp.File: {Data: []byte(bp.Front)}}, bp.File, sch,
			content.Options{Prefix: contentPrefix}, &ignored)
		if p == nil {
			continue
		}
		if p.Summary == "" && bp.Summary != "" {
			p.Summary, p.SummaryFromBody = bp.Summary, true
		}
		s.pages = append(s.pages, p)
	}
	return s, nil
}
