package authoring

import (
	"io/fs"
	"path"
	"strings"
)

// BundleDir is where npm installs the editing UI's files (the decap-cms
// package pinned in package.json), relative to the project root.
const BundleDir = "node_modules/decap-cms/dist"

// BundleScript is the UI's entry script, loaded by static/admin/index.html
// from the same folder.
const BundleScript = "decap-cms.js"

// CMSBundle lists the files of the editing UI to publish beside
// static/admin/index.html, found among the project's files (fsys, rooted
// at the project): site path ("admin/decap-cms.js") → path in fsys
// ("node_modules/decap-cms/dist/decap-cms.js"), as pipeline.Config.Extra
// wants them. They are the entry script, the chunks it loads on demand
// from its own folder (code editor modes, image codecs), their
// WebAssembly and the licence notice; source maps and the package's
// second build (cms.js) are left out. When the package is not installed
// (npm ci was not run), it returns nothing: the site builds all the same,
// and the admin page says that the editor is missing.
func CMSBundle(fsys fs.FS) (map[string]string, error) {
	if _, err := fs.Stat(fsys, path.Join(BundleDir, BundleScript)); err != nil {
		return nil, nil
	}
	entries, err := fs.ReadDir(fsys, BundleDir)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || !bundleFile(name) {
			continue
		}
		out["admin/"+name] = path.Join(BundleDir, name)
	}
	return out, nil
}

// bundleFile reports whether a file of the package's dist folder belongs
// to the published UI.
func bundleFile(name string) bool {
	return name == BundleScript || name == BundleScript+".LICENSE.txt" ||
		strings.HasSuffix(name, "."+BundleScript) || strings.HasSuffix(name, ".wasm")
}
