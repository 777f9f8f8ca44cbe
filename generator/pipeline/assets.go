package pipeline

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"cantiericomuni.it/banca/generator/search"
)

// fingerprinted lists the folders of static/ whose files are published
// under fingerprinted names: every file in them, and only there, so that
// the host can send one long-lived, immutable Cache-Control for /css/* and
// /js/* (netlify.toml). Other static files (icons, the web manifest,
// admin/) keep their names, which other software asks for by name.
var fingerprinted = []string{"css/", "js/"}

// hashLen is the number of hex digits of SHA-256 in a fingerprinted name.
const hashLen = 8

// fingerprints reads the files of static/ (files, as listFiles returns
// them) that are published under a fingerprinted name and maps the site
// path of each to that name: "/css/main.css" → "/css/main.3f2a9c1b.css".
func fingerprints(static fs.FS, files []string) (map[string]string, error) {
	out := map[string]string{}
	for _, f := range files {
		if !isFingerprinted(f) {
			continue
		}
		data, err := fs.ReadFile(static, f)
		if err != nil {
			return nil, err
		}
		out["/"+f] = "/" + fingerprintedName(f, data)
	}
	return out, nil
}

// isFingerprinted reports whether the static file f is published under a
// fingerprinted name.
func isFingerprinted(f string) bool {
	for _, dir := range fingerprinted {
		if strings.HasPrefix(f, dir) {
			return true
		}
	}
	return false
}

// fingerprintedName inserts the first hashLen hex digits of the SHA-256
// of data before the extension of f: css/main.css → css/main.3f2a9c1b.css.
func fingerprintedName(f string, data []byte) string {
	sum := sha256.Sum256(data)
	ext := path.Ext(f)
	return strings.TrimSuffix(f, ext) + "." + hex.EncodeToString(sum[:])[:hashLen] + ext
}

// publishedName is the output name of the static file f.
func publishedName(f string, assets map[string]string) string {
	if name, ok := assets["/"+f]; ok {
		return strings.TrimPrefix(name, "/")
	}
	return f
}

// publishedNames maps publishedName over files.
func publishedNames(files []string, assets map[string]string) []string {
	if len(assets) == 0 {
		return files
	}
	out := make([]string, len(files))
	for i, f := range files {
		out[i] = publishedName(f, assets)
	}
	return out
}

// writeAssets writes the fingerprinted names into the search bundle dir,
// where search.LoadPageParts finds them.
func writeAssets(dir string, assets map[string]string) error {
	data, err := json.MarshalIndent(assets, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, search.AssetsFile), append(data, '\n'), 0o644)
}
