package search

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
)

// AssetsFile is the file of a bundle that maps the site path of each
// fingerprinted static file to the name the build published it under
// ({"/css/main.css": "/css/main.3f2a9c1b.css"}), so that the results page
// the function renders links the same stylesheet and script as the site.
// A bundle without it (a build without fingerprints) links the plain names.
const AssetsFile = "assets.json"

// loadAssets reads AssetsFile from the bundle fsys; nil when it is absent.
func loadAssets(fsys fs.FS) (map[string]string, error) {
	data, err := fs.ReadFile(fsys, AssetsFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("pagina di ricerca: %w", err)
	}
	var assets map[string]string
	if err := json.Unmarshal(data, &assets); err != nil {
		return nil, fmt.Errorf("pagina di ricerca: %s non valido: %w", AssetsFile, err)
	}
	return assets, nil
}
