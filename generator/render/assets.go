package render

// Asset returns the address a layout must use for the static file at
// path: its fingerprinted name when the build published it under one
// (Renderer.Assets), path itself otherwise. Fingerprinted names change
// with the file's bytes, so the host can let browsers keep them for a
// year (netlify.toml).
func (v *View) Asset(path string) string {
	if v == nil || v.rn == nil {
		return path
	}
	if name, ok := v.rn.r.Assets[path]; ok {
		return name
	}
	return path
}
